//! The scheduler: one task per unfinished session, adaptive polling, bounded concurrency per
//! provider, retries of transient faults with a budget, cancellation per session and per batch.
//!
//! Every state change is written to the store first and then announced as an
//! [`EngineEvent::SessionUpdated`]. Shutdown (the app closing) never changes a session's state:
//! the next start resumes it. Only an explicit cancel marks it `cancelled`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use amldesk_core::model::org::OrgResult;
use amldesk_providers::{
    CreateBoSession, CreateOrgSession, EntityStatus, ErrorKind, Fetched, OrgReport, ProviderError,
    SessionState as UpState,
};
use amldesk_store::documents::{self, NewDocument};
use amldesk_store::results::{self, NewResult, ResultExtracts};
use amldesk_store::sessions::{self, SessionRow, StateUpdate};
use amldesk_store::{atomic, SessionState};
use chrono::{DateTime, Utc};
use rand::Rng;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::api::{EntityProgress, EntityState, ErrorCode, ErrorDto, Provider};
use crate::error::{provider_code, EngineError};
use crate::plan::{provider_from_str, Plan};
use crate::Inner;

/// Poll timing: short first interval, exponential backoff with jitter, a cap.
pub const FIRST_POLL: Duration = Duration::from_millis(250);
pub const MAX_POLL: Duration = Duration::from_secs(5);
/// Transient failures one session may absorb before it is marked failed.
pub const RETRY_BUDGET: u32 = 40;
/// How long an Amlyze assessment or a peer answer is followed before giving up.
const FOLLOW_LIMIT: Duration = Duration::from_secs(15 * 60);

