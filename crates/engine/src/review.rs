//! Reviewing, shared by the review use cases and the case view: the hits of the latest
//! screening with the dispositions that still hold, decisions as views, what changed between
//! the last two snapshots, when four-eyes applies, and who the reviewer is by default.

use amldesk_core::model::org::OrgResult;
use amldesk_core::model::Section;
use amldesk_core::review::{self as core_review, CarryOver, Disposition, ReasonCode, ScreenedHit};
use amldesk_store::results::ResultRow;
use amldesk_store::review::{DecisionRow, HitReviewRow};
use amldesk_store::{settings, Store};

use crate::api::*;
use crate::error::{EngineError, Result};

/// The store setting holding [`ReviewSettings`].
pub const SETTINGS_KEY: &str = "review.settings";

/// The answer's screening as the review sees it.
pub struct Screening {
    pub view: HitsView,
    pub hits: Vec<ScreenedHit>,
}

fn disposition_view(r: &HitReviewRow) -> Option<HitDispositionView> {
    // Rows are written through core's lists; a row that does not read is skipped, never guessed.
    let disposition = Disposition::parse(&r.review.disposition).ok()?;
    let reason_code = ReasonCode::parse(&r.review.reason_code).ok()?;
    Some(HitDispositionView {
        disposition,
        reason_code,
        reason_label: reason_code.label().to_owned(),
        note: r.review.note.clone(),
        reviewer: r.review.reviewer.clone(),
        reviewed_at: r.created_at.clone(),
        list: r.review.list_name.clone(),
        list_date: r.review.list_date.clone(),
    })
}

fn prior(r: &HitReviewRow) -> core_review::PriorReview<'_> {
    core_review::PriorReview {
        hit_id: &r.review.hit_id,
        fingerprint: &r.review.fingerprint,
    }
}

/// The hits of `org` (the latest organization answer) with the dispositions that hold.
pub fn screening(org: Option<&ResultRow>, reviews: &[HitReviewRow]) -> Screening {
    let parsed = org.and_then(|r| r.json().ok().map(|v| (r, OrgResult::from_json(&v))));
    let (row, result) = match parsed {
        Some((row, Ok(result))) => (row, result),
        Some((row, Err(e))) => {
            return Screening {
                view: HitsView {
                    availability: HitsAvailability::Unreadable,
                    unreadable_reason: Some(e.to_string()),
                    screened_at: Some(row.fetched_at.clone()),
                    ..HitsView::default()
                },
                hits: vec![],
            }
        }
        None => {
            return Screening {
                view: HitsView::default(),
                hits: vec![],
            }
        }
    };
    let section = match &result.sanction {
        // Asked for but absent: the hits are unknown, never "none" (and never "not requested",
        // which would let a case be approved as if no screening had been asked for).
        None if row
            .requested
            .iter()
            .any(|r| r.trim() == "sanction" || r.trim().starts_with("sanction.")) =>
        {
            return Screening {
                view: HitsView {
                    availability: HitsAvailability::Unreadable,
                    unreadable_reason: Some(
                        "sanction: requested, but not in the answer".to_owned(),
                    ),
                    screened_at: Some(row.fetched_at.clone()),
                    ..HitsView::default()
                },
                hits: vec![],
            };
        }
        None => {
            return Screening {
                view: HitsView::default(),
                hits: vec![],
            }
        }
        Some(s @ Section::Unreadable { .. }) => {
            let reason = s.unreadable().map(|(p, r)| format!("{p}: {r}"));
            return Screening {
                view: HitsView {
                    availability: HitsAvailability::Unreadable,
                    unreadable_reason: reason,
                    screened_at: Some(row.fetched_at.clone()),
                    ..HitsView::default()
                },
                hits: vec![],
            };
        }
        Some(s) => s,
    };
    let hits = core_review::screened_hits(section.present().map_or(&[][..], |s| &s.hits));
    let views: Vec<HitView> = hits
        .iter()
        .map(|h| {
            let (disposition, previous) = match core_review::carry_over(h, reviews, prior) {
                CarryOver::Current(r) => (disposition_view(r), None),
                CarryOver::Changed(r) => (None, disposition_view(r)),
                CarryOver::None => (None, None),
            };
            HitView {
                id: h.id.clone(),
                kind: h.kind,
                list: h.list.clone(),
                list_date: h.list_date.clone(),
                name: h.hit.name.clone(),
                relation: h.hit.relation.clone(),
                match_indicator: h.hit.match_indicator,
                external_id: h.hit.external_id.clone(),
                disposition,
                previous,
            }
        })
        .collect();
    let unreviewed = views.iter().filter(|h| h.disposition.is_none()).count();
    Screening {
        view: HitsView {
            availability: HitsAvailability::Present,
            unreadable_reason: None,
            screened_at: Some(row.fetched_at.clone()),
            hits: views,
            unreviewed: u32::try_from(unreviewed).unwrap_or(u32::MAX),
        },
        hits,
    }
}

pub fn decision_view(d: &DecisionRow) -> Option<DecisionView> {
    let decision = crate::views::decision(&d.decision)?;
    let state = match d.state.as_str() {
        "pending" => DecisionState::Pending,
        "final" => DecisionState::Final,
        _ => return None,
    };
    let mut reviewers = vec![d.preparer.clone()];
    reviewers.extend(d.confirmed_by.clone());
    Some(DecisionView {
        id: d.id.clone(),
        decision,
        reason: d.reason.clone(),
        state,
        reviewers,
        preparer: d.preparer.clone(),
        confirmed_by: d.confirmed_by.clone(),
        decided_at: d.created_at.clone(),
        confirmed_at: d.confirmed_at.clone(),
        four_eyes: d.four_eyes,
        reader_version: d.reader_version.clone(),
        snapshot_sha256: amldesk_store::util::sha256_hex(d.snapshot_json.as_bytes()),
        reviewer_note: DECLARED_REVIEWER.to_owned(),
    })
}

