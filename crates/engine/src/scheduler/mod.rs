//! The scheduler's book-keeping: one task per running session ([`spawn`]), resume after a start,
//! idle waiting, shutdown, cancellation, and the one planned-session insert ([`plan_session`]).
//! The session tasks themselves live in [`crate::session`]; [`readiness`] is what they learn
//! together about how long upstream takes, and [`learn`] the pure arithmetic of it.

pub mod learn;
pub(crate) mod readiness;

use std::sync::Arc;

use amldesk_store::sessions::{self, NewSession, SessionRow, StateUpdate};
use amldesk_store::{atomic, SessionState as StoreState};
use tokio::sync::Semaphore;

use crate::context::{lock, Ctx};
use crate::error::{EngineError, Result};
use crate::plan::{provider_str, Plan};

/// Counts a running session task; the last one to end wakes [`wait_idle`].
struct RunningGuard(Arc<Ctx>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        let mut n = lock(&self.0.running);
        *n = n.saturating_sub(1);
        if *n == 0 {
            self.0.idle.notify_waiters();
        }
    }
}

pub(crate) fn spawn(ctx: &Arc<Ctx>, row: SessionRow, gate: Option<Arc<Semaphore>>) {
    let inner = ctx.clone();
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
        match crate::session::Run::new(inner.clone(), row, token) {
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
pub async fn resume(ctx: &Arc<Ctx>) -> Result<u32> {
    let rows = ctx.store.read(|c| sessions::list_unfinished(c)).await?;
    let running: Vec<String> = lock(&ctx.session_tokens).keys().cloned().collect();
    let mut n = 0;
    for row in rows {
        if running.contains(&row.id) {
            continue;
        }
        let gate = row.batch_id.as_ref().map(|_| ctx.resume_gate.clone());
        spawn(ctx, row, gate);
        n += 1;
    }
    Ok(n)
}

/// Waits until no session started or resumed by this process is still running.
pub async fn wait_idle(ctx: &Arc<Ctx>) {
    loop {
        let notified = ctx.idle.notified();
        if *lock(&ctx.running) == 0 {
            return;
        }
        notified.await;
    }
}

/// Stops every task (sessions keep their state and resume on the next start), the embedded
/// sandbox, and then the store: its database threads are joined, so that no thread holding
/// SQLCipher's OpenSSL state is left running when the process exits. The engine is unusable
/// afterwards (store calls fail with "closed"); open a new one to go on.
pub async fn shutdown(ctx: &Arc<Ctx>) {
    ctx.shutdown.cancel();
    wait_idle(ctx).await;
    if let Some(h) = ctx.upstream.lock().await.take() {
        crate::open::environment::stop(h).await;
    }
    let store = ctx.store.clone();
    // Joining blocks (until the running job ends): not on a runtime worker.
    if tokio::task::spawn_blocking(move || store.close())
        .await
        .is_err()
    {
        ctx.store.close();
    }
}

pub(crate) async fn plan_session(
    ctx: &Arc<Ctx>,
    case_id: &str,
    plan: &Plan,
    batch_id: Option<&str>,
) -> Result<SessionRow> {
    let request = serde_json::to_string(plan).map_err(|e| EngineError::Internal(e.to_string()))?;
    let case_id = case_id.to_owned();
    let provider = provider_str(plan.provider());
    let kind = plan.kind();
    let batch = batch_id.map(str::to_owned);
    let entities = serde_json::to_string(&plan.initial_entities()).unwrap_or_else(|_| "[]".into());
    Ok(ctx
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

pub(crate) async fn mark_cancelled(inner: &Arc<Ctx>, session_id: &str) {
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
