//! BankID AML Organization API result (API-NOTES §1). Modelled on the Norwegian response model;
//! Swedish and Finnish answers are "similar, not identical": they read into the same types, and
//! whatever differs lands in the `extra` maps.

mod address;
mod beneficials;
mod financials;
mod key_information;
mod links;
mod ownership;
mod roles;
mod sanction;
mod shareholders;

pub use address::*;
pub use beneficials::*;
pub use financials::*;
pub use key_information::*;
pub use links::*;
pub use ownership::*;
pub use roles::*;
pub use sanction::*;
pub use shareholders::*;

use super::accepted::section_of;
use super::de::{self, record};
use super::{present, raw_availability, Availability, Flag, ModelError, Section, SectionInfo};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

record! {
/// The whole organization answer. Every section is absent when not requested, `null` (Rust:
/// `Some(Section::Empty)`) when searched with nothing found, and `Unreadable` (serialized as the
/// raw value received) when a node in it does not fit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct OrgResult {
    #[ts(as = "Option<Option<KeyInformation>>", optional)]
    pub key_information: Option<Section<KeyInformation>>,
    #[ts(as = "Option<Option<Addresses>>", optional)]
    pub address: Option<Section<Addresses>>,
    #[ts(as = "Option<Option<Financials>>", optional)]
    pub financials: Option<Section<Financials>>,
    #[ts(as = "Option<Option<OwnershipNode>>", optional)]
    pub ownership: Option<Section<OwnershipNode>>,
    #[ts(as = "Option<Option<Authorities>>", optional)]
    pub authorities: Option<Section<Authorities>>,
    #[ts(as = "Option<Option<Roles>>", optional)]
    pub roles: Option<Section<Roles>>,
    #[ts(as = "Option<Option<SanctionNode>>", optional)]
    pub sanction: Option<Section<SanctionNode>>,
    #[ts(as = "Option<Option<Links>>", optional)]
    pub links: Option<Section<Links>>,
    /// Set by the sandbox on every invented record.
    #[ts(as = "Option<bool>", optional)]
    pub sandbox: Option<Section<Flag>>,
}
}

/// One line per organization for lists and search extracts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgSummary {
    pub name: Option<String>,
    pub org_number: Option<String>,
    pub country: Option<String>,
    pub legal_form: Option<String>,
    pub status: Option<String>,
    /// Screening hits on sanction lists, PEP-list hits excluded ([`HitCounts::sanction`]).
    /// `None` when sanctions were not requested or the section could not be read.
    pub sanction_hits: Option<u32>,
    /// Screening hits on PEP lists ([`HitCounts::pep`]). `None` as `sanction_hits`.
    pub pep_hits: Option<u32>,
    /// Distinct persons flagged as politically exposed (roles, beneficials, shareholders) plus sanction
    /// hits on PEP lists. `None` when none of those sections were requested.
    pub pep_count: Option<u32>,
    /// Sections that were present but did not fit (`keyInformation`, `sanction`, …): the fields
    /// above that come from them are `None` because they could not be read, not because
    /// upstream found nothing. Whoever decides on this answer must not decide on those.
    pub unreadable: Vec<String>,
}

/// The sections of an organization answer, in display order.
pub const ORG_SECTIONS: &[&str] = &[
    "keyInformation",
    "address",
    "financials.accounting",
    "financials.keyFigures",
    "financials.auditor",
    "financials.accountant",
    "ownership.shareholders",
    "ownership.beneficials",
    "ownership.subsidiaries",
    "ownership.indicators",
    "authorities",
    "roles",
    "sanction",
    "links",
];

