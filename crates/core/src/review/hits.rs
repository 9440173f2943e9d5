//! A screening hit's identity and the carry-over of its review.
//!
//! * The hit **id** names the same listing of the same matched subject across runs: it is derived
//!   from the list (`source`), the listed entity (`externalId`, and the listed name, since a
//!   provider may reuse an external id across lists) and the matched subject (`relation`, how
//!   the hit relates to the case's subject). Two identical hits in one answer get `-2`, `-3`.
//! * The **fingerprint** covers what a reviewer looked at: the id's parts plus the listed
//!   record's `lastUpdate` and the matched attributes (aliases, addresses, match indicator,
//!   category, first update). A disposition carries over to a later run only while the
//!   fingerprint is unchanged; otherwise the hit is unreviewed again (and says what it was).

use crate::model::org::SanctionHit;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// One hit as the review sees it: its id, fingerprint, and the list as screened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScreenedHit {
    pub id: String,
    pub fingerprint: String,
    /// `sanction` or `pep` (core's one definition, [`SanctionHit::is_pep`]).
    pub kind: HitKind,
    /// The list's name as screened (`EU_GLOBAL`, `PEP_NORDIC`, …); empty when upstream gives none.
    pub list: String,
    /// The listed record's `lastUpdate` as screened.
    pub list_date: Option<String>,
    /// The position of this hit in the answer's `sanction.hits`.
    pub index: usize,
    pub hit: SanctionHit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HitKind {
    Sanction,
    Pep,
}

fn digest(parts: &[&str]) -> String {
    // Length-prefixed so that no two different part lists hash alike.
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn identity_parts(h: &SanctionHit) -> [String; 4] {
    [
        h.source
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        opt(&h.external_id).to_owned(),
        opt(&h.name).trim().to_owned(),
        opt(&h.relation).trim().to_owned(),
    ]
}

/// The attributes a reviewer decided on, in a fixed order (floats as their shortest text).
fn fingerprint(h: &SanctionHit) -> String {
    let id = identity_parts(h);
    let addresses: Vec<String> = h
        .address_list
        .iter()
        .map(|a| {
            [
                &a.street,
                &a.post_code,
                &a.city,
                &a.country_name,
                &a.country_code,
            ]
            .iter()
            .map(|s| opt(s))
            .collect::<Vec<_>>()
            .join("\u{1f}")
        })
        .collect();
    let indicator = h.match_indicator.map(|m| m.to_string()).unwrap_or_default();
    let mut parts: Vec<&str> = id.iter().map(String::as_str).collect();
    parts.push(opt(&h.last_update));
    parts.push(opt(&h.first_update));
    parts.push(&indicator);
    parts.push(opt(&h.category));
    let aliases = h.alias_list.join("\u{1f}");
    parts.push(&aliases);
    let addresses = addresses.join("\u{1e}");
    parts.push(&addresses);
    digest(&parts)
}

/// The hits of one answer with their ids and fingerprints, in answer order.
pub fn screened_hits(hits: &[SanctionHit]) -> Vec<ScreenedHit> {
    let mut out: Vec<ScreenedHit> = Vec::with_capacity(hits.len());
    for (index, h) in hits.iter().enumerate() {
        let parts = identity_parts(h);
        let base = format!(
            "h-{}",
            &digest(&parts.iter().map(String::as_str).collect::<Vec<_>>())[..12]
        );
        let same = out
            .iter()
            .filter(|o| o.id == base || o.id.starts_with(&format!("{base}-")))
            .count();
        let id = if same == 0 {
            base
        } else {
            format!("{base}-{}", same + 1)
        };
        out.push(ScreenedHit {
            id,
            fingerprint: fingerprint(h),
            kind: if h.is_pep() {
                HitKind::Pep
            } else {
                HitKind::Sanction
            },
            list: parts[0].clone(),
            list_date: h.last_update.clone(),
            index,
            hit: h.clone(),
        });
    }
    out
}

/// A reviewer's disposition of one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    TrueMatch,
    FalsePositive,
    Escalate,
}

