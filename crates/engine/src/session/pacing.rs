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

/// The JSON result entity's key (a report's wait starts at its readiness).
const JSON: &str = "jsonData";

fn since(a: Instant, b: Instant) -> u64 {
    b.saturating_duration_since(a).as_millis() as u64
}

impl Pacer {
    pub(super) fn new(inner: Arc<Ctx>, session: &str, provider: &str, fresh: bool) -> Pacer {
        Self::created_at(inner, session, provider, fresh, Instant::now())
    }

    /// As [`Pacer::new`], for a session created at `created` (the simulation's clock).
    pub(crate) fn created_at(
        inner: Arc<Ctx>,
        session: &str,
        provider: &str,
        fresh: bool,
        created: Instant,
    ) -> Pacer {
        Pacer {
            inner,
            session: session.to_owned(),
            provider: provider.to_owned(),
            learn: fresh,
            created,
            json_ready: None,
            tracks: HashMap::new(),
        }
    }

    /// This session has a JSON entity whose readiness no status has shown yet.
    fn json_pending(&self) -> bool {
        self.tracks.get(JSON).is_some_and(|t| !t.seen_ready)
    }

    fn kind(&self, entity: &str) -> String {
        format!("{}/{}", self.provider, entity)
    }

    /// Records one status answer (`entities` as [`transition::apply_status`] left them), seen at
    /// `seen`; `woken` when a webhook prompted the request.
    pub(crate) fn observe(&mut self, entities: &[EntityProgress], seen: Instant, woken: bool) {
        let book = &self.inner.readiness;
        let receiver = lock(&self.inner.webhook_url).is_some();
        // The JSON first: a report's wait starts at the JSON's readiness.
        let mut order: Vec<&EntityProgress> = entities.iter().collect();
        order.sort_by_key(|e| e.entity != JSON);
        for en in order {
            let is_json = en.entity == JSON;
            // A report cannot start before the JSON is ready: until then it is not waited
            // for (its wait, its requests and what is learned of it start at the JSON's
            // readiness; counted from the first status they would include the JSON's delay).
            if !is_json && self.json_pending() {
                continue;
            }
            let kind = self.kind(&en.entity);
            let json_ready = self.json_ready;
            let created = self.created;
            let t = self.tracks.entry(en.entity.clone()).or_default();
            if t.phase_start.is_none() {
                t.phase_start = if is_json {
                    Some(created)
                } else {
                    // JSON downloaded by an earlier run (or none in this session): its
                    // readiness is unknown here.
                    Some(json_ready.unwrap_or(seen))
                };
            }
            let start = t.phase_start.unwrap_or(seen);
            match en.state {
                EntityState::NotStarted | EntityState::InProgress => {
                    t.not_ready_at = Some(seen);
                    t.polls += 1;
                    if self.learn {
                        book.not_ready(&self.session, &en.entity, &kind, since(start, seen), start);
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
                    // Not ready at its phase's start, ready here: learned even when no
                    // status saw it waiting (leaving those out would drop the shortest
                    // delays). Not when its phase began at this very status (a report whose
                    // JSON this status showed ready too): nothing is known of its delay.
                    let seen_in = learn::Seen {
                        after_ms: t.not_ready_at.map_or(0, |b| since(start, b)),
                        by_ms: since(start, seen),
                    };
                    if self.learn && seen_in.by_ms > 0 {
                        book.ready(&self.session, &en.entity, &kind, seen_in);
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
        self.next_gap_at(entities, Instant::now())
    }

    /// [`Pacer::next_gap`] decided at `now`.
    pub(crate) fn next_gap_at(
        &self,
        entities: &[EntityProgress],
        now: Instant,
    ) -> (Duration, bool) {
        let book = &self.inner.readiness;
        let policy = book.policy();
        let receiver = lock(&self.inner.webhook_url).is_some();
        let trusted = book.webhooks_trusted(receiver, now);
        let adaptive = match policy {
            PollPolicy::Fixed { .. } => FIRST_POLL,
            PollPolicy::Adaptive { polls_per_entity } => {
                let learned: Vec<Option<learn::Learned>> = entities
                    .iter()
                    .map(|e| book.learned(&self.kind(&e.entity), now))
                    .collect();
                let efforts: Vec<Option<f64>> = learned
                    .iter()
                    .map(|l| l.as_ref().map(|l| l.effort))
                    .collect();
                let density = learn::poll_density(&efforts, polls_per_entity);
                entities
                    .iter()
                    .zip(learned.iter())
                    .filter(|(e, _)| {
                        matches!(e.state, EntityState::NotStarted | EntityState::InProgress)
                    })
                    .filter_map(|(e, l)| {
                        let (start, polls) = match self.tracks.get(&e.entity) {
                            Some(t) => (t.phase_start?, t.polls),
                            // Not seen yet (before the first status): the JSON waits from the
                            // creation; a report cannot start before the JSON is ready.
                            None if e.entity == JSON => (self.created, 0),
                            None => return None,
                        };
                        let elapsed = since(start, now);
                        let scouted = if l.is_none() && self.learn {
                            book.waits_for_scouts(
                                &self.session,
                                &e.entity,
                                &self.kind(&e.entity),
                                start,
                                elapsed,
                            )
                        } else {
                            None
                        };
                        Some(learn::adaptive_gap(
                            l.as_ref(),
                            elapsed,
                            polls,
                            density,
                            scouted,
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

#[cfg(test)]
mod sim;

#[cfg(test)]
mod tests {
    use super::*;
    use amldesk_store::{DbKey, Store};

    fn entity(key: &str, state: EntityState) -> EntityProgress {
        EntityProgress {
            entity: key.into(),
            label: key.into(),
            state,
            elapsed_ms: 0,
            bytes: None,
            sha256: None,
        }
    }

    #[tokio::test]
    async fn a_reports_wait_starts_at_the_jsons_readiness() {
        use EntityState::{InProgress, NotStarted, Ready};
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path().join("t.db"), &DbKey::generate()).expect("store");
        let ctx = Ctx::for_tests(store, dir.path());
        let mut p = Pacer::new(ctx.clone(), "s1", "bankid-org", true);
        let at = |ms: u64| p.created + Duration::from_millis(ms);
        let (t250, t1250, t4000, t5000) = (at(250), at(1250), at(4000), at(5000));
        let answers = [
            (t250, InProgress, NotStarted),
            (t1250, Ready, InProgress),
            (t4000, Ready, InProgress),
            (t5000, Ready, Ready),
        ];
        for (seen, json, report) in answers {
            p.observe(
                &[entity("jsonData", json), entity("aml-report", report)],
                seen,
                false,
            );
        }
        let seen = |after_ms, by_ms| vec![learn::Seen { after_ms, by_ms }];
        // The JSON: ready between 250 and 1250 ms after creation.
        assert_eq!(
            ctx.readiness.ready_seen("bankid-org/jsonData"),
            seen(250, 1250)
        );
        // The report: ready between 4000 and 5000 ms; its wait started at the JSON's
        // readiness, about 750 ms (not at the first status, 250 ms, that listed it NOT_STARTED).
        assert_eq!(
            ctx.readiness.ready_seen("bankid-org/aml-report"),
            seen(3250, 4250)
        );
        // Its requests count from the JSON's readiness: the statuses at 1250 and 4000 ms.
        let report = "aml-report";
        assert_eq!(p.tracks.get(report).map(|t| t.polls), Some(2));
        // Before the JSON is ready, only the JSON decides the next request.
        let mut q = Pacer::new(ctx.clone(), "s2", "bankid-org", true);
        let first = q.created + Duration::from_millis(250);
        q.observe(
            &[
                entity("jsonData", InProgress),
                entity("aml-report", NotStarted),
            ],
            first,
            false,
        );
        assert!(!q.tracks.contains_key("aml-report"));
    }
}
