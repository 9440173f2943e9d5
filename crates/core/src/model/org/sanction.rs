//! `sanction`: screening status and hits.

use crate::model::de::{self, open_enum};
use crate::model::{Extra, Metadata};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