impl Disposition {
    pub const ALL: [Disposition; 3] = [
        Disposition::TrueMatch,
        Disposition::FalsePositive,
        Disposition::Escalate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::TrueMatch => "true-match",
            Disposition::FalsePositive => "false-positive",
            Disposition::Escalate => "escalate",
        }
    }

    /// Reads `true-match`, `false-positive` or `escalate`; the error says what is expected.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str() == s.trim())
            .ok_or_else(|| {
                format!("\"{s}\" is not a disposition: use true-match, false-positive or escalate")
            })
    }
}

/// Why a hit was disposed of as it was: the one fixed list (the CLI, the window and the store
/// all use this one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    ExactIdentifierMatch,
    NameOnlyMatch,
    DifferentDateOfBirth,
    DifferentNationality,
    DifferentPersonSameName,
    ListedEntityNotSubject,
    NeedsMoreInformation,
    Other,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 8] = [
        ReasonCode::ExactIdentifierMatch,
        ReasonCode::NameOnlyMatch,
        ReasonCode::DifferentDateOfBirth,
        ReasonCode::DifferentNationality,
        ReasonCode::DifferentPersonSameName,
        ReasonCode::ListedEntityNotSubject,
        ReasonCode::NeedsMoreInformation,
        ReasonCode::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::ExactIdentifierMatch => "exact_identifier_match",
            ReasonCode::NameOnlyMatch => "name_only_match",
            ReasonCode::DifferentDateOfBirth => "different_date_of_birth",
            ReasonCode::DifferentNationality => "different_nationality",
            ReasonCode::DifferentPersonSameName => "different_person_same_name",
            ReasonCode::ListedEntityNotSubject => "listed_entity_not_subject",
            ReasonCode::NeedsMoreInformation => "needs_more_information",
            ReasonCode::Other => "other",
        }
    }

    /// Words for the window and the summary.
    pub fn label(self) -> &'static str {
        match self {
            ReasonCode::ExactIdentifierMatch => "Exact identifier match",
            ReasonCode::NameOnlyMatch => "Name-only match",
            ReasonCode::DifferentDateOfBirth => "Different date of birth",
            ReasonCode::DifferentNationality => "Different nationality",
            ReasonCode::DifferentPersonSameName => "Different person, same name",
            ReasonCode::ListedEntityNotSubject => "Listed entity is not the subject",
            ReasonCode::NeedsMoreInformation => "Needs more information",
            ReasonCode::Other => "Other (see note)",
        }
    }

    /// Reads a code of the list; the error names every code.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| {
                format!(
                    "\"{s}\" is not a reason code: use one of {}",
                    Self::ALL.map(ReasonCode::as_str).join(", ")
                )
            })
    }
}

/// A stored review of a hit, as the carry-over needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorReview<'a> {
    pub hit_id: &'a str,
    pub fingerprint: &'a str,
}

/// What the latest review of a hit means for the hit as it stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarryOver<T> {
    /// Reviewed, and the listed record and the matched attributes are as they were.
    Current(T),
    /// Reviewed once, but the listing or the match changed since: unreviewed again.
    Changed(T),
    /// Never reviewed.
    None,
}

