//! Session tasks: one per unfinished session, adaptive polling, bounded concurrency per
//! provider, retries of transient faults with a budget, cancellation per session and per batch.
//!
//! Every state change is written to the store first and then announced as an
//! [`EngineEvent::SessionUpdated`]. Shutdown (the app closing) never changes a session's state:
//! the next start resumes it. Only an explicit cancel marks it `cancelled`.
//!
//! `mod.rs` holds the task's frame (save, sleep, call with retries, the end); `bankid`, `amlyze`
//! and `peer` only sequence each provider's I/O; [`transition`] holds the pure decisions.

mod amlyze;
mod bankid;
pub mod extracts;
mod pacing;
mod peer;
pub mod transition;

use std::sync::Arc;
use std::time::{Duration, Instant};

use amldesk_core::model::session::SessionState as UpState;
use amldesk_providers::{
    CreateBoSession, CreateOrgSession, ErrorKind, Fetched, OrgReport, ProviderError,
};
use amldesk_store::documents::{self, NewDocument};
use amldesk_store::results::{self, NewResult, ResultExtracts};
use amldesk_store::sessions::{self, SessionRow, StateUpdate};
use amldesk_store::{atomic, SessionState};
use chrono::{DateTime, Utc};
use rand::Rng;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::api::{EntityProgress, EntityState, ErrorCode, ErrorDto, Provider};
use crate::context::Ctx;
use crate::error::{provider_code, EngineError};
use crate::plan::{provider_from_str, Plan};
pub use transition::{next_interval, FIRST_POLL, MAX_POLL, RETRY_BUDGET};
use transition::{Call, OnError, FOLLOW_LIMIT};

/// Why a session stops running in this process.
enum Stop {
    /// The app is closing: leave the row as it is.
    Shutdown,
    Cancelled,
    Expired(ErrorDto),
    Failed(ErrorDto),
    /// A create may have reached the upstream (see [`transition::OnError::Reconcile`]); the
    /// create sequence reconciles after `wait`.
    Reconcile {
        error: ErrorDto,
        wait: Duration,
    },
    /// A download's result is gone upstream (410): that entity only.
    EntityExpired(ErrorDto),
}

impl From<EngineError> for Stop {
    fn from(e: EngineError) -> Self {
        Stop::Failed(e.to_dto())
    }
}

impl From<amldesk_store::StoreError> for Stop {
    fn from(e: amldesk_store::StoreError) -> Self {
        Stop::Failed(EngineError::from(e).to_dto())
    }
}

pub(crate) struct Run {
    inner: Arc<Ctx>,
    row: SessionRow,
    plan: Plan,
    entities: Vec<EntityProgress>,
    cancel: CancellationToken,
    attempts: u32,
    started: Instant,
    created_at: DateTime<Utc>,
}

fn jitter(d: Duration) -> Duration {
    let f: f64 = rand::thread_rng().gen_range(0.8..1.2);
    d.mul_f64(f)
}

pub(crate) fn error_dto_of(p: &ProviderError) -> ErrorDto {
    ErrorDto {
        code: provider_code(p),
        message: p.user_message(),
        field: None,
        detail: Some(p.to_string()),
    }
}

impl Run {
    pub(crate) fn new(
        inner: Arc<Ctx>,
        row: SessionRow,
        cancel: CancellationToken,
    ) -> Result<Run, EngineError> {
        let plan: Plan = serde_json::from_str(&row.request_json).map_err(|e| {
            EngineError::Internal(format!("session {} has an unreadable plan ({e})", row.id))
        })?;
        let mut entities: Vec<EntityProgress> =
            serde_json::from_str(&row.entities_json).unwrap_or_default();
        if entities.is_empty() {
            entities = plan.initial_entities();
        }
        let created_at = DateTime::parse_from_rfc3339(&row.created_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now());
        Ok(Run {
            inner,
            attempts: row.attempts,
            row,
            plan,
            entities,
            cancel,
            started: Instant::now(),
            created_at,
        })
    }

    fn elapsed_ms(&self) -> u64 {
        (Utc::now() - self.created_at).num_milliseconds().max(0) as u64
    }

    fn provider(&self) -> Provider {
        provider_from_str(&self.row.provider)
    }

