//! Use cases: lookups, session scheduler, resume, batch, progress events.
//!
//! `api` is the surface as data (typed IPC, CLI `--json`); [`Engine`] is the one object the
//! desktop shell and the CLI talk to: a thin facade with one short delegation per command to
//! `usecase/<command>.rs`, each returning `Result<T, EngineError>` ([`EngineError::to_dto`]
//! for IPC). Where things live:
//!
//! - [`context`]: [`Ctx`], the handles a use case may touch;
//! - [`open`]: start-up as a sequence; `open/environment.rs` is the only file naming the sandbox;
//! - [`scheduler`]: spawn, resume, cancel, wait for idle, shut down;
//! - [`session`]: one task per session, per provider, and `session/transition.rs` (pure);
//! - [`usecase`]: one file per command.
//!
//! ```ignore
//! let engine = Engine::open(EngineConfig::new(data_dir, EnvironmentKind::Sandbox)).await?;
//! let mut events = engine.subscribe();
//! let started = engine.start_lookup(LookupRequest { country: Country::No, identifier: "923609016".into(), ..}).await?;
//! engine.wait_idle().await;
//! let case = engine.get_case(&started.case_id).await?;
//! ```
//!
//! Secrets: the SQLCipher key lives in the OS keyring (service `amldesk`, account
//! `db-key/<hash of the data dir>`), created on first start. `AMLDESK_SECRET_STORE=memory` keeps
//! every secret in memory for one run (the database of such a run, `profile-memory.db`, cannot be
//! reopened later and is replaced on the next memory-only run).

pub mod amlyze;
pub mod api;
pub mod batch;
pub mod casefile;
pub mod context;
pub mod error;
pub mod export;
pub mod open;
pub mod plan;
pub mod review;
pub mod scheduler;
pub mod session;
pub mod usecase;
pub mod views;
mod webhook;

/// The redacting secret type (the passphrase prompt returns one).
pub use amldesk_providers::Secret;
pub use context::{Ctx, DEFAULT_BATCH_CONCURRENCY, REQUESTS_PER_PROVIDER};
pub use error::{EngineError, Result};
pub use open::environment::{EnvConfig, CONFIG_KEYS, SECRET_NAMES};
pub use open::preferences::{read_preferences, save_active_environment, Preferences};
pub use open::{
    db_key_account, db_path, default_data_dir, env_db_path, environment_name, parse_environment,
    secret_store_for, secret_store_from_env, set_passphrase_prompt, EngineConfig, OpenOptions,
    PassphrasePrompt, DATA_DIR_ENV, ENVIRONMENTS, PASSPHRASE_FILE_ENV, SECRET_STORE_ENV,
};
pub use scheduler::learn::PollPolicy;
pub use usecase::configure::{ConfigEntry, ConfigView, SecretEntry};
pub use usecase::validate_identifier::validate_identifier as validate;

use std::sync::Arc;

use amldesk_store::Store;
use api::*;
use tokio::sync::broadcast;
use usecase as uc;

/// The engine: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    ctx: Arc<Ctx>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("environment", &self.ctx.environment)
            .field("data_dir", &self.ctx.data_dir)
            .finish()
    }
}

impl Engine {
    /// Opens the profile and resumes every unfinished session (see [`open::open`]).
    pub async fn open(config: EngineConfig) -> Result<Engine> {
        open::open(config, OpenOptions::default()).await
    }

    /// `open` with options (the CLI's read-only commands open without resuming, so they work
    /// offline and never touch the network).
    pub async fn open_with(config: EngineConfig, options: OpenOptions) -> Result<Engine> {
        open::open(config, options).await
    }

    /// Opens an environment's profile without connecting it (settings, secrets, offline
    /// reading; see [`open::open_offline`]).
    pub async fn open_offline(config: EngineConfig) -> Result<Engine> {
        open::open_offline(config).await
    }

    /// `open`, declaring explicitly whether the environment de-duplicates client references.
    pub async fn open_declaring(
        config: EngineConfig,
        client_reference_dedup: bool,
    ) -> Result<Engine> {
        open::open_declaring(config, OpenOptions::default(), Some(client_reference_dedup)).await
    }

    pub(crate) fn from_ctx(ctx: Arc<Ctx>) -> Engine {
        Engine { ctx }
    }

    /// How BankID sessions space their status requests from now on (default: adaptive).
    pub fn set_poll_policy(&self, policy: scheduler::learn::PollPolicy) {
        self.ctx.readiness.set_policy(policy);
    }

