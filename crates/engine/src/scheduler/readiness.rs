//! The scheduler's memory of readiness delays, shared by every session task of this process:
//! each status answer tells it which entities are still waiting (and for how long) and which
//! became ready (and about when). [`super::learn::learn`] turns that into the
//! distribution the adaptive policy polls by. Kept in memory only: a fresh process learns again
//! within its first few sessions.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::learn::{self, Learned, PollPolicy, Seen};
use crate::context::lock;

/// Ready observations kept per kind of entity (the most recent): bounds the work per decision
/// and follows an upstream whose latencies drift.
const WINDOW: usize = 400;
/// A kind's learned distribution is recomputed at most this often.
const REFRESH: Duration = Duration::from_millis(100);

#[derive(Default)]
struct Inner {
    /// kind → recent readiness.
    ready: HashMap<String, VecDeque<Seen>>,
    /// (session, entity) → (kind, delay at its last "not ready" status, start of its wait).
    waiting: HashMap<(String, String), (String, u64, Instant)>,
    learned: HashMap<String, (Instant, usize, Option<Learned>)>,
}

#[derive(Default)]
pub(crate) struct Readiness {
    inner: Mutex<Inner>,
    policy: Mutex<PollPolicy>,
    /// When a timer's status request last found a result no webhook had announced.
    webhook_missed: Mutex<Option<Instant>>,
}

impl Readiness {
    pub(crate) fn policy(&self) -> PollPolicy {
        *lock(&self.policy)
    }

    pub(crate) fn set_policy(&self, p: PollPolicy) {
        *lock(&self.policy) = p;
    }

    /// A status request on the timer (no webhook woke it) found a result ready.
    pub(crate) fn webhook_missed(&self, now: Instant) {
        *lock(&self.webhook_missed) = Some(now);
    }

    /// Whether the webhook receiver's hooks are relied on now.
    pub(crate) fn webhooks_trusted(&self, receiver: bool, now: Instant) -> bool {
        let since = lock(&self.webhook_missed).map(|t| now.duration_since(t));
        learn::webhooks_trusted(receiver, since)
    }

    /// `entity` of `session` was not ready `delay_ms` into its phase, which began at `start`.
    pub(crate) fn not_ready(
        &self,
        session: &str,
        entity: &str,
        kind: &str,
        delay_ms: u64,
        start: Instant,
    ) {
        lock(&self.inner).waiting.insert(
            (session.into(), entity.into()),
            (kind.into(), delay_ms, start),
        );
    }

    /// `entity` of `session` became ready in `seen` (delays into its phase).
    pub(crate) fn ready(&self, session: &str, entity: &str, kind: &str, seen: Seen) {
        let mut g = lock(&self.inner);
        g.waiting.remove(&(session.to_owned(), entity.to_owned()));
        let q = g.ready.entry(kind.to_owned()).or_default();
        q.push_back(seen);
        while q.len() > WINDOW {
            q.pop_front();
        }
    }

    /// The session ended: what it still waited for is no longer at risk.
    pub(crate) fn forget(&self, session: &str) {
        lock(&self.inner).waiting.retain(|(s, _), _| s != session);
    }

    /// The readiness kept for `kind` (tests).
    #[cfg(test)]
    pub(crate) fn ready_seen(&self, kind: &str) -> Vec<Seen> {
        lock(&self.inner)
            .ready
            .get(kind)
            .map(|q| q.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Whether `entity` of `session`, whose wait began at `start`, leaves the cold start's
    /// exploring to the kind's first entities ([`learn::waits_for_scouts`]): if so, how far
    /// into the phase the kind has been seen with nothing ready (its longest wait).
    pub(crate) fn waits_for_scouts(
        &self,
        session: &str,
        entity: &str,
        kind: &str,
        start: Instant,
        elapsed_ms: u64,
    ) -> Option<u64> {
        let g = lock(&self.inner);
        let ready_after: Vec<u64> = g
            .ready
            .get(kind)
            .map(|q| q.iter().map(|r| r.after_ms).collect())
            .unwrap_or_default();
        let me = (start, session, entity);
        let of_kind = || g.waiting.iter().filter(|(_, (k, _, _))| k == kind);
        let ahead = of_kind()
            .filter(|(key, (_, _, s))| (*s, key.0.as_str(), key.1.as_str()) < me)
            .count();
        learn::waits_for_scouts(ahead, &ready_after, elapsed_ms)
            .then(|| of_kind().map(|(_, (_, d, _))| *d).max().unwrap_or(0))
    }

    /// What is learned of `kind` so far (`None` until [`learn::MIN_OBSERVED`]).
    pub(crate) fn learned(&self, kind: &str, now: Instant) -> Option<Learned> {
        let mut g = lock(&self.inner);
        let count = g.ready.get(kind).map_or(0, VecDeque::len);
        if let Some((at, n, l)) = g.learned.get(kind) {
            if now.duration_since(*at) < REFRESH && (*n == count || count > 2 * WINDOW / 10) {
                return l.clone();
            }
        }
        let ready: Vec<Seen> = g
            .ready
            .get(kind)
            .map(|q| q.iter().copied().collect())
            .unwrap_or_default();
        let waiting: Vec<u64> = g
            .waiting
            .values()
            .filter(|(k, _, _)| k == kind)
            .map(|(_, d, _)| *d)
            .collect();
        let l = learn::learn(&ready, &waiting);
        g.learned.insert(kind.to_owned(), (now, count, l.clone()));
        l
    }
}