/// Why a session stops running in this process.
enum Stop {
    /// The app is closing: leave the row as it is.
    Shutdown,
    Cancelled,
    Expired(ErrorDto),
    Failed(ErrorDto),
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
    inner: Arc<Inner>,
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

pub(crate) fn next_interval(d: Duration) -> Duration {
    (d.mul_f64(1.6)).min(MAX_POLL)
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
        inner: Arc<Inner>,
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

    /// Waits `d`, or less when a webhook wakes this session. Cancellation and shutdown end it.
    async fn sleep(&self, d: Duration) -> Result<(), Stop> {
        let notify = self
            .row
            .upstream_id
            .as_deref()
            .map(|u| self.inner.notify_for(u));
        let woken = async {
            match &notify {
                Some(n) => n.notified().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = self.inner.shutdown.cancelled() => Err(Stop::Shutdown),
            _ = self.cancel.cancelled() => Err(Stop::Cancelled),
            _ = tokio::time::sleep(jitter(d)) => Ok(()),
            _ = woken => Ok(()),
        }
    }

    /// Runs one upstream call under the provider's concurrency limit, retrying transient faults
    /// within the session's budget and honouring `Retry-After`.
    async fn call<T, F, Fut>(&mut self, mut f: F) -> Result<T, Stop>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ProviderError>>,
    {
        let sem: Arc<Semaphore> = self.inner.semaphore(self.provider());
        let mut backoff = FIRST_POLL;
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
            match res {
                Ok(v) => return Ok(v),
                Err(e) if e.code() == ErrorKind::Expired => {
                    return Err(Stop::Expired(error_dto_of(&e)))
                }
                Err(e) if e.is_transient() || is_not_ready(&e) => {
                    self.attempts += 1;
                    if self.attempts > RETRY_BUDGET {
                        let mut dto = error_dto_of(&e);
                        dto.message = format!(
                            "{} Gave up after {} failed attempts.",
                            dto.message, RETRY_BUDGET
                        );
                        return Err(Stop::Failed(dto));
                    }
                    tracing::debug!(session = %self.row.id, code = ?e.code(), attempt = self.attempts, "transient fault; retrying");
                    let wait = e
                        .retry_after()
                        .unwrap_or(backoff)
                        .min(Duration::from_secs(30));
                    backoff = next_interval(backoff);
                    self.sleep(wait).await?;
                }
                Err(e) => return Err(Stop::Failed(error_dto_of(&e))),
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
            Err(Stop::Expired(e)) => {
                for en in &mut self.entities {
                    if en.state != EntityState::Downloaded {
                        en.state = EntityState::Expired;
                    }
                }
                Some((SessionState::Expired, Some(e)))
            }
            Err(Stop::Failed(e)) => Some((SessionState::Failed, Some(e))),
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

    // ---------------------------------------------------------------- BankID (org + BO)

    async fn create_bankid(&mut self) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let reference = self.row.client_reference.clone();
        let webhook = self.inner.webhook();
        let created = match self.plan.clone() {
            Plan::Organization {
                country,
                identifier,
                expands,
                reports,
            } => {
                let req = CreateOrgSession {
                    identifier,
                    nationality: country.code().to_owned(),
                    expands,
                    reports: reports
                        .iter()
                        .map(|r| {
                            if r == "aml" {
                                OrgReport::Aml
                            } else {
                                OrgReport::CertificateOfRegistration
                            }
                        })
                        .collect(),
                    webhook,
                    client_reference: Some(reference),
                };
                self.call(|| providers.org.create_session(country, &req))
                    .await?
            }
            Plan::Beneficial {
                identifier,
                expands,
            } => {
                let req = CreateBoSession {
                    identifier,
                    expands,
                    webhook,
                    client_reference: Some(reference),
                };
                self.call(|| providers.bo.create_session(&req)).await?
            }
            _ => unreachable_plan()?,
        };
        if created.reused {
            tracing::info!(session = %self.row.id, "reconciled with the session created before a restart");
        }
        let id = self.row.id.clone();
        let upstream = created.session_id.clone();
        let row = self
            .inner
            .store
            .write(move |c| {
                sessions::mark_created(c, &id, &upstream, None)?;
                sessions::get_session(c, &id)
            })
            .await?;
        self.row = row;
        self.inner.announce_session(&self.row).await;
        Ok(())
    }

    async fn run_bankid(&mut self) -> Result<(), Stop> {
        if self.row.upstream_id.is_none() {
            self.create_bankid().await?;
        }
        let upstream =
            self.row.upstream_id.clone().ok_or_else(|| {
                Stop::Failed(EngineError::Internal("no upstream id".into()).to_dto())
            })?;
        let providers = self.inner.providers.clone();
        let is_org = matches!(self.plan, Plan::Organization { .. });
        let mut interval = FIRST_POLL;
        if self.row.state == SessionState::Created {
            self.save(SessionState::Polling, None).await?;
        }
        loop {
            self.check_expiry()?;
            let status = if is_org {
                self.call(|| providers.org.status(&upstream)).await?
            } else {
                self.call(|| providers.bo.status(&upstream)).await?
            };
            let mut changed = false;
            if let Some(exp) = status.expires_at {
                let exp = exp.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                if self.row.expires_at.as_deref() != Some(exp.as_str()) {
                    let id = self.row.id.clone();
                    let up = upstream.clone();
                    self.row = self
                        .inner
                        .store
                        .write(move |c| {
                            sessions::mark_created(c, &id, &up, Some(&exp))?;
                            sessions::get_session(c, &id)
                        })
                        .await?;
                    // mark_created resets the state to `created`; restore polling below.
                    changed = true;
                }
            }
            let elapsed = self.elapsed_ms();
            let mut ready: Vec<String> = Vec::new();
            let mut failed: Vec<String> = Vec::new();
            for en in &mut self.entities {
                if matches!(en.state, EntityState::Downloaded) {
                    continue;
                }
                let new = match status.entity(&en.entity) {
                    Some(EntityStatus::NotStarted) | None => EntityState::NotStarted,
                    Some(EntityStatus::InProgress) | Some(EntityStatus::Other(_)) => {
                        EntityState::InProgress
                    }
                    Some(EntityStatus::Ready) => EntityState::Ready,
                    Some(EntityStatus::Failed) => EntityState::Failed,
                };
                if new != en.state {
                    en.state = new;
                    en.elapsed_ms = elapsed;
                    changed = true;
                }
                match new {
                    EntityState::Ready => ready.push(en.entity.clone()),
                    EntityState::Failed => failed.push(en.label.clone()),
                    _ => {}
                }
            }
            if !failed.is_empty() || status.status == UpState::Failed {
                let what = if failed.is_empty() {
                    "the session".to_owned()
                } else {
                    failed.join(", ")
                };
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Upstream,
                    message: format!(
                        "The provider could not produce {what} and cancelled the session. Run \
                         the lookup again; if it keeps failing, contact the provider."
                    ),
                    field: None,
                    detail: None,
                }));
            }
            if changed || (!ready.is_empty() && self.row.state != SessionState::Ready) {
                let st = if ready.is_empty() {
                    SessionState::Polling
                } else {
                    SessionState::Ready
                };
                self.save(st, None).await?;
            }
            for entity in ready {
                self.download(&upstream, &entity, is_org).await?;
                interval = FIRST_POLL;
            }
            if self
                .entities
                .iter()
                .all(|e| e.state == EntityState::Downloaded)
            {
                self.save(SessionState::Downloaded, None).await?;
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            self.sleep(interval).await?;
            interval = next_interval(interval);
        }
    }

    async fn download(&mut self, upstream: &str, entity: &str, is_org: bool) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let up = upstream.to_owned();
        let fetched: Fetched = if entity == "jsonData" {
            if is_org {
                self.call(|| providers.org.json(&up)).await?
            } else {
                self.call(|| providers.bo.json(&up)).await?
            }
        } else if is_org {
            let report = if entity.starts_with("aml") {
                OrgReport::Aml
            } else {
                OrgReport::CertificateOfRegistration
            };
            self.call(|| providers.org.report(&up, report)).await?
        } else {
            self.call(|| providers.bo.report(&up)).await?
        };
        let elapsed = self.elapsed_ms();
        let Some(idx) = self.entities.iter().position(|e| e.entity == entity) else {
            return Ok(());
        };
        {
            let en = &mut self.entities[idx];
            en.state = EntityState::Downloaded;
            en.elapsed_ms = elapsed;
            en.bytes = Some(fetched.bytes.len() as u64);
            en.sha256 = Some(fetched.sha256.clone());
        }
        let entities_json = serde_json::to_string(&self.entities).unwrap_or_else(|_| "[]".into());
        let id = self.row.id.clone();
        let case_id = self.row.case_id.clone();
        let env = self.inner.env_str().to_owned();
        let fetched_at = fetched
            .fetched_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let expires = self.row.expires_at.clone();
        let label = self.entities[idx].label.clone();
        let bytes = fetched.bytes.to_vec();
        let is_json = entity == "jsonData";
        let (requested, result_kind, source) = match &self.plan {
            Plan::Organization { expands, .. } => (expands.clone(), "organization", "organization"),
            Plan::Beneficial { expands, .. } => (expands.clone(), "beneficial", "beneficial"),
            _ => (Vec::new(), "organization", "organization"),
        };
        let extracts = if is_json {
            extracts_of(&fetched.value, is_org)
        } else {
            ResultExtracts::default()
        };
        let doc_kind = if is_json {
            "json".to_owned()
        } else if !is_org {
            "beneficial-owners".to_owned()
        } else {
            entity.trim_end_matches("-report").to_owned()
        };
        let media = fetched.media_type;
        let state = self.row.state;
        let attempts = self.attempts;
        let row = self
            .inner
            .store
            .write(move |c| {
                atomic(c, |c| {
                    if is_json {
                        results::put_result(
                            c,
                            &NewResult {
                                session_id: &id,
                                case_id: &case_id,
                                kind: result_kind,
                                raw_json: &bytes,
                                requested: &requested,
                                fetched_at: &fetched_at,
                                environment: &env,
                                extracts: &extracts,
                            },
                        )?;
                    }
                    documents::put_document(
                        c,
                        &NewDocument {
                            bytes: &bytes,
                            media_type: media,
                            kind: &doc_kind,
                            title: &label,
                            session_id: Some(&id),
                            case_id: &case_id,
                            source,
                            fetched_at: &fetched_at,
                            upstream_expires_at: expires.as_deref(),
                        },
                    )?;
                    sessions::update_state(
                        c,
                        &id,
                        &StateUpdate {
                            state,
                            entities_json: Some(&entities_json),
                            error_json: None,
                            attempts: Some(attempts),
                            next_poll_at: None,
                        },
                    )?;
                    sessions::get_session(c, &id)
                })
            })
            .await?;
        self.row = row;
        self.inner.announce_session(&self.row).await;
        self.inner.announce_case(&self.row.case_id);
        Ok(())
    }

