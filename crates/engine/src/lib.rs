//! Use cases: lookups, session scheduler, resume, batch, progress events.
//!
//! `api` is the surface as data (typed IPC, CLI `--json`); [`Engine`] is the one object the
//! desktop shell and the CLI talk to: one async method per command in the table at the top of
//! [`api`], each returning `Result<T, EngineError>` ([`EngineError::to_dto`] for IPC).
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
pub mod error;
pub mod export;
pub mod plan;
mod runner;
pub mod views;
mod webhook;

pub use error::{EngineError, Result};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use amldesk_core::id::{
    parse_no_person, parse_ua_phone, se_orgnr_warning, Country, OrgId, OrgIdKind,
};
use amldesk_providers::{
    keyring_account, Credentials, EnvKind, Environment, Http, HttpConfig, KeyringStore,
    MemoryStore, Providers, Secret, SecretStore, Webhook, KEYRING_SERVICE,
};
use amldesk_store::cases::{self, CaseFilter, Subject};
use amldesk_store::sessions::{self, NewSession, SessionRow, StateUpdate};
use amldesk_store::{atomic, audit, batches, documents, notes, results, search, settings};
use amldesk_store::{DbKey, SessionState as StoreState, Store};
use sha2::{Digest, Sha256};
use tokio::sync::{broadcast, Notify, Semaphore};
use tokio_util::sync::CancellationToken;

use api::*;
use plan::{check_list, provider_str, Plan, BO_EXPANDS, ORG_EXPANDS, ORG_REPORTS};

/// Env var selecting the secret store: `memory` = this run only, no keyring.
pub const SECRET_STORE_ENV: &str = "AMLDESK_SECRET_STORE";
/// Env var for the data directory (the CLI's `--data-dir`).
pub const DATA_DIR_ENV: &str = "AMLDESK_DATA_DIR";
/// Concurrent HTTP requests per provider.
pub const REQUESTS_PER_PROVIDER: usize = 8;
/// Default batch concurrency (subjects in flight).
pub const DEFAULT_BATCH_CONCURRENCY: u32 = 8;

pub struct EngineConfig {
    pub data_dir: PathBuf,
    pub environment: EnvironmentKind,
    /// A running sandbox's base URL; `None` in sandbox mode starts one in-process.
    pub sandbox_url: Option<String>,
    /// `None`: the OS keyring (or memory when `AMLDESK_SECRET_STORE=memory`).
    pub secret_store: Option<Arc<dyn SecretStore>>,
    /// Run a loopback webhook receiver that wakes the scheduler.
    pub webhooks: bool,
}

impl EngineConfig {
    pub fn new(data_dir: impl Into<PathBuf>, environment: EnvironmentKind) -> Self {
        EngineConfig {
            data_dir: data_dir.into(),
            environment,
            sandbox_url: None,
            secret_store: None,
            webhooks: false,
        }
    }
}

/// Options of [`Engine::open_with`].
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Continue unfinished sessions right away (default true).
    pub resume: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { resume: true }
    }
}

/// The default data directory: `$AMLDESK_DATA_DIR`, else the OS app-data dir.
pub fn default_data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    directories::ProjectDirs::from("no", "AML Desk", "amldesk")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".amldesk"))
}

/// Keyring account holding the database key of a data directory.
pub fn db_key_account(data_dir: &Path) -> String {
    let canon = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let h = Sha256::digest(canon.to_string_lossy().as_bytes());
    format!("db-key/{}", &hex::encode(h)[..16])
}

/// The database file of a data directory for a secret store kind.
pub fn db_path(data_dir: &Path, store_kind: &str) -> PathBuf {
    if store_kind == "memory" {
        data_dir.join("profile-memory.db")
    } else {
        data_dir.join("profile.db")
    }
}

/// The secret store the environment asks for: memory when `AMLDESK_SECRET_STORE=memory`, else
/// the OS keyring (probed; a missing keyring is `KeychainUnavailable`).
pub fn secret_store_from_env() -> Result<Arc<dyn SecretStore>> {
    match std::env::var(SECRET_STORE_ENV)
        .ok()
        .as_deref()
        .map(str::trim)
    {
        Some("memory") => Ok(Arc::new(MemoryStore::new())),
        Some("") | Some("keyring") | None => Ok(Arc::new(KeyringStore::probe()?)),
        Some(other) => Err(EngineError::validation(
            SECRET_STORE_ENV,
            format!("{SECRET_STORE_ENV} must be \"keyring\" or \"memory\"; got \"{other}\""),
        )),
    }
}

pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) providers: Arc<Providers>,
    pub(crate) events: broadcast::Sender<EngineEvent>,
    pub(crate) shutdown: CancellationToken,
    environment: EnvironmentKind,
    data_dir: PathBuf,
    base_url: String,
    secrets: Arc<dyn SecretStore>,
    sems: HashMap<Provider, Arc<Semaphore>>,
    session_tokens: Mutex<HashMap<String, CancellationToken>>,
    batch_tokens: Mutex<HashMap<String, CancellationToken>>,
    notifies: Mutex<HashMap<String, Arc<Notify>>>,
    running: Mutex<usize>,
    idle: Notify,
    webhook_url: Mutex<Option<String>>,
    online: AtomicBool,
    sandbox: tokio::sync::Mutex<Option<amldesk_sandbox::SandboxHandle>>,
    resume_gate: Arc<Semaphore>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Inner {
    pub(crate) fn env_str(&self) -> &'static str {
        views::env_str(self.environment)
    }

    pub(crate) fn semaphore(&self, p: Provider) -> Arc<Semaphore> {
        self.sems
            .get(&p)
            .cloned()
            .unwrap_or_else(|| Arc::new(Semaphore::new(REQUESTS_PER_PROVIDER)))
    }

    pub(crate) fn notify_for(&self, upstream: &str) -> Arc<Notify> {
        lock(&self.notifies)
            .entry(upstream.to_owned())
            .or_insert_with(|| Arc::new(Notify::new()))
            .clone()
    }

    pub(crate) fn webhook(&self) -> Option<Webhook> {
        lock(&self.webhook_url).clone().map(|url| Webhook {
            url,
            events: vec![
                "JsonDataReady".into(),
                "ReportReady".into(),
                "AllDone".into(),
                "Failed".into(),
            ],
        })
    }

    fn emit(&self, e: EngineEvent) {
        let _ = self.events.send(e);
    }

    /// Records whether the active environment answers; tells the front doors when that changes.
    pub(crate) fn set_online(&self, online: bool, message: Option<String>) {
        if self.online.swap(online, Ordering::Relaxed) != online {
            self.emit(EngineEvent::Connectivity { online, message });
        }
    }

    /// One cheap request (the OIDC discovery document) to learn whether the environment answers.
    async fn probe_connectivity(&self) {
        match self.providers.oidc.discovery().await {
            Ok(_) => self.set_online(true, None),
            Err(e) => self.set_online(false, Some(e.user_message())),
        }
    }

    pub(crate) async fn announce_session(&self, row: &SessionRow) {
        self.emit(EngineEvent::SessionUpdated {
            session: views::session(row),
        });
        if row.state.is_terminal() {
            if let Some(b) = row.batch_id.clone() {
                if let Ok(c) = self.store.read(move |c| batches::batch_counts(c, &b)).await {
                    self.emit(EngineEvent::BatchProgress {
                        batch_id: row.batch_id.clone().unwrap_or_default(),
                        counts: counts(c),
                    });
                }
            }
        }
    }

    pub(crate) fn announce_case(&self, case_id: &str) {
        self.emit(EngineEvent::CaseUpdated {
            case_id: case_id.to_owned(),
        });
    }
}

