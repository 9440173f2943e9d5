//! `ownership.*` as a node, and `ownership.indicators`.

use super::*;
use crate::model::de;
use crate::model::{node, Extra, Metadata, Node};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