/// The latest review of `hit` among `reviews` (oldest first) and whether it still holds.
pub fn carry_over<'r, T>(
    hit: &ScreenedHit,
    reviews: &'r [T],
    key: impl Fn(&T) -> PriorReview<'_>,
) -> CarryOver<&'r T> {
    match reviews.iter().rev().find(|r| key(r).hit_id == hit.id) {
        Some(r) if key(r).fingerprint == hit.fingerprint => CarryOver::Current(r),
        Some(r) => CarryOver::Changed(r),
        None => CarryOver::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::org::SanctionSource;

    fn hit(source: &str, ext: &str, name: &str, relation: &str) -> SanctionHit {
        SanctionHit {
            source: Some(SanctionSource::parse(source)),
            external_id: Some(ext.into()),
            name: Some(name.into()),
            relation: Some(relation.into()),
            last_update: Some("2025-11-02T00:00:00".into()),
            match_indicator: Some(480.0),
            ..SanctionHit::default()
        }
    }

    #[test]
    fn ids_are_stable_and_distinct_per_list_entity_and_subject() {
        let a = hit("EU_GLOBAL", "X1", "Viktor Sanko", "Shareholder (10 %) of B");
        let b = hit("OFAC_SDN", "X1", "Viktor Sanko", "Shareholder (10 %) of B");
        let c = hit("EU_GLOBAL", "X1", "Viktor Sanko", "CEO of C");
        let d = hit("EU_GLOBAL", "X2", "Viktor Sanko", "Shareholder (10 %) of B");
        let first = screened_hits(&[a.clone(), b.clone(), c.clone(), d.clone()]);
        let again = screened_hits(&[a, b, c, d]);
        assert_eq!(first, again, "same answer, same ids");
        let ids: std::collections::HashSet<_> = first.iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids.len(), 4, "{first:?}");
        assert!(first
            .iter()
            .all(|h| h.id.starts_with("h-") && h.id.len() == 14));
    }

    #[test]
    fn identical_hits_in_one_answer_are_numbered() {
        let a = hit("EU_GLOBAL", "X1", "A", "r");
        let s = screened_hits(&[a.clone(), a.clone(), a]);
        assert_eq!(s[1].id, format!("{}-2", s[0].id));
        assert_eq!(s[2].id, format!("{}-3", s[0].id));
    }

    #[derive(Debug, PartialEq)]
    struct R(String, String);

    fn key(r: &R) -> PriorReview<'_> {
        PriorReview {
            hit_id: &r.0,
            fingerprint: &r.1,
        }
    }

    #[test]
    fn carry_over_only_while_listing_and_match_are_unchanged() {
        let base = hit("EU_GLOBAL", "X1", "Viktor Sanko", "Shareholder (10 %) of B");
        let before = &screened_hits(std::slice::from_ref(&base))[0];
        let mut reviewed = vec![R(before.id.clone(), before.fingerprint.clone())];
        type Edit = Box<dyn Fn(&mut SanctionHit)>;
        let cases: Vec<(&str, Edit, bool)> = vec![
            ("unchanged", Box::new(|_| {}), true),
            (
                "lastUpdate changed",
                Box::new(|h| h.last_update = Some("2026-01-01T00:00:00".into())),
                false,
            ),
            (
                "match indicator changed",
                Box::new(|h| h.match_indicator = Some(300.0)),
                false,
            ),
            (
                "alias added",
                Box::new(|h| h.alias_list.push("V. Sanko".into())),
                false,
            ),
            (
                "comment changed (not an attribute matched on)",
                Box::new(|h| h.comment = Some("new".into())),
                true,
            ),
        ];
        for (what, change, carries) in cases {
            let mut h = base.clone();
            change(&mut h);
            let now = &screened_hits(&[h])[0];
            assert_eq!(now.id, before.id, "{what}: the same hit");
            let got = carry_over(now, &reviewed, key);
            assert_eq!(
                matches!(got, CarryOver::Current(_)),
                carries,
                "{what}: {got:?}"
            );
            if !carries {
                assert!(matches!(got, CarryOver::Changed(_)), "{what}");
            }
        }
        // A later review supersedes the earlier one.
        let mut h = base.clone();
        h.match_indicator = Some(300.0);
        let now = &screened_hits(&[h])[0];
        reviewed.push(R(now.id.clone(), now.fingerprint.clone()));
        assert!(matches!(
            carry_over(now, &reviewed, key),
            CarryOver::Current(_)
        ));
        // A hit never reviewed.
        let other = &screened_hits(&[hit("PEP_NORDIC", "", "Astrid", "Chair")])[0];
        assert_eq!(carry_over(other, &reviewed, key), CarryOver::None);
    }

    #[test]
    fn codes_and_dispositions_parse_or_name_the_expected_form() {
        for c in ReasonCode::ALL {
            assert_eq!(ReasonCode::parse(c.as_str()), Ok(c));
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::String(c.as_str().into()))
            );
        }
        for d in Disposition::ALL {
            assert_eq!(Disposition::parse(d.as_str()), Ok(d));
            assert_eq!(
                serde_json::to_value(d).ok(),
                Some(serde_json::Value::String(d.as_str().into()))
            );
        }
        let e = ReasonCode::parse("looks_fine").expect_err("refused");
        assert!(
            e.contains("looks_fine") && e.contains("name_only_match"),
            "{e}"
        );
        let e = Disposition::parse("maybe").expect_err("refused");
        assert!(e.contains("true-match, false-positive or escalate"), "{e}");
    }
}