fn counts(c: batches::BatchCounts) -> BatchCounts {
    BatchCounts {
        total: c.total,
        planned: c.planned,
        running: c.running,
        done: c.done,
        failed: c.failed,
        expired: c.expired,
        cancelled: c.cancelled,
    }
}

/// The engine: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("environment", &self.inner.environment)
            .field("data_dir", &self.inner.data_dir)
            .finish()
    }
}

struct RunningGuard(Arc<Inner>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        let mut n = lock(&self.0.running);
        *n = n.saturating_sub(1);
        if *n == 0 {
            self.0.idle.notify_waiters();
        }
    }
}

fn env_kind_providers(k: EnvironmentKind) -> EnvKind {
    match k {
        EnvironmentKind::Sandbox => EnvKind::Sandbox,
        EnvironmentKind::Test => EnvKind::Test,
        EnvironmentKind::Production => EnvKind::Production,
    }
}

fn stored_settings_key() -> &'static str {
    "app.settings"
}

impl Engine {
    /// Opens the profile in `data_dir` (creating it and its key on first start), connects the
    /// environment (starting the embedded sandbox in sandbox mode without `sandbox_url`), and
    /// resumes every unfinished session.
    pub async fn open(config: EngineConfig) -> Result<Engine> {
        Self::open_with(config, OpenOptions::default()).await
    }

