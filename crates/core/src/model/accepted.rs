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

/// `accepted! { Document "path" [Shape, …] WHY; … }`: one row per path, expanded to one
/// [`Accepted`] per shape.
macro_rules! accepted {
    ($($doc:ident $path:literal [$($shape:ident),+] $why:ident;)*) => {
        [$($(Accepted {
            document: Document::$doc,
            path: $path,
            shape: Shape::$shape,
            why: $why,
        },)+)*]
    };
}

// Why each variant is accepted (shared by several rows).
const W0: &str = "a code without its description (`\"ASA\"`), or `{code, description}`";
const W1: &str = "one register instead of a list";
const W2: &str = "a bare LEI code or `{lei}`";
const W3: &str = "one source instead of a list";
const W4: &str = "one link instead of a list";
const W5: &str = "an address as one line of text";
const W6: &str = "one line instead of a list";
const W7: &str = "one role instead of a list";
const W8: &str = "one node instead of a list";
const W9: &str = "one edge instead of a list";
const W10: &str = "one year instead of a list";
const W11: &str = "a list of years";
const W12: &str = "a year bare (`2025`) or with its figures";
const W13: &str = "a list of holders, or holders grouped by role";
const W14: &str = "one holder, a bare name, or a list under a role key";
const W15: &str = "a bare name under a role key";
const W16: &str = "one person instead of a list";
const W17: &str = "one hit instead of a list";
const W18: &str = "one alias instead of a list";
const W19: &str = "one address instead of a list";
const W20: &str = "`{name: link}`, or one link";
const W21: &str = "a list of links";
const W22: &str = "a bare link";
const W23: &str = "`{name: link}`: the link bare or as an object";
const W24: &str = "one row instead of a list";
const W25: &str = "one event instead of a list";
const W26: &str = "one error instead of a list";
const W27: &str = "event data is free-form";
const W28: &str = "one item instead of a list";
const W29: &str = "one detail instead of a list";
const W30: &str = "one type instead of a list (the vendor's example sends a list)";