    // ---------------------------------------------------------------- Amlyze

    async fn run_amlyze(&mut self) -> Result<(), Stop> {
        let Plan::AmlyzePush {
            validate_only,
            communication_number,
            customer,
        } = self.plan.clone()
        else {
            return unreachable_plan();
        };
        let providers = self.inner.providers.clone();
        if self.row.upstream_id.is_none() {
            let customers = vec![customer.clone()];
            let answer = self
                .call(|| providers.amlyze.push(&customers, validate_only))
                .await?;
            let raw = serde_json::to_vec(&answer.raw).unwrap_or_default();
            self.store_result("amlyze", raw, None).await?;
            // O005 ("communication number already used") on this case's own stable number means
            // the customer is already imported (a push re-sent after a crash, or pushed before):
            // follow its assessment instead of failing.
            let accepted = answer.results.iter().any(|r| {
                r.result_type == "REQUEST_ACCEPTED"
                    || (!validate_only && r.error_code.as_deref() == Some("O005"))
            });
            if let Some(en) = self.entities.iter_mut().find(|e| e.entity == "import") {
                en.state = if accepted {
                    EntityState::Downloaded
                } else {
                    EntityState::Failed
                };
            }
            if !accepted {
                let why = answer
                    .results
                    .iter()
                    .map(|r| {
                        let code = r.error_code.clone().unwrap_or_default();
                        format!(
                            "{} ({code}: {})",
                            crate::amlyze::explain(&code),
                            r.error_description.clone().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Validation,
                    message: format!("Amlyze rejected the customer: {why}"),
                    field: None,
                    detail: None,
                }));
            }
            if validate_only {
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            let id = self.row.id.clone();
            let n = communication_number.clone();
            self.row = self
                .inner
                .store
                .write(move |c| {
                    sessions::mark_created(c, &id, &n, None)?;
                    sessions::get_session(c, &id)
                })
                .await?;
            self.save(SessionState::Polling, None).await?;
        }
        let mut interval = FIRST_POLL;
        let mut seen = 0usize;
        let started = Instant::now();
        loop {
            let n = communication_number.clone();
            let events = self.call(|| providers.amlyze.events(&n)).await?;
            let done = events
                .events
                .iter()
                .any(|e| e.kind.ends_with("kyc_scoring.completed"));
            if events.events.len() != seen {
                seen = events.events.len();
                let risk = events
                    .events
                    .iter()
                    .rev()
                    .find_map(|e| e.data.get("finalRiskLevel").and_then(|v| v.as_str()))
                    .map(str::to_owned);
                let raw = serde_json::to_vec(&events.raw).unwrap_or_default();
                self.store_result("amlyzeEvent", raw, risk).await?;
            }
            if done {
                if let Some(en) = self.entities.iter_mut().find(|e| e.entity == "assessment") {
                    en.state = EntityState::Downloaded;
                }
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            if started.elapsed() > FOLLOW_LIMIT {
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Timeout,
                    message: "Amlyze has not finished its assessment in 15 minutes; push again \
                              later to follow it."
                        .into(),
                    field: None,
                    detail: None,
                }));
            }
            self.sleep(interval).await?;
            interval = next_interval(interval);
        }
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