    /// Persists state + entities (+ error), then announces the change.
    async fn save(&mut self, state: SessionState, error: Option<&ErrorDto>) -> Result<(), Stop> {
        let id = self.row.id.clone();
        let entities = serde_json::to_string(&self.entities)
            .map_err(|e| Stop::Failed(EngineError::Internal(e.to_string()).to_dto()))?;
        let err = error.map(|e| serde_json::to_string(e).unwrap_or_default());
        let attempts = self.attempts;
        let row = self
            .inner
            .store
            .write(move |c| {
                sessions::update_state(
                    c,
                    &id,
                    &StateUpdate {
                        state,
                        entities_json: Some(&entities),
                        error_json: err.as_deref().map(Some),
                        attempts: Some(attempts),
                        next_poll_at: None,
                    },
                )?;
                sessions::get_session(c, &id)
            })
            .await?;
        self.row = row;
        self.inner.announce_session(&self.row).await;
        Ok(())
    }

    /// Waits `d` (jittered), or less when a webhook wakes this session. Cancellation and
    /// shutdown end it.
    async fn sleep(&self, d: Duration) -> Result<(), Stop> {
        self.sleep_until_poll(d, true).await.map(|_| ())
    }

    /// Runs one upstream call under the provider's concurrency limit, retrying transient faults
    /// within the session's budget and honouring `Retry-After`.
    async fn call<T, F, Fut>(&mut self, f: F) -> Result<T, Stop>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ProviderError>>,
    {
        self.call_as(Call::Read, f).await
    }

