//! Small helpers shared by the table modules.

use crate::error::{Result, StoreError};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// Current time, RFC 3339 UTC with milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub(crate) fn check_time(field: &str, value: &str) -> Result<()> {
    chrono::DateTime::parse_from_rfc3339(value).map(|_| ()).map_err(|_| {
        StoreError::invalid(
            field,
            format!("\"{value}\" is not a date and time in RFC 3339 form (e.g. 2026-01-31T12:00:00Z)"),
        )
    })
}

pub(crate) fn check_opt_time(field: &str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| check_time(field, v))
}

pub(crate) fn check_environment(value: &str) -> Result<()> {
    match value {
        "sandbox" | "test" | "production" => Ok(()),
        _ => Err(StoreError::invalid(
            "environment",
            format!("\"{value}\" is not an environment: use sandbox, test or production"),
        )),
    }
}

pub(crate) fn check_non_empty(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(StoreError::invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

pub(crate) fn check_json(field: &str, value: &str) -> Result<()> {
    serde_json::from_str::<serde_json::Value>(value)
        .map(|_| ())
        .map_err(|e| StoreError::invalid(field, format!("is not valid JSON ({e})")))
}

/// Run `f` atomically. On its own it is a `BEGIN IMMEDIATE` transaction: the write lock is taken
/// before `f` reads anything, so another process writing the same file (the CLI beside the window)
/// waits for it (busy timeout) instead of both reading the same last audit row and appending the
/// same sequence number. Nested in a caller's transaction or `atomic` block it is a SAVEPOINT. On
/// error or panic, everything `f` did is rolled back.
///
/// Compose operations that must commit together (a document and the session state that records it):
/// `store.write(|c| atomic(c, |c| { documents::put_document(c, ..)?; sessions::update_state(c, ..) }))`.
pub fn atomic<R>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
    struct Guard<'a> {
        conn: &'a Connection,
        undo: &'static str,
        done: bool,
    }
    impl Drop for Guard<'_> {
        fn drop(&mut self) {
            if !self.done {
                let _ = self.conn.execute_batch(self.undo);
            }
        }
    }
    let (begin, end, undo) = if conn.is_autocommit() {
        ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
    } else {
        (
            "SAVEPOINT amldesk_sp",
            "RELEASE amldesk_sp",
            "ROLLBACK TO amldesk_sp; RELEASE amldesk_sp;",
        )
    };
    conn.execute_batch(begin)?;
    let mut guard = Guard {
        conn,
        undo,
        done: false,
    };
    let out = f(conn)?; // guard rolls back on early return
    conn.execute_batch(end)?;
    guard.done = true;
    Ok(out)
}

pub(crate) fn not_found(what: &'static str, id: &str) -> StoreError {
    StoreError::NotFound {
        what,
        id: id.to_owned(),
    }
}
