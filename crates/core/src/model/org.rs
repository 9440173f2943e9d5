//! BankID AML Organization API result (API-NOTES §1). Modelled on the Norwegian response model;
//! Swedish and Finnish answers are "similar, not identical": they read into the same types, and
//! whatever differs lands in the `extra` maps.

use super::de::{self, open_enum};
use super::{node, present, Coded, Extra, Metadata, ModelError, Node};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// The whole organization answer. Every section is absent when not requested and `null` (Rust:
/// `Some(Node::Empty)`) when searched with nothing found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgResult {
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<KeyInformation>>", optional)]
    pub key_information: Option<Node<KeyInformation>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Addresses>>", optional)]
    pub address: Option<Node<Addresses>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Financials>>", optional)]
    pub financials: Option<Node<Financials>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<OwnershipNode>>", optional)]
    pub ownership: Option<Node<OwnershipNode>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Authorities>>", optional)]
    pub authorities: Option<Node<Authorities>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Roles>>", optional)]
    pub roles: Option<Node<Roles>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<SanctionNode>>", optional)]
    pub sanction: Option<Node<SanctionNode>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Links>>", optional)]
    pub links: Option<Node<Links>>,
    /// Set by the sandbox on every invented record.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sandbox: Option<bool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// One line per organization for lists and search extracts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgSummary {
    pub name: Option<String>,
    pub org_number: Option<String>,
    pub country: Option<String>,
    pub legal_form: Option<String>,
    pub status: Option<String>,
    /// `None` when sanctions were not requested.
    pub sanction_hits: Option<u32>,
    /// Persons flagged as politically exposed (roles, beneficials, shareholders) plus sanction
    /// hits on PEP lists. `None` when none of those sections were requested.
    pub pep_count: Option<u32>,
}

impl OrgResult {
    /// Reads an organization answer. Never panics; fails only when the document is not an
    /// object or a section has an entirely different shape, naming the path.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        super::read("organization", v)
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// See [`super::availability`]; evaluated on this typed view re-serialized (an empty node
    /// stays empty, an absent one stays absent).
    pub fn availability(&self, path: &str, requested: &[String]) -> super::Availability {
        super::availability(&self.to_json(), path, requested)
    }

    pub fn key(&self) -> Option<&KeyInformation> {
        present(&self.key_information)
    }

    pub fn shareholders(&self) -> &[Shareholder] {
        present(&self.ownership)
            .and_then(|o| present(&o.shareholders))
            .map_or(&[], Vec::as_slice)
    }

    pub fn subsidiaries(&self) -> &[Subsidiary] {
        present(&self.ownership)
            .and_then(|o| present(&o.subsidiaries))
            .map_or(&[], Vec::as_slice)
    }

    pub fn beneficials(&self) -> &[BeneficialOwner] {
        present(&self.ownership)
            .and_then(|o| present(&o.beneficials))
            .map_or(&[], Vec::as_slice)
    }

    pub fn role_list(&self) -> &[OrgRole] {
        present(&self.roles).map_or(&[], |r| r.items.as_slice())
    }

    pub fn sanction_hits(&self) -> &[SanctionHit] {
        present(&self.sanction).map_or(&[], |s| s.hits.as_slice())
    }