/// Every variant accepted on purpose. `null` is accepted everywhere (an absent value) and is not
/// listed; nor are scalar-for-scalar readings (a number as text, text as a number, yes/no as
/// `"ja"` or `1`), which every field accepts; nor unknown fields and enum values.
pub const ACCEPTED: &[Accepted] = &accepted! {
    Organization "keyInformation.organizationType" [String, Number, Bool] W0;
    Organization "keyInformation.statusCode" [String, Number, Bool] W0;
    Organization "keyInformation.status" [String, Number, Bool] W0;
    Organization "keyInformation.institutionalSector" [String, Number, Bool] W0;
    Organization "keyInformation.industrySector" [String, Number, Bool] W0;
    Organization "keyInformation.registries" [Object, String] W1;
    Organization "keyInformation.registries[]" [String, Number, Bool, Object] W0;
    Organization "keyInformation.lei" [String, Number, Bool, Object] W2;
    Organization "keyInformation.sources" [String] W3;
    Organization "*.metadata.sources" [String] W3;
    Organization "*.metadata.urls" [String] W4;
    Organization "*.*.metadata.sources" [String] W3;
    Organization "*.*.metadata.urls" [String] W4;
    BeneficialOwners "keyInformation.organizationType" [String, Number, Bool] W0;
    BeneficialOwners "keyInformation.statusCode" [String, Number, Bool] W0;
    BeneficialOwners "keyInformation.status" [String, Number, Bool] W0;
    BeneficialOwners "keyInformation.institutionalSector" [String, Number, Bool] W0;
    BeneficialOwners "keyInformation.industrySector" [String, Number, Bool] W0;
    BeneficialOwners "keyInformation.registries" [Object, String] W1;
    BeneficialOwners "keyInformation.registries[]" [String, Number, Bool, Object] W0;
    BeneficialOwners "keyInformation.lei" [String, Number, Bool, Object] W2;
    BeneficialOwners "keyInformation.sources" [String] W3;
    BeneficialOwners "*.metadata.sources" [String] W3;
    BeneficialOwners "*.metadata.urls" [String] W4;
    BeneficialOwners "*.*.metadata.sources" [String] W3;
    BeneficialOwners "*.*.metadata.urls" [String] W4;
    Organization "address.postalAddress" [String] W5;
    Organization "address.visitingAddress" [String] W5;
    Organization "address.*.addressLines" [String] W6;
    Organization "ownership.beneficials[].address" [String] W5;
    Organization "ownership.beneficials[].roles" [Object, String] W7;
    Organization "ownership.beneficials[].roles[]" [String, Number, Bool, Object] W0;
    BeneficialOwners "beneficialOwners[].address" [String] W5;
    BeneficialOwners "beneficialOwners[].roles" [Object, String] W7;
    BeneficialOwners "beneficialOwners[].roles[]" [String, Number, Bool, Object] W0;
    BeneficialOwners "ownership.beneficials[].address" [String] W5;
    BeneficialOwners "ownership.beneficials[].roles" [Object, String] W7;
    BeneficialOwners "ownership.beneficials[].roles[]" [String, Number, Bool, Object] W0;
    BeneficialOwners "ownershipMap.nodes" [Object] W8;
    BeneficialOwners "ownershipMap.edges" [Object] W9;
    Organization "financials.keyFigures.accountingYears" [Object] W10;
    Organization "financials.keyFigures.accountingYears" [List] W11;
    Organization "financials.keyFigures.accountingYears" [String, Number] W10;
    Organization "financials.keyFigures.accountingYears[]" [Object, String, Number] W12;
    Organization "financials.keyFigures.years" [Object] W10;
    Organization "financials.keyFigures.years" [List] W11;
    Organization "financials.keyFigures.years" [String, Number] W10;
    Organization "financials.keyFigures.years[]" [Object, String, Number] W12;
    Organization "financials.keyFigures.sources" [String] W3;
    Organization "financials.auditor.sources" [String] W3;
    Organization "financials.accountant.sources" [String] W3;
    Organization "roles" [List, Object] W13;
    Organization "roles.*" [Object, String, Number, List] W14;
    Organization "roles.*[]" [String, Number] W15;
    Organization "roles.*[].address" [String] W5;
    Organization "roles.*.address" [String] W5;
    Organization "roles[].address" [String] W5;
    Organization "roles.items[].address" [String] W5;
    Organization "authorities.*.persons[].address" [String] W5;
    Organization "authorities.*.persons" [Object] W16;
    Organization "sanction.hits" [Object] W17;
    Organization "sanction.hits[].aliasList" [String] W18;
    Organization "sanction.hits[].urlList" [String] W4;
    Organization "sanction.hits[].addressList" [Object, String] W19;
    Organization "sanction.hits[].addressList[]" [String] W5;
    Organization "links.reports" [Object] W20;
    Organization "links.reports" [List] W21;
    Organization "links.reports" [String] W20;
    Organization "links.reports[]" [String, Bool, Number] W22;
    Organization "links.reports.*" [String, Number, Bool, Object] W23;
    AmlyzeBatch "results" [Object] W24;
    AmlyzeEvents "events" [Object] W25;
    AmlyzeEvents "errors" [Object] W26;
    AmlyzeEvents "events[].data" [Object, List, String, Number, Bool] W27;
    PeerRespond "parametrRequest" [Object] W28;
    PeerRespond "parametrRequest[].requestDetails" [Object] W29;
    PeerRespond "type_request" [String] W30;
};

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

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn the_table_holds_every_row_once() {
        assert_eq!(ACCEPTED.len(), 144);
        for (i, a) in ACCEPTED.iter().enumerate() {
            assert!(
                !ACCEPTED[..i]
                    .iter()
                    .any(|b| b.document == a.document && b.path == a.path && b.shape == a.shape),
                "{a:?} listed twice"
            );
        }
    }
}
