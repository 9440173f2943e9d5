//! Reviewing a case: each screening hit's identity and disposition ([`hits`]), what changed
//! between two snapshots ([`changes`]), and the register-discrepancy notice ([`discrepancy`]).
//! Pure, no I/O.

pub mod changes;
pub mod discrepancy;
pub mod hits;

pub use changes::{changes, Change, ChangeKind};
pub use discrepancy::{
    DiscrepancyInput, DiscrepancyNotice, DiscrepancyStatus, DiscrepancyView, EvidenceReport,
    NoticeDifference, NoticeEvidence, NoticeSubject, RegisterSource, SourceState,
};
pub use hits::{
    carry_over, screened_hits, CarryOver, Disposition, HitKind, PriorReview, ReasonCode,
    ScreenedHit,
};

/// The version of the reader that produced a view (core's crate version): kept with every
/// decision, so a later reader cannot change what was decided on.
pub const READER_VERSION: &str = concat!("amldesk-core ", env!("CARGO_PKG_VERSION"));
