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

/// What a hit's `relation` says: the relation in words and the company it names
/// ("Chairman of the board of VESTFJORD KAPITAL AS (921111207)").
#[derive(Debug, Clone, PartialEq)]
pub struct HitRelation {
    /// "Chairman of the board", "Shareholder (10 %)".
    pub words: String,
    pub company: String,
    pub org_number: Option<String>,
    /// A percentage in the words ("Shareholder (10 %)").
    pub share: Option<f64>,
}

impl SanctionHit {
    /// The company the hit's `relation` names, when it names one.
    pub fn relation_target(&self) -> Option<HitRelation> {
        let rel = self.relation.as_deref()?.trim();
        let (body, org_number) = match rel.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
            Some((b, n)) if n.chars().any(|c| c.is_ascii_digit()) => (
                b.trim(),
                Some(n.chars().filter(char::is_ascii_alphanumeric).collect()),
            ),
            _ => (rel, None),
        };
        // The company starts after the " of " whose remainder is written in capitals, as the
        // register writes names; otherwise after the last " of ".
        let cuts: Vec<usize> = body.match_indices(" of ").map(|(i, _)| i).collect();
        let upper =
            |t: &str| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
        let cut = cuts
            .iter()
            .copied()
            .find(|&i| upper(&body[i + 4..]))
            .or_else(|| cuts.last().copied())?;
        let words = body[..cut].trim().to_owned();
        let company = body[cut + 4..].trim().to_owned();
        let share = words.split_once('(').and_then(|(_, r)| {
            let num: String = r
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            num.parse::<f64>().ok().filter(|_| r.contains('%'))
        });
        (!company.is_empty()).then_some(HitRelation {
            words,
            company,
            org_number,
            share,
        })
    }

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
