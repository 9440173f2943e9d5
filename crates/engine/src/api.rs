//! The engine's public surface as data: what the desktop shell sends over IPC and the CLI prints
//! with `--json`. Every type here derives `ts_rs::TS`; the generated TypeScript lives in
//! `ui/src/platform/generated/` and CI fails when regenerating it changes anything
//! (`cargo test -p amldesk-engine export_bindings`).
//!
//! Commands the shell exposes (one adapter each, `src-tauri/src/commands.rs`):
//! | command | request | response |
//! |---|---|---|
//! | `app_info` | – | [`AppInfo`] |
//! | `validate_identifier` | [`ValidateRequest`] | [`ValidateResponse`] |
//! | `list_cases` | [`CaseQuery`] | `CaseSummary[]` |
//! | `get_case` | `{ caseId }` | [`CaseDetail`] |
//! | `search` | `{ text }` | `SearchHit[]` |
//! | `start_lookup` | [`LookupRequest`] | [`LookupStarted`] |
//! | `cancel_session` / `rerun_session` | `{ sessionId }` | `null` / [`LookupStarted`] |
//! | `start_batch` | [`BatchRequest`] | [`BatchStarted`] |
//! | `cancel_batch` / `retry_batch` | `{ batchId }` | `null` |
//! | `get_batch` | `{ batchId }` | [`BatchView`] |
//! | `amlyze_push` | [`AmlyzePushRequest`] | [`AmlyzePushView`] |
//! | `peer_request` | [`PeerRequest`] | [`LookupStarted`] |
//! | `set_decision` | [`DecisionRequest`] | [`CaseDetail`] |
//! | `add_note` | [`NoteRequest`] | [`CaseDetail`] |
//! | `get_document` | `{ sha256 }` | raw bytes (`tauri::ipc::Response`), never a file path |
//! | `get_settings` / `save_settings` | – / [`Settings`] | [`Settings`] (theme, stale age) |
//! | `get_environment_config` | `{ environment }` | [`EnvironmentConfig`] |
//! | `set_environment_config` | [`ConfigChangeRequest`] | [`EnvironmentConfig`] |
//! | `set_environment_secret` | [`SecretChangeRequest`] | [`EnvironmentConfig`] (never the secret) |
//! | `test_connection` | `{ environment }` | [`ConnectionTest`] |
//! | `switch_environment` (shell) | `{ environment }` | [`AppInfo`] |
//! | `save_graph_image` | [`GraphImageRequest`] | [`SavedFile`] |
//! | `review_hit` | [`HitReviewRequest`] | [`CaseDetail`] |
//! | `confirm_decision` | [`ConfirmRequest`] | [`CaseDetail`] |
//! | `default_reviewer` | – | `string` (the local profile's reviewer, else the OS user) |
//! | `export_case` | [`ExportRequest`] | [`CaseFileExported`] |
//!
//! Events: one channel, `engine://event`, carrying [`EngineEvent`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use amldesk_core::id::{Country, IdError, OrgIdKind};

pub mod review;
pub use review::*;
pub mod settings;
pub use settings::*;

