//! BankID Beneficial owners API result (API-NOTES §2). The public documentation lists the
//! elements, not the JSON layout: the list of owners is read from `beneficialOwners`,
//! `beneficials` or `ownership.beneficials`; the organization from `keyInformation` or
//! `organization`. Everything else is kept in `extra`.

use super::de::{self, open_enum};
use super::org::{BeneficialOwner, KeyInformation, OwnershipNode, Shareholder};
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
        present(&self.key_information).and_then(|k| k.org_number.as_deref())
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
