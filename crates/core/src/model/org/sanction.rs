//! `sanction`: screening status and hits.

use crate::model::de::record;
use crate::model::de::{self, open_enum};
use crate::model::Metadata;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct SanctionNode {
    /// Screening status as upstream words it.
    #[ts(optional)]
    pub status: Option<String>,
    /// Message when there is no hit.
    #[ts(optional)]
    pub message: Option<String>,
    #[ts(optional, as = "Option<Vec<SanctionHit>>")]
    pub hits: Vec<SanctionHit>,
    /// The lists screened against (e.g. `EU_GLOBAL`, `OFAC_SDN`).
    #[ts(optional, as = "Option<Vec<String>>")]
    pub lists_searched: Vec<String>,
    /// Whether the OFAC lists were included (the client's scope decides).
    #[ts(optional)]
    pub ofac_included: Option<bool>,
    #[ts(optional)]
    pub metadata: Option<Metadata>,
}
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

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct SanctionHit {
    /// 0–500; high means trustworthy.
    #[ts(optional)]
    pub match_indicator: Option<f64>,
    #[ts(optional)]
    pub match_indicator_description: Option<String>,
    #[ts(optional)]
    pub name: Option<String>,
    #[ts(optional, as = "Option<Vec<String>>")]
    pub alias_list: Vec<String>,
    #[ts(optional, as = "Option<Vec<SanctionAddress>>")]
    pub address_list: Vec<SanctionAddress>,
    #[ts(optional, as = "Option<Vec<String>>")]
    pub url_list: Vec<String>,
    /// Data provider (e.g. `TRAPETS`).
    #[ts(optional)]
    pub provider: Option<String>,
    #[ts(optional)]
    pub source: Option<SanctionSource>,
    #[ts(optional)]
    pub external_id: Option<String>,
    #[ts(optional)]
    pub first_update: Option<String>,
    #[ts(optional)]
    pub last_update: Option<String>,
    #[ts(optional)]
    pub comment: Option<String>,
    /// How the hit relates to the subject, as upstream words it
    /// ("Shareholder (10 %) of BRATTLI INVEST AS").
    #[ts(optional)]
    pub relation: Option<String>,
    /// List category when upstream gives one (`SANCTION`, `PEP`, …).
    #[ts(optional)]
    pub category: Option<String>,
}
}

impl SanctionHit {
    /// The hit is on a PEP list rather than a sanction list.
    pub fn is_pep(&self) -> bool {
        let has_pep = |s: &str| de::norm_key(s).contains("pep");
        self.category.as_deref().is_some_and(has_pep)
            || self.source.as_ref().is_some_and(|s| has_pep(s.as_str()))
    }
}

/// Screening hits counted by the kind of list they are on. This is the one definition every
/// screen and extract uses: a hit on a PEP list (category or source names PEP) is a PEP-list
/// hit and only that; every other hit is a sanction-list hit. Each hit counts once, so one
/// person on two sanction lists (EU and OFAC) is two sanction-list hits, and
/// `sanction + pep` is the number of hits listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HitCounts {
    /// Hits on sanction lists (`EU_GLOBAL`, `UN_CONSOLIDATED_1`, `OFAC_SDN`, …).
    pub sanction: u32,
    /// Hits on PEP lists (`PEP_NORDIC`, …).
    pub pep: u32,
}

impl HitCounts {
    pub fn of(hits: &[SanctionHit]) -> Self {
        let n = |pep: bool| {
            u32::try_from(hits.iter().filter(|h| h.is_pep() == pep).count()).unwrap_or(u32::MAX)
        };
        Self {
            sanction: n(false),
            pep: n(true),
        }
    }

    /// All hits listed: `sanction + pep`.
    pub fn total(self) -> u32 {
        self.sanction.saturating_add(self.pep)
    }
}

record! {
from_bare = one_line_sanction_address;
/// An address of a hit; upstream sometimes sends it as one line of text (kept in `street`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct SanctionAddress {
    #[ts(optional)]
    pub country_name: Option<String>,
    #[ts(optional)]
    pub country_code: Option<String>,
    #[ts(optional)]
    pub street: Option<String>,
    #[ts(optional)]
    pub post_code: Option<String>,
    #[ts(optional)]
    pub city: Option<String>,
}
}

fn one_line_sanction_address(v: &serde_json::Value) -> Option<SanctionAddress> {
    v.as_str().map(|s| SanctionAddress {
        street: Some(s.to_owned()),
        ..SanctionAddress::default()
    })
}
