//! Reviews of screening hits and four-eyes decisions. Both are append-only histories: the latest
//! review of a hit is its disposition, a new decision supersedes the one before it. Every change
//! is audited in the same transaction.
//!
//! The rules (which codes exist, when a decision may be made or confirmed) are the engine's; the
//! store refuses what would make a row meaningless: an unknown disposition or reason code, an
//! empty reviewer, a confirmation of a decision that is not pending, by its own preparer.

use crate::audit;
use crate::cases;
use crate::error::{Result, StoreError};
use crate::util::{atomic, check_non_empty, new_id, not_found, now};
use amldesk_core::review::{Disposition, ReasonCode};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Longest note or reason accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

fn check_len(field: &str, s: &str) -> Result<()> {
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(StoreError::invalid(
            field,
            format!("is longer than {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewHitReview {
    pub case_id: String,
    pub hit_id: String,
    pub fingerprint: String,
    /// `true-match` | `false-positive` | `escalate`.
    pub disposition: String,
    /// A code of `amldesk_core::review::ReasonCode`.
    pub reason_code: String,
    pub note: String,
    pub reviewer: String,
    /// The list's name and date as screened.
    pub list_name: String,
    pub list_date: Option<String>,
    pub hit_name: Option<String>,
    /// The answer the hit was read from.
    pub result_sha256: Option<String>,
}

/// A stored review: what was recorded, with its id and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HitReviewRow {
    pub id: String,
    #[serde(flatten)]
    pub review: NewHitReview,
    pub created_at: String,
}

/// Record a review of one hit; returns the stored row.
pub fn add_hit_review(conn: &Connection, r: &NewHitReview) -> Result<HitReviewRow> {
    Disposition::parse(&r.disposition).map_err(|m| StoreError::invalid("disposition", m))?;
    ReasonCode::parse(&r.reason_code).map_err(|m| StoreError::invalid("reason", m))?;
    check_non_empty("reviewer", &r.reviewer)?;
    check_non_empty("hit", &r.hit_id)?;
    check_len("note", &r.note)?;
    check_len("reviewer", &r.reviewer)?;
    atomic(conn, |c| {
        cases::touch(c, &r.case_id)?;
        let id = new_id();
        let at = now();
        c.execute(
            "INSERT INTO hit_reviews (id, case_id, hit_id, fingerprint, disposition, reason_code,
                 note, reviewer, list_name, list_date, hit_name, result_sha256, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                id,
                r.case_id,
                r.hit_id,
                r.fingerprint,
                r.disposition.trim(),
                r.reason_code.trim(),
                r.note,
                r.reviewer.trim(),
                r.list_name,
                r.list_date,
                r.hit_name,
                r.result_sha256,
                at
            ],
        )?;
        audit::record(
            c,
            Some(&r.case_id),
            "hit.reviewed",
            json!({
                "reviewId": id, "hitId": r.hit_id, "fingerprint": r.fingerprint,
                "disposition": r.disposition.trim(), "reasonCode": r.reason_code.trim(),
                "note": r.note, "reviewer": r.reviewer.trim(), "list": r.list_name,
                "listDate": r.list_date, "hitName": r.hit_name,
            }),
        )?;
        let mut review = r.clone();
        review.disposition = review.disposition.trim().to_owned();
        review.reason_code = review.reason_code.trim().to_owned();
        review.reviewer = review.reviewer.trim().to_owned();
        Ok(HitReviewRow {
            id,
            review,
            created_at: at,
        })
    })
}

/// Every review of a case's hits, oldest first.
pub fn list_hit_reviews(conn: &Connection, case_id: &str) -> Result<Vec<HitReviewRow>> {
    Ok(conn
        .prepare(
            "SELECT id, case_id, hit_id, fingerprint, disposition, reason_code, note, reviewer,
                    list_name, list_date, hit_name, result_sha256, created_at
             FROM hit_reviews WHERE case_id = ?1 ORDER BY seq",
        )?
        .query_map([case_id], |r| {
            Ok(HitReviewRow {
                id: r.get(0)?,
                review: NewHitReview {
                    case_id: r.get(1)?,
                    hit_id: r.get(2)?,
                    fingerprint: r.get(3)?,
                    disposition: r.get(4)?,
                    reason_code: r.get(5)?,
                    note: r.get(6)?,
                    reviewer: r.get(7)?,
                    list_name: r.get(8)?,
                    list_date: r.get(9)?,
                    hit_name: r.get(10)?,
                    result_sha256: r.get(11)?,
                },
                created_at: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDecision {
    pub case_id: String,
    /// `approve` | `reject` | `escalate`.
    pub decision: String,
    pub reason: String,
    pub preparer: String,
    /// With four-eyes the decision is `pending` until a second reviewer confirms it.
    pub four_eyes: bool,
    /// The views as shown when deciding (JSON).
    pub snapshot_json: String,
    pub reader_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRow {
    pub id: String,
    pub case_id: String,
    pub decision: String,
    pub reason: String,
    pub preparer: String,
    pub four_eyes: bool,
    /// `pending` | `final` | `superseded`.
    pub state: String,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    pub snapshot_json: String,
    pub reader_version: String,
    pub created_at: String,
}

const DECISION_COLS: &str = "id, case_id, decision, reason, preparer, four_eyes, state,
    confirmed_by, confirmed_at, snapshot_json, reader_version, created_at";

fn map_decision(r: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRow> {
    Ok(DecisionRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        decision: r.get(2)?,
        reason: r.get(3)?,
        preparer: r.get(4)?,
        four_eyes: r.get(5)?,
        state: r.get(6)?,
        confirmed_by: r.get(7)?,
        confirmed_at: r.get(8)?,
        snapshot_json: r.get(9)?,
        reader_version: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// Record a decision. It supersedes any earlier one of the case; without four-eyes it is final at
/// once (and sets the case's decision), with four-eyes it is pending (the case has no decision
/// until it is confirmed).
pub fn decide(conn: &Connection, d: &NewDecision) -> Result<DecisionRow> {
    if !crate::notes::DECISIONS.contains(&d.decision.as_str()) {
        return Err(StoreError::invalid(
            "decision",
            format!(
                "\"{}\" is not a decision: use approve, reject or escalate",
                d.decision
            ),
        ));
    }
    check_non_empty("reason", &d.reason)?;
    check_non_empty("reviewer", &d.preparer)?;
    check_len("reason", &d.reason)?;
    check_len("reviewer", &d.preparer)?;
    crate::util::check_json("decision snapshot", &d.snapshot_json)?;
    atomic(conn, |c| {
        cases::touch(c, &d.case_id)?;
        c.execute(
            "UPDATE decisions SET state = 'superseded' WHERE case_id = ?1 AND state <> 'superseded'",
            [&d.case_id],
        )?;
        let id = new_id();
        let at = now();
        let state = if d.four_eyes { "pending" } else { "final" };
        c.execute(
            "INSERT INTO decisions (id, case_id, decision, reason, preparer, four_eyes, state,
                 snapshot_json, reader_version, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                d.case_id,
                d.decision,
                d.reason,
                d.preparer.trim(),
                d.four_eyes,
                state,
                d.snapshot_json,
                d.reader_version,
                at
            ],
        )?;
        let final_decision = (!d.four_eyes).then_some(d.decision.as_str());
        c.execute(
            "UPDATE cases SET decision = ?2 WHERE id = ?1",
            params![d.case_id, final_decision],
        )?;
        audit::record(
            c,
            Some(&d.case_id),
            "decision.set",
            json!({
                "decisionId": id, "decision": d.decision, "note": d.reason,
                "reviewer": d.preparer.trim(), "fourEyes": d.four_eyes, "state": state,
                "readerVersion": d.reader_version,
                "snapshotSha256": crate::util::sha256_hex(d.snapshot_json.as_bytes()),
            }),
        )?;
        get_decision(c, &id)
    })
}

/// Confirm the case's pending decision as a second reviewer; it becomes final.
pub fn confirm(conn: &Connection, case_id: &str, reviewer: &str) -> Result<DecisionRow> {
    check_non_empty("reviewer", reviewer)?;
    check_len("reviewer", reviewer)?;
    let reviewer = reviewer.trim();
    atomic(conn, |c| {
        let Some(d) = current_decision(c, case_id)? else {
            return Err(StoreError::invalid(
                "case",
                format!("case {case_id} has no decision to confirm"),
            ));
        };
        if d.state != "pending" {
            return Err(StoreError::invalid(
                "case",
                format!(
                    "the decision of case {case_id} is already final (confirmed by {}); there \
                     is nothing to confirm",
                    d.confirmed_by
                        .as_deref()
                        .unwrap_or("nobody: four-eyes was off")
                ),
            ));
        }
        if d.preparer.eq_ignore_ascii_case(reviewer) {
            return Err(StoreError::invalid(
                "reviewer",
                format!(
                    "{reviewer} prepared this decision and cannot confirm it: four-eyes needs a \
                     second, different reviewer"
                ),
            ));
        }
        cases::touch(c, case_id)?;
        let at = now();
        c.execute(
            "UPDATE decisions SET state = 'final', confirmed_by = ?2, confirmed_at = ?3
             WHERE id = ?1",
            params![d.id, reviewer, at],
        )?;
        c.execute(
            "UPDATE cases SET decision = ?2 WHERE id = ?1",
            params![case_id, d.decision],
        )?;
        audit::record(
            c,
            Some(case_id),
            "decision.confirmed",
            json!({"decisionId": d.id, "decision": d.decision, "preparer": d.preparer,
                   "reviewer": reviewer}),
        )?;
        get_decision(c, &d.id)
    })
}

fn get_decision(conn: &Connection, id: &str) -> Result<DecisionRow> {
    conn.query_row(
        &format!("SELECT {DECISION_COLS} FROM decisions WHERE id = ?1"),
        [id],
        map_decision,
    )
    .optional()?
    .ok_or_else(|| not_found("Decision", id))
}

/// The case's latest decision that is not superseded (pending or final), if any.
pub fn current_decision(conn: &Connection, case_id: &str) -> Result<Option<DecisionRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {DECISION_COLS} FROM decisions WHERE case_id = ?1
                 AND state <> 'superseded' ORDER BY seq DESC LIMIT 1"
            ),
            [case_id],
            map_decision,
        )
        .optional()?)
}

/// Every decision of a case, oldest first (superseded ones included).
pub fn list_decisions(conn: &Connection, case_id: &str) -> Result<Vec<DecisionRow>> {
    Ok(conn
        .prepare(&format!(
            "SELECT {DECISION_COLS} FROM decisions WHERE case_id = ?1 ORDER BY seq"
        ))?
        .query_map([case_id], map_decision)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
