//! Notes and decisions. A decision is a note that also sets the case's decision; both are audited.

use crate::audit;
use crate::cases;
use crate::error::{Result, StoreError};
use crate::util::{atomic, new_id, not_found, now};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const DECISIONS: [&str; 3] = ["approve", "reject", "escalate"];

/// Longest note accepted, in characters.
pub const MAX_NOTE_CHARS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteRow {
    pub id: String,
    pub case_id: String,
    pub text: String,
    pub decision: Option<String>,
    pub created_at: String,
}

fn insert(conn: &Connection, case_id: &str, text: &str, decision: Option<&str>) -> Result<String> {
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(StoreError::invalid(
            "note",
            format!("is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    cases::touch(conn, case_id)?;
    let id = new_id();
    let seq: i64 = conn.query_row("SELECT coalesce(max(seq), 0) + 1 FROM notes", [], |r| {
        r.get(0)
    })?;
    conn.execute(
        "INSERT INTO notes (id, seq, case_id, text, decision, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, seq, case_id, text, decision, now()],
    )?;
    Ok(id)
}

/// Add a note; returns its id.
pub fn add_note(conn: &Connection, case_id: &str, text: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Err(StoreError::invalid("note", "must not be empty"));
    }
    atomic(conn, |c| {
        let id = insert(c, case_id, text, None)?;
        audit::record(
            c,
            Some(case_id),
            "note.added",
            json!({"noteId": id, "text": text}),
        )?;
        Ok(id)
    })
}

/// Record a decision (`approve` | `reject` | `escalate`) with its justification.
pub fn set_decision(
    conn: &Connection,
    case_id: &str,
    decision: &str,
    note: &str,
) -> Result<String> {
    if !DECISIONS.contains(&decision) {
        return Err(StoreError::invalid(
            "decision",
            format!("\"{decision}\" is not a decision: use approve, reject or escalate"),
        ));
    }
    atomic(conn, |c| {
        let id = insert(c, case_id, note, Some(decision))?;
        let n = c.execute(
            "UPDATE cases SET decision = ?2 WHERE id = ?1",
            params![case_id, decision],
        )?;
        if n == 0 {
            return Err(not_found("Case", case_id));
        }
        audit::record(
            c,
            Some(case_id),
            "decision.set",
            json!({"noteId": id, "decision": decision, "note": note}),
        )?;
        Ok(id)
    })
}

/// Notes of a case, oldest first.
pub fn list_notes(conn: &Connection, case_id: &str) -> Result<Vec<NoteRow>> {
    Ok(conn
        .prepare(
            "SELECT id, case_id, text, decision, created_at FROM notes WHERE case_id = ?1 ORDER BY seq",
        )?
        .query_map([case_id], |r| {
            Ok(NoteRow {
                id: r.get(0)?,
                case_id: r.get(1)?,
                text: r.get(2)?,
                decision: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