    /// `open` with options (the CLI's read-only commands open without resuming, so they work
    /// offline and never touch the network).
    pub async fn open_with(config: EngineConfig, options: OpenOptions) -> Result<Engine> {
        let secrets = match config.secret_store {
            Some(s) => s,
            None => tokio::task::spawn_blocking(secret_store_from_env)
                .await
                .map_err(|e| EngineError::Internal(e.to_string()))??,
        };
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            EngineError::validation(
                "data directory",
                format!(
                    "the data directory {} cannot be created ({e})",
                    config.data_dir.display()
                ),
            )
        })?;
        let key = Self::database_key(&secrets, &config.data_dir).await?;
        let path = db_path(&config.data_dir, secrets.kind());
        let store = tokio::task::spawn_blocking(move || Store::open(&path, &key))
            .await
            .map_err(|e| EngineError::Internal(e.to_string()))??;

        let mut sandbox = None;
        let (env, creds) = match config.environment {
            EnvironmentKind::Sandbox => {
                let base = match config.sandbox_url.clone() {
                    Some(u) => u.trim_end_matches('/').to_owned(),
                    None => {
                        let h = amldesk_sandbox::start(amldesk_sandbox::SandboxConfig {
                            knobs: amldesk_sandbox::Knobs::from_env()
                                .map_err(|e| EngineError::validation("sandbox", e.to_string()))?,
                            ..amldesk_sandbox::SandboxConfig::default()
                        })
                        .await
                        .map_err(|e| {
                            EngineError::Internal(format!(
                                "the embedded sandbox could not start: {e}"
                            ))
                        })?;
                        let u = h.base_url();
                        sandbox = Some(h);
                        u
                    }
                };
                use amldesk_sandbox::credentials as sc;
                let env = Environment::sandbox(
                    format!("{base}{}", amldesk_sandbox::contract::DISCOVERY),
                    base.clone(),
                );
                let creds = Credentials {
                    oidc_secret: Secret::new(sc::OIDC_CLIENT_SECRET),
                    amlyze_token: Some(Secret::new(sc::AMLYZE_TOKEN)),
                    peer_user: Some(sc::PEER_USER.to_owned()),
                    peer_password: Some(Secret::new(sc::PEER_PASSWORD)),
                };
                (env, creds)
            }
            kind => {
                let st = Self::load_settings(&store, &config.data_dir).await?;
                let envs = st
                    .environments
                    .iter()
                    .find(|e| e.kind == kind)
                    .cloned()
                    .unwrap_or(EnvironmentSettings {
                        kind,
                        providers: Vec::new(),
                    });
                let url = |p: Provider| {
                    envs.providers
                        .iter()
                        .find(|x| x.provider == p)
                        .map(|x| x.url.clone())
                        .unwrap_or_default()
                };
                let client_id = envs
                    .providers
                    .iter()
                    .find(|x| x.provider == Provider::Organization)
                    .and_then(|x| x.client_id.clone())
                    .unwrap_or_default();
                let mut env = if kind == EnvironmentKind::Test {
                    Environment::test(client_id, url(Provider::Amlyze), url(Provider::Peer))
                } else {
                    Environment::production(client_id, url(Provider::Amlyze), url(Provider::Peer))
                };
                let org_url = url(Provider::Organization);
                if !org_url.is_empty() {
                    env.discovery_url = org_url;
                }
                let store_async = amldesk_providers::AsyncSecretStore::new(secrets.clone());
                let creds = Credentials::load(&store_async, env_kind_providers(kind))
                    .await?
                    .unwrap_or(Credentials {
                        oidc_secret: Secret::new(""),
                        amlyze_token: None,
                        peer_user: None,
                        peer_password: None,
                    });
                (env, creds)
            }
        };
        let http = Http::new(HttpConfig::default())?;
        let base_url = if env.kind == EnvKind::Sandbox {
            env.amlyze_base.clone()
        } else {
            env.discovery_url.clone()
        };
        let providers = Arc::new(Providers::new(http, env, creds));
        let (events, _) = broadcast::channel(4096);
        let sems = [
            Provider::Organization,
            Provider::Beneficial,
            Provider::Amlyze,
            Provider::Peer,
        ]
        .into_iter()
        .map(|p| (p, Arc::new(Semaphore::new(REQUESTS_PER_PROVIDER))))
        .collect();
        let inner = Arc::new(Inner {
            store,
            providers,
            events,
            shutdown: CancellationToken::new(),
            environment: config.environment,
            data_dir: config.data_dir.clone(),
            base_url,
            secrets,
            sems,
            session_tokens: Mutex::new(HashMap::new()),
            batch_tokens: Mutex::new(HashMap::new()),
            notifies: Mutex::new(HashMap::new()),
            running: Mutex::new(0),
            idle: Notify::new(),
            webhook_url: Mutex::new(None),
            online: AtomicBool::new(false),
            sandbox: tokio::sync::Mutex::new(sandbox),
            resume_gate: Arc::new(Semaphore::new(DEFAULT_BATCH_CONCURRENCY as usize * 2)),
        });
        let engine = Engine { inner };
        let probe = engine.inner.clone();
        tokio::spawn(async move { probe.probe_connectivity().await });
        if config.webhooks {
            match webhook::start(engine.inner.clone()).await {
                Ok(url) => *lock(&engine.inner.webhook_url) = Some(url),
                Err(e) => tracing::warn!(error = %e, "webhook receiver not started; polling only"),
            }
        }
        let n = if options.resume {
            engine.resume().await?
        } else {
            0
        };
        if n > 0 {
            tracing::info!(sessions = n, "resumed unfinished sessions");
        }
        Ok(engine)
    }

    async fn database_key(secrets: &Arc<dyn SecretStore>, data_dir: &Path) -> Result<DbKey> {
        let account = db_key_account(data_dir);
        let s = secrets.clone();
        let path = db_path(data_dir, secrets.kind());
        tokio::task::spawn_blocking(move || -> Result<DbKey> {
            if let Some(k) = s.get(KEYRING_SERVICE, &account)? {
                return Ok(DbKey::new(k.expose()));
            }
            if s.kind() == "memory" {
                // A memory-only run cannot read an earlier memory-only run's file.
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
            } else if path.exists() {
                return Err(EngineError::KeychainUnavailable(format!(
                    "The case database {} exists but its key is not in the OS keyring (account \
                     {account}). Restore the keyring, or move the file away to start a new one.",
                    path.display()
                )));
            }
            let key = DbKey::generate();
            s.set(KEYRING_SERVICE, &account, &Secret::new(key.expose()))?;
            Ok(key)
        })
        .await
        .map_err(|e| EngineError::Internal(e.to_string()))?
    }

    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.inner.events.subscribe()
    }

    /// The store (for tests and tools: integrity checks, audit verification).
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The embedded sandbox's base URL, when one runs in-process.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    // ------------------------------------------------------------------ scheduling

    fn spawn(&self, row: SessionRow, gate: Option<Arc<Semaphore>>) {
        let inner = self.inner.clone();
        let parent = row
            .batch_id
            .as_ref()
            .map(|b| {
                lock(&inner.batch_tokens)
                    .entry(b.clone())
                    .or_default()
                    .clone()
            })
            .unwrap_or_default();
        let token = parent.child_token();
        lock(&inner.session_tokens).insert(row.id.clone(), token.clone());
        *lock(&inner.running) += 1;
        let guard = RunningGuard(inner.clone());
        tokio::spawn(async move {
            let _guard = guard;
            let _permit = match gate {
                Some(g) => tokio::select! {
                    p = g.acquire_owned() => p.ok(),
                    _ = inner.shutdown.cancelled() => return,
                    _ = token.cancelled() => {
                        mark_cancelled(&inner, &row.id).await;
                        return;
                    }
                },
                None => None,
            };
            let id = row.id.clone();
            match runner::Run::new(inner.clone(), row, token) {
                Ok(run) => run.run().await,
                Err(e) => {
                    let dto = serde_json::to_string(&e.to_dto()).unwrap_or_default();
                    let sid = id.clone();
                    let _ = inner
                        .store
                        .write(move |c| {
                            sessions::update_state(
                                c,
                                &sid,
                                &StateUpdate {
                                    error_json: Some(Some(&dto)),
                                    ..StateUpdate::new(StoreState::Failed)
                                },
                            )
                        })
                        .await;
                }
            }
            lock(&inner.session_tokens).remove(&id);
        });
    }

    /// Continues every unfinished session (called by `open`). Sessions past their upstream
    /// expiry are marked `expired` by their first step. Returns how many were resumed.
    pub async fn resume(&self) -> Result<u32> {
        let rows = self
            .inner
            .store
            .read(|c| sessions::list_unfinished(c))
            .await?;
        let running: Vec<String> = lock(&self.inner.session_tokens).keys().cloned().collect();
        let mut n = 0;
        for row in rows {
            if running.contains(&row.id) {
                continue;
            }
            let gate = row
                .batch_id
                .as_ref()
                .map(|_| self.inner.resume_gate.clone());
            self.spawn(row, gate);
            n += 1;
        }
        Ok(n)
    }

    /// Waits until no session started or resumed by this process is still running.
    pub async fn wait_idle(&self) {
        loop {
            let notified = self.inner.idle.notified();
            if *lock(&self.inner.running) == 0 {
                return;
            }
            notified.await;
        }
    }

    /// Stops every task (sessions keep their state and resume on the next start) and the
    /// embedded sandbox.
    pub async fn shutdown(&self) {
        self.inner.shutdown.cancel();
        self.wait_idle().await;
        if let Some(h) = self.inner.sandbox.lock().await.take() {
            h.shutdown().await;
        }
    }

    async fn plan_session(
        &self,
        case_id: &str,
        plan: &Plan,
        batch_id: Option<&str>,
    ) -> Result<SessionRow> {
        let request =
            serde_json::to_string(plan).map_err(|e| EngineError::Internal(e.to_string()))?;
        let case_id = case_id.to_owned();
        let provider = provider_str(plan.provider());
        let kind = plan.kind();
        let batch = batch_id.map(str::to_owned);
        let entities =
            serde_json::to_string(&plan.initial_entities()).unwrap_or_else(|_| "[]".into());
        Ok(self
            .inner
            .store
            .write(move |c| {
                atomic(c, |c| {
                    let reference = format!("amldesk-{}", uuid::Uuid::new_v4());
                    let id = sessions::insert_planned(
                        c,
                        &NewSession {
                            case_id: &case_id,
                            provider,
                            kind,
                            request_json: &request,
                            client_reference: &reference,
                            batch_id: batch.as_deref(),
                        },
                    )?;
                    sessions::update_state(
                        c,
                        &id,
                        &StateUpdate {
                            entities_json: Some(&entities),
                            ..StateUpdate::new(StoreState::Planned)
                        },
                    )?;
                    sessions::get_session(c, &id)
                })
            })
            .await?)
    }

    // ------------------------------------------------------------------ commands

    pub async fn app_info(&self) -> Result<AppInfo> {
        let kind = self.inner.secrets.kind();
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            environment: self.inner.environment,
            base_url: self.inner.base_url.clone(),
            data_dir: self.inner.data_dir.display().to_string(),
            online: self.inner.online.load(Ordering::Relaxed),
            ofac_scope: self
                .inner
                .providers
                .env
                .scopes
                .iter()
                .any(|s| s == amldesk_providers::SCOPE_OFAC),
            keyring_available: kind == "keyring",
            keyring_message: (kind != "keyring").then(|| {
                "Secrets are kept in memory for this run only; cases of this run are not kept."
                    .to_owned()
            }),
        })
    }

    /// Validates an identifier without any request.
    pub fn validate_identifier(&self, req: &ValidateRequest) -> ValidateResponse {
        validate(req)
    }

    pub async fn list_cases(&self, q: CaseQuery) -> Result<Vec<CaseSummary>> {
        let filter = CaseFilter {
            text: q.text,
            status: q.status.map(|s| {
                match s {
                    CaseStatus::Running => "running",
                    CaseStatus::Review => "review",
                    CaseStatus::Attention => "attention",
                    CaseStatus::Closed => "closed",
                }
                .to_owned()
            }),
            batch_id: None,
            limit: q.limit,
        };
        let rows = self
            .inner
            .store
            .read(move |c| cases::list_cases(c, &filter))
            .await?;
        Ok(rows.into_iter().map(views::summary).collect())
    }

    pub async fn get_case(&self, case_id: &str) -> Result<CaseDetail> {
        let id = case_id.to_owned();
        let stale_days = self
            .get_settings()
            .await
            .map(|s| s.stale_after_days)
            .unwrap_or(90);
        let (record, sess, org, bo, docs, all_results, note_rows, audit_rows) = self
            .inner
            .store
            .read(move |c| {
                Ok((
                    cases::get_case(c, &id)?,
                    sessions::list_sessions(c, &id)?,
                    results::latest_result(c, &id, "organization")?,
                    results::latest_result(c, &id, "beneficial")?,
                    documents::list_documents(c, &id)?,
                    results::list_results(c, &id, None)?,
                    notes::list_notes(c, &id)?,
                    audit::list(c, Some(&id))?,
                ))
            })
            .await?;
        let beneficial = bo
            .as_ref()
            .map(|r| views::result(r, Provider::Beneficial, stale_days));
        let national_registry_access = bo.as_ref().and_then(|r| {
            r.json().ok().and_then(|v| {
                v.get("nationalRegistry")
                    .or_else(|| v.pointer("/accessRights/nationalRegistry"))
                    .and_then(|x| x.as_str().map(str::to_owned))
            })
        });
        let mut amlyze = Vec::new();
        let mut peer = Vec::new();
        for s in &sess {
            let plan: Option<Plan> = serde_json::from_str(&s.request_json).ok();
            match plan {
                Some(Plan::AmlyzePush { validate_only, .. }) => {
                    let mine: Vec<_> = all_results
                        .iter()
                        .filter(|r| r.session_id == s.id)
                        .collect();
                    let push = mine.iter().find(|r| r.kind == "amlyze");
                    let rows = push
                        .and_then(|r| r.json().ok())
                        .and_then(|v| v.get("results").cloned())
                        .and_then(|v| {
                            serde_json::from_value::<Vec<amldesk_providers::AmlyzeRowResult>>(v)
                                .ok()
                        })
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| AmlyzeRowResult {
                            explanation: r.error_code.as_deref().map(amlyze::explain),
                            result_type: r.result_type,
                            communication_number: r.communication_number,
                            customer_ext_id: r.customer_ext_id,
                            error_code: r.error_code,
                            error_description: r.error_description,
                        })
                        .collect();
                    let last_events = mine.iter().rev().find(|r| r.kind == "amlyzeEvent");
                    let events: Vec<AmlyzeEventView> = last_events
                        .and_then(|r| r.json().ok().map(|v| (r.fetched_at.clone(), v)))
                        .map(|(at, v)| {
                            v.get("events")
                                .and_then(|e| e.as_array())
                                .cloned()
                                .unwrap_or_default()
                                .into_iter()
                                .map(|e| AmlyzeEventView {
                                    r#type: e
                                        .get("type")
                                        .and_then(|t| t.as_str())
                                        .unwrap_or("")
                                        .to_owned(),
                                    received_at: at.clone(),
                                    data: e.get("data").cloned().unwrap_or(serde_json::Value::Null),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let final_risk_level = events.iter().rev().find_map(|e| {
                        e.data
                            .get("finalRiskLevel")
                            .and_then(|v| v.as_str())
                            .map(str::to_owned)
                    });
                    amlyze.push(AmlyzePushView {
                        session_id: s.id.clone(),
                        validate_only,
                        pushed_at: push
                            .map(|p| p.fetched_at.clone())
                            .unwrap_or_else(|| s.created_at.clone()),
                        rows,
                        events,
                        final_risk_level,
                    });
                }
                Some(Plan::Peer {
                    type_request,
                    id_document,
                    phone,
                    phone_original,
                }) => {
                    let answer = all_results
                        .iter()
                        .rev()
                        .find(|r| r.session_id == s.id && r.kind == "peer")
                        .and_then(|r| r.json().ok());
                    let item = answer.as_ref().and_then(|v| {
                        v.get("parametrRequest")
                            .and_then(|a| a.as_array())
                            .and_then(|a| a.first().cloned())
                    });
                    let details = item
                        .as_ref()
                        .and_then(|i| i.get("requestDetails").and_then(|d| d.as_array()).cloned())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| {
                            let f = |k: &str| match d.get(k) {
                                Some(serde_json::Value::String(s)) => s.clone(),
                                Some(serde_json::Value::Null) | None => String::new(),
                                Some(other) => other.to_string(),
                            };
                            PeerDetail {
                                peer: f("idPpeers"),
                                group: f("groupData"),
                                field: f("fieldName"),
                                value: f("fieldValue"),
                            }
                        })
                        .collect();
                    peer.push(PeerRequestView {
                        session_id: s.id.clone(),
                        type_request,
                        id_document,
                        phone_original,
                        phone,
                        id_request: s.upstream_id.clone(),
                        status: if s.state == StoreState::Done {
                            "Done".into()
                        } else {
                            "Pending".into()
                        },
                        details,
                    });
                }
                _ => {}
            }
        }
        Ok(CaseDetail {
            summary: views::summary(record.summary),
            sessions: sess.iter().map(views::session).collect(),
            organization: org
                .as_ref()
                .map(|r| views::result(r, Provider::Organization, stale_days)),
            beneficial,
            national_registry_access,
            documents: docs
                .into_iter()
                .map(|d| DocumentView {
                    title: d.title,
                    kind: d.kind,
                    media_type: d.media_type,
                    bytes: d.size,
                    fetched_at: d.fetched_at,
                    source: plan::provider_from_str(&d.source),
                    session_id: d.session_id.unwrap_or_default(),
                    upstream_expires_at: d.upstream_expires_at,
                    sha256: d.sha256,
                })
                .collect(),
            amlyze,
            peer,
            notes: note_rows
                .into_iter()
                .map(|n| NoteView {
                    id: n.id,
                    text: n.text,
                    created_at: n.created_at,
                    decision: n.decision.as_deref().and_then(views::decision),
                })
                .collect(),
            audit: audit_rows
                .into_iter()
                .map(|a| AuditEntry {
                    seq: a.seq,
                    at: a.at,
                    action: a.action,
                    detail: a.detail_json,
                    hash: a.hash,
                })
                .collect(),
        })
    }

    pub async fn search(&self, text: &str) -> Result<Vec<SearchHit>> {
        let t = text.to_owned();
        let hits = self
            .inner
            .store
            .read(move |c| search::search(c, &t, 100))
            .await?;
        Ok(hits
            .into_iter()
            .map(|h| SearchHit {
                case_id: h.case_id,
                subject_name: h.subject_name,
                identifier_display: h.identifier_display,
                field: h.field,
                snippet: h.snippet,
            })
            .collect())
    }

    /// Validates, opens (or reuses) the case, writes the planned session rows and starts them.
    pub async fn start_lookup(&self, req: LookupRequest) -> Result<LookupStarted> {
        let id = if req.duns {
            OrgId::duns(req.country, &req.identifier)?
        } else {
            OrgId::parse(req.country, &req.identifier)?
        };
        let expands = check_list("expand", &req.expands, &ORG_EXPANDS)?;
        let reports = check_list("report", &req.reports, &ORG_REPORTS)?;
        let bo_expands = check_list(
            "beneficial owners expand",
            &req.beneficial_expands,
            &BO_EXPANDS,
        )?;
        if req.skip_organization && !req.beneficial {
            return Err(EngineError::validation(
                "lookup",
                "nothing to look up: ask for the organization, the beneficial owners, or both",
            ));
        }
        let case_id = self
            .case_for(
                req.case_id.clone(),
                Subject::Organization {
                    id: id.clone(),
                    name: None,
                },
            )
            .await?;
        let mut plans = Vec::new();
        if !req.skip_organization {
            plans.push(Plan::Organization {
                country: id.country,
                identifier: id.value.clone(),
                expands,
                reports,
            });
        }
        if req.beneficial {
            plans.push(Plan::Beneficial {
                identifier: id.value.clone(),
                expands: bo_expands,
            });
        }
        let mut session_ids = Vec::new();
        for p in plans {
            let row = self.plan_session(&case_id, &p, None).await?;
            session_ids.push(row.id.clone());
            self.inner.announce_session(&row).await;
            self.spawn(row, None);
        }
        Ok(LookupStarted {
            case_id,
            session_ids,
        })
    }

    async fn case_for(&self, case_id: Option<String>, subject: Subject) -> Result<String> {
        let env = self.inner.env_str();
        match case_id {
            Some(id) => {
                let cid = id.clone();
                self.inner
                    .store
                    .read(move |c| cases::get_case(c, &cid))
                    .await?;
                Ok(id)
            }
            None => {
                let id = self
                    .inner
                    .store
                    .write(move |c| cases::create_case(c, &subject, env))
                    .await?;
                self.inner.announce_case(&id);
                Ok(id)
            }
        }
    }

    pub async fn cancel_session(&self, session_id: &str) -> Result<()> {
        let token = lock(&self.inner.session_tokens).get(session_id).cloned();
        match token {
            Some(t) => {
                t.cancel();
                Ok(())
            }
            None => {
                let id = session_id.to_owned();
                let row = self
                    .inner
                    .store
                    .read(move |c| sessions::get_session(c, &id))
                    .await?;
                if row.state.is_terminal() {
                    return Err(EngineError::Conflict(format!(
                        "The session is already {}; nothing to cancel.",
                        row.state
                    )));
                }
                mark_cancelled(&self.inner, session_id).await;
                Ok(())
            }
        }
    }

    /// Runs a finished (expired, failed, cancelled or done) session's request again as a new
    /// session of the same case.
    pub async fn rerun_session(&self, session_id: &str) -> Result<LookupStarted> {
        let id = session_id.to_owned();
        let row = self
            .inner
            .store
            .read(move |c| sessions::get_session(c, &id))
            .await?;
        if !row.state.is_terminal() {
            return Err(EngineError::Conflict(
                "The session is still running; cancel it first or wait for it to finish.".into(),
            ));
        }
        let plan: Plan = serde_json::from_str(&row.request_json)
            .map_err(|e| EngineError::Internal(format!("unreadable session plan ({e})")))?;
        let plan = match plan {
            Plan::AmlyzePush { validate_only, .. } => {
                return self
                    .amlyze_push(AmlyzePushRequest {
                        case_id: row.case_id.clone(),
                        validate_only,
                    })
                    .await
                    .map(|v| LookupStarted {
                        case_id: row.case_id.clone(),
                        session_ids: vec![v.session_id],
                    })
            }
            p => p,
        };
        let new = self
            .plan_session(&row.case_id, &plan, row.batch_id.as_deref())
            .await?;
        self.inner.announce_session(&new).await;
        let id = new.id.clone();
        self.spawn(new, None);
        Ok(LookupStarted {
            case_id: row.case_id,
            session_ids: vec![id],
        })
    }

    pub async fn start_batch(&self, req: BatchRequest) -> Result<BatchStarted> {
        let (rows, rejected) = batch::parse_csv(&req.csv);
        let expands = check_list("expand", &req.expands, &ORG_EXPANDS)?;
        let reports = check_list("report", &req.reports, &ORG_REPORTS)?;
        if rows.is_empty() {
            return Err(EngineError::validation(
                "file",
                format!(
                    "the file has no usable row ({} rejected); each row needs country,identifier",
                    rejected.len()
                ),
            ));
        }
        let concurrency = req
            .concurrency
            .unwrap_or(DEFAULT_BATCH_CONCURRENCY)
            .clamp(1, 64);
        let env = self.inner.env_str();
        let rejected_json = serde_json::to_string(&rejected).unwrap_or_else(|_| "[]".into());
        let file_name = req.file_name.clone();
        let new_rows: Vec<batches::NewBatchRow> = rows
            .iter()
            .map(|r| batches::NewBatchRow {
                line: r.line,
                subject: Subject::Organization {
                    id: r.id.clone(),
                    name: r.name.clone(),
                },
            })
            .collect();
        let plans: Vec<String> = rows
            .iter()
            .map(|r| {
                serde_json::to_string(&Plan::Organization {
                    country: r.id.country,
                    identifier: r.id.value.clone(),
                    expands: expands.clone(),
                    reports: reports.clone(),
                })
                .unwrap_or_default()
            })
            .collect();
        let entities: Vec<String> = rows
            .iter()
            .map(|_| {
                serde_json::to_string(
                    &Plan::Organization {
                        country: Country::No,
                        identifier: String::new(),
                        expands: vec![],
                        reports: reports.clone(),
                    }
                    .initial_entities(),
                )
                .unwrap_or_else(|_| "[]".into())
            })
            .collect();
        // The batch, its cases and every planned session are one transaction: either the whole
        // batch exists (and resumes after a crash) or none of it does.
        let (batch_id, session_rows) = self
            .inner
            .store
            .write(move |c| {
                atomic(c, |c| {
                    let (batch_id, case_ids) = batches::create_batch(
                        c,
                        file_name.as_deref(),
                        env,
                        &new_rows,
                        &rejected_json,
                    )?;
                    let mut out = Vec::with_capacity(case_ids.len());
                    for ((case_id, plan), ents) in case_ids.iter().zip(&plans).zip(&entities) {
                        let reference = format!("amldesk-{}", uuid::Uuid::new_v4());
                        let id = sessions::insert_planned(
                            c,
                            &NewSession {
                                case_id,
                                provider: "organization",
                                kind: "organization",
                                request_json: plan,
                                client_reference: &reference,
                                batch_id: Some(&batch_id),
                            },
                        )?;
                        sessions::update_state(
                            c,
                            &id,
                            &StateUpdate {
                                entities_json: Some(ents),
                                ..StateUpdate::new(StoreState::Planned)
                            },
                        )?;
                        out.push(sessions::get_session(c, &id)?);
                    }
                    Ok((batch_id, out))
                })
            })
            .await?;
        let gate = Arc::new(Semaphore::new(concurrency as usize));
        let accepted = session_rows.len() as u32;
        for row in session_rows {
            self.spawn(row, Some(gate.clone()));
        }
        Ok(BatchStarted {
            batch_id,
            accepted,
            rejected,
        })
    }

    pub async fn cancel_batch(&self, batch_id: &str) -> Result<()> {
        let b = batch_id.to_owned();
        self.inner
            .store
            .read(move |c| batches::get_batch(c, &b))
            .await?;
        let token = lock(&self.inner.batch_tokens)
            .entry(batch_id.to_owned())
            .or_default()
            .clone();
        token.cancel();
        // Rows not running in this process are cancelled in the store directly.
        let b = batch_id.to_owned();
        let rows = self
            .inner
            .store
            .read(move |c| sessions::list_batch_sessions(c, &b))
            .await?;
        let running: Vec<String> = lock(&self.inner.session_tokens).keys().cloned().collect();
        for r in rows {
            if !r.state.is_terminal() && !running.contains(&r.id) {
                mark_cancelled(&self.inner, &r.id).await;
            }
        }
        Ok(())
    }

    /// Re-runs every failed, expired or cancelled row of a batch.
    pub async fn retry_batch(&self, batch_id: &str) -> Result<()> {
        let b = batch_id.to_owned();
        let rows = self
            .inner
            .store
            .read(move |c| sessions::list_batch_sessions(c, &b))
            .await?;
        lock(&self.inner.batch_tokens).remove(batch_id);
        let mut latest: HashMap<String, SessionRow> = HashMap::new();
        for r in rows {
            latest.insert(r.case_id.clone(), r);
        }
        let gate = Arc::new(Semaphore::new(DEFAULT_BATCH_CONCURRENCY as usize));
        for r in latest.into_values() {
            if matches!(
                r.state,
                StoreState::Failed | StoreState::Expired | StoreState::Cancelled
            ) {
                let plan: Plan = serde_json::from_str(&r.request_json)
                    .map_err(|e| EngineError::Internal(e.to_string()))?;
                let new = self.plan_session(&r.case_id, &plan, Some(batch_id)).await?;
                self.spawn(new, Some(gate.clone()));
            }
        }
        Ok(())
    }

    pub async fn get_batch(&self, batch_id: &str) -> Result<BatchView> {
        let b = batch_id.to_owned();
        let (info, rows, c) = self
            .inner
            .store
            .read(move |c| {
                Ok((
                    batches::get_batch(c, &b)?,
                    batches::list_batch_rows(c, &b)?,
                    batches::batch_counts(c, &b)?,
                ))
            })
            .await?;
        Ok(BatchView {
            id: info.id,
            file_name: info.file_name,
            created_at: info.created_at,
            counts: counts(c),
            rows: rows
                .into_iter()
                .map(|r| BatchRow {
                    line: r.line,
                    case_id: r.case_id,
                    identifier_display: r.identifier_display,
                    subject_name: r.subject_name,
                    state: views::state(r.state),
                    error: r
                        .error_json
                        .as_deref()
                        .and_then(|e| serde_json::from_str(e).ok()),
                })
                .collect(),
            rejected: serde_json::from_str(&info.rejected_json).unwrap_or_default(),
        })
    }

    /// Pushes the case's organization to Amlyze (validate only, or import and follow the
    /// assessment in the background). Returns the push's rows as soon as the import answered.
    pub async fn amlyze_push(&self, req: AmlyzePushRequest) -> Result<AmlyzePushView> {
        let cid = req.case_id.clone();
        let (record, org) = self
            .inner
            .store
            .read(move |c| {
                Ok((
                    cases::get_case(c, &cid)?,
                    results::latest_result(c, &cid, "organization")?,
                ))
            })
            .await?;
        let Subject::Organization { id, .. } = &record.subject else {
            return Err(EngineError::validation(
                "case",
                "only organization cases can be pushed to Amlyze",
            ));
        };
        let Some(org) = org else {
            return Err(EngineError::validation(
                "case",
                "the case has no organization data yet: run an organization lookup first",
            ));
        };
        let data = org.json()?;
        let customer = amlyze::organization_customer(
            &req.case_id,
            id.country.code(),
            &id.value,
            &data,
            amlyze::risk_from(&data),
        );
        let plan = Plan::AmlyzePush {
            validate_only: req.validate_only,
            communication_number: amlyze::communication_number(&req.case_id),
            customer,
        };
        let row = self.plan_session(&req.case_id, &plan, None).await?;
        let sid = row.id.clone();
        self.inner.announce_session(&row).await;
        let mut rx = self.subscribe();
        self.spawn(row, None);
        // Wait for the import answer (the session leaves `planned`), then show it.
        loop {
            let s = sid.clone();
            let r = self
                .inner
                .store
                .read(move |c| sessions::get_session(c, &s))
                .await?;
            if r.state != StoreState::Planned {
                break;
            }
            match tokio::time::timeout(std::time::Duration::from_secs(120), rx.recv()).await {
                Ok(Ok(_)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
                _ => break,
            }
        }
        let detail = self.get_case(&req.case_id).await?;
        detail
            .amlyze
            .into_iter()
            .find(|a| a.session_id == sid)
            .ok_or_else(|| EngineError::Internal("the push left no trace".into()))
    }

    pub async fn peer_request(&self, req: PeerRequest) -> Result<LookupStarted> {
        if !amldesk_providers::peer::REQUEST_TYPES.contains(&req.type_request.as_str()) {
            return Err(EngineError::validation(
                "type",
                format!(
                    "\"{}\" is not a request type; use one of: {}",
                    req.type_request,
                    amldesk_providers::peer::REQUEST_TYPES.join(", ")
                ),
            ));
        }
        let doc = req.id_document.trim().to_owned();
        if doc.is_empty() {
            return Err(EngineError::validation(
                "ID document",
                "the ID document number is empty",
            ));
        }
        let phone = parse_ua_phone(&req.phone)?;
        let case_id = self
            .case_for(
                req.case_id.clone(),
                Subject::Person {
                    id_document: Some(doc.clone()),
                    phone_original: Some(req.phone.clone()),
                    phone_e164: Some(phone.clone()),
                    name: None,
                },
            )
            .await?;
        let plan = Plan::Peer {
            type_request: req.type_request.clone(),
            id_document: doc,
            phone,
            phone_original: req.phone.clone(),
        };
        let row = self.plan_session(&case_id, &plan, None).await?;
        let id = row.id.clone();
        self.inner.announce_session(&row).await;
        self.spawn(row, None);
        Ok(LookupStarted {
            case_id,
            session_ids: vec![id],
        })
    }

    pub async fn set_decision(&self, req: DecisionRequest) -> Result<CaseDetail> {
        let id = req.case_id.clone();
        let d = views::decision_str(req.decision);
        let note = req.note.clone();
        self.inner
            .store
            .write(move |c| notes::set_decision(c, &id, d, &note))
            .await?;
        self.inner.announce_case(&req.case_id);
        self.get_case(&req.case_id).await
    }

    pub async fn add_note(&self, req: NoteRequest) -> Result<CaseDetail> {
        let id = req.case_id.clone();
        let text = req.text.clone();
        self.inner
            .store
            .write(move |c| notes::add_note(c, &id, &text))
            .await?;
        self.inner.announce_case(&req.case_id);
        self.get_case(&req.case_id).await
    }

    /// The bytes of a stored document (SHA-256 verified), never a path.
    pub async fn get_document(&self, sha256: &str) -> Result<Vec<u8>> {
        let s = sha256.to_owned();
        Ok(self
            .inner
            .store
            .read(move |c| documents::get_document(c, &s))
            .await?)
    }

    async fn load_settings(store: &Store, data_dir: &Path) -> Result<Settings> {
        let v = store
            .read(|c| settings::get_setting(c, stored_settings_key()))
            .await?;
        let mut s: Settings = v
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_else(|| default_settings(data_dir));
        s.data_dir = data_dir.display().to_string();
        Ok(s)
    }

    pub async fn get_settings(&self) -> Result<Settings> {
        let mut s = Self::load_settings(&self.inner.store, &self.inner.data_dir).await?;
        s.active = self.inner.environment;
        let live = &self.inner.providers.env;
        for env in &mut s.environments {
            for p in &mut env.providers {
                // The sandbox's addresses and client are the running instance's, not settings.
                if env.kind == EnvironmentKind::Sandbox {
                    let bankid =
                        matches!(p.provider, Provider::Organization | Provider::Beneficial);
                    p.url = match p.provider {
                        Provider::Organization | Provider::Beneficial => live.discovery_url.clone(),
                        Provider::Amlyze => live.amlyze_base.clone(),
                        Provider::Peer => live.peer_base.clone(),
                    };
                    p.client_id = match p.provider {
                        _ if bankid => Some(live.oidc_client_id.clone()),
                        Provider::Peer => Some(amldesk_sandbox::credentials::PEER_USER.to_owned()),
                        _ => None,
                    };
                    if p.provider == Provider::Organization {
                        p.scopes = live.scopes.clone();
                    }
                }
                let account =
                    keyring_account(env_kind_providers(env.kind), secret_name(p.provider));
                let store = self.inner.secrets.clone();
                p.secret_stored = env.kind == EnvironmentKind::Sandbox
                    || tokio::task::spawn_blocking(move || store.get(KEYRING_SERVICE, &account))
                        .await
                        .ok()
                        .and_then(|r| r.ok())
                        .flatten()
                        .is_some();
            }
        }
        Ok(s)
    }

    pub async fn save_settings(&self, s: Settings) -> Result<Settings> {
        if s.stale_after_days == 0 {
            return Err(EngineError::validation(
                "stale after days",
                "must be at least 1 day",
            ));
        }
        let mut s = s;
        for env in &mut s.environments {
            for p in &mut env.providers {
                p.secret_stored = false;
            }
        }
        let v = serde_json::to_value(&s).map_err(|e| EngineError::Internal(e.to_string()))?;
        self.inner
            .store
            .write(move |c| settings::set_setting(c, stored_settings_key(), &v))
            .await?;
        self.get_settings().await
    }

    /// Stores a secret in the keyring (or this run's memory store); never returns it.
    pub async fn set_secret(&self, req: SecretRequest) -> Result<SecretStatus> {
        if req.environment == EnvironmentKind::Sandbox {
            return Err(EngineError::validation(
                "environment",
                "the sandbox uses its fixed, documented credentials; secrets are only needed for test and production",
            ));
        }
        let account = keyring_account(
            env_kind_providers(req.environment),
            secret_name(req.provider),
        );
        let store = self.inner.secrets.clone();
        let value = Secret::new(req.value);
        let stored = !value.is_empty();
        tokio::task::spawn_blocking(move || {
            if value.is_empty() {
                store.delete(KEYRING_SERVICE, &account)
            } else {
                store.set(KEYRING_SERVICE, &account, &value)
            }
        })
        .await
        .map_err(|e| EngineError::Internal(e.to_string()))??;
        Ok(SecretStatus {
            environment: req.environment,
            provider: req.provider,
            stored,
            store: self.inner.secrets.kind().to_owned(),
        })
    }

    /// Checks one provider of the active environment step by step.
    pub async fn test_connection(&self, provider: Provider) -> Result<ConnectionTest> {
        let p = &self.inner.providers;
        let mut steps = Vec::new();
        let t = std::time::Instant::now();
        let mut step = |name: &str,
                        r: std::result::Result<String, amldesk_providers::ProviderError>,
                        t: std::time::Instant| {
            let ok = r.is_ok();
            steps.push(ConnectionStep {
                step: name.to_owned(),
                ok,
                message: match r {
                    Ok(m) => m,
                    Err(e) => e.user_message(),
                },
                elapsed_ms: t.elapsed().as_millis() as u64,
            });
            ok
        };
        match provider {
            Provider::Organization | Provider::Beneficial => {
                let d = p
                    .oidc
                    .discovery()
                    .await
                    .map(|d| format!("token endpoint {}", d.token_endpoint));
                if step("discovery", d, t) {
                    let t2 = std::time::Instant::now();
                    let scopes = [amldesk_providers::SCOPE_BASIC.to_owned()]
                        .into_iter()
                        .collect();
                    let tok = p
                        .oidc
                        .token(&scopes)
                        .await
                        .map(|_| "token issued".to_owned());
                    if step("token", tok, t2) && provider == Provider::Beneficial {
                        let t3 = std::time::Instant::now();
                        let r = p.bo.access_rights().await.map(|a| {
                            format!("National Registry access: {:?}", a.national_registry)
                        });
                        step("request", r, t3);
                    }
                }
            }
            Provider::Amlyze => {
                let r = p
                    .amlyze
                    .events("amldesk-connection-test")
                    .await
                    .map(|_| "answered".to_owned());
                let r = match r {
                    Err(amldesk_providers::ProviderError::NotFound { .. }) => {
                        Ok("answered".to_owned())
                    }
                    other => other,
                };
                step("request", r, t);
            }
            Provider::Peer => {
                let r = p
                    .peer
                    .respond("Identity", &[], 1)
                    .await
                    .map(|_| "answered".to_owned());
                step("request", r, t);
            }
        }
        let ok = steps.iter().all(|s| s.ok);
        self.inner.online.store(ok, Ordering::Relaxed);
        Ok(ConnectionTest {
            provider,
            ok,
            steps,
        })
    }

    /// Saves the ownership graph image the window drew (PNG or SVG) in the export folder, named
    /// after the subject; never overwrites a file.
    pub async fn save_graph_image(&self, req: GraphImageRequest) -> Result<SavedFile> {
        use base64::Engine as _;
        let ext = match req.format.as_str() {
            "png" | "svg" => req.format.clone(),
            other => {
                return Err(EngineError::Validation {
                    field: "format".into(),
                    message: format!("Graph images are saved as png or svg, not \"{other}\"."),
                })
            }
        };
        let b64 = req
            .data_base64
            .split_once("base64,")
            .map_or(req.data_base64.as_str(), |(_, d)| d);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| EngineError::Validation {
                field: "dataBase64".into(),
                message: format!("The image data is not valid base64 ({e})."),
            })?;
        let case = self.get_case(&req.case_id).await?;
        let name = case
            .summary
            .subject_name
            .clone()
            .unwrap_or_else(|| case.summary.identifier.clone());
        let stem = format!("{name} ownership {}", chrono::Utc::now().format("%Y-%m-%d"));
        let dir = export::export_dir();
        let len = bytes.len() as u64;
        let path =
            tokio::task::spawn_blocking(move || export::save_new_file(&dir, &stem, &ext, &bytes))
                .await
                .map_err(|e| EngineError::Internal(e.to_string()))??;
        Ok(SavedFile {
            path: path.display().to_string(),
            bytes: len,
        })
    }

    /// The ownership graph of a case, built from every cached organization result across cases
    /// and the case's beneficial-owners answer.
    pub async fn get_ownership(&self, case_id: &str) -> Result<amldesk_core::ownership::GraphView> {
        use amldesk_core::model::bo::BoResult;
        use amldesk_core::model::org::OrgResult;
        let id = case_id.to_owned();
        let (record, own, bo, others) = self
            .inner
            .store
            .read(move |c| {
                let record = cases::get_case(c, &id)?;
                let own = results::list_results(c, &id, Some("organization"))?;
                let bo = results::latest_result(c, &id, "beneficial")?;
                // Related organizations cached in other cases (intermediate owners, subsidiaries).
                let mut others = Vec::new();
                for s in cases::list_cases(
                    c,
                    &CaseFilter {
                        limit: Some(2000),
                        ..CaseFilter::default()
                    },
                )? {
                    if s.id != id && s.subject_type == "organization" {
                        if let Some(r) = results::latest_result(c, &s.id, "organization")? {
                            others.push(r);
                        }
                    }
                }
                Ok((record, own, bo, others))
            })
            .await?;
        let key = match &record.subject {
            Subject::Organization { id, .. } => id.value.clone(),
            Subject::Person { .. } => {
                return Err(EngineError::validation(
                    "case",
                    "ownership graphs are drawn for organizations",
                ))
            }
        };
        let mut parsed: Vec<OrgResult> = Vec::new();
        if let Some(last) = own.last() {
            parsed.push(
                OrgResult::from_json(&last.json()?)
                    .map_err(|e| EngineError::Internal(e.to_string()))?,
            );
        }
        for r in &others {
            if let Ok(v) = r.json() {
                if let Ok(o) = OrgResult::from_json(&v) {
                    parsed.push(o);
                }
            }
        }
        let bo = match bo {
            Some(r) => BoResult::from_json(&r.json()?).ok(),
            None => None,
        };
        let refs: Vec<&OrgResult> = parsed.iter().collect();
        Ok(amldesk_core::ownership::OwnershipGraph::from_results(&key, &refs, bo.as_ref()).view())
    }
}

fn secret_name(p: Provider) -> &'static str {
    match p {
        Provider::Organization | Provider::Beneficial => "oidc-client-secret",
        Provider::Amlyze => "amlyze-token",
        Provider::Peer => "peer-password",
    }
}

