//! When a BankID session asks for its status next: what each status answer teaches the shared
//! [`crate::scheduler::readiness`] book (how long each kind of entity took, who still waits),
//! and the gap the policy gives from it. The decisions are [`learn`]'s; this only keeps
//! the clock readings they need.

use std::collections::HashMap;
use std::time::Instant;

use super::*;
use crate::context::lock;
use crate::scheduler::learn::{self, PollPolicy};

#[derive(Default)]
struct Track {
    /// Start of this entity's wait: the session's creation (JSON), the JSON's readiness
    /// (reports).
    phase_start: Option<Instant>,
    /// The last status that said it was not ready.
    not_ready_at: Option<Instant>,
    /// Status requests in its phase.
    polls: u32,
    /// Its readiness was recorded.
    seen_ready: bool,
}

pub(super) struct Pacer {
    inner: Arc<Ctx>,
    session: String,
    provider: String,
    /// Created by this process (its creation time is known): its delays are learned from.
    learn: bool,
    created: Instant,
    json_ready: Option<Instant>,
    tracks: HashMap<String, Track>,
}

impl Drop for Pacer {
    fn drop(&mut self) {
        self.inner.readiness.forget(&self.session);
    }
}

fn since(a: Instant, b: Instant) -> u64 {
    b.saturating_duration_since(a).as_millis() as u64
}

impl Pacer {
    pub(super) fn new(inner: Arc<Ctx>, session: &str, provider: &str, fresh: bool) -> Pacer {
        Pacer {
            inner,
            session: session.to_owned(),
            provider: provider.to_owned(),
            learn: fresh,
            created: Instant::now(),
            json_ready: None,
            tracks: HashMap::new(),
        }
    }

    fn kind(&self, entity: &str) -> String {
        format!("{}/{}", self.provider, entity)
    }

    /// Records one status answer (`entities` as [`transition::apply_status`] left them), seen at
    /// `seen`; `woken` when a webhook prompted the request.
    pub(super) fn observe(&mut self, entities: &[EntityProgress], seen: Instant, woken: bool) {
        let book = &self.inner.readiness;
        let receiver = lock(&self.inner.webhook_url).is_some();
        // The JSON first: a report's wait starts at the JSON's readiness.
        let mut order: Vec<&EntityProgress> = entities.iter().collect();
        order.sort_by_key(|e| e.entity != "jsonData");
        for en in order {
            let is_json = en.entity == "jsonData";
            let kind = self.kind(&en.entity);
            let json_ready = self.json_ready;
            let created = self.created;
            let t = self.tracks.entry(en.entity.clone()).or_default();
            if t.phase_start.is_none() {
                t.phase_start = if is_json {
                    Some(created)
                } else {
                    // JSON downloaded by an earlier run: its readiness is unknown here.
                    Some(json_ready.unwrap_or(seen))
                };
            }
            let start = t.phase_start.unwrap_or(seen);
            match en.state {
                EntityState::NotStarted | EntityState::InProgress => {
                    t.not_ready_at = Some(seen);
                    t.polls += 1;
                    if self.learn {
                        book.not_ready(&self.session, &en.entity, &kind, since(start, seen));
                    }
                }
                EntityState::Ready if !t.seen_ready => {
                    t.seen_ready = true;
                    let estimate = match t.not_ready_at {
                        Some(b) => b + seen.saturating_duration_since(b) / 2,
                        None => seen,
                    };
                    if is_json {
                        self.json_ready = Some(estimate);
                    }
                    let delay = learn::observed_delay(
                        0,
                        t.not_ready_at.map(|b| since(start, b)),
                        since(start, seen),
                    );
                    if let (true, Some(d)) = (self.learn, delay) {
                        book.ready(&self.session, &en.entity, &kind, d);
                    }
                    if receiver && !woken {
                        book.webhook_missed(seen);
                    }
                }
                _ => {}
            }
        }
    }

    /// The gap before the next status request, and whether the task should jitter it.
    pub(super) fn next_gap(&self, entities: &[EntityProgress]) -> (Duration, bool) {
        let book = &self.inner.readiness;
        let policy = book.policy();
        let now = Instant::now();
        let receiver = lock(&self.inner.webhook_url).is_some();
        let trusted = book.webhooks_trusted(receiver, now);
        let adaptive = match policy {
            PollPolicy::Fixed { .. } => FIRST_POLL,
            PollPolicy::Adaptive { polls_per_entity } => {
                let learned: Vec<Option<learn::Learned>> = entities
                    .iter()
                    .map(|e| book.learned(&self.kind(&e.entity), now))
                    .collect();
                let widths: Vec<Option<f64>> = learned
                    .iter()
                    .map(|l| l.as_ref().map(|l| l.width_ms))
                    .collect();
                let masses = learn::share_budget(&widths, polls_per_entity);
                entities
                    .iter()
                    .zip(learned.iter().zip(masses))
                    .filter(|(e, _)| {
                        matches!(e.state, EntityState::NotStarted | EntityState::InProgress)
                    })
                    .filter_map(|(e, (l, mass))| {
                        let (start, polls) = match self.tracks.get(&e.entity) {
                            Some(t) => (t.phase_start?, t.polls),
                            // Not seen yet (before the first status): the JSON waits from the
                            // creation; a report cannot start before the JSON is ready.
                            None if e.entity == "jsonData" => (self.created, 0),
                            None => return None,
                        };
                        Some(learn::adaptive_gap(
                            l.as_ref(),
                            since(start, now),
                            polls,
                            mass,
                        ))
                    })
                    .min()
                    .unwrap_or(FIRST_POLL)
            }
        };
        let jitter = matches!(policy, PollPolicy::Fixed { .. });
        (learn::poll_gap(policy, adaptive, trusted), jitter)
    }
}

impl Run {
    /// Waits `d` (jittered when asked) or until a webhook wakes this session; `Ok(true)` when
    /// a webhook did. Cancellation and shutdown end it.
    pub(super) async fn sleep_until_poll(&self, d: Duration, jittered: bool) -> Result<bool, Stop> {
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
        let d = if jittered { jitter(d) } else { d };
        tokio::select! {
            _ = self.inner.shutdown.cancelled() => Err(Stop::Shutdown),
            _ = self.cancel.cancelled() => Err(Stop::Cancelled),
            _ = tokio::time::sleep(d) => Ok(false),
            _ = woken => Ok(true),
        }
    }
}
