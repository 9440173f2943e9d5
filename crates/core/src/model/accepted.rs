//! The variants the readers accept on purpose, and what a "section" is.
//!
//! A *section* is a top-level key of an answer, except under `ownership` and `financials`, where
//! each second-level key is a section (`ownership.shareholders`, `financials.keyFigures`, …).
//! A section holding a node of a JSON type its schema never allows is read as *unreadable* (the
//! raw value kept); the rest of the answer is still read. Some shapes are accepted on purpose
//! (upstream has been seen to send them); they are listed in [`ACCEPTED`] so the sandbox's
//! shape drift never produces one and the mutation test knows which are fine.

/// The JSON type of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Object,
    List,
    String,
    Number,
    Bool,
    Null,
}

impl Shape {
    pub fn of(v: &serde_json::Value) -> Shape {
        use serde_json::Value;
        match v {
            Value::Null => Shape::Null,
            Value::Bool(_) => Shape::Bool,
            Value::Number(_) => Shape::Number,
            Value::String(_) => Shape::String,
            Value::Array(_) => Shape::List,
            Value::Object(_) => Shape::Object,
        }
    }
}

/// Which upstream document a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// BankID AML Organization `/json`.
    Organization,
    /// BankID Beneficial owners `/json`.
    BeneficialOwners,
    /// Amlyze batch answer (`/customers/batch`).
    AmlyzeBatch,
    /// Amlyze communications events.
    AmlyzeEvents,
    /// Peer data exchange `respond` (and `createrequest`).
    PeerRespond,
    /// Beneficial owners access rights.
    AccessRights,
}

/// One shape accepted on purpose at a path. `path` is dotted; `[]` stands for any list index
/// (`address.addressList[]`), `*` for any key (except `metadata`), `*[]` for an item of any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub document: Document,
    pub path: &'static str,
    pub shape: Shape,
    /// Why this is accepted (seen upstream, documented, …).
    pub why: &'static str,
}

