//! Batches: a file of subjects, one case per accepted row, created in one transaction.

use std::collections::HashMap;

use crate::audit;
use crate::cases::{self, Subject};
use crate::error::{Result, StoreError};
use crate::sessions::SessionState;
use crate::util::{atomic, check_environment, check_json, new_id, not_found, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBatchRow {
    /// 1-based line number in the file.
    pub line: u32,
    pub subject: Subject,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchInfo {
    pub id: String,
    pub file_name: Option<String>,
    pub environment: String,
    /// The rows refused at import, as the engine described them (JSON array).
    pub rejected_json: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchRowState {
    pub line: u32,
    pub case_id: String,
    pub identifier_display: String,
    pub subject_name: Option<String>,
    /// Aggregate of the row's batch sessions: the least advanced unfinished state if any is
    /// unfinished, else failed > expired > cancelled > done; `planned` when it has none yet.
    pub state: SessionState,
    /// Error of the failed/expired session, if that decides the state.
    pub error_json: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchCounts {
    pub total: u32,
    pub planned: u32,
    /// created, polling, ready, downloaded.
    pub running: u32,
    pub done: u32,
    pub failed: u32,
    pub expired: u32,
    pub cancelled: u32,
}

/// Create the batch and one case per row (all or nothing). Returns the batch id and the case ids
/// in row order.
pub fn create_batch(
    conn: &Connection,
    file_name: Option<&str>,
    environment: &str,
    rows: &[NewBatchRow],
    rejected_json: &str,
) -> Result<(String, Vec<String>)> {
    check_environment(environment)?;
    check_json("rejected rows", rejected_json)?;
    let mut lines = std::collections::HashSet::new();
    for r in rows {
        if !lines.insert(r.line) {
            return Err(StoreError::invalid(
                "batch",
                format!("line {} appears twice", r.line),
            ));
        }
    }
    atomic(conn, |c| {
        let id = new_id();
        c.execute(
            "INSERT INTO batches (id, file_name, environment, rejected_json, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, file_name, environment, rejected_json, now()],
        )?;
        audit::record(
            c,
            None,
            "batch.created",
            json!({"batchId": id, "fileName": file_name, "rows": rows.len()}),
        )?;
        let mut case_ids = Vec::with_capacity(rows.len());
        for r in rows {
            let case_id = cases::insert_case(c, &r.subject, environment, Some(&id))?;
            c.execute(
                "INSERT INTO batch_rows (batch_id, line, case_id) VALUES (?1, ?2, ?3)",
                params![id, r.line, case_id],
            )?;
            case_ids.push(case_id);
        }
        Ok((id, case_ids))
    })
}

pub fn get_batch(conn: &Connection, batch_id: &str) -> Result<BatchInfo> {
    conn.query_row(
        "SELECT id, file_name, environment, rejected_json, created_at FROM batches WHERE id = ?1",
        [batch_id],
        |r| {
            Ok(BatchInfo {
                id: r.get(0)?,
                file_name: r.get(1)?,
                environment: r.get(2)?,
                rejected_json: r.get(3)?,
                created_at: r.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| not_found("Batch", batch_id))
}

pub fn list_batches(conn: &Connection) -> Result<Vec<BatchInfo>> {
    Ok(conn
        .prepare(
            "SELECT id, file_name, environment, rejected_json, created_at FROM batches
             ORDER BY created_at DESC",
        )?
        .query_map([], |r| {
            Ok(BatchInfo {
                id: r.get(0)?,
                file_name: r.get(1)?,
                environment: r.get(2)?,
                rejected_json: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn rank(s: SessionState) -> u8 {
    // Lower = decides the row's state first.
    match s {
        SessionState::Planned => 0,
        SessionState::Sending | SessionState::Created => 1,
        SessionState::Polling => 2,
        SessionState::Ready => 3,
        SessionState::Downloaded => 4,
        SessionState::Failed => 5,
        SessionState::Expired => 6,
        SessionState::Cancelled => 7,
        SessionState::Done => 8,
    }
}

/// Rows with their aggregate state, in line order.
pub fn list_batch_rows(conn: &Connection, batch_id: &str) -> Result<Vec<BatchRowState>> {
    get_batch(conn, batch_id)?;
    let mut rows: Vec<BatchRowState> = conn
        .prepare(
            "SELECT br.line, br.case_id, s.identifier_display, s.name
             FROM batch_rows br JOIN cases c ON c.id = br.case_id
             JOIN subjects s ON s.id = c.subject_id
             WHERE br.batch_id = ?1 ORDER BY br.line",
        )?
        .query_map([batch_id], |r| {
            Ok(BatchRowState {
                line: r.get(0)?,
                case_id: r.get(1)?,
                identifier_display: r.get(2)?,
                subject_name: r.get(3)?,
                state: SessionState::Planned,
                error_json: None,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // The batch's sessions in one scan (a query per row was quadratic in the batch's size).
    let mut by_case: HashMap<String, Vec<(SessionState, Option<String>)>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT case_id, state, error_json FROM sessions WHERE batch_id = ?1 ORDER BY seq",
    )?;
    let sessions = stmt.query_map([batch_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, SessionState>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for s in sessions {
        let (case_id, state, err) = s?;
        by_case.entry(case_id).or_default().push((state, err));
    }
    for row in &mut rows {
        let sessions = by_case.get(&row.case_id).map(Vec::as_slice).unwrap_or(&[]);
        if let Some((state, err)) = sessions.iter().min_by_key(|(s, _)| rank(*s)) {
            row.state = *state;
            row.error_json = err
                .clone()
                .filter(|_| matches!(state, SessionState::Failed | SessionState::Expired));
        }
    }
    Ok(rows)
}

pub fn batch_counts(conn: &Connection, batch_id: &str) -> Result<BatchCounts> {
    get_batch(conn, batch_id)?;
    // Each row's state as `list_batch_rows` gives it (its sessions' lowest rank), from two
    // indexed scans (the sessions' one reads the index `sessions_batch_case_state` only):
    // this runs at every session's end, and a query per row made a batch of 5,000 quadratic
    // (six sessions a minute, the reader threads decrypting the same pages).
    let lines: Vec<String> = conn
        .prepare("SELECT case_id FROM batch_rows WHERE batch_id = ?1")?
        .query_map([batch_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut state: HashMap<&str, Option<SessionState>> =
        lines.iter().map(|c| (c.as_str(), None)).collect();
    let mut stmt = conn.prepare("SELECT case_id, state FROM sessions WHERE batch_id = ?1")?;
    let sessions = stmt.query_map([batch_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, SessionState>(1)?))
    })?;
    for s in sessions {
        let (case_id, st) = s?;
        if let Some(slot) = state.get_mut(case_id.as_str()) {
            if slot.is_none_or(|cur| rank(st) < rank(cur)) {
                *slot = Some(st);
            }
        }
    }
    // One row per line (a case on several lines counts on each).
    let mut c = BatchCounts {
        total: lines.len() as u32,
        ..BatchCounts::default()
    };
    for case_id in &lines {
        let slot = match state.get(case_id.as_str()).copied().flatten() {
            None | Some(SessionState::Planned) => &mut c.planned,
            Some(
                SessionState::Sending
                | SessionState::Created
                | SessionState::Polling
                | SessionState::Ready
                | SessionState::Downloaded,
            ) => &mut c.running,
            Some(SessionState::Done) => &mut c.done,
            Some(SessionState::Failed) => &mut c.failed,
            Some(SessionState::Expired) => &mut c.expired,
            Some(SessionState::Cancelled) => &mut c.cancelled,
        };
        *slot += 1;
    }
    Ok(c)
}