    // ---------------------------------------------------------------- Peer

    async fn run_peer(&mut self) -> Result<(), Stop> {
        let Plan::Peer {
            type_request,
            id_document,
            phone,
            ..
        } = self.plan.clone()
        else {
            return unreachable_plan();
        };
        let providers = self.inner.providers.clone();
        if self.row.upstream_id.is_none() {
            let people = vec![(id_document.clone(), phone.clone())];
            let created = self
                .call(|| providers.peer.create_request(&type_request, &people))
                .await?;
            let Some(req) = created
                .requests
                .first()
                .filter(|r| !r.id_request.is_empty())
            else {
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Upstream,
                    message: format!(
                        "The peer data exchange did not accept the request: {} {}",
                        created.response.status, created.response.message
                    ),
                    field: None,
                    detail: None,
                }));
            };
            let id = self.row.id.clone();
            let n = req.id_request.clone();
            self.row = self
                .inner
                .store
                .write(move |c| {
                    sessions::mark_created(c, &id, &n, None)?;
                    sessions::get_session(c, &id)
                })
                .await?;
            self.save(SessionState::Polling, None).await?;
        }
        let id_request = self.row.upstream_id.clone().unwrap_or_default();
        let mut interval = FIRST_POLL;
        let started = Instant::now();
        loop {
            let ids = vec![id_request.clone()];
            let answer = self
                .call(|| providers.peer.respond(&type_request, &ids, 24 * 60))
                .await?;
            let done = answer
                .items
                .iter()
                .any(|i| i.id_request == id_request && i.status == "Done");
            if done {
                let raw = serde_json::to_vec(&answer.raw).unwrap_or_default();
                self.store_result("peer", raw, None).await?;
                for en in &mut self.entities {
                    en.state = EntityState::Downloaded;
                }
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            if started.elapsed() > FOLLOW_LIMIT {
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Timeout,
                    message: "No peer answered within 15 minutes; run the request again later."
                        .into(),
                    field: None,
                    detail: None,
                }));
            }
            self.sleep(interval).await?;
            interval = next_interval(interval);
        }
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

