//! [`Ctx`]: the handles a use case may touch — the store, the providers, the secret store, the
//! environment, the event channel and the scheduler's book-keeping. Use cases are
//! `async fn(ctx: &Arc<Ctx>, req) -> Result<Res>`; [`Ctx::for_tests`] builds one over a temp
//! store with providers pointing nowhere, so use cases that do not call upstream are tested
//! without the sandbox or a window.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use amldesk_providers::{Providers, SecretStore, Webhook};
use amldesk_store::sessions::SessionRow;
use amldesk_store::{batches, Store};
use tokio::sync::{broadcast, Notify, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::api::{EngineEvent, EnvironmentKind, Provider};
use crate::open::environment::EmbeddedUpstream;
use crate::views;

/// Concurrent HTTP requests per provider.
pub const REQUESTS_PER_PROVIDER: usize = 8;
/// Default batch concurrency (subjects in flight).
pub const DEFAULT_BATCH_CONCURRENCY: u32 = 8;

pub struct Ctx {
    pub(crate) store: Store,
    pub(crate) providers: Arc<Providers>,
    pub(crate) events: broadcast::Sender<EngineEvent>,
    pub(crate) shutdown: CancellationToken,
    pub(crate) environment: EnvironmentKind,
    pub(crate) data_dir: PathBuf,
    pub(crate) base_url: String,
    pub(crate) secrets: Arc<dyn SecretStore>,
    pub(crate) sems: HashMap<Provider, Arc<Semaphore>>,
    pub(crate) session_tokens: Mutex<HashMap<String, CancellationToken>>,
    pub(crate) batch_tokens: Mutex<HashMap<String, CancellationToken>>,
    pub(crate) notifies: Mutex<HashMap<String, Arc<Notify>>>,
    pub(crate) running: Mutex<usize>,
    pub(crate) idle: Notify,
    pub(crate) webhook_url: Mutex<Option<String>>,
    pub(crate) online: AtomicBool,
    pub(crate) upstream: tokio::sync::Mutex<Option<EmbeddedUpstream>>,
    pub(crate) resume_gate: Arc<Semaphore>,
    /// Readiness delays seen so far and the poll policy (`scheduler::readiness`).
    pub(crate) readiness: crate::scheduler::readiness::Readiness,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What [`Ctx::new`] needs; everything else starts empty.
pub(crate) struct CtxParts {
    pub store: Store,
    pub providers: Arc<Providers>,
    pub environment: EnvironmentKind,
    pub data_dir: PathBuf,
    pub base_url: String,
    pub secrets: Arc<dyn SecretStore>,
    pub upstream: Option<EmbeddedUpstream>,
}

impl Ctx {
    pub(crate) fn new(p: CtxParts) -> Ctx {
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
        Ctx {
            store: p.store,
            providers: p.providers,
            events,
            shutdown: CancellationToken::new(),
            environment: p.environment,
            data_dir: p.data_dir,
            base_url: p.base_url,
            secrets: p.secrets,
            sems,
            session_tokens: Mutex::new(HashMap::new()),
            batch_tokens: Mutex::new(HashMap::new()),
            notifies: Mutex::new(HashMap::new()),
            running: Mutex::new(0),
            idle: Notify::new(),
            webhook_url: Mutex::new(None),
            online: AtomicBool::new(false),
            upstream: tokio::sync::Mutex::new(p.upstream),
            resume_gate: Arc::new(Semaphore::new(DEFAULT_BATCH_CONCURRENCY as usize * 2)),
            readiness: Default::default(),
        }
    }

    /// A context over `store` whose providers point at a closed loopback port: every upstream
    /// call fails as offline. For use-case tests that need no upstream.
    pub fn for_tests(store: Store, data_dir: impl Into<PathBuf>) -> Arc<Ctx> {
        let secrets: Arc<dyn SecretStore> = Arc::new(amldesk_providers::MemoryStore::new());
        let (env, creds) = crate::open::environment::unreachable();
        let http = amldesk_providers::Http::new(amldesk_providers::HttpConfig::default())
            .unwrap_or_else(|e| panic!("test HTTP client: {e}"));
        Arc::new(Ctx::new(CtxParts {
            store,
            providers: Arc::new(Providers::new(http, env, creds)),
            environment: EnvironmentKind::Sandbox,
            data_dir: data_dir.into(),
            base_url: String::new(),
            secrets,
            upstream: None,
        }))
    }

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

    pub(crate) fn emit(&self, e: EngineEvent) {
        let _ = self.events.send(e);
    }

    /// Records whether the active environment answers; tells the front doors when that changes.
    pub(crate) fn set_online(&self, online: bool, message: Option<String>) {
        if self.online.swap(online, Ordering::Relaxed) != online {
            self.emit(EngineEvent::Connectivity { online, message });
        }
    }

    /// One cheap request (the OIDC discovery document) to learn whether the environment answers.
    pub(crate) async fn probe_connectivity(&self) {
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
                        counts: views::counts(c),
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
