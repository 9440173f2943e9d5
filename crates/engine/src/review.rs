//! Reviewing, shared by the review use cases and the case view: the hits of the latest
//! screening with the dispositions that still hold, decisions as views, what changed between
//! the last two snapshots, the register-discrepancy notice, when four-eyes applies, and who the
//! reviewer is by default.

use amldesk_core::model::org::OrgResult;
use amldesk_core::model::Section;
use amldesk_core::review::{
    self as core_review, CarryOver, DiscrepancyView, Disposition, EvidenceReport, NoticeEvidence,
    ReasonCode, ScreenedHit, SourceState,
};
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

/// The register-discrepancy notice of an organization case: the register's lists (the
/// organization answer's `ownership.beneficials`, the beneficial-owners API's list) against the
/// owners computed under `NO-REG` from the ownership data (`c`), each source with whether it
/// could be read; core decides and words it.
pub(crate) fn discrepancy(
    summary: &CaseSummary,
    c: &crate::usecase::get_ownership::Computed,
    docs: &[DocumentView],
) -> DiscrepancyView {
    use amldesk_core::model::org::OwnershipNode;
    use amldesk_core::ownership::company_id;
    use amldesk_core::review::{DiscrepancyInput, NoticeSubject, RegisterSource};

    let evidence = |r: &ResultRow, source: &str, section: &str, about, state| {
        let mut reports: Vec<EvidenceReport> = docs
            .iter()
            .filter(|d| d.session_id == r.session_id && d.media_type == "application/pdf")
            .map(|d| EvidenceReport {
                title: d.title.clone(),
                sha256: d.sha256.clone(),
                fetched_at: d.fetched_at.clone(),
            })
            .collect();
        // Reports of one lookup can arrive in either order: name them in one.
        reports.sort_by(|a, b| (&a.title, &a.sha256).cmp(&(&b.title, &b.sha256)));
        NoticeEvidence {
            source: source.to_owned(),
            section: section.to_owned(),
            about,
            session_id: r.session_id.clone(),
            fetched_at: r.fetched_at.clone(),
            environment: r.environment.clone(),
            answer_sha256: r.sha256.clone(),
            reports,
            state,
        }
    };
    const ORG: &str = "BankID AML Organization API";
    const BO: &str = "BankID Beneficial owners API";
    let mut register = Vec::new();
    let mut ownership = Vec::new();
    if let Some((row, parsed)) = &c.subject_org {
        let (beneficials, shareholders) = match parsed {
            Ok(o) => (
                nested(&o.ownership, |n: &OwnershipNode| n.beneficials.as_ref()),
                nested(&o.ownership, |n: &OwnershipNode| n.shareholders.as_ref()),
            ),
            Err(e) => (
                SourceState::Unreadable { reason: e.clone() },
                SourceState::Unreadable { reason: e.clone() },
            ),
        };
        register.push(RegisterSource {
            key: "organization".into(),
            evidence: evidence(row, ORG, "ownership.beneficials", None, beneficials),
        });
        ownership.push(evidence(
            row,
            ORG,
            "ownership.shareholders",
            None,
            shareholders,
        ));
    }
    if let Some((row, parsed)) = &c.bo {
        let (section, list, map) = match parsed {
            Err(e) => (
                "beneficialOwners",
                SourceState::Unreadable { reason: e.clone() },
                Some(SourceState::Unreadable { reason: e.clone() }),
            ),
            // An answer about another organization is not this subject's register entry.
            Ok(b)
                if b.org_number()
                    .is_some_and(|n| company_id(n) != company_id(&summary.identifier)) =>
            {
                ("beneficialOwners", SourceState::Missing, None)
            }
            Ok(b) => {
                let (section, list) = match &b.beneficial_owners {
                    Some(s) => ("beneficialOwners", state(Some(s))),
                    None => {
                        match nested(&b.ownership, |n: &OwnershipNode| n.beneficials.as_ref()) {
                            // The graph compares with a list found there only when it names someone.
                            SourceState::Read if b.owners().is_empty() => {
                                ("ownership.beneficials", SourceState::Missing)
                            }
                            st => ("ownership.beneficials", st),
                        }
                    }
                };
                (
                    section,
                    list,
                    b.ownership_map.as_ref().map(|m| state(Some(m))),
                )
            }
        };
        register.push(RegisterSource {
            key: "beneficialOwners".into(),
            evidence: evidence(row, BO, section, None, list),
        });
        if let Some(m) = map {
            ownership.push(evidence(row, BO, "ownershipMap", None, m));
        }
    }
    // Intermediate owners' answers from other cases: those the graph drew above the subject.
    if let Ok(g) = &c.graph {
        for (row, o) in &c.related {
            let Some(k) = o.key() else { continue };
            let Some(n) = k.identifier() else { continue };
            let id = company_id(&n);
            let above = g
                .nodes
                .iter()
                .any(|x| x.id == id && !x.is_subject && x.depth.is_some_and(|d| d > 0));
            let st = nested(&o.ownership, |n: &OwnershipNode| n.shareholders.as_ref());
            if above && st != SourceState::Missing {
                let about = format!("{} ({n})", k.name.as_deref().unwrap_or("unnamed"));
                ownership.push(evidence(
                    row,
                    ORG,
                    "ownership.shareholders",
                    Some(about),
                    st,
                ));
            }
        }
    }
    let graph = c.graph.as_ref().map_err(ToString::to_string);
    core_review::discrepancy::assess(DiscrepancyInput {
        subject: NoticeSubject {
            name: summary
                .subject_name
                .clone()
                .unwrap_or_else(|| summary.identifier_display.clone()),
            identifier: summary.identifier.clone(),
            identifier_display: summary.identifier_display.clone(),
            country: summary.country.map(|c| c.code().to_owned()),
        },
        graph,
        register,
        ownership,
        sandbox: summary.environment == EnvironmentKind::Sandbox,
    })
}