/// Search and list extracts from an organization or beneficial-owners answer.
pub(crate) fn extracts_of(v: &Value, is_org: bool) -> ResultExtracts {
    let mut ex = ResultExtracts::default();
    if is_org {
        if let Ok(org) = OrgResult::from_json(v) {
            let s = org.summary();
            ex.subject_name = s.name.clone();
            ex.sanction_hits = s.sanction_hits;
            ex.pep_hits = s.pep_count;
            if let Some(n) = s.name {
                ex.names.push(n);
            }
            if let Some(n) = s.org_number {
                ex.identifiers.push(n);
            }
        }
    } else if let Some(n) = v
        .pointer("/keyInformation/name")
        .or_else(|| v.pointer("/organization/name"))
        .and_then(|n| n.as_str())
    {
        ex.subject_name = Some(n.to_owned());
        ex.names.push(n.to_owned());
    }
    for (section, target) in [
        ("roles", 0),
        ("ownership", 0),
        ("beneficialOwners", 0),
        ("beneficials", 0),
        ("authorities", 1),
        ("sanction", 2),
    ] {
        if let Some(node) = v.get(section) {
            let mut names = Vec::new();
            collect_names(node, &mut names);
            let list = match target {
                0 => &mut ex.people,
                1 => &mut ex.roles,
                _ => &mut ex.sanction_hit_names,
            };
            for n in names {
                if !list.contains(&n) {
                    list.push(n);
                }
            }
        }
    }
    ex
}

fn collect_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("name" | "fullName", Value::String(s)) if !s.trim().is_empty() => {
                        out.push(s.clone())
                    }
                    _ => collect_names(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_names(x, out)),
        _ => {}
    }
}
