//! `ownership.*` as a node, and `ownership.indicators`.

use super::*;
use crate::model::de::record;
use crate::model::{Metadata, Section};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

record! {
/// `ownership`: each key is a section of its own (`ownership.shareholders`, …), read apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OwnershipNode {
    #[ts(as = "Option<Option<Vec<BeneficialOwner>>>", optional)]
    pub beneficials: Option<Section<Vec<BeneficialOwner>>>,
    #[ts(as = "Option<Option<Vec<Subsidiary>>>", optional)]
    pub subsidiaries: Option<Section<Vec<Subsidiary>>>,
    #[ts(as = "Option<Option<Vec<Shareholder>>>", optional)]
    pub shareholders: Option<Section<Vec<Shareholder>>>,
    #[ts(as = "Option<Option<OwnershipIndicators>>", optional)]
    pub indicators: Option<Section<OwnershipIndicators>>,
    #[ts(as = "Option<Metadata>", optional)]
    pub metadata: Option<Section<Metadata>>,
}
}

crate::model::section_holder!(OwnershipNode, "ownership", {
    beneficials = "beneficials",
    subsidiaries = "subsidiaries",
    shareholders = "shareholders",
    indicators = "indicators",
    metadata = "metadata",
});

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OwnershipIndicators {
    #[ts(optional)]
    pub key_indicators: Option<KeyIndicators>,
    #[ts(optional)]
    pub knowledge: Option<ShareholderKnowledge>,
    #[ts(optional)]
    pub self_ownership: Option<SelfOwnership>,
    #[ts(optional)]
    pub voting_power: Option<VotingPower>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct KeyIndicators {
    #[ts(optional)]
    pub number_of_shareholders_total: Option<i64>,
    #[ts(optional)]
    pub number_of_shareholders_direct: Option<i64>,
    #[ts(optional)]
    pub number_of_shareholders_legal: Option<i64>,
    #[ts(optional)]
    pub max_share_holder_distance: Option<i64>,
    /// Share of ownership per NACE industry code (`"64.190"` → sum, title).
    #[ts(optional, as = "Option<std::collections::HashMap<String, NaceSum>>")]
    pub ownership_nace: std::collections::BTreeMap<String, NaceSum>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct NaceSum {
    #[ts(optional)]
    pub sum: Option<f64>,
    #[ts(optional)]
    pub title: Option<String>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct ShareholderKnowledge {
    #[ts(optional)]
    pub sum_identified_shareholders: Option<f64>,
    #[ts(optional)]
    pub sum_unidentified_shareholders: Option<f64>,
    #[ts(optional)]
    pub sum_unknown_shareholders: Option<f64>,
    #[ts(optional)]
    pub number_of_unidentified_shareholders: Option<i64>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct SelfOwnership {
    #[ts(optional)]
    pub company_self_ownership: Option<f64>,
    #[ts(optional)]
    pub number_of_self_owned_shareholders: Option<i64>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct VotingPower {
    #[ts(optional)]
    pub number_of_shareholders_many_share_classes: Option<i64>,
    #[ts(optional)]
    pub number_of_share_classes: Option<i64>,
    #[ts(optional)]
    pub number_of_high_vp_low_integrated: Option<i64>,
}
}
