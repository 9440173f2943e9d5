//! Opening connections: key first, then pragmas, then (writer only) migrations.

use crate::error::{Result, StoreError};
use crate::key::DbKey;
use rusqlite::{Connection, ErrorCode};
use std::path::Path;
use std::time::Duration;

fn is_not_a_db(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase))
}

/// Open one keyed connection with the store's pragmas. `read_only` connections refuse writes
/// (`query_only`).
pub(crate) fn open_connection(path: &Path, key: &DbKey, read_only: bool) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // SQLCipher would print decryption failures (a wrong key) to stderr; the caller gets WrongKey.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    // The key must be the first statement that touches the database.
    conn.pragma_update(None, "key", key.pragma_value())?;
    // First real read: with a wrong key (or a file that is not ours) SQLCipher answers
    // "file is not a database".
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        return Err(if is_not_a_db(&e) {
            StoreError::WrongKey
        } else {
            StoreError::Sqlite(e)
        });
    }
    let cipher: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .ok();
    if cipher.as_deref().is_none_or(str::is_empty) {
        return Err(StoreError::Internal(
            "this build of AML Desk has no database encryption (SQLCipher missing)".into(),
        ));
    }
    conn.busy_timeout(Duration::from_millis(5000))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "database did not switch to WAL");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Keep temporary tables and sort spills in memory, never in clear temp files.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    if read_only {
        conn.pragma_update(None, "query_only", "ON")?;
    }
    Ok(conn)
}