/// Every variant accepted on purpose. `null` is accepted everywhere (an absent value) and is not
/// listed; nor are scalar-for-scalar readings (a number as text, text as a number, yes/no as
/// `"ja"` or `1`), which every field accepts; nor unknown fields and enum values.
pub const ACCEPTED: &[Accepted] = &[
    Accepted {
        document: Document::Organization,
        path: "keyInformation.organizationType",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.organizationType",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.organizationType",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.statusCode",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.statusCode",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.statusCode",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.status",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.status",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.status",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.institutionalSector",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.institutionalSector",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.institutionalSector",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.industrySector",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.industrySector",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.industrySector",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.registries",
        shape: Shape::Object,
        why: "one register instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.registries",
        shape: Shape::String,
        why: "one register instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.registries[]",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.registries[]",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.registries[]",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.registries[]",
        shape: Shape::Object,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.lei",
        shape: Shape::String,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.lei",
        shape: Shape::Number,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.lei",
        shape: Shape::Bool,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.lei",
        shape: Shape::Object,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::Organization,
        path: "keyInformation.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "*.metadata.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "*.metadata.urls",
        shape: Shape::String,
        why: "one link instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "*.*.metadata.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "*.*.metadata.urls",
        shape: Shape::String,
        why: "one link instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.organizationType",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.organizationType",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.organizationType",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.statusCode",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.statusCode",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.statusCode",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.status",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.status",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.status",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.institutionalSector",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.institutionalSector",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.institutionalSector",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.industrySector",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.industrySector",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.industrySector",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.registries",
        shape: Shape::Object,
        why: "one register instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.registries",
        shape: Shape::String,
        why: "one register instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.registries[]",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.registries[]",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.registries[]",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.registries[]",
        shape: Shape::Object,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.lei",
        shape: Shape::String,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.lei",
        shape: Shape::Number,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.lei",
        shape: Shape::Bool,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.lei",
        shape: Shape::Object,
        why: "a bare LEI code or `{lei}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "keyInformation.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "*.metadata.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "*.metadata.urls",
        shape: Shape::String,
        why: "one link instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "*.*.metadata.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "*.*.metadata.urls",
        shape: Shape::String,
        why: "one link instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "address.postalAddress",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "address.visitingAddress",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "address.*.addressLines",
        shape: Shape::String,
        why: "one line instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].roles",
        shape: Shape::Object,
        why: "one role instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].roles",
        shape: Shape::String,
        why: "one role instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::Organization,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::Object,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].roles",
        shape: Shape::Object,
        why: "one role instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].roles",
        shape: Shape::String,
        why: "one role instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].roles[]",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].roles[]",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].roles[]",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "beneficialOwners[].roles[]",
        shape: Shape::Object,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].roles",
        shape: Shape::Object,
        why: "one role instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].roles",
        shape: Shape::String,
        why: "one role instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::String,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::Number,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::Bool,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownership.beneficials[].roles[]",
        shape: Shape::Object,
        why: "a code without its description (`\"ASA\"`), or `{code, description}`",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownershipMap.nodes",
        shape: Shape::Object,
        why: "one node instead of a list",
    },
    Accepted {
        document: Document::BeneficialOwners,
        path: "ownershipMap.edges",
        shape: Shape::Object,
        why: "one edge instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears",
        shape: Shape::Object,
        why: "one year instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears",
        shape: Shape::List,
        why: "a list of years",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears",
        shape: Shape::String,
        why: "one year instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears",
        shape: Shape::Number,
        why: "one year instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears[]",
        shape: Shape::Object,
        why: "a year bare (`2025`) or with its figures",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears[]",
        shape: Shape::String,
        why: "a year bare (`2025`) or with its figures",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.accountingYears[]",
        shape: Shape::Number,
        why: "a year bare (`2025`) or with its figures",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years",
        shape: Shape::Object,
        why: "one year instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years",
        shape: Shape::List,
        why: "a list of years",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years",
        shape: Shape::String,
        why: "one year instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years",
        shape: Shape::Number,
        why: "one year instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years[]",
        shape: Shape::Object,
        why: "a year bare (`2025`) or with its figures",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years[]",
        shape: Shape::String,
        why: "a year bare (`2025`) or with its figures",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.years[]",
        shape: Shape::Number,
        why: "a year bare (`2025`) or with its figures",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.keyFigures.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.auditor.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "financials.accountant.sources",
        shape: Shape::String,
        why: "one source instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "roles",
        shape: Shape::List,
        why: "a list of holders, or holders grouped by role",
    },
    Accepted {
        document: Document::Organization,
        path: "roles",
        shape: Shape::Object,
        why: "a list of holders, or holders grouped by role",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*",
        shape: Shape::Object,
        why: "one holder, a bare name, or a list under a role key",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*",
        shape: Shape::String,
        why: "one holder, a bare name, or a list under a role key",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*",
        shape: Shape::Number,
        why: "one holder, a bare name, or a list under a role key",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*",
        shape: Shape::List,
        why: "one holder, a bare name, or a list under a role key",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*[]",
        shape: Shape::String,
        why: "a bare name under a role key",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*[]",
        shape: Shape::Number,
        why: "a bare name under a role key",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.*.address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "roles[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "roles.items[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "authorities.*.persons[].address",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "authorities.*.persons",
        shape: Shape::Object,
        why: "one person instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "sanction.hits",
        shape: Shape::Object,
        why: "one hit instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "sanction.hits[].aliasList",
        shape: Shape::String,
        why: "one alias instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "sanction.hits[].urlList",
        shape: Shape::String,
        why: "one link instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "sanction.hits[].addressList",
        shape: Shape::Object,
        why: "one address instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "sanction.hits[].addressList",
        shape: Shape::String,
        why: "one address instead of a list",
    },
    Accepted {
        document: Document::Organization,
        path: "sanction.hits[].addressList[]",
        shape: Shape::String,
        why: "an address as one line of text",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports",
        shape: Shape::Object,
        why: "`{name: link}`, or one link",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports",
        shape: Shape::List,
        why: "a list of links",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports",
        shape: Shape::String,
        why: "`{name: link}`, or one link",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports[]",
        shape: Shape::String,
        why: "a bare link",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports[]",
        shape: Shape::Bool,
        why: "a bare link",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports[]",
        shape: Shape::Number,
        why: "a bare link",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports.*",
        shape: Shape::String,
        why: "`{name: link}`: the link bare or as an object",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports.*",
        shape: Shape::Number,
        why: "`{name: link}`: the link bare or as an object",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports.*",
        shape: Shape::Bool,
        why: "`{name: link}`: the link bare or as an object",
    },
    Accepted {
        document: Document::Organization,
        path: "links.reports.*",
        shape: Shape::Object,
        why: "`{name: link}`: the link bare or as an object",
    },
    Accepted {
        document: Document::AmlyzeBatch,
        path: "results",
        shape: Shape::Object,
        why: "one row instead of a list",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "events",
        shape: Shape::Object,
        why: "one event instead of a list",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "errors",
        shape: Shape::Object,
        why: "one error instead of a list",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "events[].data",
        shape: Shape::Object,
        why: "event data is free-form",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "events[].data",
        shape: Shape::List,
        why: "event data is free-form",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "events[].data",
        shape: Shape::String,
        why: "event data is free-form",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "events[].data",
        shape: Shape::Number,
        why: "event data is free-form",
    },
    Accepted {
        document: Document::AmlyzeEvents,
        path: "events[].data",
        shape: Shape::Bool,
        why: "event data is free-form",
    },
    Accepted {
        document: Document::PeerRespond,
        path: "parametrRequest",
        shape: Shape::Object,
        why: "one item instead of a list",
    },
    Accepted {
        document: Document::PeerRespond,
        path: "parametrRequest[].requestDetails",
        shape: Shape::Object,
        why: "one detail instead of a list",
    },
    Accepted {
        document: Document::PeerRespond,
        path: "type_request",
        shape: Shape::String,
        why: "one type instead of a list (the vendor's example sends a list)",
    },
];