/// Errors cross IPC as `{code, message}`; `code` is closed, the UI never matches on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ErrorCode {
    Validation,
    Unauthenticated,
    Forbidden,
    NotFound,
    Expired,
    RateLimited,
    Upstream,
    Offline,
    Timeout,
    KeychainUnavailable,
    Conflict,
    Cancelled,
    Storage,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDto {
    pub code: ErrorCode,
    /// A sentence for the officer: what happened, why, what to do.
    pub message: String,
    /// The input field at fault, for validation errors.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Technical detail for a "details" disclosure (never a secret).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Which upstream configuration is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EnvironmentKind {
    Sandbox,
    Test,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Provider {
    /// BankID AML Organization API.
    Organization,
    /// BankID Beneficial owners API.
    Beneficial,
    /// Amlyze customer batch API.
    Amlyze,
    /// Peer data exchange API.
    Peer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub environment: EnvironmentKind,
    /// Base URL of the active environment (the embedded sandbox's loopback URL in sandbox mode).
    pub base_url: String,
    pub data_dir: String,
    /// Where the window writes exports by default (`AMLDESK_EXPORT_DIR`, else Downloads).
    pub export_dir: String,
    /// Whether the active environment answered its last request.
    pub online: bool,
    /// Whether the configured client may ask for the OFAC list.
    pub ofac_scope: bool,
    /// Whether secrets are kept in the OS keyring (false: this run only, in memory).
    pub keyring_available: bool,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyring_message: Option<String>,
    /// What the active environment still needs before a lookup can work (setting keys and
    /// secret names, e.g. `bankid.client_id`); empty when it is configured.
    pub not_configured: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SubjectType {
    Organization,
    Person,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidateRequest {
    pub subject_type: SubjectType,
    /// Organizations: the country; persons: `NO` for a fødselsnummer, ignored for phones.
    pub country: Country,
    pub identifier: String,
    /// `identifier` (org number / personal number) or `phone`.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidateResponse {
    pub ok: bool,
    /// What would be sent upstream.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized: Option<String>,
    /// How to show it (`923 609 016`).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrgIdKind>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<IdError>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CaseStatus {
    /// Sessions still running.
    Running,
    /// All lookups done; awaiting review.
    Review,
    /// A lookup failed or expired.
    Attention,
    /// Decided.
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Approve,
    Reject,
    Escalate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseSummary {
    pub id: String,
    pub subject_name: Option<String>,
    pub subject_type: SubjectType,
    pub country: Option<Country>,
    /// As sent upstream.
    pub identifier: String,
    /// Formatted for display.
    pub identifier_display: String,
    pub status: CaseStatus,
    /// Risk level from Amlyze, or derived from sanction/PEP hits (`NONE|LOW|MEDIUM|HIGH|EXTREME`).
    pub risk: Option<String>,
    pub decision: Option<Decision>,
    pub sanction_hits: u32,
    pub pep_hits: u32,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    pub last_fetched_at: Option<String>,
    pub open_sessions: u32,
    pub environment: EnvironmentKind,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    /// Sections of the latest organization answer that could not be read: the name and hit
    /// counts they would give are unknown (never zero), e.g. `["sanction"]`.
    #[serde(default)]
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseQuery {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CaseStatus>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// State of a session row (ARCHITECTURE "Sessions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SessionState {
    Planned,
    Created,
    Polling,
    Ready,
    Downloaded,
    Done,
    Failed,
    Expired,
    Cancelled,
}

impl SessionState {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            SessionState::Done
                | SessionState::Failed
                | SessionState::Expired
                | SessionState::Cancelled
        )
    }
}

/// State of one result entity (JSON, each report) as upstream reports it, plus our download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EntityState {
    NotStarted,
    InProgress,
    Ready,
    Downloaded,
    Failed,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntityProgress {
    /// `jsonData`, `aml-report`, `certificate-of-registration-report`, `report`, …
    pub entity: String,
    /// Human label: "Organization data", "AML report", …
    pub label: String,
    pub state: EntityState,
    /// Milliseconds since the session was created (until downloaded, then frozen).
    pub elapsed_ms: u64,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// Our row id.
    pub id: String,
    pub case_id: String,
    pub provider: Provider,
    /// `organization`, `beneficial`, `amlyzePush`, `peerRequest`.
    pub kind: String,
    pub state: SessionState,
    /// The upstream session id once created.
    pub upstream_id: Option<String>,
    pub entities: Vec<EntityProgress>,
    pub created_at: String,
    pub updated_at: String,
    /// When upstream results stop being downloadable.
    pub expires_at: Option<String>,
    pub error: Option<ErrorDto>,
    pub attempts: u32,
}

pub use crate::views::org::{
    AuthoritiesView, AuthorityView, FigureYear, HitRow, KeyFiguresView, OrgView, PepFlag, RoleRow,
    RolesView, ScreeningView, SectionState, ShareholderRow, ShareholdersView, SubsidiariesView,
    SubsidiaryRow,
};
pub use amldesk_core::model::{Availability, SectionInfo};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    pub provider: Provider,
    pub environment: EnvironmentKind,
    pub fetched_at: String,
    /// `metadata.sources` of the node, when given.
    pub sources: Vec<String>,
    pub session_id: String,
    /// Older than the configured stale age.
    pub stale: bool,
}

/// A stored result as core read it, with its provenance and every section's availability. The
/// raw body is not carried; `get_raw_section` fetches one section of it for "details".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResultView {
    pub provenance: Provenance,
    /// The upstream session the answer came from.
    pub session_id: String,
    /// The expands that were requested (`address`, `roles`, …); absent paths outside this list are
    /// "not requested", empty nodes inside it are "searched, nothing found".
    pub requested: Vec<String>,
    /// Every section of the answer: `present`, `empty` (searched, nothing found), `missing`
    /// (requested, absent from the answer), `notRequested`, `notAvailable` or `unreadable`.
    pub sections: Vec<SectionInfo>,
    /// The typed view of the answer (core's `OrgResult` or `BoResult`), serialized. An unreadable
    /// section keeps its raw value here: `sections` says it could not be read.
    #[ts(type = "unknown")]
    pub data: serde_json::Value,
    /// The window's section views of an organization answer (roles in words, key figures with
    /// currency, formatted identifiers, hits with relation and list), built by the engine from
    /// core's typed model. Absent for a beneficial-owners answer or an unreadable one.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<OrgView>,
    /// SHA-256 of the stored raw body.
    pub sha256: String,
}

/// One section of a stored answer exactly as upstream sent it ("details").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RawSection {
    pub session_id: String,
    pub path: String,
    /// SHA-256 of the whole stored body the section comes from.
    pub sha256: String,
    /// `null` when the answer has no such node.
    #[ts(type = "unknown")]
    pub raw: serde_json::Value,
    pub present: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RawSectionRequest {
    pub session_id: String,
    /// A section path: `keyInformation`, `ownership.shareholders`, `sanction`, …
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    pub sha256: String,
    /// `aml`, `certificate-of-registration`, `beneficial-owners`, `json`.
    pub kind: String,
    pub title: String,
    pub media_type: String,
    pub bytes: u64,
    pub fetched_at: String,
    pub source: Provider,
    pub session_id: String,
    pub upstream_expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteView {
    pub id: String,
    pub text: String,
    pub created_at: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    /// `case.created`, `session.created`, `document.stored`, `decision.set`, …
    pub action: String,
    pub detail: String,
    /// Hex SHA-256 chaining this row to the previous one.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeRowResult {
    /// `REQUEST_ACCEPTED` or `REQUEST_REJECTED`.
    pub result_type: String,
    pub communication_number: Option<String>,
    pub customer_ext_id: Option<String>,
    pub error_code: Option<String>,
    /// Upstream text.
    pub error_description: Option<String>,
    /// Our explanation of the error code in words.
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeEventView {
    /// CloudEvents type, e.g. `app.amlyze.customer.riskmanagement.kyc_scoring.completed`.
    pub r#type: String,
    pub received_at: String,
    #[ts(type = "unknown")]
    pub data: serde_json::Value,
}

/// One entry of the events answer's `errors[]` (Amlyze's own words).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeEventErrorView {
    pub code: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzePushView {
    pub session_id: String,
    pub validate_only: bool,
    pub pushed_at: String,
    pub rows: Vec<AmlyzeRowResult>,
    pub events: Vec<AmlyzeEventView>,
    /// `errors[]` of the latest events answer, shown as Amlyze gives them.
    #[serde(default)]
    pub errors: Vec<AmlyzeEventErrorView>,
    /// The action of the import that settled the push (`CREATE`, or `UPDATE` for a customer
    /// that already exists).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_risk_level: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeerDetail {
    pub peer: String,
    pub group: String,
    pub field: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeerRequestView {
    pub session_id: String,
    pub type_request: String,
    pub id_document: String,
    /// As the officer typed it.
    pub phone_original: String,
    /// E.164, as sent.
    pub phone: String,
    pub id_request: Option<String>,
    /// `Done`, `Pending`.
    pub status: String,
    pub details: Vec<PeerDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub sessions: Vec<SessionView>,
    /// Latest organization result (BankID Organization API).
    pub organization: Option<ResultView>,
    /// Latest beneficial owners result.
    pub beneficial: Option<ResultView>,
    /// National Registry access at the time of the beneficial-owners lookup.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_registry_access: Option<String>,
    pub documents: Vec<DocumentView>,
    pub amlyze: Vec<AmlyzePushView>,
    pub peer: Vec<PeerRequestView>,
    pub notes: Vec<NoteView>,
    pub audit: Vec<AuditEntry>,
    /// Things the officer should know that do not by themselves need attention, e.g. a session
    /// created again after an attempt that may have reached the upstream.
    #[serde(default)]
    pub warnings: Vec<CaseWarning>,
    /// Every screening hit of the latest answer with its disposition.
    #[serde(default)]
    pub hits: HitsView,
    /// The current decision (pending or final), if any.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionView>,
    /// What changed since the previous snapshot.
    #[serde(default)]
    pub changes: ChangesView,
    /// Whether four-eyes applies to a decision on this case now.
    #[serde(default)]
    pub four_eyes: bool,
    #[serde(default)]
    pub retention: RetentionView,
    /// The owners the register names against those computed under `NO-REG`: the draft notice to
    /// Brønnøysundregistrene (RRH-0120) when they differ, else why there is none.
    #[serde(default)]
    pub discrepancy: DiscrepancyView,
}

/// A warning on a case (also in its audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseWarning {
    /// `possible_upstream_duplicate`: a create was sent again after an attempt that may have
    /// made an upstream session we never heard of.
    pub kind: String,
    pub session_id: String,
    pub at: String,
    /// When the earlier attempt was sent.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_attempt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub case_id: String,
    pub subject_name: Option<String>,
    pub identifier_display: String,
    /// What matched: `name`, `identifier`, `person`, `role`, `sanction`.
    pub field: String,
    /// The matched text with the match in `[` `]`.
    pub snippet: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LookupRequest {
    /// Add to an existing case; otherwise a new case is opened for the subject.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    pub country: Country,
    pub identifier: String,
    /// Read a 9-digit input as DUNS even where it could be a national number.
    #[serde(default)]
    pub duns: bool,
    /// Organization API: expands (`address`, `roles`, `authorities`, `financials.keyFigures`,
    /// `ownership.shareholders`, …, `sanction`). Empty = key information only.
    #[serde(default)]
    pub expands: Vec<String>,
    /// Organization API: reports (`aml`, `certificate-of-registration`).
    #[serde(default)]
    pub reports: Vec<String>,
    /// Also run a Beneficial owners lookup.
    #[serde(default)]
    pub beneficial: bool,
    /// Beneficial owners expands (`citizenship`, `birthplace`, `ssn`).
    #[serde(default)]
    pub beneficial_expands: Vec<String>,
    /// Skip the Organization API (beneficial owners only).
    #[serde(default)]
    pub skip_organization: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LookupStarted {
    pub case_id: String,
    pub session_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchRequest {
    /// CSV text: `country,identifier[,name]`, header optional.
    pub csv: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default)]
    pub expands: Vec<String>,
    #[serde(default)]
    pub reports: Vec<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// 1-based line number in the file.
    pub line: u32,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchStarted {
    pub batch_id: String,
    pub accepted: u32,
    pub rejected: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchCounts {
    pub total: u32,
    pub planned: u32,
    pub running: u32,
    pub done: u32,
    pub failed: u32,
    pub expired: u32,
    pub cancelled: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchRow {
    pub line: u32,
    pub case_id: String,
    pub identifier_display: String,
    pub subject_name: Option<String>,
    pub state: SessionState,
    pub error: Option<ErrorDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchView {
    pub id: String,
    pub file_name: Option<String>,
    pub created_at: String,
    pub counts: BatchCounts,
    pub rows: Vec<BatchRow>,
    pub rejected: Vec<RowError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzePushRequest {
    pub case_id: String,
    #[serde(default)]
    pub validate_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeerRequest {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    /// One of the vendor's categories ('All categories', 'Address', …).
    pub type_request: String,
    pub id_document: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRequest {
    pub case_id: String,
    pub decision: Decision,
    /// The reason (required).
    pub note: String,
    /// Default: the local profile's reviewer, else the OS user.
    #[ts(optional)]
    #[serde(default)]
    pub reviewer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteRequest {
    pub case_id: String,
    pub text: String,
}

/// The ownership graph drawn by the window, to be saved as a file in the export folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphImageRequest {
    pub case_id: String,
    /// `png` or `svg`.
    pub format: String,
    /// The image, base64 (a `data:` URL prefix is accepted).
    pub data_base64: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}

/// The window's "Export case file": written as a new folder (or ZIP) named after the subject in
/// `directory`, or in the export folder (`AppInfo.export_dir`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    pub case_id: String,
    /// One ZIP file instead of a folder (`amldesk export --zip`).
    #[serde(default)]
    pub zip: bool,
    /// An existing folder to write the new case file in; default the export folder.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
}

/// A case file written: where, and the SHA-256 of its manifest (also in the case's audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseFileExported {
    /// The folder or ZIP file.
    pub path: String,
    /// SHA-256 of `manifest.json`: compare it to detect a rewritten manifest.
    pub manifest_sha256: String,
    /// Files written, the manifest included.
    pub files: u32,
    pub bytes: u64,
    /// The case state exported (its last audit entry before the export), RFC 3339.
    pub as_of: String,
}

/// Everything the engine tells its front doors, on one channel (`engine://event`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
// Events are moved across a channel once each; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum EngineEvent {
    /// A session's state or one of its entities changed.
    #[serde(rename_all = "camelCase")]
    SessionUpdated { session: SessionView },
    /// Something in a case changed (new result, note, decision): refetch it.
    #[serde(rename_all = "camelCase")]
    CaseUpdated { case_id: String },
    #[serde(rename_all = "camelCase")]
    BatchProgress {
        batch_id: String,
        counts: BatchCounts,
    },
    /// Reachability of the active environment changed.
    #[serde(rename_all = "camelCase")]
    Connectivity {
        online: bool,
        message: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Writes the TypeScript bindings to `ui/src/platform/generated/`. CI runs this and fails if
    /// the committed files differ.
    #[test]
    fn export_bindings() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/platform/generated");
        std::fs::create_dir_all(&dir).expect("create generated dir");
        let cfg = ts_rs::Config::new()
            .with_out_dir(&dir)
            .with_large_int("number");
        macro_rules! export {
            ($($t:ty),* $(,)?) => { $( <$t as TS>::export_all(&cfg).expect(stringify!($t)); )* };
        }
        export!(
            HitReviewRequest,
            ConfirmRequest,
            CloseCaseRequest,
            PurgeReport,
            AuditVerifyReport,
            ReviewSettings,
            GraphImageRequest,
            SavedFile,
            ExportRequest,
            CaseFileExported,
            ErrorDto,
            AppInfo,
            ValidateRequest,
            ValidateResponse,
            CaseSummary,
            CaseQuery,
            SessionView,
            ResultView,
            RawSection,
            RawSectionRequest,
            DocumentView,
            NoteView,
            AuditEntry,
            AmlyzePushView,
            PeerRequestView,
            CaseDetail,
            SearchHit,
            LookupRequest,
            LookupStarted,
            BatchRequest,
            BatchStarted,
            BatchView,
            AmlyzePushRequest,
            PeerRequest,
            DecisionRequest,
            NoteRequest,
            Settings,
            EnvironmentConfig,
            ConfigChangeRequest,
            SecretChangeRequest,
            ConnectionTest,
            EngineEvent,
        );
    }
}