/// The difference between the last two organization answers of `results` (any order).
pub fn changes_view(results: &[ResultRow]) -> ChangesView {
    let mut orgs: Vec<&ResultRow> = results
        .iter()
        .filter(|r| r.kind == "organization")
        .collect();
    orgs.sort_by_key(|r| r.id);
    let snapshots = u32::try_from(orgs.len()).unwrap_or(u32::MAX);
    let [.., prev, cur] = orgs.as_slice() else {
        return ChangesView {
            snapshots,
            current_at: orgs.last().map(|r| r.fetched_at.clone()),
            ..ChangesView::default()
        };
    };
    let read = |r: &ResultRow| r.json().ok().and_then(|v| OrgResult::from_json(&v).ok());
    let changes = match (read(prev), read(cur)) {
        (Some(a), Some(b)) => core_review::changes(&a, &b),
        _ => vec![Change {
            kind: ChangeKind::NotCompared,
            section: String::new(),
            text: "The answers could not be compared: one of them is not a JSON object".into(),
        }],
    };
    ChangesView {
        snapshots,
        previous_at: Some(prev.fetched_at.clone()),
        current_at: Some(cur.fetched_at.clone()),
        changes,
    }
}

// Hook for the register-discrepancy notice (issue 12, "Discrepancy with the register"; not built
// here): once core computes owners under `NO-REG` (branch `ubo`), a `register_notice(graph,
// org) -> Option<RegisterNotice>` belongs next to `changes_view`, comparing those owners with
// `ownership.beneficials` / the register; `get_case` puts it on `CaseDetail` beside `changes`, and
// `set_decision`'s snapshot then carries it. Nothing in this branch claims to compute it.

/// Whether a decision on a case with these hits needs a second reviewer.
pub fn four_eyes_applies(s: &ReviewSettings, hits: &HitsView) -> bool {
    match s.four_eyes {
        FourEyes::Off => false,
        FourEyes::Always => true,
        FourEyes::PepOrSanction => {
            !hits.hits.is_empty() || hits.availability == HitsAvailability::Unreadable
        }
    }
}

pub async fn load_settings(store: &Store) -> Result<ReviewSettings> {
    let v = store
        .read(|c| settings::get_setting(c, SETTINGS_KEY))
        .await?;
    Ok(v.and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default())
}

pub async fn save_settings(store: &Store, s: &ReviewSettings) -> Result<()> {
    if s.retain_years == 0 || s.retain_years > 100 {
        return Err(EngineError::validation(
            "retain years",
            format!("{} is not a number of years from 1 to 100", s.retain_years),
        ));
    }
    let v = serde_json::to_value(s).map_err(|e| EngineError::Internal(e.to_string()))?;
    store
        .write(move |c| {
            settings::set_setting_audited(
                c,
                SETTINGS_KEY,
                &v,
                "setting.changed",
                serde_json::json!({"key": SETTINGS_KEY}),
            )
        })
        .await?;
    Ok(())
}

/// The OS user's name (`USER`, `USERNAME`, `LOGNAME`), if any.
pub fn os_user() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
}

/// The reviewer: the one given, else the profile's, else the OS user.
pub fn reviewer(given: Option<&str>, s: &ReviewSettings) -> Result<String> {
    given
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .or_else(|| s.reviewer.clone().filter(|r| !r.trim().is_empty()))
        .or_else(os_user)
        .ok_or_else(|| {
            EngineError::validation(
                "reviewer",
                "no reviewer name: give one (--reviewer NAME), or set the profile's reviewer",
            )
        })
}

/// Today (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

/// The deletion date: `years` after `ended` (YYYY-MM-DD); 29 February goes to 28 February.
pub fn delete_after(ended: &str, years: u32) -> Result<String> {
    let d = chrono::NaiveDate::parse_from_str(ended.trim(), "%Y-%m-%d").map_err(|_| {
        EngineError::validation(
            "relationship-ended",
            format!("\"{ended}\" is not a date in the form YYYY-MM-DD (e.g. 2026-01-31)"),
        )
    })?;
    d.checked_add_months(chrono::Months::new(years.saturating_mul(12)))
        .map(|d| d.to_string())
        .ok_or_else(|| {
            EngineError::validation("retain years", format!("{years} years is out of range"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_date_is_years_after_the_end() {
        assert_eq!(
            delete_after("2026-01-31", 5).ok().as_deref(),
            Some("2031-01-31")
        );
        assert_eq!(
            delete_after("2024-02-29", 5).ok().as_deref(),
            Some("2029-02-28")
        );
        let e = delete_after("31.01.2026", 5).expect_err("refused");
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn four_eyes_by_setting_and_hits() {
        let none = HitsView {
            availability: HitsAvailability::Present,
            ..HitsView::default()
        };
        let unreadable = HitsView {
            availability: HitsAvailability::Unreadable,
            ..HitsView::default()
        };
        let s = |f| ReviewSettings {
            four_eyes: f,
            ..ReviewSettings::default()
        };
        assert!(!four_eyes_applies(&s(FourEyes::PepOrSanction), &none));
        assert!(four_eyes_applies(&s(FourEyes::PepOrSanction), &unreadable));
        assert!(four_eyes_applies(&s(FourEyes::Always), &none));
        assert!(!four_eyes_applies(&s(FourEyes::Off), &unreadable));
    }
}