/// Whether a node of `shape` at `path` (dotted, with `[i]` or `[]` indices) in `document` is a
/// variant the readers accept on purpose (`null` always is).
pub fn accepts(document: Document, path: &str, shape: Shape) -> bool {
    if shape == Shape::Null {
        return true;
    }
    let norm = normalize(path);
    ACCEPTED
        .iter()
        .any(|a| a.document == document && a.shape == shape && glob(a.path, &norm))
}

/// The section a node path belongs to: `ownership.shareholders[3].name` → `ownership.shareholders`,
/// `keyInformation.name` → `keyInformation`.
pub fn section_of(path: &str) -> String {
    let norm = normalize(path);
    let mut keys = norm.split('.').map(|k| k.trim_end_matches("[]"));
    let first = keys.next().unwrap_or_default().to_owned();
    if first == "ownership" || first == "financials" {
        if let Some(second) = keys.next() {
            return format!("{first}.{second}");
        }
    }
    first
}

/// `a.b[3].c` → `a.b[].c`.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_idx = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_idx = true;
                out.push_str("[]");
            }
            ']' => in_idx = false,
            _ if in_idx => {}
            _ => out.push(c),
        }
    }
    out
}

fn glob(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let q: Vec<&str> = path.split('.').collect();
    // `*` is any key (not an indexed one, and not `metadata`, which is provenance, never data);
    // `*[]` is any key's list item.
    p.len() == q.len()
        && p.iter().zip(&q).all(|(a, b)| {
            (*a == "*" && !b.ends_with("[]") && *b != "metadata")
                || a == b
                || (a.ends_with("*[]") && b.ends_with("[]"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_of_paths() {
        assert_eq!(
            section_of("ownership.shareholders[3].name"),
            "ownership.shareholders"
        );
        assert_eq!(section_of("keyInformation.name"), "keyInformation");
        assert_eq!(section_of("financials"), "financials");
        assert_eq!(section_of("roles[2]"), "roles");
    }

    #[test]
    fn null_is_always_accepted() {
        assert!(accepts(
            Document::Organization,
            "keyInformation",
            Shape::Null
        ));
    }
}
