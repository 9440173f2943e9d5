//! `ownership.shareholders`.

use crate::model::de::open_enum;
use crate::model::de::record;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

open_enum! {
    pub enum ShareholderType ts "\"ORGANIZATION\" | \"PERSON\" | string" {
        Organization = "ORGANIZATION" | "ORGANISATION" | "COMPANY" | "ORG" | "LEGAL_PERSON" | "ENTERPRISE",
        Person = "PERSON" | "INDIVIDUAL" | "NATURAL_PERSON" | "PRIVATE",
    }
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Shareholder {
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(alias = "organizationNumber")]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[serde(rename = "type")]
    #[ts(optional)]
    pub shareholder_type: Option<ShareholderType>,
    /// Percentage of the shares.
    #[serde(alias = "share")]
    #[ts(optional)]
    pub percentage: Option<f64>,
    /// Percentage of the votes, when different share classes make it differ.
    #[serde(alias = "votes", alias = "votingPower")]
    #[ts(optional)]
    pub voting_percentage: Option<f64>,
    #[ts(optional)]
    pub number_of_shares: Option<f64>,
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    #[ts(optional)]
    pub country: Option<String>,
    /// Control declared to the register (shareholder agreement, …), whatever the share.
    #[ts(optional)]
    pub declared_control: Option<bool>,
    #[ts(optional)]
    pub pep: Option<bool>,
    #[ts(optional)]
    pub sanctioned: Option<bool>,
}
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