/// A section's state: absent is missing; empty ("searched, nothing found") is read.
fn state<T>(s: Option<&Section<T>>) -> SourceState {
    match s {
        None => SourceState::Missing,
        Some(s) => match s.unreadable() {
            Some((path, reason)) => SourceState::Unreadable {
                reason: format!("{path}: {reason}"),
            },
            None => SourceState::Read,
        },
    }
}

/// A section under `ownership` (each second-level key is a section of its own).
fn nested<T>(
    own: &Option<Section<amldesk_core::model::org::OwnershipNode>>,
    pick: impl Fn(&amldesk_core::model::org::OwnershipNode) -> Option<&Section<T>>,
) -> SourceState {
    match own {
        None | Some(Section::Empty) => SourceState::Missing,
        Some(Section::Present(o)) => state(pick(o)),
        Some(s) => state(Some(s)),
    }
}

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

/// Saves the review settings after checking each field (an error names the field and what is
/// expected); the change is audited with the new values (none of them is a secret).
pub async fn save_settings(store: &Store, s: &ReviewSettings) -> Result<()> {
    if s.retain_years == 0 || s.retain_years > 100 {
        return Err(EngineError::validation(
            "retention years",
            format!(
                "Retention years: {} is not a number of years from 1 to 100.",
                s.retain_years
            ),
        ));
    }
    let mut s = s.clone();
    s.reviewer = s
        .reviewer
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if let Some(r) = &s.reviewer {
        if r.chars().count() > 100 || r.chars().any(char::is_control) {
            return Err(EngineError::validation(
                "reviewer",
                "Reviewer name: give a name of at most 100 characters on one line (empty: the \
                 OS user).",
            ));
        }
    }
    let v = serde_json::to_value(&s).map_err(|e| EngineError::Internal(e.to_string()))?;
    let detail = serde_json::json!({"key": SETTINGS_KEY, "value": v.clone()});
    store
        .write(move |c| {
            settings::set_setting_audited(c, SETTINGS_KEY, &v, "setting.changed", detail)
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
