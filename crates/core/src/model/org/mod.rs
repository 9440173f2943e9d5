//! BankID AML Organization API result (API-NOTES §1). Modelled on the Norwegian response model;
//! Swedish and Finnish answers are "similar, not identical": they read into the same types, and
//! whatever differs lands in the `extra` maps.

mod address;
mod beneficials;
mod financials;
mod key_information;
mod links;
mod ownership;
mod roles;
mod sanction;
mod shareholders;

pub use address::*;
pub use beneficials::*;
pub use financials::*;
pub use key_information::*;
pub use links::*;
pub use ownership::*;
pub use roles::*;
pub use sanction::*;
pub use shareholders::*;

use super::de;
use super::{node, present, Extra, ModelError, Node};
use serde::{Deserialize, Serialize};
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