    /// The context (for tests and tools).
    pub fn ctx(&self) -> &Arc<Ctx> {
        &self.ctx
    }

    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.ctx.events.subscribe()
    }

    /// The store (for tests and tools: integrity checks, audit verification).
    pub fn store(&self) -> &Store {
        &self.ctx.store
    }

    /// The embedded sandbox's base URL, when one runs in-process.
    pub fn base_url(&self) -> &str {
        &self.ctx.base_url
    }

    /// Continues every unfinished session; returns how many were resumed.
    pub async fn resume(&self) -> Result<u32> {
        scheduler::resume(&self.ctx).await
    }

    /// Waits until no session started or resumed by this process is still running.
    pub async fn wait_idle(&self) {
        scheduler::wait_idle(&self.ctx).await
    }

    /// Stops every task (sessions keep their state and resume on the next start) and the
    /// embedded sandbox.
    pub async fn shutdown(&self) {
        scheduler::shutdown(&self.ctx).await
    }

    // ------------------------------------------------------------------ commands

    pub async fn app_info(&self) -> Result<AppInfo> {
        uc::app_info::app_info(&self.ctx).await
    }
    pub fn validate_identifier(&self, req: &ValidateRequest) -> ValidateResponse {
        uc::validate_identifier::validate_identifier(req)
    }
    pub async fn list_cases(&self, q: CaseQuery) -> Result<Vec<CaseSummary>> {
        uc::list_cases::list_cases(&self.ctx, q).await
    }
    pub async fn get_case(&self, case_id: &str) -> Result<CaseDetail> {
        uc::get_case::get_case(&self.ctx, case_id).await
    }
    pub async fn search(&self, text: &str) -> Result<Vec<SearchHit>> {
        uc::search::search(&self.ctx, text).await
    }
    pub async fn start_lookup(&self, req: LookupRequest) -> Result<LookupStarted> {
        uc::start_lookup::start_lookup(&self.ctx, req).await
    }
    pub async fn cancel_session(&self, session_id: &str) -> Result<()> {
        uc::cancel_session::cancel_session(&self.ctx, session_id).await
    }
    pub async fn rerun_session(&self, session_id: &str) -> Result<LookupStarted> {
        uc::rerun_session::rerun_session(&self.ctx, session_id).await
    }
    pub async fn start_batch(&self, req: BatchRequest) -> Result<BatchStarted> {
        uc::start_batch::start_batch(&self.ctx, req).await
    }
    pub async fn cancel_batch(&self, batch_id: &str) -> Result<()> {
        uc::cancel_batch::cancel_batch(&self.ctx, batch_id).await
    }
    pub async fn retry_batch(&self, batch_id: &str) -> Result<()> {
        uc::retry_batch::retry_batch(&self.ctx, batch_id).await
    }
    pub async fn get_batch(&self, batch_id: &str) -> Result<BatchView> {
        uc::get_batch::get_batch(&self.ctx, batch_id).await
    }
    pub async fn amlyze_push(&self, req: AmlyzePushRequest) -> Result<AmlyzePushView> {
        uc::amlyze_push::amlyze_push(&self.ctx, req).await
    }
    pub async fn peer_request(&self, req: PeerRequest) -> Result<LookupStarted> {
        uc::peer_request::peer_request(&self.ctx, req).await
    }
    pub async fn set_decision(&self, req: DecisionRequest) -> Result<CaseDetail> {
        uc::set_decision::set_decision(&self.ctx, req).await
    }
    pub async fn add_note(&self, req: NoteRequest) -> Result<CaseDetail> {
        uc::add_note::add_note(&self.ctx, req).await
    }
    pub async fn get_document(&self, sha256: &str) -> Result<Vec<u8>> {
        uc::get_document::get_document(&self.ctx, sha256).await
    }
    pub async fn get_settings(&self) -> Result<Settings> {
        uc::get_settings::get_settings(&self.ctx).await
    }
    pub async fn save_settings(&self, s: Settings) -> Result<Settings> {
        uc::save_settings::save_settings(&self.ctx, s).await
    }
    pub async fn get_environment_config(
        &self,
        environment: EnvironmentKind,
    ) -> Result<EnvironmentConfig> {
        uc::environment_config::get_environment_config(&self.ctx, environment).await
    }
    pub async fn set_environment_config(
        &self,
        req: ConfigChangeRequest,
    ) -> Result<EnvironmentConfig> {
        uc::environment_config::set_environment_config(&self.ctx, req).await
    }
    pub async fn set_environment_secret(
        &self,
        req: SecretChangeRequest,
    ) -> Result<EnvironmentConfig> {
        uc::environment_config::set_environment_secret(&self.ctx, req).await
    }
    pub async fn test_connection(&self, environment: EnvironmentKind) -> Result<ConnectionTest> {
        uc::test_connection::test_connection(&self.ctx, environment).await
    }
    pub async fn save_graph_image(&self, req: GraphImageRequest) -> Result<SavedFile> {
        uc::save_graph_image::save_graph_image(&self.ctx, req).await
    }

    /// The window's "Export case file": a new folder (or ZIP) in the export folder.
    pub async fn export_case(&self, req: ExportRequest) -> Result<CaseFileExported> {
        let target = uc::export_case::Target::ExportFolder {
            zip: req.zip,
            dir: req
                .directory
                .map(|d| std::path::PathBuf::from(d.trim()))
                .filter(|d| !d.as_os_str().is_empty()),
        };
        uc::export_case::export_case(&self.ctx, &req.case_id, target).await
    }

    /// `amldesk export`: the case file into a new or empty folder, or a new ZIP file.
    pub async fn export_case_to(
        &self,
        case_id: &str,
        target: uc::export_case::Target,
    ) -> Result<CaseFileExported> {
        uc::export_case::export_case(&self.ctx, case_id, target).await
    }
    pub async fn get_raw_section(&self, req: RawSectionRequest) -> Result<RawSection> {
        uc::get_raw_section::get_raw_section(&self.ctx, req).await
    }
    pub async fn get_ownership(&self, case_id: &str) -> Result<amldesk_core::ownership::GraphView> {
        uc::get_ownership::get_ownership(&self.ctx, case_id).await
    }
    pub async fn review_hit(&self, req: HitReviewRequest) -> Result<CaseDetail> {
        uc::review_hit::review_hit(&self.ctx, req).await
    }
    pub async fn confirm_decision(&self, req: ConfirmRequest) -> Result<CaseDetail> {
        uc::confirm_decision::confirm_decision(&self.ctx, req).await
    }
    pub async fn default_reviewer(&self) -> Result<String> {
        uc::review_settings::default_reviewer(&self.ctx).await
    }
    pub async fn get_review_settings(&self) -> Result<ReviewSettings> {
        uc::review_settings::get_review_settings(&self.ctx).await
    }
    pub async fn save_review_settings(&self, s: ReviewSettings) -> Result<ReviewSettings> {
        uc::review_settings::save_review_settings(&self.ctx, s).await
    }
    pub async fn close_case(&self, req: CloseCaseRequest) -> Result<CaseDetail> {
        uc::close_case::close_case(&self.ctx, req).await
    }
    pub async fn retention_purge(&self, dry_run: bool) -> Result<PurgeReport> {
        uc::retention_purge::retention_purge(&self.ctx, dry_run).await
    }
    pub async fn verify_audit(&self) -> Result<AuditVerifyReport> {
        uc::verify_audit::verify_audit(&self.ctx).await
    }

    /// The environment this engine was opened for.
    pub fn environment(&self) -> EnvironmentKind {
        self.ctx.environment
    }
    pub async fn config_show(&self) -> Result<ConfigView> {
        uc::configure::config_show(&self.ctx).await
    }
    pub async fn config_set(&self, key: &str, value: &str) -> Result<()> {
        uc::configure::config_set(&self.ctx, key, value).await
    }
    pub async fn secret_set(&self, name: &str, value: Secret) -> Result<()> {
        uc::configure::secret_set(&self.ctx, name, value).await
    }
    pub async fn secret_delete(&self, name: &str) -> Result<()> {
        uc::configure::secret_delete(&self.ctx, name).await
    }
    pub async fn secret_list(
        &self,
        environments: Vec<EnvironmentKind>,
    ) -> Result<Vec<SecretEntry>> {
        uc::configure::secret_list(&self.ctx, environments).await
    }
    pub async fn list_cases_all_environments(&self) -> Result<Vec<CaseSummary>> {
        uc::configure::list_cases_all_environments(&self.ctx).await
    }
    /// The other environment whose database holds `case_id`, if any.
    pub async fn case_environment_elsewhere(
        &self,
        case_id: &str,
    ) -> Result<Option<EnvironmentKind>> {
        uc::configure::case_environment_elsewhere(&self.ctx, case_id).await
    }
}
