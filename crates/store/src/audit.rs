//! The append-only, hash-chained audit log. Triggers forbid UPDATE and DELETE; each row carries the
//! previous row's hash, so editing, inserting or removing a row in the middle breaks the chain and
//! `verify_chain` names the first broken entry. Details are JSON written by the store or the engine
//! and must never contain a secret.

use crate::error::{AuditError, Result};
use crate::util::{check_json, check_non_empty, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub case_id: Option<String>,
    /// `case.created`, `session.planned`, `document.stored`, `decision.set`, …
    pub action: String,
    pub detail_json: String,
    pub prev_hash: String,
    pub hash: String,
}

fn row_hash(
    prev: &str,
    seq: i64,
    at: &str,
    case_id: Option<&str>,
    action: &str,
    detail: &str,
) -> String {
    // Length-prefixed fields: no two different rows serialize to the same bytes.
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        at,
        case_id.unwrap_or("\u{0}none"),
        action,
        detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append an entry; returns its hash. Call inside the same transaction (`atomic`) as the change it
/// records.
pub fn append(
    conn: &Connection,
    case_id: Option<&str>,
    action: &str,
    detail_json: &str,
) -> Result<String> {
    check_non_empty("audit action", action)?;
    check_json("audit detail", detail_json)?;
    if conn.is_autocommit() {
        // Reading the last row and appending the next must hold the write lock together.
        return crate::util::atomic(conn, |c| append(c, case_id, action, detail_json));
    }
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS_HASH.to_owned()));
    let seq = prev_seq + 1;
    let at = now();
    let hash = row_hash(&prev_hash, seq, &at, case_id, action, detail_json);
    conn.execute(
        "INSERT INTO audit_log (seq, at, case_id, action, detail_json, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, at, case_id, action, detail_json, prev_hash, hash],
    )?;
    Ok(hash)
}

/// Helper for store modules: append with a `serde_json::Value` detail.
pub(crate) fn record(
    conn: &Connection,
    case_id: Option<&str>,
    action: &str,
    detail: serde_json::Value,
) -> Result<String> {
    append(conn, case_id, action, &detail.to_string())
}

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        case_id: r.get(2)?,
        action: r.get(3)?,
        detail_json: r.get(4)?,
        prev_hash: r.get(5)?,
        hash: r.get(6)?,
    })
}

const COLS: &str = "seq, at, case_id, action, detail_json, prev_hash, hash";

/// Entries for one case (or all entries with `None`), oldest first.
pub fn list(conn: &Connection, case_id: Option<&str>) -> Result<Vec<AuditRow>> {
    let rows = match case_id {
        Some(id) => conn
            .prepare(&format!(
                "SELECT {COLS} FROM audit_log WHERE case_id = ?1 ORDER BY seq"
            ))?
            .query_map([id], map_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        None => conn
            .prepare(&format!("SELECT {COLS} FROM audit_log ORDER BY seq"))?
            .query_map([], map_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// Walk the whole log and check every link. `Ok(n)` is the number of entries verified.
/// (Removing rows from the very end cannot be seen from the chain alone; the engine can keep the
/// last hash elsewhere, e.g. in an export manifest, to detect that.)
pub fn verify_chain(conn: &Connection) -> Result<Result<u64, AuditError>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLS} FROM audit_log ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut expected_seq = 1i64;
    let mut count = 0u64;
    while let Some(r) = rows.next()? {
        let row = map_row(r)?;
        if row.seq != expected_seq {
            return Ok(Err(AuditError {
                seq: row.seq,
                reason: format!("entry {expected_seq} is missing"),
            }));
        }
        if row.prev_hash != expected_prev {
            return Ok(Err(AuditError {
                seq: row.seq,
                reason: "it does not link to the entry before it".into(),
            }));
        }
        let recomputed = row_hash(
            &row.prev_hash,
            row.seq,
            &row.at,
            row.case_id.as_deref(),
            &row.action,
            &row.detail_json,
        );
        if recomputed != row.hash {
            return Ok(Err(AuditError {
                seq: row.seq,
                reason: "its content does not match its fingerprint".into(),
            }));
        }
        expected_prev = row.hash;
        expected_seq += 1;
        count += 1;
    }
    Ok(Ok(count))
}