    pub fn summary(&self) -> OrgSummary {
        let k = self.key();
        let sanction_hits = self
            .sanction
            .as_ref()
            .map(|_| u32::try_from(self.sanction_hits().len()).unwrap_or(u32::MAX));
        let pep_requested = self.sanction.is_some()
            || self.roles.is_some()
            || self.ownership.as_ref().is_some_and(|o| match o {
                Node::Empty => true,
                Node::Present(o) => o.beneficials.is_some() || o.shareholders.is_some(),
            });
        let pep_count = pep_requested.then(|| {
            let mut names: Vec<String> = Vec::new();
            let mut add = |name: Option<&str>| {
                let n = name.map(super::de::norm_key).unwrap_or_default();
                if n.is_empty() || !names.contains(&n) {
                    names.push(n);
                }
            };
            for r in self.role_list().iter().filter(|r| r.pep == Some(true)) {
                add(r.display_name().as_deref());
            }
            for b in self.beneficials().iter().filter(|b| b.pep == Some(true)) {
                add(b.display_name().as_deref());
            }
            for s in self.shareholders().iter().filter(|s| s.pep == Some(true)) {
                add(s.name.as_deref());
            }
            for h in self.sanction_hits().iter().filter(|h| h.is_pep()) {
                add(h.name.as_deref());
            }
            u32::try_from(names.len()).unwrap_or(u32::MAX)
        });
        OrgSummary {
            name: k.and_then(|k| k.name.clone()),
            org_number: k.and_then(KeyInformation::identifier),
            country: k.and_then(|k| k.country.clone()),
            legal_form: k
                .and_then(|k| k.organization_type.as_ref())
                .and_then(|t| t.text().map(str::to_owned)),
            status: k.and_then(|k| {
                k.status_code
                    .as_ref()
                    .or(k.status.as_ref())
                    .and_then(|s| s.text().map(str::to_owned))
            }),
            sanction_hits,
            pep_count,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyInformation {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        alias = "organizationNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub duns: Option<String>,
    /// Legal form, e.g. `ASA` / "Allmennaksjeselskap"; `STI` is a foundation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organization_type: Option<Coded>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub registered_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub founded_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub webpage: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub employees: Option<i64>,
    /// Registers the organization is a member of (VAT, business register, …).
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<Coded>>")]
    pub registries: Vec<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status_code: Option<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub institutional_sector: Option<Coded>,
    /// Industry (NACE) code and text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub industry_sector: Option<Coded>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub purpose: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    /// Requested separately (`keyInformation.lei`).
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Lei>>", optional)]
    pub lei: Option<Node<Lei>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl KeyInformation {
    /// The organization's number: `orgNumber`/`organizationNumber`, else the country variants'
    /// own fields (`businessId` in Finland, `cvr` in Denmark, `organisationNumber`).
    pub fn identifier(&self) -> Option<String> {
        self.org_number.clone().or_else(|| {
            ["businessId", "organisationNumber", "cvr", "identifier"]
                .iter()
                .find_map(|k| self.extra.get(*k).and_then(de::value_string))
        })
    }

    /// True when the legal form says foundation (`STI` in Norway, `säätiö`, `stiftelse`).
    pub fn is_foundation(&self) -> bool {
        self.organization_type.as_ref().is_some_and(|t| {
            t.code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("STI"))
                || t.text().is_some_and(looks_like_foundation)
        })
    }
}

pub(crate) fn looks_like_foundation(s: &str) -> bool {
    let s = s.to_lowercase();
    ["stiftelse", "foundation", "säätiö", "saatio", "fond "]
        .iter()
        .any(|w| s.contains(w))
}

/// LEI: upstream sends a bare code or an object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Lei {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lei: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl<'de> Deserialize<'de> for Lei {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match v {
            Value::Object(mut m) => {
                let lei = ["lei", "leiNumber", "number", "code"].iter().find_map(|k| {
                    let s = m.get(*k).and_then(de::value_string)?;
                    m.remove(*k);
                    Some(s)
                });
                Ok(Lei { lei, extra: m })
            }
            other => Ok(Lei {
                lei: de::value_string(&other),
                extra: Extra::new(),
            }),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgAddresses")]
pub struct Addresses {
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Address>>", optional)]
    pub postal_address: Option<Node<Address>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Address>>", optional)]
    pub visiting_address: Option<Node<Address>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgAddress")]
pub struct Address {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub street: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub address_lines: Vec<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub post_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub city: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub municipality: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country_code: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl Address {
    /// One line for display: street/lines, post code and city, country.
    pub fn one_line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &self.street {
            parts.push(s.clone());
        }
        parts.extend(self.address_lines.iter().cloned());
        let place = [self.post_code.as_deref(), self.city.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !place.is_empty() {
            parts.push(place);
        }
        if let Some(c) = self.country.as_ref().or(self.country_code.as_ref()) {
            parts.push(c.clone());
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Financials {
    /// Last three years of accounts.
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Vec<AccountingYear>>>", optional)]
    pub accounting: Option<Node<Vec<AccountingYear>>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<KeyFigures>>", optional)]
    pub key_figures: Option<Node<KeyFigures>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<FinancialParty>>", optional)]
    pub auditor: Option<Node<FinancialParty>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<FinancialParty>>", optional)]
    pub accountant: Option<Node<FinancialParty>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// One year of accounts; the figures vary by country and are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountingYear {
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub year: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub currency: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub turnover: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub operating_profit: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub equity: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub earnings: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub total_assets: Option<f64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyFigures {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub currency: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub share_capital: Option<f64>,
    /// Accounting years: a list of years (`[2025, 2024]`) or of per-year figures; a single
    /// object is read as one year.
    #[serde(
        default,
        deserialize_with = "year_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AccountingYear>>")]
    pub accounting_years: Vec<AccountingYear>,
    /// Figures per year, when sent apart from `accountingYears`.
    #[serde(
        default,
        deserialize_with = "year_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AccountingYear>>")]
    pub years: Vec<AccountingYear>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// Years as bare numbers become `{year}`; objects read as figures.
fn year_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AccountingYear>, D::Error> {
    let v = Value::deserialize(d)?;
    let one = |item: Value| -> Result<AccountingYear, String> {
        match item {
            Value::Object(_) => serde_json::from_value(item).map_err(|e| e.to_string()),
            other => Ok(AccountingYear {
                year: de::value_f64(&other)
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e6)
                    .map(|f| f as i64),
                ..AccountingYear::default()
            }),
        }
    };
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, x)| {
                one(x).map_err(|e| serde::de::Error::custom(format!("year {}: {e}", i + 1)))
            })
            .collect(),
        other => one(other)
            .map(|y| vec![y])
            .map_err(serde::de::Error::custom),
    }
}

/// Auditor or accountant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinancialParty {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        alias = "organizationNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub sources: Vec<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipNode {
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Vec<BeneficialOwner>>>", optional)]
    pub beneficials: Option<Node<Vec<BeneficialOwner>>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Vec<Subsidiary>>>", optional)]
    pub subsidiaries: Option<Node<Vec<Subsidiary>>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Vec<Shareholder>>>", optional)]
    pub shareholders: Option<Node<Vec<Shareholder>>>,
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<OwnershipIndicators>>", optional)]
    pub indicators: Option<Node<OwnershipIndicators>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

open_enum! {
    /// Why upstream names a person as beneficial owner (API-NOTES §1 "Beneficial-owner reasons").
    pub enum BoReason ts "\"DIRECT_OWNERSHIP\" | \"INDIRECT_OWNERSHIP\" | \"FOUNDATION_ROLE\" | \"INDIRECT_FOUNDATION_ROLE\" | \"VOTING_RIGHTS\" | \"VOTING_RIGHTS_AND_OWNERSHIP\" | string" {
        /// Direct ownership > 25 %.
        DirectOwnership = "DIRECT_OWNERSHIP" | "DIRECT",
        /// Indirect control or ownership (≥ 25 % at each step).
        IndirectOwnership = "INDIRECT_OWNERSHIP" | "INDIRECT" | "INDIRECT_CONTROL" | "INDIRECT_CONTROL_OR_OWNERSHIP",
        /// Role in a foundation.
        FoundationRole = "FOUNDATION_ROLE" | "ROLE_IN_FOUNDATION" | "FOUNDATION",
        /// Indirect control through a role in a foundation.
        IndirectFoundationRole = "INDIRECT_FOUNDATION_ROLE" | "INDIRECT_CONTROL_THROUGH_ROLE" | "INDIRECT_CONTROL_THROUGH_ROLE_IN_FOUNDATION" | "INDIRECT_ROLE",
        /// Voting rights > 25 %.
        VotingRights = "VOTING_RIGHTS" | "VOTING",
        /// Both voting rights and direct ownership.
        VotingRightsAndOwnership = "VOTING_RIGHTS_AND_OWNERSHIP" | "VOTING_RIGHTS_AND_DIRECT_OWNERSHIP" | "OWNERSHIP_AND_VOTING_RIGHTS",
    }
}

impl BoReason {
    /// True for reasons that come from a role rather than from shares.
    pub fn is_role(&self) -> bool {
        match self {
            BoReason::FoundationRole | BoReason::IndirectFoundationRole => true,
            BoReason::Other(s) => {
                let k = de::norm_key(s);
                k.contains("role") || k.contains("foundation")
            }
            _ => false,
        }
    }
    pub fn is_voting(&self) -> bool {
        match self {
            BoReason::VotingRights | BoReason::VotingRightsAndOwnership => true,
            BoReason::Other(s) => de::norm_key(s).contains("voting"),
            _ => false,
        }
    }
}

/// An entry of `ownership.beneficials` (also the beneficial-owners API's list).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BeneficialOwner {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub first_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub last_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<Address>,
    /// Owner share in percent, as upstream states it.
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub owner_share: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<Coded>>")]
    pub roles: Vec<Coded>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<BoReason>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub reason_phrase: Option<String>,
    /// Integrated (multiplied) ownership in percent.
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub integrated_ownership: Option<f64>,
    /// `null` when the reason is a role.
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub percentage_control: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub voting_rights: Option<f64>,
    /// Needs National Registry access (`citizenship` expand).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub citizenship: Option<String>,
    /// Needs National Registry access (`birthplace` expand).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub birthplace: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub pep: Option<bool>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sanctioned: Option<bool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl BeneficialOwner {
    pub fn display_name(&self) -> Option<String> {
        person_name(&self.name, &self.first_name, &self.last_name)
    }
}

fn person_name(
    name: &Option<String>,
    first: &Option<String>,
    last: &Option<String>,
) -> Option<String> {
    if let Some(n) = name.as_ref().filter(|n| !n.trim().is_empty()) {
        return Some(n.trim().to_owned());
    }
    let joined = [first.as_deref(), last.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Subsidiary {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        alias = "organizationNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country: Option<String>,
    /// Percentage owned by the company.
    #[serde(
        default,
        alias = "percentageOwned",
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub percentage: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub voting_percentage: Option<f64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

open_enum! {
    pub enum ShareholderType ts "\"ORGANIZATION\" | \"PERSON\" | string" {
        Organization = "ORGANIZATION" | "ORGANISATION" | "COMPANY" | "ORG" | "LEGAL_PERSON" | "ENTERPRISE",
        Person = "PERSON" | "INDIVIDUAL" | "NATURAL_PERSON" | "PRIVATE",
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Shareholder {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        alias = "organizationNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub shareholder_type: Option<ShareholderType>,
    /// Percentage of the shares.
    #[serde(
        default,
        alias = "share",
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub percentage: Option<f64>,
    /// Percentage of the votes, when different share classes make it differ.
    #[serde(
        default,
        alias = "votes",
        alias = "votingPower",
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub voting_percentage: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_shares: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country: Option<String>,
    /// Control declared to the register (shareholder agreement, …), whatever the share.
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub declared_control: Option<bool>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub pep: Option<bool>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sanctioned: Option<bool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl Shareholder {
    /// A person when typed so, or when untyped but with a birth date and no organization number.
    pub fn is_person(&self) -> bool {
        match &self.shareholder_type {
            Some(ShareholderType::Person) => true,
            Some(ShareholderType::Organization) => false,
            _ => self.org_number.is_none() && self.date_of_birth.is_some(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipIndicators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_indicators: Option<KeyIndicators>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub knowledge: Option<ShareholderKnowledge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub self_ownership: Option<SelfOwnership>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub voting_power: Option<VotingPower>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyIndicators {
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_shareholders_total: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_shareholders_direct: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_shareholders_legal: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub max_share_holder_distance: Option<i64>,
    /// Share of ownership per NACE industry code (`"64.190"` → sum, title).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[ts(optional, as = "Option<std::collections::HashMap<String, NaceSum>>")]
    pub ownership_nace: std::collections::BTreeMap<String, NaceSum>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NaceSum {
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sum: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareholderKnowledge {
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sum_identified_shareholders: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sum_unidentified_shareholders: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sum_unknown_shareholders: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_unidentified_shareholders: Option<i64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SelfOwnership {
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub company_self_ownership: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_self_owned_shareholders: Option<i64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VotingPower {
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_shareholders_many_share_classes: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_share_classes: Option<i64>,
    #[serde(
        default,
        deserialize_with = "de::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub number_of_high_vp_low_integrated: Option<i64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// Signature rights and power of procuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Authorities {
    /// Signature rights (also read from `signature`).
    #[serde(
        default,
        alias = "signature",
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Authority>>", optional)]
    pub signature_rights: Option<Node<Authority>>,
    /// Power of procuration (also read from `procuration`).
    #[serde(
        default,
        alias = "procuration",
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Authority>>", optional)]
    pub power_of_procuration: Option<Node<Authority>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Authority {
    /// The rule as registered ("Styrets leder alene eller to styremedlemmer i fellesskap").
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<OrgRole>>")]
    pub persons: Vec<OrgRole>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

open_enum! {
    pub enum RoleType ts "\"CEO\" | \"CHAIRMAN\" | \"DEPUTY_CHAIRMAN\" | \"PROPRIETOR\" | \"BOARD_MEMBER\" | \"DEPUTY_BOARD_MEMBER\" | \"CONTACT_PERSON\" | \"SECRETARY\" | \"FOREIGN_REPRESENTATIVE\" | \"TRUSTEE\" | \"AUDITOR\" | \"ACCOUNTANT\" | string" {
        Ceo = "CEO" | "DAGL" | "DAGLIG_LEDER" | "MANAGING_DIRECTOR",
        Chairman = "CHAIRMAN" | "CHAIR" | "LEDE" | "STYRELEDER" | "CHAIRMAN_OF_THE_BOARD",
        DeputyChairman = "DEPUTY_CHAIRMAN" | "NEST" | "NESTLEDER" | "VICE_CHAIRMAN",
        Proprietor = "PROPRIETOR" | "INNH" | "INNEHAVER",
        BoardMember = "BOARD_MEMBER" | "BOARD_MEMBERS" | "MEMBER" | "MEDL" | "STYREMEDLEM",
        DeputyBoardMember = "DEPUTY_BOARD_MEMBER" | "DEPUTY_BOARD_MEMBERS" | "DEPUTY" | "DEPUTIES" | "VARA" | "VARAMEDLEM",
        ContactPerson = "CONTACT_PERSON" | "KONT" | "KONTAKTPERSON",
        Secretary = "SECRETARY" | "COMPANY_SECRETARY",
        ForeignRepresentative = "FOREIGN_REPRESENTATIVE" | "REPRESENTATIVE_FOREIGN_ENTITY" | "REPR",
        Trustee = "TRUSTEE" | "BOBE" | "BOSTYRER",
        Auditor = "AUDITOR" | "REVI" | "REVISOR",
        Accountant = "ACCOUNTANT" | "REGN" | "REGNSKAPSFORER",
    }
}

impl RoleType {
    /// Plain words for the officer.
    pub fn label(&self) -> &str {
        match self {
            RoleType::Ceo => "Chief executive officer",
            RoleType::Chairman => "Chair of the board",
            RoleType::DeputyChairman => "Deputy chair of the board",
            RoleType::Proprietor => "Proprietor",
            RoleType::BoardMember => "Board member",
            RoleType::DeputyBoardMember => "Deputy board member",
            RoleType::ContactPerson => "Contact person",
            RoleType::Secretary => "Company secretary",
            RoleType::ForeignRepresentative => "Representative of foreign entity",
            RoleType::Trustee => "Trustee",
            RoleType::Auditor => "Auditor",
            RoleType::Accountant => "Accountant",
            RoleType::Other(s) => s,
        }
    }

    /// Roles that control a foundation (board and management).
    pub fn controls_foundation(&self) -> bool {
        matches!(
            self,
            RoleType::Ceo | RoleType::Chairman | RoleType::DeputyChairman | RoleType::BoardMember
        )
    }
}

/// A role holder. `roleType` is also read from `type` or `role`, and from the key when upstream
/// groups roles by type (`{"ceo": {...}, "boardMembers": [...]}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role_type: Option<RoleType>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub first_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub last_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    /// When the role holder is an organization (auditor, accountant, corporate board member).
    #[serde(
        default,
        alias = "organizationNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub from_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub to_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<Address>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub pep: Option<bool>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub sanctioned: Option<bool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl OrgRole {
    pub fn display_name(&self) -> Option<String> {
        person_name(&self.name, &self.first_name, &self.last_name)
    }
}

/// All roles, in upstream order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgRoles")]
pub struct Roles {
    pub items: Vec<OrgRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let mut out = Roles::default();
        match v {
            Value::Array(items) => {
                for item in items {
                    out.push(None, item).map_err(serde::de::Error::custom)?;
                }
            }
            Value::Object(mut m) => {
                if let Some(meta) = m.remove("metadata") {
                    out.metadata = serde_json::from_value(meta).ok();
                }
                if let Some(Value::Array(items)) = m.remove("items") {
                    for item in items {
                        out.push(None, item).map_err(serde::de::Error::custom)?;
                    }
                }
                for (key, val) in m {
                    match val {
                        Value::Array(items) => {
                            for item in items {
                                out.push(Some(&key), item)
                                    .map_err(serde::de::Error::custom)?;
                            }
                        }
                        Value::Null => {}
                        other => out
                            .push(Some(&key), other)
                            .map_err(serde::de::Error::custom)?,
                    }
                }
            }
            Value::Null => {}
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a list of roles, found {}",
                    de::kind_of(&other)
                )))
            }
        }
        Ok(out)
    }
}

impl Roles {
    fn push(&mut self, key: Option<&str>, item: Value) -> Result<(), String> {
        let Value::Object(mut m) = item else {
            // A bare name under a role key.
            if let (Some(k), Some(name)) = (key, de::value_string(&item)) {
                self.items.push(OrgRole {
                    role_type: Some(RoleType::parse(k)),
                    name: Some(name),
                    ..OrgRole::default()
                });
            }
            return Ok(());
        };
        // `{ "role": "...", "person": {...} }` → flat.
        if let Some(Value::Object(p)) = m.remove("person") {
            for (k, v) in p {
                m.entry(k).or_insert(v);
            }
        }
        if !m.contains_key("roleType") {
            // Grouped by role: the key is the role. `type` there is the holder's kind.
            let from_item = ["role", "type"].into_iter().find(|alt| {
                m.get(*alt).and_then(Value::as_str).is_some_and(|t| {
                    !matches!(
                        de::norm_key(t).as_str(),
                        "person" | "organization" | "organisation" | "company"
                    )
                })
            });
            match (key, from_item) {
                (Some(k), _) => {
                    m.insert("roleType".into(), Value::String(k.to_owned()));
                }
                (None, Some(alt)) => {
                    if let Some(v) = m.remove(alt) {
                        m.insert("roleType".into(), v);
                    }
                }
                (None, None) => {}
            }
        }
        let role: OrgRole = serde_json::from_value(Value::Object(m))
            .map_err(|e| format!("role {}: {e}", self.items.len() + 1))?;
        self.items.push(role);
        Ok(())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SanctionNode {
    /// Screening status as upstream words it.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub status: Option<String>,
    /// Message when there is no hit.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub message: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<SanctionHit>>")]
    pub hits: Vec<SanctionHit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub metadata: Option<Metadata>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

open_enum! {
    /// The list a hit comes from.
    pub enum SanctionSource ts "\"EU_GLOBAL\" | \"UN_CONSOLIDATED_1\" | \"OFAC\" | string" {
        EuGlobal = "EU_GLOBAL",
        UnConsolidated = "UN_CONSOLIDATED_1" | "UN_CONSOLIDATED",
        Ofac = "OFAC" | "OFAC_SDN",
    }
}

/// Maximum of `matchIndicator` (500 = exact, trustworthy).
pub const MATCH_INDICATOR_MAX: f64 = 500.0;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SanctionHit {
    /// 0–500; high means trustworthy.
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub match_indicator: Option<f64>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub match_indicator_description: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub alias_list: Vec<String>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<SanctionAddress>>")]
    pub address_list: Vec<SanctionAddress>,
    #[serde(
        default,
        deserialize_with = "de::string_list",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub url_list: Vec<String>,
    /// Data provider (e.g. `TRAPETS`).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<SanctionSource>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub external_id: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub first_update: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub last_update: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub comment: Option<String>,
    /// List category when upstream gives one (`SANCTION`, `PEP`, …).
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub category: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl SanctionHit {
    /// The hit is on a PEP list rather than a sanction list.
    pub fn is_pep(&self) -> bool {
        let has_pep = |s: &str| de::norm_key(s).contains("pep");
        self.category.as_deref().is_some_and(has_pep)
            || self.source.as_ref().is_some_and(|s| has_pep(s.as_str()))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SanctionAddress {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country_name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub country_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub street: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub post_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub city: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OrgLinks")]
pub struct Links {
    /// Links to the PDF reports, as a list or as `{name: url}`.
    #[serde(
        default,
        deserialize_with = "report_links",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<ReportLink>>")]
    pub reports: Vec<ReportLink>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportLink {
    /// `aml`, `certificate-of-registration`, …
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub href: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

fn report_links<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ReportLink>, D::Error> {
    let v = Value::deserialize(d)?;
    let from_item = |name: Option<String>, item: Value| -> Option<ReportLink> {
        match item {
            Value::Object(mut m) => {
                if !m.contains_key("href") {
                    if let Some(u) = m.remove("url").or_else(|| m.remove("link")) {
                        m.insert("href".into(), u);
                    }
                }
                if let Some(n) = name {
                    m.entry("name").or_insert(Value::String(n));
                }
                serde_json::from_value(Value::Object(m)).ok()
            }
            other => de::value_string(&other).map(|href| ReportLink {
                name,
                href: Some(href),
                extra: Extra::new(),
            }),
        }
    };
    Ok(match v {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|i| from_item(None, i))
            .collect(),
        Value::Object(m) => m
            .into_iter()
            .filter_map(|(k, i)| from_item(Some(k), i))
            .collect(),
        _ => Vec::new(),
    })
}
