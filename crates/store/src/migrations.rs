//! Append-only embedded migrations. Rules: never edit or reorder an entry once released; add a new
//! one at the end. Applied steps are recorded with their SHA-256, and opening a database whose
//! recorded step differs from the embedded one is refused (`MigrationChanged`); a database with
//! more steps than this binary knows is refused too (`TooNew`).

use crate::error::{Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

pub const MIGRATIONS: &[&str] = &[
    // 1: initial schema
    r#"
CREATE TABLE subjects (
    id                 TEXT PRIMARY KEY,
    subject_key        TEXT NOT NULL UNIQUE,
    subject_type       TEXT NOT NULL CHECK (subject_type IN ('organization', 'person')),
    country            TEXT,
    identifier         TEXT NOT NULL,
    identifier_display TEXT NOT NULL,
    identifier_kind    TEXT NOT NULL CHECK (identifier_kind IN ('nationalNumber', 'duns', 'person')),
    id_document        TEXT,
    phone_original     TEXT,
    phone_e164         TEXT,
    name               TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE TABLE batches (
    id            TEXT PRIMARY KEY,
    file_name     TEXT,
    environment   TEXT NOT NULL,
    rejected_json TEXT NOT NULL DEFAULT '[]',
    created_at    TEXT NOT NULL
);

CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    subject_id      TEXT NOT NULL REFERENCES subjects(id),
    environment     TEXT NOT NULL CHECK (environment IN ('sandbox', 'test', 'production')),
    batch_id        TEXT REFERENCES batches(id),
    risk            TEXT,
    decision        TEXT CHECK (decision IN ('approve', 'reject', 'escalate')),
    sanction_hits   INTEGER NOT NULL DEFAULT 0,
    pep_hits        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    last_fetched_at TEXT
);
CREATE INDEX cases_subject ON cases(subject_id);
CREATE INDEX cases_batch ON cases(batch_id);
CREATE INDEX cases_updated ON cases(updated_at);

CREATE TABLE batch_rows (
    batch_id TEXT NOT NULL REFERENCES batches(id),
    line     INTEGER NOT NULL,
    case_id  TEXT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (batch_id, line)
);

CREATE TABLE sessions (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    case_id          TEXT NOT NULL REFERENCES cases(id),
    provider         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('planned', 'created', 'polling', 'ready',
                        'downloaded', 'done', 'failed', 'expired', 'cancelled')),
    client_reference TEXT NOT NULL UNIQUE,
    request_json     TEXT NOT NULL,
    upstream_id      TEXT,
    expires_at       TEXT,
    entities_json    TEXT NOT NULL DEFAULT '[]',
    error_json       TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_poll_at     TEXT,
    batch_id         TEXT REFERENCES batches(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX sessions_case ON sessions(case_id);
CREATE INDEX sessions_state ON sessions(state);
CREATE INDEX sessions_batch ON sessions(batch_id);

CREATE TABLE results (
    id             INTEGER PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES sessions(id),
    case_id        TEXT NOT NULL REFERENCES cases(id),
    kind           TEXT NOT NULL CHECK (kind IN ('organization', 'beneficial', 'amlyze',
                      'amlyzeEvent', 'peer')),
    raw_json       BLOB NOT NULL,
    sha256         TEXT NOT NULL,
    requested_json TEXT NOT NULL,
    fetched_at     TEXT NOT NULL,
    environment    TEXT NOT NULL,
    extracts_json  TEXT NOT NULL
);
CREATE INDEX results_case_kind ON results(case_id, kind, id);

CREATE TABLE documents (
    sha256     TEXT PRIMARY KEY,
    bytes      BLOB NOT NULL,
    size       INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE case_documents (
    case_id             TEXT NOT NULL REFERENCES cases(id),
    sha256              TEXT NOT NULL REFERENCES documents(sha256),
    session_id          TEXT REFERENCES sessions(id),
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    source              TEXT NOT NULL,
    fetched_at          TEXT NOT NULL,
    upstream_expires_at TEXT,
    PRIMARY KEY (case_id, sha256)
);

CREATE TABLE notes (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    case_id    TEXT NOT NULL REFERENCES cases(id),
    text       TEXT NOT NULL,
    decision   TEXT CHECK (decision IN ('approve', 'reject', 'escalate')),
    created_at TEXT NOT NULL
);
CREATE INDEX notes_case ON notes(case_id);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    case_id     TEXT,
    action      TEXT NOT NULL,
    detail_json TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_case ON audit_log(case_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE VIRTUAL TABLE search_fts USING fts5(
    case_id UNINDEXED,
    field UNINDEXED,
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#,
    // 2: sections of the latest organization answer that could not be read
    r#"
ALTER TABLE cases ADD COLUMN unreadable_json TEXT NOT NULL DEFAULT '[]';
"#,
    // 3: the `sending` state (written before every create POST). SQLite cannot alter a CHECK
    // constraint, so the table is rebuilt; foreign keys into it are checked at commit.
    r#"
PRAGMA defer_foreign_keys = ON;
CREATE TABLE sessions_v3 (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    case_id          TEXT NOT NULL REFERENCES cases(id),
    provider         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'created', 'polling',
                        'ready', 'downloaded', 'done', 'failed', 'expired', 'cancelled')),
    client_reference TEXT NOT NULL UNIQUE,
    request_json     TEXT NOT NULL,
    upstream_id      TEXT,
    expires_at       TEXT,
    entities_json    TEXT NOT NULL DEFAULT '[]',
    error_json       TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_poll_at     TEXT,
    batch_id         TEXT REFERENCES batches(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
INSERT INTO sessions_v3 SELECT seq, id, case_id, provider, kind, state, client_reference,
    request_json, upstream_id, expires_at, entities_json, error_json, attempts, next_poll_at,
    batch_id, created_at, updated_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v3 RENAME TO sessions;
CREATE INDEX sessions_case ON sessions(case_id);
CREATE INDEX sessions_state ON sessions(state);
CREATE INDEX sessions_batch ON sessions(batch_id);
"#,
    // 4: reviewing — each hit's disposition, four-eyes decisions with the views decided on,
    // retention dates, and audit rows that hash a digest of their payload (so a retention purge
    // can replace a payload with a tombstone and the chain still verifies). Rows written before
    // this step keep their old hash (over the payload itself; `payload_digest` is NULL).
    r#"
ALTER TABLE audit_log ADD COLUMN payload_digest TEXT;
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (NEW.detail_json = '{"tombstone":true}' AND NEW.seq IS OLD.seq AND NEW.at IS OLD.at
      AND NEW.case_id IS OLD.case_id AND NEW.action IS OLD.action
      AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
      AND NEW.payload_digest IS OLD.payload_digest)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (a retention purge may only replace a payload with a tombstone)'); END;

CREATE TABLE hit_reviews (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    case_id       TEXT NOT NULL REFERENCES cases(id),
    hit_id        TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    disposition   TEXT NOT NULL CHECK (disposition IN ('true-match', 'false-positive', 'escalate')),
    reason_code   TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    reviewer      TEXT NOT NULL,
    list_name     TEXT NOT NULL,
    list_date     TEXT,
    hit_name      TEXT,
    result_sha256 TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX hit_reviews_case ON hit_reviews(case_id, hit_id, seq);

CREATE TABLE decisions (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    case_id        TEXT NOT NULL REFERENCES cases(id),
    decision       TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'escalate')),
    reason         TEXT NOT NULL,
    preparer       TEXT NOT NULL,
    four_eyes      INTEGER NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'final', 'superseded')),
    confirmed_by   TEXT,
    confirmed_at   TEXT,
    snapshot_json  TEXT NOT NULL,
    reader_version TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions(case_id, seq);

ALTER TABLE cases ADD COLUMN relationship_ended TEXT;
ALTER TABLE cases ADD COLUMN closed_at TEXT;
ALTER TABLE cases ADD COLUMN delete_after TEXT;
"#,
    // A batch's counts at every session's end read only this index, not the sessions' rows
    // (their request and entities JSON: a batch of 5,000 re-read megabytes per session).
    r#"
CREATE INDEX sessions_batch_case_state ON sessions(batch_id, case_id, state);
"#,
];

/// Schema version this binary writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

pub(crate) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Bring `conn` to the latest schema, refusing newer or altered databases.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             sha256     TEXT NOT NULL,
             applied_at TEXT NOT NULL)",
    )?;
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let binary = latest_version();
    if current > binary {
        return Err(StoreError::TooNew {
            db: current,
            binary,
        });
    }
    for version in 1..=current {
        let recorded: Option<String> = conn
            .query_row(
                "SELECT sha256 FROM schema_migrations WHERE version = ?1",
                [version],
                |r| r.get(0),
            )
            .optional()?;
        let embedded = sha256_hex(MIGRATIONS[(version - 1) as usize]);
        if recorded.as_deref() != Some(embedded.as_str()) {
            return Err(StoreError::MigrationChanged { version });
        }
    }
    for version in (current + 1)..=binary {
        let sql = MIGRATIONS[(version - 1) as usize];
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, sha256, applied_at) VALUES (?1, ?2, ?3)",
            params![version, sha256_hex(sql), crate::util::now()],
        )?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, "applied store migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_cleanly_and_are_idempotent() {
        let mut c = Connection::open_in_memory().expect("open");
        c.pragma_update(None, "foreign_keys", "ON").expect("fk");
        migrate(&mut c).expect("first");
        migrate(&mut c).expect("second run is a no-op");
        let v: u32 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, latest_version());
        let fk: Vec<String> = c
            .prepare("PRAGMA foreign_key_check")
            .expect("prep")
            .query_map([], |r| r.get(0))
            .expect("q")
            .collect::<std::result::Result<_, _>>()
            .expect("rows");
        assert!(fk.is_empty());
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("ic");
        assert_eq!(ok, "ok");
    }

    #[test]
    fn every_migration_is_non_empty_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert!(!m.trim().is_empty(), "migration {} is empty", i + 1);
            assert!(seen.insert(sha256_hex(m)), "migration {} duplicated", i + 1);
        }
    }

    #[test]
    fn newer_database_is_refused_with_both_versions() {
        let mut c = Connection::open_in_memory().expect("open");
        migrate(&mut c).expect("migrate");
        c.pragma_update(None, "user_version", latest_version() + 3)
            .expect("bump");
        let err = migrate(&mut c).expect_err("must refuse");
        match &err {
            StoreError::TooNew { db, binary } => {
                assert_eq!(*db, latest_version() + 3);
                assert_eq!(*binary, latest_version());
            }
            other => panic!("unexpected {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains(&(latest_version() + 3).to_string()));
        assert!(msg.contains(&latest_version().to_string()));
    }

    #[test]
    fn edited_migration_is_detected() {
        let mut c = Connection::open_in_memory().expect("open");
        migrate(&mut c).expect("migrate");
        c.execute(
            "UPDATE schema_migrations SET sha256 = 'x' WHERE version = 1",
            [],
        )
        .expect("tamper");
        assert!(matches!(
            migrate(&mut c),
            Err(StoreError::MigrationChanged { version: 1 })
        ));
    }
}
