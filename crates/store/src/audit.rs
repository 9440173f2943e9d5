//! The append-only, hash-chained audit log. Triggers forbid UPDATE and DELETE; each row carries the
//! previous row's hash, so editing, inserting or removing a row in the middle breaks the chain and
//! `verify_chain` names the first broken entry. Details are JSON written by the store or the engine
//! and must never contain a secret.
//!
//! Since migration 4 a row hashes the SHA-256 **digest** of its payload (`payload_digest`), not the
//! payload itself: a retention purge replaces the payloads of a purged case with [`TOMBSTONE`]
//! (the only UPDATE the trigger allows), keeps the digests, and the chain still verifies. A
//! tombstone is accepted only for a case whose purge is itself recorded (`case.purged`, intact).
//! Rows written before migration 4 hash their payload directly; a purge tombstones those too and
//! lists their hashes in its own `case.purged` row, which is what vouches for them.

use crate::error::{AuditError, Result};
use crate::util::{check_json, check_non_empty, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The payload left in place of a purged row's detail.
pub const TOMBSTONE: &str = r#"{"tombstone":true}"#;

/// The action recording a retention purge of a case.
pub const PURGE_ACTION: &str = "case.purged";

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
    /// SHA-256 of `detail_json` as written; `None` for rows older than migration 4.
    pub payload_digest: Option<String>,
}

fn digest_field(d: &str) -> String {
    format!("sha256:{d}")
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
    let digest = crate::util::sha256_hex(detail_json.as_bytes());
    let hash = row_hash(
        &prev_hash,
        seq,
        &at,
        case_id,
        action,
        &digest_field(&digest),
    );
    conn.execute(
        "INSERT INTO audit_log (seq, at, case_id, action, detail_json, prev_hash, hash,
                                payload_digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            seq,
            at,
            case_id,
            action,
            detail_json,
            prev_hash,
            hash,
            digest
        ],
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
        payload_digest: r.get(7)?,
    })
}

const COLS: &str = "seq, at, case_id, action, detail_json, prev_hash, hash, payload_digest";

/// A row tombstoned by a purge that was written before migration 4, as the purge records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyRow {
    pub seq: i64,
    pub hash: String,
}

/// What a `case.purged` entry says about older rows it tombstoned.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PurgeDetail {
    #[serde(default)]
    legacy_rows: Vec<LegacyRow>,
}

/// Replaces the payload of every entry of `case_id` with [`TOMBSTONE`] (the digests stay).
/// Returns how many entries were tombstoned and the older (pre-digest) ones among them, which the
/// caller records in its `case.purged` entry.
pub(crate) fn tombstone_case(conn: &Connection, case_id: &str) -> Result<(u64, Vec<LegacyRow>)> {
    let legacy = conn
        .prepare(
            "SELECT seq, hash FROM audit_log WHERE case_id = ?1 AND payload_digest IS NULL
             AND detail_json <> ?2 ORDER BY seq",
        )?
        .query_map(params![case_id, TOMBSTONE], |r| {
            Ok(LegacyRow {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let n = conn.execute(
        "UPDATE audit_log SET detail_json = ?2 WHERE case_id = ?1 AND detail_json <> ?2",
        params![case_id, TOMBSTONE],
    )?;
    Ok((n as u64, legacy))
}

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
    // The purges on record (intact ones only count: their own digest is checked below, and a
    // tombstone is only accepted once the whole chain, that row included, has verified).
    let mut purged: std::collections::HashMap<String, Vec<LegacyRow>> = Default::default();
    let mut tombstones: Vec<(i64, Option<String>, Option<LegacyRow>)> = Vec::new();
    let mut stmt = conn.prepare(&format!("SELECT {COLS} FROM audit_log ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut expected_seq = 1i64;
    let mut count = 0u64;
    let broken = |seq: i64, reason: &str| {
        Ok(Err(AuditError {
            seq,
            reason: reason.to_owned(),
        }))
    };
    while let Some(r) = rows.next()? {
        let row = map_row(r)?;
        if row.seq != expected_seq {
            return broken(row.seq, &format!("entry {expected_seq} is missing"));
        }
        if row.prev_hash != expected_prev {
            return broken(row.seq, "it does not link to the entry before it");
        }
        let tombstoned = row.detail_json == TOMBSTONE;
        let payload = match &row.payload_digest {
            Some(d) => {
                if !tombstoned && crate::util::sha256_hex(row.detail_json.as_bytes()) != *d {
                    return broken(row.seq, "its payload does not match its digest");
                }
                digest_field(d)
            }
            None if tombstoned => {
                // An older row: its hash cannot be recomputed without the payload; the purge
                // entry must vouch for it (checked at the end).
                tombstones.push((
                    row.seq,
                    row.case_id.clone(),
                    Some(LegacyRow {
                        seq: row.seq,
                        hash: row.hash.clone(),
                    }),
                ));
                expected_prev = row.hash;
                expected_seq += 1;
                count += 1;
                continue;
            }
            None => row.detail_json.clone(),
        };
        let recomputed = row_hash(
            &row.prev_hash,
            row.seq,
            &row.at,
            row.case_id.as_deref(),
            &row.action,
            &payload,
        );
        if recomputed != row.hash {
            return broken(row.seq, "its content does not match its fingerprint");
        }
        if tombstoned {
            tombstones.push((row.seq, row.case_id.clone(), None));
        }
        if row.action == PURGE_ACTION && !tombstoned {
            if let Some(case) = &row.case_id {
                let legacy = serde_json::from_str::<PurgeDetail>(&row.detail_json)
                    .map(|d| d.legacy_rows)
                    .unwrap_or_default();
                purged.insert(case.clone(), legacy);
            }
        }
        expected_prev = row.hash;
        expected_seq += 1;
        count += 1;
    }
    for (seq, case, legacy) in tombstones {
        let Some(vouched) = case.as_ref().and_then(|c| purged.get(c)) else {
            return broken(
                seq,
                "its payload was replaced by a tombstone, but no purge of its case is recorded",
            );
        };
        if let Some(l) = legacy {
            if !vouched.contains(&l) {
                return broken(
                    seq,
                    "its payload was replaced by a tombstone that its case's purge does not list",
                );
            }
        }
    }
    Ok(Ok(count))
}
