//! Results: the upstream JSON kept byte for byte, with provenance and typed extracts for listing
//! and search.

use crate::audit;
use crate::cases::{self, CaseExtracts};
use crate::error::{Result, StoreError};
use crate::util::{atomic, check_environment, check_time, not_found, sha256_hex};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const RESULT_KINDS: [&str; 5] = [
    "organization",
    "beneficial",
    "amlyze",
    "amlyzeEvent",
    "peer",
];

/// What the engine pulled out of a result for listing and search. All optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResultExtracts {
    /// The subject's name as upstream has it; updates the case.
    pub subject_name: Option<String>,
    /// Other names to find the case by (shareholders, subsidiaries, former names).
    pub names: Vec<String>,
    /// Other numbers (org numbers of shareholders, subsidiaries, LEI, DUNS).
    pub identifiers: Vec<String>,
    /// People named in the result (roles, beneficial owners, signatories).
    pub people: Vec<String>,
    /// Role lines, e.g. `CEO: Anders Opedal`.
    pub roles: Vec<String>,
    /// Names on sanction hits.
    pub sanction_hit_names: Vec<String>,
    /// `NONE|LOW|MEDIUM|HIGH|EXTREME` when the result tells it.
    pub risk: Option<String>,
    pub sanction_hits: Option<u32>,
    pub pep_hits: Option<u32>,
    /// Sections of an organization answer that could not be read; `None` for other kinds.
    #[serde(default)]
    pub unreadable: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResult<'a> {
    pub session_id: &'a str,
    pub case_id: &'a str,
    /// One of [`RESULT_KINDS`].
    pub kind: &'a str,
    /// The body exactly as received.
    pub raw_json: &'a [u8],
    /// The expands/reports requested (`address`, `roles`, …).
    pub requested: &'a [String],
    pub fetched_at: &'a str,
    pub environment: &'a str,
    pub extracts: &'a ResultExtracts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultRow {
    pub id: i64,
    pub session_id: String,
    pub case_id: String,
    pub kind: String,
    #[serde(skip)]
    pub raw_json: Vec<u8>,
    pub sha256: String,
    pub requested: Vec<String>,
    pub fetched_at: String,
    pub environment: String,
    pub extracts: ResultExtracts,
}

impl ResultRow {
    /// Parse the raw body (it was valid JSON when stored).
    pub fn json(&self) -> Result<serde_json::Value> {
        Ok(serde_json::from_slice(&self.raw_json)?)
    }
}

/// Store a result, update the case's extracts and search index, and audit it, atomically.
/// Returns the SHA-256 (hex) of the raw body.
pub fn put_result(conn: &Connection, r: &NewResult<'_>) -> Result<String> {
    if !RESULT_KINDS.contains(&r.kind) {
        return Err(StoreError::invalid(
            "result kind",
            format!(
                "\"{}\" is not a result kind: use {}",
                r.kind,
                RESULT_KINDS.join(", ")
            ),
        ));
    }
    check_time("fetched at", r.fetched_at)?;
    check_environment(r.environment)?;
    serde_json::from_slice::<serde::de::IgnoredAny>(r.raw_json)
        .map_err(|e| StoreError::invalid("result body", format!("is not valid JSON ({e})")))?;
    let sha = sha256_hex(r.raw_json);
    atomic(conn, |c| {
        let session_case: String = c
            .query_row(
                "SELECT case_id FROM sessions WHERE id = ?1",
                [r.session_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| not_found("Session", r.session_id))?;
        if session_case != r.case_id {
            return Err(StoreError::invalid(
                "case",
                format!(
                    "session {} belongs to case {session_case}, not {}",
                    r.session_id, r.case_id
                ),
            ));
        }
        c.execute(
            "INSERT INTO results (session_id, case_id, kind, raw_json, sha256, requested_json,
                fetched_at, environment, extracts_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.session_id,
                r.case_id,
                r.kind,
                r.raw_json,
                sha,
                serde_json::to_string(r.requested)?,
                r.fetched_at,
                r.environment,
                serde_json::to_string(r.extracts)?
            ],
        )?;
        audit::record(
            c,
            Some(r.case_id),
            "result.stored",
            json!({"sessionId": r.session_id, "kind": r.kind, "sha256": sha,
                   "bytes": r.raw_json.len(), "environment": r.environment}),
        )?;
        cases::update_extracts(
            c,
            r.case_id,
            &CaseExtracts {
                subject_name: r.extracts.subject_name.clone(),
                risk: r.extracts.risk.clone(),
                sanction_hits: r.extracts.sanction_hits,
                pep_hits: r.extracts.pep_hits,
                fetched_at: Some(r.fetched_at.to_owned()),
                unreadable: r.extracts.unreadable.clone(),
            },
        )?;
        Ok(sha.clone())
    })
}

const COLS: &str = "id, session_id, case_id, kind, raw_json, sha256, requested_json, fetched_at,
    environment, extracts_json";

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ResultRow, String, String)> {
    Ok((
        ResultRow {
            id: r.get(0)?,
            session_id: r.get(1)?,
            case_id: r.get(2)?,
            kind: r.get(3)?,
            raw_json: r.get(4)?,
            sha256: r.get(5)?,
            requested: Vec::new(),
            fetched_at: r.get(7)?,
            environment: r.get(8)?,
            extracts: ResultExtracts::default(),
        },
        r.get(6)?,
        r.get(9)?,
    ))
}

fn finish((mut row, requested, extracts): (ResultRow, String, String)) -> Result<ResultRow> {
    row.requested = serde_json::from_str(&requested)?;
    row.extracts = serde_json::from_str(&extracts)?;
    if sha256_hex(&row.raw_json) != row.sha256 {
        return Err(StoreError::DocumentCorrupt { sha256: row.sha256 });
    }
    Ok(row)
}

/// The most recent result of `kind` for a case.
pub fn latest_result(conn: &Connection, case_id: &str, kind: &str) -> Result<Option<ResultRow>> {
    conn.query_row(
        &format!(
            "SELECT {COLS} FROM results WHERE case_id = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1"
        ),
        params![case_id, kind],
        map_row,
    )
    .optional()?
    .map(finish)
    .transpose()
}

/// Every result of a case (optionally one kind), oldest first (history, diffs, Amlyze events).
pub fn list_results(
    conn: &Connection,
    case_id: &str,
    kind: Option<&str>,
) -> Result<Vec<ResultRow>> {
    conn.prepare(&format!(
        "SELECT {COLS} FROM results WHERE case_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY id"
    ))?
    .query_map(params![case_id, kind], map_row)?
    .map(|r| finish(r?))
    .collect()
}
