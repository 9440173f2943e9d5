//! BankID Beneficial owners API result (API-NOTES §2). The public documentation lists the
//! elements, not the JSON layout: the list of owners is read from `beneficialOwners`,
//! `beneficials` or `ownership.beneficials`; the organization from `keyInformation` or
//! `organization`. Everything else is kept in `extra`.

use super::de::{self, open_enum};
use super::org::{BeneficialOwner, KeyInformation, OwnershipNode, Shareholder, ShareholderType};
use super::{node, present, Extra, ModelError, Node};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoResult {
    #[serde(
        default,
        alias = "organization",
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<KeyInformation>>", optional)]
    pub key_information: Option<Node<KeyInformation>>,
    #[serde(
        default,
        alias = "beneficials",
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Vec<BeneficialOwner>>>", optional)]
    pub beneficial_owners: Option<Node<Vec<BeneficialOwner>>>,
    /// Owner structure behind the owners (the "visual maps" of the report), when served.
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<OwnershipNode>>", optional)]
    pub ownership: Option<Node<OwnershipNode>>,
    /// Owner structure as nodes and edges (the "visual maps" of the report), when served.
    #[serde(
        default,
        deserialize_with = "node",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<OwnershipMap>>", optional)]
    pub ownership_map: Option<Node<OwnershipMap>>,
    /// The organization, when given at the top level rather than in `keyInformation`.
    #[serde(
        default,
        alias = "orgNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub organization_number: Option<String>,
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
    pub country: Option<String>,
    /// National Registry access at the time of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub access_rights: Option<BoAccessRights>,
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

impl BoResult {
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        super::read("beneficial owners", v)
    }

    /// The owners, wherever upstream put them.
    pub fn owners(&self) -> &[BeneficialOwner] {
        if let Some(list) = present(&self.beneficial_owners) {
            return list;
        }
        present(&self.ownership)
            .and_then(|o| present(&o.beneficials))
            .map_or(&[], Vec::as_slice)
    }

    pub fn shareholders(&self) -> &[Shareholder] {
        present(&self.ownership)
            .and_then(|o| present(&o.shareholders))
            .map_or(&[], Vec::as_slice)
    }

    pub fn org_number(&self) -> Option<&str> {
        present(&self.key_information)
            .and_then(|k| k.org_number.as_deref())
            .or(self.organization_number.as_deref())
    }

    pub fn org_name(&self) -> Option<&str> {
        present(&self.key_information)
            .and_then(|k| k.name.as_deref())
            .or(self.name.as_deref())
    }

    pub fn map(&self) -> Option<&OwnershipMap> {
        present(&self.ownership_map)
    }
}

open_enum! {
    /// Status of the delegated National Registry access (citizenship, birthplace, ssn).
    pub enum RegistryAccess ts "\"GRANTED\" | \"PENDING\" | \"NOT_GRANTED\" | string" {
        Granted = "GRANTED",
        Pending = "PENDING",
        NotGranted = "NOT_GRANTED" | "DENIED",
    }
}

/// `GET /beneficial/access-rights`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoAccessRights {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub national_registry: Option<RegistryAccess>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// The owner structure as a graph: node ids are upstream's own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipMap {
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<OwnershipMapNode>>")]
    pub nodes: Vec<OwnershipMapNode>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<OwnershipMapEdge>>")]
    pub edges: Vec<OwnershipMapEdge>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipMapNode {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub node_type: Option<ShareholderType>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(
        default,
        alias = "orgNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub organization_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub subject: Option<bool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipMapEdge {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(
        default,
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
