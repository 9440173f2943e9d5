//! The review surface as data: hits with their dispositions, four-eyes decisions, what changed,
//! retention and the audit check (IPC and `--json`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use amldesk_core::review::{
    Change, ChangeKind, DiscrepancyNotice, DiscrepancyStatus, DiscrepancyView, Disposition,
    EvidenceReport, HitKind, NoticeDifference, NoticeEvidence, NoticeSubject, ReasonCode,
    SourceState,
};

use super::Decision;

/// Said wherever a reviewer's name is shown: names are typed in, not signed in.
pub const DECLARED_REVIEWER: &str = "declared reviewer, not authenticated";

/// Whether the hits of the latest screening could be listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HitsAvailability {
    /// Screened; `hits` lists every hit (maybe none).
    Present,
    /// The sanction section could not be read: the hits are unknown, not "none".
    Unreadable,
    /// No screening was asked for (or no organization answer yet).
    #[default]
    NotRequested,
}

/// A disposition as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HitDispositionView {
    pub disposition: Disposition,
    pub reason_code: ReasonCode,
    /// Words for the code.
    pub reason_label: String,
    pub note: String,
    /// The declared reviewer (see [`DECLARED_REVIEWER`]).
    pub reviewer: String,
    pub reviewed_at: String,
    /// The list's name and date as screened when reviewed.
    pub list: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HitView {
    /// Stable across runs while the list, the listed entity and the matched subject are the same.
    pub id: String,
    pub kind: HitKind,
    /// The list as screened (`EU_GLOBAL`, `PEP_NORDIC`, …).
    pub list: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_date: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// How the hit relates to the subject, as upstream words it.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_indicator: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The disposition that holds for the hit as it stands; `None`: unreviewed.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<HitDispositionView>,
    /// A disposition given before the listing or the match changed (no longer holds).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<HitDispositionView>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HitsView {
    pub availability: HitsAvailability,
    /// Why the hits are unknown, when unreadable.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable_reason: Option<String>,
    /// When the screening answer was fetched.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screened_at: Option<String>,
    pub hits: Vec<HitView>,
    /// Hits without a disposition that holds.
    pub unreviewed: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DecisionState {
    /// Awaiting a second reviewer (four-eyes).
    Pending,
    Final,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionView {
    pub id: String,
    pub decision: Decision,
    pub reason: String,
    pub state: DecisionState,
    /// Who prepared it, then who confirmed it.
    pub reviewers: Vec<String>,
    pub preparer: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<String>,
    pub decided_at: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
    pub four_eyes: bool,
    /// The reader that produced the views decided on (kept with the snapshot).
    pub reader_version: String,
    /// SHA-256 of the snapshot of the views as shown when deciding.
    pub snapshot_sha256: String,
    /// [`DECLARED_REVIEWER`].
    pub reviewer_note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangesView {
    /// Organization answers on record (each run is a snapshot).
    pub snapshots: u32,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_at: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_at: Option<String>,
    /// Empty with two snapshots: nothing changed. With fewer, nothing to compare.
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionView {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_ended: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HitReviewRequest {
    pub case_id: String,
    pub hit_id: String,
    pub disposition: Disposition,
    pub reason_code: ReasonCode,
    #[ts(optional)]
    #[serde(default)]
    pub note: Option<String>,
    /// Default: the local profile's reviewer, else the OS user.
    #[ts(optional)]
    #[serde(default)]
    pub reviewer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmRequest {
    pub case_id: String,
    #[ts(optional)]
    #[serde(default)]
    pub reviewer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseCaseRequest {
    pub case_id: String,
    /// YYYY-MM-DD.
    pub relationship_ended: String,
    /// Years kept after the relationship ended; default from the settings (5).
    #[ts(optional)]
    #[serde(default)]
    pub retain_years: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgedCaseView {
    pub case_id: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_name: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_ended: Option<String>,
    pub delete_after: String,
    pub rows_deleted: u64,
    pub audit_tombstoned: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeReport {
    pub dry_run: bool,
    /// The day purged for (YYYY-MM-DD, UTC).
    pub today: String,
    pub cases: Vec<PurgedCaseView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditBreak {
    pub seq: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerifyReport {
    pub ok: bool,
    /// Entries verified (up to the first broken one).
    pub entries: u64,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_broken: Option<AuditBreak>,
}

/// When four-eyes applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FourEyes {
    /// For cases with a sanction or PEP hit (or whose screening could not be read).
    #[default]
    PepOrSanction,
    Always,
    Off,
}

impl FourEyes {
    /// The words the CLI takes: `always`, `pep-or-sanction`, `off` (or `never`).
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "always" => Ok(FourEyes::Always),
            "pep-or-sanction" | "peporsanction" => Ok(FourEyes::PepOrSanction),
            "off" | "never" => Ok(FourEyes::Off),
            _ => Err(format!(
                "Four-eyes: \"{s}\" is not a mode; use always, pep-or-sanction or off (never)."
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FourEyes::Always => "always",
            FourEyes::PepOrSanction => "pep-or-sanction",
            FourEyes::Off => "off",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSettings {
    pub four_eyes: FourEyes,
    /// Years a closed case is kept after the relationship ended.
    pub retain_years: u32,
    /// The local profile's reviewer name; `None`: the OS user.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            four_eyes: FourEyes::PepOrSanction,
            retain_years: 5,
            reviewer: None,
        }
    }
}