    /// [`Run::call`] for a given kind of call: creates are reconciled rather than resent after
    /// an ambiguous failure, a download's 410 expires that entity only.
    async fn call_as<T, F, Fut>(&mut self, call: Call, mut f: F) -> Result<T, Stop>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ProviderError>>,
    {
        let sem: Arc<Semaphore> = self.inner.semaphore(self.provider());
        let mut backoff = FIRST_POLL;
        // An import counts its own failures against its own budget.
        let mut import_failures = 0u32;
        loop {
            let res = {
                let permit = tokio::select! {
                    _ = self.inner.shutdown.cancelled() => return Err(Stop::Shutdown),
                    _ = self.cancel.cancelled() => return Err(Stop::Cancelled),
                    p = sem.acquire() => p,
                };
                let _permit = permit.map_err(|_| Stop::Shutdown)?;
                tokio::select! {
                    _ = self.inner.shutdown.cancelled() => return Err(Stop::Shutdown),
                    _ = self.cancel.cancelled() => return Err(Stop::Cancelled),
                    r = f() => r,
                }
            };
            match &res {
                Ok(_) => self.inner.set_online(true, None),
                Err(e) if matches!(e.code(), ErrorKind::Offline | ErrorKind::Timeout) => {
                    self.inner.set_online(false, Some(e.user_message()))
                }
                Err(_) => self.inner.set_online(true, None),
            }
            let e = match res {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let fault = transition::Fault {
                kind: e.code(),
                transient: e.is_transient(),
                not_ready: is_not_ready(&e),
                retry_after: e.retry_after(),
                ambiguous: e.may_have_reached_upstream(),
            };
            if fault.transient || fault.not_ready {
                self.attempts += 1;
                import_failures += 1;
            }
            let attempts = if transition::retry_budget(call, fault.kind) == RETRY_BUDGET {
                self.attempts
            } else {
                import_failures
            };
            match transition::on_error(&fault, call, attempts, backoff) {
                OnError::Expire => return Err(Stop::Expired(error_dto_of(&e))),
                OnError::ExpireEntity => return Err(Stop::EntityExpired(error_dto_of(&e))),
                OnError::Reconcile { wait, .. } => {
                    return Err(Stop::Reconcile {
                        error: error_dto_of(&e),
                        wait,
                    })
                }
                OnError::Fail { gave_up: true } => {
                    let mut dto = error_dto_of(&e);
                    if call == Call::Import {
                        // The user message of a 5xx promises another try; this is the last.
                        dto.message = format!(
                            "{e}. Gave up after {} failed attempts; push again later.",
                            transition::retry_budget(call, fault.kind)
                        );
                        return Err(Stop::Failed(dto));
                    }
                    dto.message = format!(
                        "{} Gave up after {} failed attempts.",
                        dto.message,
                        transition::retry_budget(call, fault.kind)
                    );
                    return Err(Stop::Failed(dto));
                }
                OnError::Fail { gave_up: false } => return Err(Stop::Failed(error_dto_of(&e))),
                OnError::Retry { wait, next_backoff } => {
                    tracing::debug!(session = %self.row.id, code = ?e.code(), attempt = self.attempts, "transient fault; retrying");
                    backoff = next_backoff;
                    self.sleep(wait).await?;
                }
            }
        }
    }

    pub(crate) async fn run(mut self) {
        let outcome = match self.plan.clone() {
            Plan::Organization { .. } | Plan::Beneficial { .. } => self.run_bankid().await,
            Plan::AmlyzePush { .. } => self.run_amlyze().await,
            Plan::Peer { .. } => self.run_peer().await,
        };
        let end = match outcome {
            Ok(()) => None,
            Err(Stop::Shutdown) => return,
            Err(Stop::Cancelled) => Some((SessionState::Cancelled, None)),
            Err(Stop::Expired(e)) | Err(Stop::EntityExpired(e)) => {
                for en in &mut self.entities {
                    if en.state != EntityState::Downloaded {
                        en.state = EntityState::Expired;
                    }
                }
                Some((SessionState::Expired, Some(e)))
            }
            Err(Stop::Failed(e)) | Err(Stop::Reconcile { error: e, .. }) => {
                Some((SessionState::Failed, Some(e)))
            }
        };
        if let Some((state, err)) = end {
            if let Err(Stop::Failed(e)) = self.save(state, err.as_ref()).await {
                tracing::warn!(session = %self.row.id, message = %e.message, "could not record the session's end");
            }
        }
        tracing::debug!(session = %self.row.id, ms = self.started.elapsed().as_millis() as u64, state = %self.row.state, "session task ended");
    }

    fn check_expiry(&self) -> Result<(), Stop> {
        if let Some(exp) = self.row.expires_at.as_deref() {
            if let Ok(t) = DateTime::parse_from_rfc3339(exp) {
                if t.with_timezone(&Utc) <= Utc::now() {
                    return Err(Stop::Expired(ErrorDto {
                        code: ErrorCode::Expired,
                        message: format!(
                            "The results of this lookup expired upstream at {exp} before they \
                             were all downloaded (results are kept for two hours). Run the \
                             lookup again to fetch fresh results."
                        ),
                        field: None,
                        detail: None,
                    }));
                }
            }
        }
        Ok(())
    }

    async fn store_result(
        &mut self,
        kind: &'static str,
        raw: Vec<u8>,
        risk: Option<String>,
    ) -> Result<(), Stop> {
        let id = self.row.id.clone();
        let case_id = self.row.case_id.clone();
        let env = self.inner.env_str().to_owned();
        let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let extracts = ResultExtracts {
            risk,
            ..ResultExtracts::default()
        };
        self.inner
            .store
            .write(move |c| {
                results::put_result(
                    c,
                    &NewResult {
                        session_id: &id,
                        case_id: &case_id,
                        kind,
                        raw_json: &raw,
                        requested: &[],
                        fetched_at: &at,
                        environment: &env,
                        extracts: &extracts,
                    },
                )
            })
            .await?;
        self.inner.announce_case(&self.row.case_id);
        Ok(())
    }
}

fn is_not_ready(e: &ProviderError) -> bool {
    // 409 "not ready yet": the status said READY a moment ago; poll again.
    matches!(
        e,
        ProviderError::NotReady {
            will_be_ready: true,
            ..
        }
    )
}

fn unreachable_plan<T>() -> Result<T, Stop> {
    Err(Stop::Failed(
        EngineError::Internal("the session's plan does not match its kind".into()).to_dto(),
    ))
}

impl Run {
    /// A create that may have reached the upstream is about to be sent again, and nothing can
    /// tell whether the first one made a session: the case says so (and the audit log).
    async fn warn_possible_duplicate(&mut self, earlier_attempt: &str) -> Result<(), Stop> {
        let warning = serde_json::json!({
            "kind": "possible_upstream_duplicate",
            "sessionId": self.row.id,
            "at": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "earlierAttempt": earlier_attempt,
        });
        tracing::warn!(session = %self.row.id, "creating again: the upstream may hold a duplicate");
        let case_id = self.row.case_id.clone();
        self.inner
            .store
            .write(move |c| sessions::record_warning(c, &case_id, &warning))
            .await?;
        self.inner.announce_case(&self.row.case_id);
        Ok(())
    }
}