fn default_settings(data_dir: &Path) -> Settings {
    let env = |kind| {
        EnvironmentSettings {
        kind,
        providers: [Provider::Organization, Provider::Beneficial, Provider::Amlyze, Provider::Peer]
            .into_iter()
            .map(|provider| ProviderSettings {
                provider,
                url: match (kind, provider) {
                    (EnvironmentKind::Test, Provider::Organization | Provider::Beneficial) => {
                        "https://auth.current.bankid.no/auth/realms/current/.well-known/openid-configuration".into()
                    }
                    (EnvironmentKind::Production, Provider::Organization | Provider::Beneficial) => {
                        "https://auth.bankid.no/auth/realms/prod/.well-known/openid-configuration".into()
                    }
                    _ => String::new(),
                },
                client_id: None,
                secret_stored: false,
                scopes: vec![amldesk_providers::SCOPE_BASIC.into()],
            })
            .collect(),
    }
    };
    Settings {
        active: EnvironmentKind::Sandbox,
        environments: vec![
            env(EnvironmentKind::Sandbox),
            env(EnvironmentKind::Test),
            env(EnvironmentKind::Production),
        ],
        stale_after_days: 90,
        data_dir: data_dir.display().to_string(),
        theme: "system".into(),
    }
}

async fn mark_cancelled(inner: &Arc<Inner>, session_id: &str) {
    let id = session_id.to_owned();
    let r = inner
        .store
        .write(move |c| {
            let row = sessions::get_session(c, &id)?;
            if !row.state.is_terminal() {
                sessions::update_state(c, &id, &StateUpdate::new(StoreState::Cancelled))?;
            }
            sessions::get_session(c, &id)
        })
        .await;
    if let Ok(row) = r {
        inner.announce_session(&row).await;
    }
}

