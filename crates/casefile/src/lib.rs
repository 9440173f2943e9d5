//! The mechanics of a case file an auditor can check, knowing nothing of the store, the upstreams
//! or the engine's views:
//! - [`typeset`]: a typst document compiled to PDF (PDF/A-2b) with typst used as a library, its
//!   fonts embedded from `typst-assets` (the same on every machine, so the PDF is reproducible);
//! - [`manifest`]: `manifest.json` with the SHA-256 of every file, written last, and [`verify`]
//!   recomputing every hash of a folder or a ZIP (mismatches, missing files, unlisted files);
//! - [`archive`]: the same files as one ZIP, byte-reproducible (fixed entry times, sorted names).
//!
//! The engine decides what goes in the case file; this crate writes and checks it.

pub mod archive;
pub mod manifest;
pub mod typeset;

pub use manifest::{verify, Manifest, ManifestEntry, Problem, ProblemKind, Verification};

/// What can go wrong writing or reading a case file, in words for the officer or the auditor.
#[derive(Debug, thiserror::Error)]
pub enum CasefileError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("the summary could not be typeset: {0}")]
    Typeset(String),
    #[error("{path} is not a case file: {message}")]
    NotACaseFile { path: String, message: String },
}

impl CasefileError {
    pub(crate) fn io(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        CasefileError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// One file of a case file: its path inside the folder (forward slashes) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFileEntry {
    pub path: String,
    pub bytes: Vec<u8>,
}
