//! Documents (PDF reports, raw JSON) addressed by SHA-256. The bytes live inside the encrypted
//! database, never as clear files; a case references a document, and two cases may reference the
//! same bytes.

use crate::audit;
use crate::cases;
use crate::error::{Result, StoreError};
use crate::sessions::fk_to_not_found;
use crate::util::{
    atomic, check_non_empty, check_opt_time, check_time, not_found, now, sha256_hex,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Largest document accepted (SQLite's default blob limit is 1 GB; reports are a few MB).
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument<'a> {
    pub bytes: &'a [u8],
    /// `application/pdf`, `application/json`.
    pub media_type: &'a str,
    /// `aml`, `certificate-of-registration`, `beneficial-owners`, `json`.
    pub kind: &'a str,
    pub title: &'a str,
    pub session_id: Option<&'a str>,
    pub case_id: &'a str,
    /// Provider it came from (`organization`, `beneficial`, …).
    pub source: &'a str,
    pub fetched_at: &'a str,
    pub upstream_expires_at: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRow {
    pub sha256: String,
    pub case_id: String,
    pub kind: String,
    pub title: String,
    pub media_type: String,
    pub size: u64,
    pub session_id: Option<String>,
    pub source: String,
    pub fetched_at: String,
    pub upstream_expires_at: Option<String>,
}

/// Store the bytes (once per SHA-256) and link them to the case. Idempotent: storing the same
/// bytes for the same case again changes nothing and writes no audit row. Returns the SHA-256.
pub fn put_document(conn: &Connection, d: &NewDocument<'_>) -> Result<String> {
    if d.bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(StoreError::invalid(
            "document",
            format!(
                "is {} bytes; the largest accepted is {MAX_DOCUMENT_BYTES} bytes",
                d.bytes.len()
            ),
        ));
    }
    check_non_empty("media type", d.media_type)?;
    check_non_empty("document kind", d.kind)?;
    check_non_empty("source", d.source)?;
    check_time("fetched at", d.fetched_at)?;
    check_opt_time("upstream expires at", d.upstream_expires_at)?;
    let sha = sha256_hex(d.bytes);
    atomic(conn, |c| {
        c.execute(
            "INSERT OR IGNORE INTO documents (sha256, bytes, size, media_type, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![sha, d.bytes, d.bytes.len() as i64, d.media_type, now()],
        )?;
        let linked = c
            .execute(
                "INSERT OR IGNORE INTO case_documents (case_id, sha256, session_id, kind, title,
                    source, fetched_at, upstream_expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    d.case_id,
                    sha,
                    d.session_id,
                    d.kind,
                    d.title,
                    d.source,
                    d.fetched_at,
                    d.upstream_expires_at
                ],
            )
            .map_err(|e| fk_to_not_found(e, "Case or session", d.case_id))?;
        if linked > 0 {
            cases::touch(c, d.case_id)?;
            audit::record(
                c,
                Some(d.case_id),
                "document.stored",
                json!({"sha256": sha, "kind": d.kind, "mediaType": d.media_type,
                       "bytes": d.bytes.len(), "sessionId": d.session_id, "source": d.source}),
            )?;
        }
        Ok(sha.clone())
    })
}

/// The bytes of a document, checked against their SHA-256 on the way out.
pub fn get_document(conn: &Connection, sha256: &str) -> Result<Vec<u8>> {
    let sha = sha256.trim().to_ascii_lowercase();
    let bytes: Vec<u8> = conn
        .query_row(
            "SELECT bytes FROM documents WHERE sha256 = ?1",
            [&sha],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| not_found("Document", sha256))?;
    if sha256_hex(&bytes) != sha {
        return Err(StoreError::DocumentCorrupt { sha256: sha });
    }
    Ok(bytes)
}

/// Media type of a stored document.
pub fn document_media_type(conn: &Connection, sha256: &str) -> Result<String> {
    conn.query_row(
        "SELECT media_type FROM documents WHERE sha256 = ?1",
        [sha256.trim().to_ascii_lowercase()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| not_found("Document", sha256))
}

/// Documents referenced by a case, in the order they were fetched.
pub fn list_documents(conn: &Connection, case_id: &str) -> Result<Vec<DocumentRow>> {
    Ok(conn
        .prepare(
            "SELECT cd.sha256, cd.case_id, cd.kind, cd.title, d.media_type, d.size, cd.session_id,
                    cd.source, cd.fetched_at, cd.upstream_expires_at
             FROM case_documents cd JOIN documents d ON d.sha256 = cd.sha256
             WHERE cd.case_id = ?1 ORDER BY cd.fetched_at, cd.rowid",
        )?
        .query_map([case_id], |r| {
            Ok(DocumentRow {
                sha256: r.get(0)?,
                case_id: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
                media_type: r.get(4)?,
                size: r.get(5)?,
                session_id: r.get(6)?,
                source: r.get(7)?,
                fetched_at: r.get(8)?,
                upstream_expires_at: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
