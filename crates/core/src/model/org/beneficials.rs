//! `ownership.beneficials` (also the beneficial-owners API's list) and `ownership.subsidiaries`.

use super::*;
use crate::model::de::record;
use crate::model::de::{self, open_enum};
use crate::model::Coded;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

record! {
/// An entry of `ownership.beneficials` (also the beneficial-owners API's list).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct BeneficialOwner {
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional)]
    pub first_name: Option<String>,
    #[ts(optional)]
    pub last_name: Option<String>,
    #[ts(optional)]
    pub date_of_birth: Option<String>,
    #[ts(optional)]
    pub address: Option<Address>,
    /// Owner share in percent, as upstream states it.
    #[ts(optional)]
    pub owner_share: Option<f64>,
    #[ts(optional, as = "Option<Vec<Coded>>")]
    pub roles: Vec<Coded>,
    #[ts(optional)]
    pub reason: Option<BoReason>,
    #[ts(optional)]
    pub reason_phrase: Option<String>,
    /// Integrated (multiplied) ownership in percent.
    #[ts(optional)]
    pub integrated_ownership: Option<f64>,
    /// `null` when the reason is a role.
    #[ts(optional)]
    pub percentage_control: Option<f64>,
    #[ts(optional)]
    pub voting_rights: Option<f64>,
    /// Needs National Registry access (`citizenship` expand).
    #[ts(optional)]
    pub citizenship: Option<String>,
    /// Needs National Registry access (`birthplace` expand).
    #[ts(optional)]
    pub birthplace: Option<String>,
    #[ts(optional)]
    pub pep: Option<bool>,
    #[ts(optional)]
    pub sanctioned: Option<bool>,
}
}

impl BeneficialOwner {
    pub fn display_name(&self) -> Option<String> {
        person_name(&self.name, &self.first_name, &self.last_name)
    }
}

pub(super) fn person_name(
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

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Subsidiary {
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(alias = "organizationNumber")]
    #[ts(optional)]
    pub org_number: Option<String>,
    #[ts(optional)]
    pub country: Option<String>,
    /// Percentage owned by the company.
    #[serde(alias = "percentageOwned")]
    #[ts(optional)]
    pub percentage: Option<f64>,
    #[ts(optional)]
    pub voting_percentage: Option<f64>,
}
}
