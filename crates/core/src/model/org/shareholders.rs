//! `ownership.shareholders`.

use crate::model::de::{self, open_enum};
use crate::model::Extra;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