/// Identifier validation (no request).
pub fn validate(req: &ValidateRequest) -> ValidateResponse {
    let fail = |e: amldesk_core::IdError| ValidateResponse {
        ok: false,
        normalized: None,
        display: None,
        kind: None,
        error: Some(e),
        warning: None,
    };
    match (req.subject_type, req.kind.as_deref()) {
        (SubjectType::Person, Some("phone")) => match parse_ua_phone(&req.identifier) {
            Ok(p) => ValidateResponse {
                ok: true,
                display: Some(p.clone()),
                normalized: Some(p),
                kind: None,
                error: None,
                warning: None,
            },
            Err(e) => fail(e),
        },
        (SubjectType::Person, _) => {
            if req.country == Country::No {
                match parse_no_person(&req.identifier) {
                    Ok(p) => ValidateResponse {
                        ok: true,
                        display: Some(p.clone()),
                        normalized: Some(p),
                        kind: None,
                        error: None,
                        warning: None,
                    },
                    Err(e) => fail(e),
                }
            } else {
                let t = req.identifier.trim();
                if t.is_empty() {
                    fail(amldesk_core::IdError {
                        field: "ID document".into(),
                        message: "the ID document number is empty".into(),
                    })
                } else {
                    ValidateResponse {
                        ok: true,
                        normalized: Some(t.to_owned()),
                        display: Some(t.to_owned()),
                        kind: None,
                        error: None,
                        warning: None,
                    }
                }
            }
        }
        (SubjectType::Organization, k) => {
            let r = if k == Some("duns") {
                OrgId::duns(req.country, &req.identifier)
            } else {
                OrgId::parse(req.country, &req.identifier)
            };
            match r {
                Ok(id) => ValidateResponse {
                    ok: true,
                    display: Some(id.display()),
                    warning: (id.country == Country::Se && id.kind == OrgIdKind::NationalNumber)
                        .then(|| se_orgnr_warning(&id.value))
                        .flatten(),
                    kind: Some(id.kind),
                    normalized: Some(id.value),
                    error: None,
                },
                Err(e) => fail(e),
            }
        }
    }
}
