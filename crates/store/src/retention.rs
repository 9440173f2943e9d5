//! Retention: a closed case gets a deletion date; a purge deletes every case that is due, with
//! everything it holds (results, documents no other case references, sessions, notes, reviews,
//! decisions, search entries, and its subject — peer data included: ID document and phone
//! numbers — when no other case is on that subject), replaces its audit payloads with
//! tombstones (digests kept, so the chain still verifies) and records the deletion.

use crate::audit;
use crate::error::{Result, StoreError};
use crate::util::{atomic, not_found, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

fn check_date(field: &str, value: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        StoreError::invalid(
            field,
            format!("\"{value}\" is not a date in the form YYYY-MM-DD (e.g. 2026-01-31)"),
        )
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Retention {
    pub case_id: String,
    pub relationship_ended: Option<String>,
    pub closed_at: Option<String>,
    /// The first day the case may be purged (YYYY-MM-DD).
    pub delete_after: Option<String>,
}

/// Close a case: the customer relationship ended on `relationship_ended`; it may be deleted from
/// `delete_after` on (both YYYY-MM-DD). Closing again replaces the dates (audited).
pub fn close_case(
    conn: &Connection,
    case_id: &str,
    relationship_ended: &str,
    delete_after: &str,
) -> Result<Retention> {
    let ended = check_date("relationship ended", relationship_ended)?;
    let after = check_date("delete after", delete_after)?;
    if after < ended {
        return Err(StoreError::invalid(
            "delete after",
            format!("{after} is before the end of the relationship ({ended})"),
        ));
    }
    atomic(conn, |c| {
        let at = now();
        let n = c.execute(
            "UPDATE cases SET relationship_ended = ?2, delete_after = ?3, closed_at = ?4,
                 updated_at = ?4
             WHERE id = ?1",
            params![case_id, ended.to_string(), after.to_string(), at],
        )?;
        if n == 0 {
            return Err(not_found("Case", case_id));
        }
        audit::record(
            c,
            Some(case_id),
            "case.closed",
            json!({"relationshipEnded": ended.to_string(), "deleteAfter": after.to_string()}),
        )?;
        get_retention(c, case_id)
    })
}

pub fn get_retention(conn: &Connection, case_id: &str) -> Result<Retention> {
    conn.query_row(
        "SELECT id, relationship_ended, closed_at, delete_after FROM cases WHERE id = ?1",
        [case_id],
        |r| {
            Ok(Retention {
                case_id: r.get(0)?,
                relationship_ended: r.get(1)?,
                closed_at: r.get(2)?,
                delete_after: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| not_found("Case", case_id))
}

/// A case due (or purged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurgedCase {
    pub case_id: String,
    /// The subject's name as it stood (only in the answer to the officer, never stored again).
    pub subject_name: Option<String>,
    pub relationship_ended: Option<String>,
    pub delete_after: String,
    /// Rows deleted, all tables together (0 on a dry run).
    pub rows_deleted: u64,
    /// Audit entries whose payload became a tombstone (0 on a dry run).
    pub audit_tombstoned: u64,
}

/// Cases whose deletion date is on or before `today` (YYYY-MM-DD), oldest due first.
pub fn due(conn: &Connection, today: &str) -> Result<Vec<PurgedCase>> {
    let today = check_date("today", today)?.to_string();
    Ok(conn
        .prepare(
            "SELECT c.id, s.name, c.relationship_ended, c.delete_after
             FROM cases c JOIN subjects s ON s.id = c.subject_id
             WHERE c.delete_after IS NOT NULL AND c.delete_after <= ?1
             ORDER BY c.delete_after, c.id",
        )?
        .query_map([today], |r| {
            Ok(PurgedCase {
                case_id: r.get(0)?,
                subject_name: r.get(1)?,
                relationship_ended: r.get(2)?,
                delete_after: r.get(3)?,
                rows_deleted: 0,
                audit_tombstoned: 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Deletes every case due on `today` (see the module); returns what was purged. With `dry_run`
/// nothing changes and the list says what would go.
pub fn purge(conn: &Connection, today: &str, dry_run: bool) -> Result<Vec<PurgedCase>> {
    let mut list = due(conn, today)?;
    if dry_run {
        return Ok(list);
    }
    if list.is_empty() {
        return Ok(list);
    }
    // Freed pages are overwritten, not left holding deleted rows.
    conn.pragma_update(None, "secure_delete", "ON")?;
    let done = atomic(conn, |c| {
        for p in &mut list {
            purge_case(c, p)?;
        }
        // FTS5 deletes lazily (old index segments keep the terms until merged): rebuild the
        // index from what is left so no purged name or number stays in it.
        c.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')", [])?;
        Ok(())
    });
    let _ = conn.pragma_update(None, "secure_delete", "OFF");
    done?;
    // The WAL still holds the pages as they were before the purge: copy it back into the main
    // file and truncate it (best effort: a reader holding an old snapshot keeps part of it until
    // the next checkpoint).
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    Ok(list)
}

fn purge_case(c: &Connection, p: &mut PurgedCase) -> Result<()> {
    let id = p.case_id.as_str();
    let subject: String = c.query_row("SELECT subject_id FROM cases WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    let mut n = 0u64;
    for sql in [
        "DELETE FROM hit_reviews WHERE case_id = ?1",
        "DELETE FROM decisions WHERE case_id = ?1",
        "DELETE FROM notes WHERE case_id = ?1",
        "DELETE FROM results WHERE case_id = ?1",
        "DELETE FROM case_documents WHERE case_id = ?1",
        "DELETE FROM batch_rows WHERE case_id = ?1",
        "DELETE FROM sessions WHERE case_id = ?1",
        "DELETE FROM search_fts WHERE case_id = ?1",
        "DELETE FROM cases WHERE id = ?1",
    ] {
        n += c.execute(sql, [id])? as u64;
    }
    // Documents no other case references, and the subject (with its peer data) when no other
    // case is on it.
    n += c.execute(
        "DELETE FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM case_documents)",
        [],
    )? as u64;
    n += c.execute(
        "DELETE FROM subjects WHERE id = ?1 AND NOT EXISTS
             (SELECT 1 FROM cases WHERE subject_id = ?1)",
        [&subject],
    )? as u64;
    let (tombstoned, legacy) = audit::tombstone_case(c, id)?;
    p.rows_deleted = n;
    p.audit_tombstoned = tombstoned;
    audit::record(
        c,
        Some(id),
        audit::PURGE_ACTION,
        json!({
            "relationshipEnded": p.relationship_ended, "deleteAfter": p.delete_after,
            "rowsDeleted": n, "auditTombstoned": tombstoned, "legacyRows": legacy,
        }),
    )?;
    Ok(())
}