impl OrgResult {
    /// Reads an organization answer. Never panics; fails only when the document is not a JSON
    /// object. A section that does not fit is kept as [`Section::Unreadable`].
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("organization", v)?;
        r.locate();
        Ok(r)
    }

    /// Gives every unreadable section its full path.
    fn locate(&mut self) {
        macro_rules! at {
            ($($f:ident = $p:literal),*) => {$(
                if let Some(s) = self.$f.as_mut() { s.locate($p) }
            )*};
        }
        at!(
            key_information = "keyInformation",
            address = "address",
            authorities = "authorities",
            roles = "roles",
            sanction = "sanction",
            links = "links",
            sandbox = "sandbox"
        );
        if let Some(f) = self.financials.as_mut() {
            f.locate("financials");
            if let Section::Present(f) = f {
                f.locate();
            }
        }
        if let Some(o) = self.ownership.as_mut() {
            o.locate("ownership");
            if let Section::Present(o) = o {
                o.locate();
            }
        }
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Set by the sandbox on every invented record.
    pub fn is_sandbox(&self) -> bool {
        present(&self.sandbox).is_some_and(|f| f.0)
    }

    /// The unreadable section that `path` lies in (or is), as `(path of the misfit, reason)`.
    pub(crate) fn unreadable_at(&self, path: &str) -> Option<(&str, &str)> {
        let first = path.split(['.', '[']).next().unwrap_or_default();
        let top = match first {
            "keyInformation" => self.key_information.as_ref().and_then(Section::unreadable),
            "address" => self.address.as_ref().and_then(Section::unreadable),
            "financials" => self.financials.as_ref().and_then(Section::unreadable),
            "ownership" => self.ownership.as_ref().and_then(Section::unreadable),
            "authorities" => self.authorities.as_ref().and_then(Section::unreadable),
            "roles" => self.roles.as_ref().and_then(Section::unreadable),
            "sanction" => self.sanction.as_ref().and_then(Section::unreadable),
            "links" => self.links.as_ref().and_then(Section::unreadable),
            "sandbox" => self.sandbox.as_ref().and_then(Section::unreadable),
            _ => None,
        };
        if top.is_some() {
            return top;
        }
        let section = section_of(path);
        let second = section.split_once('.').map(|(_, s)| s)?;
        if first == "financials" {
            present(&self.financials).and_then(|f| f.unreadable(second))
        } else if first == "ownership" {
            present(&self.ownership).and_then(|o| o.unreadable(second))
        } else {
            None
        }
    }

    /// See [`super::availability`]: `Unreadable` when `path` lies in a section that did not
    /// fit; otherwise judged on this typed view re-serialized (an empty node stays empty, an
    /// absent one stays absent).
    pub fn availability(&self, path: &str, requested: &[String]) -> Availability {
        if self.unreadable_at(path).is_some() {
            return Availability::Unreadable;
        }
        raw_availability(&self.to_json(), path, requested)
    }

    /// Every known section ([`ORG_SECTIONS`]) with its availability, then any other section
    /// that was unreadable (`ownership.metadata`, `sandbox`, …).
    pub fn sections(&self, requested: &[String]) -> Vec<SectionInfo> {
        let json = self.to_json();
        let mut out: Vec<SectionInfo> = ORG_SECTIONS
            .iter()
            .map(|p| self.section_info(p, &json, requested))
            .collect();
        for p in self.unreadable_sections() {
            if !out.iter().any(|i| i.path == p) {
                out.push(self.section_info(&p, &json, requested));
            }
        }
        out
    }

    fn section_info(&self, path: &str, json: &Value, requested: &[String]) -> SectionInfo {
        match self.unreadable_at(path) {
            Some((at, why)) => SectionInfo {
                path: path.to_owned(),
                availability: Availability::Unreadable,
                reason: Some(format!("at `{at}`: {why}")),
            },
            None => SectionInfo {
                path: path.to_owned(),
                availability: raw_availability(json, path, requested),
                reason: None,
            },
        }
    }

    /// Paths of the sections that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        let mut out = Vec::new();
        macro_rules! top {
            ($($f:ident = $p:literal),*) => {$(
                if self.$f.as_ref().is_some_and(Section::is_unreadable) { out.push($p.to_owned()) }
            )*};
        }
        top!(
            key_information = "keyInformation",
            address = "address",
            financials = "financials",
            ownership = "ownership",
            authorities = "authorities",
            roles = "roles",
            sanction = "sanction",
            links = "links",
            sandbox = "sandbox"
        );
        if let Some(f) = present(&self.financials) {
            out.extend(
                f.unreadable_sections()
                    .into_iter()
                    .map(|s| format!("financials.{s}")),
            );
        }
        if let Some(o) = present(&self.ownership) {
            out.extend(
                o.unreadable_sections()
                    .into_iter()
                    .map(|s| format!("ownership.{s}")),
            );
        }
        out
    }

    pub fn key(&self) -> Option<&KeyInformation> {
        present(&self.key_information)
    }

    pub fn shareholders(&self) -> &[Shareholder] {
        present(&self.ownership)
            .and_then(|o| present(&o.shareholders))
            .map_or(&[], Vec::as_slice)
    }

    pub fn subsidiaries(&self) -> &[Subsidiary] {
        present(&self.ownership)
            .and_then(|o| present(&o.subsidiaries))
            .map_or(&[], Vec::as_slice)
    }

    pub fn beneficials(&self) -> &[BeneficialOwner] {
        present(&self.ownership)
            .and_then(|o| present(&o.beneficials))
            .map_or(&[], Vec::as_slice)
    }

    pub fn role_list(&self) -> &[OrgRole] {
        present(&self.roles).map_or(&[], |r| r.items.as_slice())
    }

    pub fn sanction_hits(&self) -> &[SanctionHit] {
        present(&self.sanction).map_or(&[], |s| s.hits.as_slice())
    }

    /// The screening hits counted by list kind; see [`HitCounts`].
    pub fn hit_counts(&self) -> HitCounts {
        HitCounts::of(self.sanction_hits())
    }

    pub fn summary(&self) -> OrgSummary {
        let k = self.key();
        let unreadable = self.unreadable_sections();
        let counts = self
            .sanction
            .as_ref()
            .filter(|s| !s.is_unreadable())
            .map(|_| self.hit_counts());
        let pep_requested = self.sanction.is_some()
            || self.roles.is_some()
            || self.ownership.as_ref().is_some_and(|o| match o {
                Section::Present(o) => o.beneficials.is_some() || o.shareholders.is_some(),
                _ => true,
            });
        let pep_count = pep_requested.then(|| {
            let mut names: Vec<String> = Vec::new();
            let mut add = |name: Option<&str>| {
                let n = name.map(de::norm_key).unwrap_or_default();
                if n.is_empty() || !names.contains(&n) {
                    names.push(n);
                }
            };
            for r in self.role_list().iter().filter(|r| r.pep == Some(true)) {
                add(r.display_name().as_deref());
            }
            for b in self.beneficials().iter().filter(|b| b.pep == Some(true)) {
                add(b.display_name().as_deref());
            }
            for s in self.shareholders().iter().filter(|s| s.pep == Some(true)) {
                add(s.name.as_deref());
            }
            for h in self.sanction_hits().iter().filter(|h| h.is_pep()) {
                add(h.name.as_deref());
            }
            u32::try_from(names.len()).unwrap_or(u32::MAX)
        });
        OrgSummary {
            name: k.and_then(|k| k.name.clone()),
            org_number: k.and_then(KeyInformation::identifier),
            country: k.and_then(|k| k.country.clone()),
            legal_form: k
                .and_then(|k| k.organization_type.as_ref())
                .and_then(|t| t.text().map(str::to_owned)),
            status: k.and_then(|k| {
                k.status_code
                    .as_ref()
                    .or(k.status.as_ref())
                    .and_then(|s| s.text().map(str::to_owned))
            }),
            sanction_hits: counts.map(|c| c.sanction),
            pep_hits: counts.map(|c| c.pep),
            pep_count,
            unreadable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// One person on two sanction lists, one on a PEP list who is also a PEP board member: two
    /// sanction-list hits, one PEP-list hit (not also a sanction hit), one PEP person.
    #[test]
    fn summary_counts_sanction_list_and_pep_list_hits_apart() {
        let org = OrgResult::from_json(&json!({
            "keyInformation": {"name": "HAND MADE AS"},
            "roles": {"items": [
                {"type": {"code": "STYR"}, "person": {"name": "Astrid Haugland"}, "pep": true}
            ]},
            "sanction": {"status": "HIT", "hits": [
                {"category": "SANCTION", "name": "Viktor Sanko", "source": "EU_GLOBAL", "matchIndicator": 480},
                {"category": "SANCTION", "name": "Viktor Sanko", "source": "OFAC_SDN", "matchIndicator": 455},
                {"category": "PEP", "name": "Astrid Haugland", "source": "PEP_NORDIC", "matchIndicator": 410},
            ]},
        }))
        .expect("hand-made answer");
        let c = org.hit_counts();
        assert_eq!(
            c,
            HitCounts {
                sanction: 2,
                pep: 1
            }
        );
        assert_eq!(c.total(), 3, "every listed hit counted once");
        let s = org.summary();
        assert_eq!((s.sanction_hits, s.pep_hits), (Some(2), Some(1)));
        assert_eq!(
            s.pep_count,
            Some(1),
            "the PEP role holder and her PEP-list hit are one person"
        );

        // A PEP-list hit known by its source only still is not a sanction hit.
        let only_pep = OrgResult::from_json(
            &json!({"sanction": {"hits": [{"name": "A", "source": "PEP_NORDIC"}]}}),
        )
        .expect("pep only");
        assert_eq!(
            only_pep.hit_counts(),
            HitCounts {
                sanction: 0,
                pep: 1
            }
        );
        // Not requested: unknown, not zero.
        let none = OrgResult::from_json(&json!({"keyInformation": {"name": "X"}})).expect("x");
        assert_eq!(
            (none.summary().sanction_hits, none.summary().pep_hits),
            (None, None)
        );
    }
}
