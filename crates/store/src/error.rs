//! One error enum for the store. Messages are written for a compliance officer; the technical
//! cause stays in the `source` chain.

use std::fmt;

/// A broken link in the audit log's hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditError {
    /// The first row (sequence number) that does not match the chain.
    pub seq: i64,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The audit log has been altered at entry {}: {}",
            self.seq, self.reason
        )
    }
}

impl std::error::Error for AuditError {}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "The case database could not be opened with the key from the keyring. The key may have \
         been replaced or the file belongs to another installation; the file was left untouched."
    )]
    WrongKey,

    #[error(
        "The case database was written by a newer version of AML Desk (schema version {db}); this \
         version only understands schema version {binary}. Update AML Desk to open it."
    )]
    TooNew { db: u32, binary: u32 },

    #[error(
        "The case database's schema step {version} differs from the one built into this version of \
         AML Desk; the database was not changed."
    )]
    MigrationChanged { version: u32 },

    #[error("{what} \"{id}\" was not found in the case database.")]
    NotFound { what: &'static str, id: String },

    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    #[error("The setting \"{key}\" looks like a secret; secrets belong in the OS keyring, never in the case database.")]
    SecretRefused { key: String },

    #[error("The stored document {sha256} is damaged: its content no longer matches its SHA-256 fingerprint.")]
    DocumentCorrupt { sha256: String },

    #[error(transparent)]
    Audit(#[from] AuditError),

    #[error("The case database is closed (the database thread stopped).")]
    Closed,

    #[error("A database task failed unexpectedly: {0}")]
    Internal(String),

    #[error("Case database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("Stored data could not be read as JSON: {0}")]
    Json(#[from] serde_json::Error),

    #[error("The case database file could not be accessed: {0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
