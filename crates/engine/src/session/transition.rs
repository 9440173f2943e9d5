//! Pure decisions of a session task: what an upstream status means for each entity, what to do
//! after a failed call, and when to poll next. No I/O, no clock, no randomness: the task passes
//! in what it observed and acts on the answer. Each function has a table of cases below.

use std::time::Duration;

use amldesk_core::model::session::EntityStatus;
use amldesk_providers::ErrorKind;

use crate::api::{EntityProgress, EntityState};

/// Poll timing: short first interval, exponential backoff, a cap (the task adds jitter).
pub const FIRST_POLL: Duration = Duration::from_millis(250);
pub const MAX_POLL: Duration = Duration::from_secs(5);
/// Transient failures one session may absorb before it is marked failed.
pub const RETRY_BUDGET: u32 = 40;
/// Failures one Amlyze import request may absorb (a whole-request 500, a reset, a timeout)
/// before the push fails with the upstream's reason. Resending is safe: the import is keyed by
/// our communication number (an O005 on a repeat leads to an UPDATE).
pub const IMPORT_RETRY_BUDGET: u32 = 3;
/// The longest wait a `Retry-After` may impose.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// How long an Amlyze assessment or a peer answer is followed before giving up.
pub(crate) const FOLLOW_LIMIT: Duration = Duration::from_secs(15 * 60);
/// How long an entity the status never names is waited for (from the session's creation).
pub const NEVER_NAMED_LIMIT: Duration = Duration::from_secs(10 * 60);

/// The next poll interval after `d`: ×1.6, capped at [`MAX_POLL`].
pub fn next_interval(d: Duration) -> Duration {
    (d.mul_f64(1.6)).min(MAX_POLL)
}

/// What the task knows of a failed call.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub kind: ErrorKind,
    /// 5xx, reset, timeout, 429: worth another try.
    pub transient: bool,
    /// 409 "not ready yet" right after the status said READY.
    pub not_ready: bool,
    pub retry_after: Option<Duration>,
    /// The request may have reached the upstream and been acted on: a timeout, a connection cut
    /// after the request was sent, a 5xx, a cut answer.
    pub ambiguous: bool,
}

/// Which kind of call failed: a create is not safe to repeat, a download concerns one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// A create POST (BankID session, peer `createrequest`).
    Create,
    /// A status, an events or a respond request.
    Read,
    /// An Amlyze import (`batch-customers`): safe to resend, with its own small budget.
    Import,
    /// Downloading one result entity.
    Download,
}

/// What to do after a failed call.
#[derive(Debug, Clone, PartialEq)]
pub enum OnError {
    /// Wait, then call again; the backoff for the next failure is `next_backoff`.
    Retry {
        wait: Duration,
        next_backoff: Duration,
    },
    /// The create may have reached the upstream: do not send it blindly again, reconcile
    /// (find it by reference, or create again with a warning) after `wait`.
    Reconcile {
        wait: Duration,
        next_backoff: Duration,
    },
    /// The session is gone upstream (410 on a status request).
    Expire,
    /// This entity's result is gone upstream (410 on its download); the others still download.
    ExpireEntity,
    /// Stop with this error; `gave_up` when the retry budget was spent.
    Fail { gave_up: bool },
}

/// Decides after a failed call. `attempts` counts the failures so far including this one.
pub fn on_error(f: &Fault, call: Call, attempts: u32, backoff: Duration) -> OnError {
    if f.kind == ErrorKind::Expired {
        // Results live "2 hours after availability", each on its own: a 410 on a download
        // expires that entity only.
        return match call {
            Call::Download => OnError::ExpireEntity,
            Call::Create | Call::Read | Call::Import => OnError::Expire,
        };
    }
    if !(f.transient || f.not_ready) {
        return OnError::Fail { gave_up: false };
    }
    if attempts > retry_budget(call, f.kind) {
        return OnError::Fail { gave_up: true };
    }
    let wait = f.retry_after.unwrap_or(backoff).min(MAX_RETRY_AFTER);
    let next_backoff = next_interval(backoff);
    if call == Call::Create && f.ambiguous {
        // Sending the same create again could make a second upstream session.
        return OnError::Reconcile { wait, next_backoff };
    }
    OnError::Retry { wait, next_backoff }
}

/// How many failures of this kind a call may absorb: an Amlyze import's own budget, except for
/// a 429 (not acted on, wait as told) which stays within the session's.
pub fn retry_budget(call: Call, kind: ErrorKind) -> u32 {
    if call == Call::Import && kind != ErrorKind::RateLimited {
        IMPORT_RETRY_BUDGET
    } else {
        RETRY_BUDGET
    }
}

/// The `action` of an Amlyze customer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmlyzeAction {
    Create,
    Update,
}

impl AmlyzeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AmlyzeAction::Create => "CREATE",
            AmlyzeAction::Update => "UPDATE",
        }
    }
}

/// The first action of a push: UPDATE when an earlier push of this case was imported (the
/// customer exists under our number), else CREATE.
pub fn first_amlyze_action(imported_before: bool) -> AmlyzeAction {
    if imported_before {
        AmlyzeAction::Update
    } else {
        AmlyzeAction::Create
    }
}

/// What one row of an import answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    /// Accepted: follow the assessment (or, validating only, done).
    Accepted,
    /// O005 on our own number after a CREATE: the customer exists; send the row as UPDATE.
    ResendAsUpdate,
    /// Rejected: fail, showing the row's reason.
    Rejected,
}

/// Decides from the import row for our communication number. `row_number` is the number the
/// row names (`None`: the row does not say, read as ours, as the batch holds one row).
pub fn on_import_row(
    accepted: bool,
    error_code: Option<&str>,
    row_number: Option<&str>,
    our_number: &str,
    sent: AmlyzeAction,
) -> ImportStep {
    if accepted {
        return ImportStep::Accepted;
    }
    let ours = row_number.is_none_or(|n| n.is_empty() || n == our_number);
    if error_code == Some("O005") && ours && sent == AmlyzeAction::Create {
        ImportStep::ResendAsUpdate
    } else {
        ImportStep::Rejected
    }
}

/// The `period` (minutes) of a `respond` that reconciles a peer create sent `since_sent_ms`
/// ago: just since that attempt, with two minutes' margin for clocks and rounding.
pub fn peer_reconcile_period(since_sent_ms: u64) -> u32 {
    (since_sent_ms / 60_000 + 2).min(24 * 60) as u32
}

/// One row of a `respond` answer, as the reconcile sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRow {
    pub id_document: String,
    /// E.164 (normalized by the caller).
    pub phone: String,
    pub id_request: String,
}

/// The request an earlier `createrequest` made for (document, phone), if the answer holds one:
/// the same IdDocument and PhoneNumber, an idRequest no other session of ours owns; the latest
/// such row when several match (the answer lists requests oldest first).
pub fn match_peer_request(
    rows: &[PeerRow],
    id_document: &str,
    phone: &str,
    owned_elsewhere: &[String],
) -> Option<String> {
    rows.iter()
        .rev()
        .find(|r| {
            !r.id_request.is_empty()
                && r.id_document.trim() == id_document.trim()
                && r.phone == phone
                && !owned_elsewhere.contains(&r.id_request)
        })
        .map(|r| r.id_request.clone())
}

/// How a create that may have reached the upstream is reconciled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconcile {
    /// The environment declares de-duplication: look the session up by our reference.
    FindByReference,
    /// Nothing to find it by: create again and warn the case of a possible duplicate.
    CreateAgainAndWarn,
}

pub fn reconcile(environment_declares_dedup: bool) -> Reconcile {
    if environment_declares_dedup {
        Reconcile::FindByReference
    } else {
        Reconcile::CreateAgainAndWarn
    }
}

/// What one status answer changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusStep {
    /// Entities with their new states (downloaded ones untouched).
    pub entities: Vec<EntityProgress>,
    /// Whether any entity's state changed.
    pub changed: bool,
    /// Entities to download now.
    pub ready: Vec<String>,
    /// Labels of entities upstream could not produce.
    pub failed: Vec<String>,
    /// Labels of entities the status has not named for [`NEVER_NAMED_LIMIT`] (marked failed).
    pub never_named: Vec<String>,
}

/// Applies an upstream status to the entities. `status_of` answers for one entity name (`None`:
/// the status does not name it); `elapsed_ms` is stamped on every entity that changed.
pub fn apply_status(
    entities: &[EntityProgress],
    status_of: impl Fn(&str) -> Option<EntityStatus>,
    elapsed_ms: u64,
) -> StatusStep {
    let mut step = StatusStep {
        entities: entities.to_vec(),
        ..StatusStep::default()
    };
    for en in &mut step.entities {
        if matches!(en.state, EntityState::Downloaded | EntityState::Expired) {
            continue;
        }
        let named = status_of(&en.entity);
        if named.is_none()
            && en.state == EntityState::NotStarted
            && elapsed_ms > NEVER_NAMED_LIMIT.as_millis() as u64
        {
            en.state = EntityState::Failed;
            en.elapsed_ms = elapsed_ms;
            step.changed = true;
            step.never_named.push(en.label.clone());
            continue;
        }
        let new = match named {
            Some(EntityStatus::NotStarted) | None => EntityState::NotStarted,
            Some(EntityStatus::InProgress) | Some(EntityStatus::Other(_)) => {
                EntityState::InProgress
            }
            Some(EntityStatus::Ready) => EntityState::Ready,
            Some(EntityStatus::Failed) => EntityState::Failed,
        };
        if new != en.state {
            en.state = new;
            en.elapsed_ms = elapsed_ms;
            step.changed = true;
        }
        match new {
            EntityState::Ready => step.ready.push(en.entity.clone()),
            EntityState::Failed => step.failed.push(en.label.clone()),
            _ => {}
        }
    }
    step
}

/// The interval before the next status request: back to the first interval after a download,
/// else backed off.
pub fn next_poll(current: Duration, downloaded_any: bool) -> Duration {
    if downloaded_any {
        FIRST_POLL
    } else {
        next_interval(current)
    }
}

/// How a BankID session spaces its status requests (`Engine::set_poll_policy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PollPolicy {
    /// Learns each kind of entity's readiness delay as the run goes (every session's
    /// observations, [`learn`]) and polls at its quantiles ([`adaptive_gap`]), spending about
    /// `polls_per_entity` status requests per entity.
    Adaptive { polls_per_entity: f64 },
    /// A plain fixed interval (jittered by the task), whatever is known: the benchmarks'
    /// frontier and the scripted "poll every 2 s" baseline.
    Fixed { interval: Duration },
}

/// Status requests per entity the adaptive policy aims at by default. One request covers
/// every entity of its session; a few go to the cold start and to delays past every one seen.
pub const DEFAULT_POLLS_PER_ENTITY: f64 = 6.0;

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy::Adaptive {
            polls_per_entity: DEFAULT_POLLS_PER_ENTITY,
        }
    }
}

/// Ready observations needed before a kind of entity is polled by its quantiles.
pub const MIN_OBSERVED: usize = 3;
/// The shortest gap between two status requests of one session.
pub const MIN_GAP: Duration = Duration::from_millis(50);
/// The longest gap while nothing (cold start) or nothing that long (the tail) has been seen.
pub const COLD_MAX_GAP: Duration = Duration::from_millis(1000);

/// What the run so far says about one kind of entity's readiness delay (milliseconds from the
/// start of its phase: the session's creation for the JSON, the JSON's readiness for a report).
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// Kaplan–Meier CDF at each distinct observed delay, increasing in both.
    pub cdf: Vec<(u64, f64)>,
    /// Readiness per millisecond at risk past the first observed delay (for the tail).
    pub hazard_per_ms: f64,
    /// The 5 %–95 % spread of the observed delays (for sharing the poll budget).
    pub width_ms: f64,
}

/// Learns from `ready` delays (each the midpoint between the last status that said "not
/// ready" and the first that said READY) and `waiting` ones (entities not ready yet, at the
/// delay of their last status: right-censored, so long delays are not under-counted while
/// short ones arrive first). `None` below [`MIN_OBSERVED`] ready observations.
pub fn learn(ready: &[u64], waiting: &[u64]) -> Option<Learned> {
    if ready.len() < MIN_OBSERVED {
        return None;
    }
    // (delay, is_event); at equal delays events come first (censored ones were at risk).
    let mut all: Vec<(u64, bool)> = ready
        .iter()
        .map(|&t| (t, true))
        .chain(waiting.iter().map(|&t| (t, false)))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = all.len() as f64;
    let mut survival = 1.0;
    let mut cdf: Vec<(u64, f64)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let t = all[i].0;
        let (mut events, mut leaving) = (0.0, 0.0);
        while i < all.len() && all[i].0 == t {
            if all[i].1 {
                events += 1.0;
            }
            leaving += 1.0;
            i += 1;
        }
        if events > 0.0 {
            survival *= 1.0 - events / at_risk;
            cdf.push((t, 1.0 - survival));
        }
        at_risk -= leaving;
    }
    let first = cdf.first().map(|p| p.0).unwrap_or(0);
    let exposure: f64 = all
        .iter()
        .map(|(t, _)| t.saturating_sub(first) as f64)
        .sum();
    let hazard_per_ms = if exposure > 0.0 {
        ready.len() as f64 / exposure
    } else {
        0.0
    };
    let width_ms = (quantile_of(&cdf, 0.95) - quantile_of(&cdf, 0.05)).max(1.0);
    Some(Learned {
        cdf,
        hazard_per_ms,
        width_ms,
    })
}

/// The learned CDF at `t` (linear between observed delays; 0 before the first).
pub fn cdf_at(cdf: &[(u64, f64)], t: f64) -> f64 {
    let Some(&(t0, _)) = cdf.first() else {
        return 0.0;
    };
    if t < t0 as f64 {
        return 0.0;
    }
    for w in cdf.windows(2) {
        let ((a, fa), (b, fb)) = (w[0], w[1]);
        if t <= b as f64 {
            let span = (b - a).max(1) as f64;
            return fa + (fb - fa) * ((t - a as f64) / span).clamp(0.0, 1.0);
        }
    }
    cdf.last().map(|p| p.1).unwrap_or(0.0)
}

/// The delay at which the learned CDF reaches `p` (inverse of [`cdf_at`]), capped at the
/// longest observed delay.
pub fn quantile_of(cdf: &[(u64, f64)], p: f64) -> f64 {
    let Some(&(t0, f0)) = cdf.first() else {
        return 0.0;
    };
    if p <= f0 {
        return t0 as f64;
    }
    for w in cdf.windows(2) {
        let ((a, fa), (b, fb)) = (w[0], w[1]);
        if p <= fb {
            let span = (fb - fa).max(f64::EPSILON);
            return a as f64 + (b - a) as f64 * ((p - fa) / span).clamp(0.0, 1.0);
        }
    }
    cdf.last().map(|p| p.0 as f64).unwrap_or(0.0)
}

/// Shares a session's poll budget (about `polls_per_entity` requests per entity, spent on
/// average; `2·polls_per_entity − 1` gaps each) among its entities in
/// proportion to the square root of each one's spread (what minimises the summed mean lag of
/// evenly spaced polls: spread/(2k) each). Unlearned entities get the mean share. Returns the
/// probability mass each entity's next gap should cover (1/k), in `widths`' order.
pub fn share_budget(widths: &[Option<f64>], polls_per_entity: f64) -> Vec<f64> {
    let known: Vec<f64> = widths.iter().flatten().map(|w| w.max(1.0).sqrt()).collect();
    let mean = if known.is_empty() {
        1.0
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    };
    let roots: Vec<f64> = widths
        .iter()
        .map(|w| w.map(|w| w.max(1.0).sqrt()).unwrap_or(mean))
        .collect();
    let total: f64 = roots.iter().sum();
    // k equal-mass gaps cost (k + 1) / 2 requests on average: readiness lands midway.
    let budget = (2.0 * polls_per_entity - 1.0).max(1.0) * widths.len() as f64;
    roots
        .iter()
        .map(|r| {
            let k = (budget * r / total).max(1.0);
            1.0 / k
        })
        .collect()
}

/// The gap before the next status request for one pending entity, `elapsed_ms` into its
/// phase, after `polls` requests in it. Learned: the next poll is where the learned CDF has
/// grown by `mass` (so each request covers an equal share of the entities that become ready);
/// past every delay seen, a gap for which the learned hazard gives that share. Not learned
/// yet: from [`FIRST_POLL`], ×1.25 per request, capped at [`COLD_MAX_GAP`].
pub fn adaptive_gap(learned: Option<&Learned>, elapsed_ms: u64, polls: u32, mass: f64) -> Duration {
    let cold = || {
        FIRST_POLL
            .mul_f64(1.25f64.powi(polls.min(30) as i32))
            .min(COLD_MAX_GAP)
    };
    let Some(l) = learned else {
        return cold();
    };
    let e = elapsed_ms as f64;
    let last = l.cdf.last().map(|p| p.1).unwrap_or(0.0);
    let here = cdf_at(&l.cdf, e);
    let target = quantile_of(&l.cdf, (here + mass).min(last));
    let gap_ms = target - e;
    if gap_ms >= MIN_GAP.as_millis() as f64 {
        return Duration::from_secs_f64(gap_ms / 1000.0);
    }
    // Past (or at) the longest delay seen: P(ready within g) = 1 - exp(-hazard·g) = mass.
    let tail = if l.hazard_per_ms > 0.0 {
        -(1.0 - mass.min(0.99)).ln() / l.hazard_per_ms
    } else {
        COLD_MAX_GAP.as_millis() as f64
    };
    Duration::from_secs_f64(tail / 1000.0).clamp(MIN_GAP, COLD_MAX_GAP)
}

/// The midpoint between the last status that said "not ready" and the first that said READY,
/// as a delay from the phase's start (ms); `None` when no earlier status saw it not ready.
pub fn observed_delay(
    phase_start_ms: u64,
    not_ready_at_ms: Option<u64>,
    ready_at_ms: u64,
) -> Option<u64> {
    let before = not_ready_at_ms?;
    let mid = before + ready_at_ms.saturating_sub(before) / 2;
    Some(mid.saturating_sub(phase_start_ms))
}

/// With a webhook receiver whose hooks arrive, a status request waits for a hook; this is the
/// safety net's gap (longer than any session the sandbox makes, short enough that a lost hook
/// costs seconds, not the results' lifetime).
pub const WEBHOOK_SAFETY_NET: Duration = Duration::from_secs(15);
/// After a timer's status request finds a result no hook announced, hooks are not relied on
/// for this long (the adaptive schedule polls meanwhile).
pub const WEBHOOK_DISTRUST: Duration = Duration::from_secs(60);

/// The gap before the next status request: the policy's, or the webhook safety net when hooks
/// are relied on (the adaptive policy only; a fixed interval stays fixed, a hook only wakes it
/// early).
pub fn poll_gap(policy: PollPolicy, adaptive: Duration, webhooks_trusted: bool) -> Duration {
    match policy {
        PollPolicy::Fixed { interval } => interval,
        PollPolicy::Adaptive { .. } if webhooks_trusted => WEBHOOK_SAFETY_NET,
        PollPolicy::Adaptive { .. } => adaptive,
    }
}

/// Whether hooks are relied on: a receiver runs and no timer's request found an unannounced
/// result within [`WEBHOOK_DISTRUST`] (`since_miss`: time since the last such find).
pub fn webhooks_trusted(receiver: bool, since_miss: Option<Duration>) -> bool {
    receiver && since_miss.is_none_or(|d| d >= WEBHOOK_DISTRUST)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(entity: &str, state: EntityState) -> EntityProgress {
        EntityProgress {
            entity: entity.into(),
            label: format!("{entity} label"),
            state,
            elapsed_ms: 0,
            bytes: None,
            sha256: None,
        }
    }

    fn fault(kind: ErrorKind, transient: bool, retry_after: Option<u64>) -> Fault {
        Fault {
            kind,
            transient,
            not_ready: false,
            retry_after: retry_after.map(Duration::from_secs),
            ambiguous: transient && kind != ErrorKind::RateLimited,
        }
    }

    #[test]
    fn on_error_table() {
        let b = Duration::from_millis(400);
        let cases: Vec<(&str, Fault, Call, u32, OnError)> = vec![
            (
                "5xx within budget: back off",
                fault(ErrorKind::Upstream, true, None),
                Call::Read,
                1,
                OnError::Retry {
                    wait: b,
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "429 with Retry-After: wait as told",
                fault(ErrorKind::RateLimited, true, Some(3)),
                Call::Read,
                2,
                OnError::Retry {
                    wait: Duration::from_secs(3),
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "Retry-After capped at 30 s",
                fault(ErrorKind::RateLimited, true, Some(600)),
                Call::Read,
                2,
                OnError::Retry {
                    wait: MAX_RETRY_AFTER,
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "retry budget spent",
                fault(ErrorKind::Upstream, true, None),
                Call::Read,
                RETRY_BUDGET + 1,
                OnError::Fail { gave_up: true },
            ),
            (
                "last attempt of the budget still retries",
                fault(ErrorKind::Upstream, true, None),
                Call::Read,
                RETRY_BUDGET,
                OnError::Retry {
                    wait: b,
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "410 on a status: the session is gone",
                fault(ErrorKind::Expired, false, None),
                Call::Read,
                1,
                OnError::Expire,
            ),
            (
                "401: fail at once",
                fault(ErrorKind::Unauthenticated, false, None),
                Call::Read,
                1,
                OnError::Fail { gave_up: false },
            ),
            (
                "409 not ready yet: retry",
                Fault {
                    not_ready: true,
                    ..fault(ErrorKind::NotReady, false, None)
                },
                Call::Read,
                1,
                OnError::Retry {
                    wait: b,
                    next_backoff: Duration::from_millis(640),
                },
            ),
        ];
        let retry = OnError::Retry {
            wait: b,
            next_backoff: Duration::from_millis(640),
        };
        let reconcile = OnError::Reconcile {
            wait: b,
            next_backoff: Duration::from_millis(640),
        };
        let more: Vec<(&str, Fault, Call, u32, OnError)> = vec![
            (
                "410 on a download: that entity only expires",
                fault(ErrorKind::Expired, false, None),
                Call::Download,
                1,
                OnError::ExpireEntity,
            ),
            (
                "create after a 5xx: reconcile, never resend blindly",
                fault(ErrorKind::Upstream, true, None),
                Call::Create,
                1,
                reconcile.clone(),
            ),
            (
                "create after a timeout: reconcile",
                fault(ErrorKind::Timeout, true, None),
                Call::Create,
                2,
                reconcile.clone(),
            ),
            (
                "create after a reset once sent: reconcile",
                fault(ErrorKind::Offline, true, None),
                Call::Create,
                1,
                reconcile,
            ),
            (
                "create refused to connect (never sent): retry",
                Fault {
                    ambiguous: false,
                    ..fault(ErrorKind::Offline, true, None)
                },
                Call::Create,
                1,
                retry.clone(),
            ),
            (
                "create rate-limited (not acted on): retry as told",
                fault(ErrorKind::RateLimited, true, Some(3)),
                Call::Create,
                1,
                OnError::Retry {
                    wait: Duration::from_secs(3),
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "create: budget spent",
                fault(ErrorKind::Upstream, true, None),
                Call::Create,
                RETRY_BUDGET + 1,
                OnError::Fail { gave_up: true },
            ),
            (
                "download after a 5xx: retry (reading is safe)",
                fault(ErrorKind::Upstream, true, None),
                Call::Download,
                1,
                retry,
            ),
        ];
        for (name, f, call, attempts, want) in cases.into_iter().chain(more) {
            assert_eq!(on_error(&f, call, attempts, b), want, "{name}");
        }
    }

    #[test]
    fn apply_status_table() {
        use EntityState as S;
        use EntityStatus as U;
        struct Case {
            name: &'static str,
            before: Vec<EntityProgress>,
            status: Vec<(&'static str, U)>,
            after: Vec<S>,
            changed: bool,
            ready: Vec<&'static str>,
            failed: Vec<&'static str>,
        }
        let cases = vec![
            Case {
                name: "json ready, report in progress",
                before: vec![
                    en("jsonData", S::NotStarted),
                    en("aml-report", S::NotStarted),
                ],
                status: vec![("jsonData", U::Ready), ("aml-report", U::InProgress)],
                after: vec![S::Ready, S::InProgress],
                changed: true,
                ready: vec!["jsonData"],
                failed: vec![],
            },
            Case {
                name: "downloaded entities are left alone",
                before: vec![
                    en("jsonData", S::Downloaded),
                    en("aml-report", S::InProgress),
                ],
                status: vec![("jsonData", U::Ready), ("aml-report", U::Ready)],
                after: vec![S::Downloaded, S::Ready],
                changed: true,
                ready: vec!["aml-report"],
                failed: vec![],
            },
            Case {
                name: "no change, nothing to do",
                before: vec![en("jsonData", S::InProgress)],
                status: vec![("jsonData", U::InProgress)],
                after: vec![S::InProgress],
                changed: false,
                ready: vec![],
                failed: vec![],
            },
            Case {
                name: "an unknown upstream status reads as in progress",
                before: vec![en("jsonData", S::NotStarted)],
                status: vec![("jsonData", U::Other("QUEUED".into()))],
                after: vec![S::InProgress],
                changed: true,
                ready: vec![],
                failed: vec![],
            },
            Case {
                name: "a failed entity is reported by its label",
                before: vec![
                    en("jsonData", S::Downloaded),
                    en("aml-report", S::InProgress),
                ],
                status: vec![("aml-report", U::Failed)],
                after: vec![S::Downloaded, S::Failed],
                changed: true,
                ready: vec![],
                failed: vec!["aml-report label"],
            },
            Case {
                name: "an entity the status never names waits, within the bound",
                before: vec![en("aml-report", S::NotStarted)],
                status: vec![("jsonData", U::Ready)],
                after: vec![S::NotStarted],
                changed: false,
                ready: vec![],
                failed: vec![],
            },
            Case {
                name: "an expired entity is left alone",
                before: vec![en("jsonData", S::Expired), en("aml-report", S::InProgress)],
                status: vec![("jsonData", U::Ready), ("aml-report", U::Ready)],
                after: vec![S::Expired, S::Ready],
                changed: true,
                ready: vec!["aml-report"],
                failed: vec![],
            },
        ];
        for c in cases {
            let status = c.status.clone();
            let step = apply_status(
                &c.before,
                |n| status.iter().find(|(k, _)| *k == n).map(|(_, s)| s.clone()),
                42,
            );
            let states: Vec<S> = step.entities.iter().map(|e| e.state).collect();
            assert_eq!(states, c.after, "{}", c.name);
            assert_eq!(step.changed, c.changed, "{}", c.name);
            assert_eq!(step.ready, c.ready, "{}", c.name);
            assert_eq!(step.failed, c.failed, "{}", c.name);
            for (b, a) in c.before.iter().zip(&step.entities) {
                if b.state != a.state {
                    assert_eq!(a.elapsed_ms, 42, "{}: changed entities are stamped", c.name);
                }
            }
        }
    }

    #[test]
    fn never_named_entity_fails_after_the_bound_naming_it() {
        let limit = NEVER_NAMED_LIMIT.as_millis() as u64;
        let before = vec![
            en("jsonData", EntityState::Downloaded),
            en("aml-report", EntityState::NotStarted),
        ];
        for (elapsed, state, named) in [
            (limit, EntityState::NotStarted, vec![]),
            (limit + 1, EntityState::Failed, vec!["aml-report label"]),
        ] {
            let step = apply_status(&before, |_| None, elapsed);
            assert_eq!(step.entities[1].state, state, "elapsed {elapsed}");
            assert_eq!(step.never_named, named, "elapsed {elapsed}");
            assert!(step.failed.is_empty(), "not an upstream failure");
        }
        // Named once (in progress), it is no longer "never named".
        let step = apply_status(
            &[en("aml-report", EntityState::InProgress)],
            |_| None,
            limit + 1,
        );
        assert!(step.never_named.is_empty());
    }

    #[test]
    fn import_budget_table() {
        let b = Duration::from_millis(400);
        let retry = OnError::Retry {
            wait: b,
            next_backoff: Duration::from_millis(640),
        };
        let cases: Vec<(&str, Fault, u32, OnError)> = vec![
            (
                "import 500, first failure: retry",
                fault(ErrorKind::Upstream, true, None),
                1,
                retry.clone(),
            ),
            (
                "import 500, third failure: still retries",
                fault(ErrorKind::Upstream, true, None),
                IMPORT_RETRY_BUDGET,
                retry.clone(),
            ),
            (
                "import 500, fourth failure: give up with the reason",
                fault(ErrorKind::Upstream, true, None),
                IMPORT_RETRY_BUDGET + 1,
                OnError::Fail { gave_up: true },
            ),
            (
                "import timeout, budget spent: give up (never reconciled: resending is safe)",
                fault(ErrorKind::Timeout, true, None),
                IMPORT_RETRY_BUDGET + 1,
                OnError::Fail { gave_up: true },
            ),
            (
                "import timeout within budget: retry, not reconcile",
                fault(ErrorKind::Timeout, true, None),
                1,
                retry.clone(),
            ),
            (
                "import 429 beyond the import budget: the session's budget applies",
                fault(ErrorKind::RateLimited, true, None),
                IMPORT_RETRY_BUDGET + 1,
                retry,
            ),
            (
                "import 400: fail at once",
                fault(ErrorKind::Validation, false, None),
                1,
                OnError::Fail { gave_up: false },
            ),
        ];
        for (name, f, attempts, want) in cases {
            assert_eq!(on_error(&f, Call::Import, attempts, b), want, "{name}");
        }
        assert_eq!(
            retry_budget(Call::Import, ErrorKind::Upstream),
            IMPORT_RETRY_BUDGET
        );
        assert_eq!(retry_budget(Call::Read, ErrorKind::Upstream), RETRY_BUDGET);
        assert_eq!(retry_budget(Call::Create, ErrorKind::Timeout), RETRY_BUDGET);
    }

    #[test]
    fn amlyze_action_and_import_row_table() {
        use AmlyzeAction::{Create, Update};
        use ImportStep::*;
        assert_eq!(first_amlyze_action(false), Create);
        assert_eq!(first_amlyze_action(true), Update);
        let ours = "AMLDESK-c1";
        #[allow(clippy::type_complexity)]
        let cases: Vec<(
            &str,
            bool,
            Option<&str>,
            Option<&str>,
            AmlyzeAction,
            ImportStep,
        )> = vec![
            ("accepted create", true, None, Some(ours), Create, Accepted),
            ("accepted update", true, None, Some(ours), Update, Accepted),
            (
                "O005 on our number after CREATE: send UPDATE",
                false,
                Some("O005"),
                Some(ours),
                Create,
                ResendAsUpdate,
            ),
            (
                "O005 on a row that names no number (one-row batch): ours",
                false,
                Some("O005"),
                None,
                Create,
                ResendAsUpdate,
            ),
            (
                "O005 after UPDATE: no loop, rejected",
                false,
                Some("O005"),
                Some(ours),
                Update,
                Rejected,
            ),
            (
                "O005 on another number: not ours to update",
                false,
                Some("O005"),
                Some("SOMEONE-ELSE"),
                Create,
                Rejected,
            ),
            (
                "other rejection",
                false,
                Some("C002"),
                Some(ours),
                Create,
                Rejected,
            ),
        ];
        for (name, acc, code, n, sent, want) in cases {
            assert_eq!(on_import_row(acc, code, n, ours, sent), want, "{name}");
        }
    }

    #[test]
    fn peer_reconcile_table() {
        assert_eq!(peer_reconcile_period(0), 2);
        assert_eq!(peer_reconcile_period(59_999), 2);
        assert_eq!(peer_reconcile_period(60_000), 3);
        assert_eq!(peer_reconcile_period(10 * 24 * 3_600_000), 24 * 60);
        let row = |d: &str, p: &str, id: &str| PeerRow {
            id_document: d.into(),
            phone: p.into(),
            id_request: id.into(),
        };
        let rows = vec![
            row("AB123456", "+380501234567", "r1"),
            row("XY999999", "+380501234567", "r2"),
            row("AB123456", "+380671111111", "r3"),
            row("AB123456", "+380501234567", "r4"),
        ];
        let none: Vec<String> = vec![];
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, &str, &str, Vec<String>, Option<&str>)> = vec![
            (
                "the latest row with both document and phone",
                "AB123456",
                "+380501234567",
                none.clone(),
                Some("r4"),
            ),
            (
                "a row another session owns is skipped",
                "AB123456",
                "+380501234567",
                vec!["r4".into()],
                Some("r1"),
            ),
            (
                "same phone, other document: no match",
                "ZZ000000",
                "+380501234567",
                none.clone(),
                None,
            ),
            (
                "same document, other phone: no match",
                "XY999999",
                "+380671111111",
                none,
                None,
            ),
        ];
        for (name, d, p, owned, want) in cases {
            assert_eq!(
                match_peer_request(&rows, d, p, &owned).as_deref(),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn reconcile_table() {
        assert_eq!(reconcile(true), Reconcile::FindByReference);
        assert_eq!(reconcile(false), Reconcile::CreateAgainAndWarn);
    }

    #[test]
    fn next_poll_table() {
        let ms = Duration::from_millis;
        for (cur, downloaded, want) in [
            (FIRST_POLL, false, ms(400)),
            (ms(400), false, ms(640)),
            (ms(4000), false, MAX_POLL),
            (MAX_POLL, false, MAX_POLL),
            (ms(3000), true, FIRST_POLL),
        ] {
            assert_eq!(
                next_poll(cur, downloaded),
                want,
                "{cur:?} downloaded={downloaded}"
            );
        }
    }

    fn uniform(lo: u64, hi: u64, n: u64) -> Vec<u64> {
        (0..n).map(|i| lo + (hi - lo) * i / (n - 1)).collect()
    }

    #[test]
    fn learn_table() {
        assert_eq!(
            learn(&[10, 20], &[5]),
            None,
            "below MIN_OBSERVED nothing is learned"
        );
        // No one waiting: the empirical CDF.
        let l = learn(&uniform(1000, 4000, 31), &[]).expect("learned");
        let (t0, f0) = *l.cdf.first().expect("points");
        assert_eq!(t0, 1000);
        assert!((f0 - 1.0 / 31.0).abs() < 1e-9);
        assert!((l.cdf.last().expect("points").1 - 1.0).abs() < 1e-9);
        assert!((quantile_of(&l.cdf, 0.5) - 2500.0).abs() < 110.0);
        assert!((l.width_ms - 2700.0).abs() < 200.0, "{}", l.width_ms);
        // Right-censoring: three still waiting at 100 keep half the mass beyond 30.
        let l = learn(&[10, 20, 30], &[100, 100, 100]).expect("learned");
        let f = |t: f64| cdf_at(&l.cdf, t);
        for (t, want) in [(5.0, 0.0), (10.0, 1.0 / 6.0), (30.0, 0.5), (1000.0, 0.5)] {
            assert!((f(t) - want).abs() < 1e-9, "F({t}) = {}", f(t));
        }
        // A censored delay equal to an event's was at risk at that event.
        let l = learn(&[10, 10, 20], &[10]).expect("learned");
        assert!((cdf_at(&l.cdf, 10.0) - 0.5).abs() < 1e-9, "{:?}", l.cdf);
        // Hazard past the first delay: 3 events over (0 + 10 + 20 + 90 + 90 + 90) ms.
        let l = learn(&[10, 20, 30], &[100, 100, 100]).expect("learned");
        assert!(
            (l.hazard_per_ms - 3.0 / 300.0).abs() < 1e-9,
            "{}",
            l.hazard_per_ms
        );
    }

    #[test]
    fn adaptive_gap_table() {
        let ms = Duration::from_millis;
        let l = learn(&uniform(1000, 4000, 31), &[]).expect("learned");
        let near = |d: Duration, want: u64| (d.as_millis() as i64 - want as i64).abs() <= 60;
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Option<&Learned>, u64, u32, f64, u64)> = vec![
            ("cold: the first interval", None, 0, 0, 0.2, 250),
            ("cold: ×1.25 per request", None, 600, 2, 0.2, 390),
            ("cold: capped", None, 9000, 20, 0.2, 1000),
            // The first observed delay holds 1/31 of the mass: a sixth is reached at ~1417 ms.
            (
                "learned, at creation: the first sixth",
                Some(&l),
                0,
                0,
                1.0 / 6.0,
                1417,
            ),
            (
                "learned, at the median: the next sixth",
                Some(&l),
                2500,
                3,
                1.0 / 6.0,
                500,
            ),
            (
                "learned, near the end: up to the longest seen",
                Some(&l),
                3800,
                5,
                1.0 / 6.0,
                200,
            ),
        ];
        for (name, learned, elapsed, polls, mass, want) in cases {
            let g = adaptive_gap(learned, elapsed, polls, mass);
            assert!(near(g, want), "{name}: {g:?}, want ~{want} ms");
        }
        // Past every delay seen: the hazard's gap, within [MIN_GAP, COLD_MAX_GAP].
        let g = adaptive_gap(Some(&l), 4100, 7, 1.0 / 6.0);
        assert!((MIN_GAP..=COLD_MAX_GAP).contains(&g), "{g:?}");
        let waiting = learn(&[10, 20, 30], &[100, 100, 100]).expect("learned");
        let g = adaptive_gap(Some(&waiting), 40, 3, 0.2);
        // -ln(0.8) / (3/300 per ms) = 22 ms, raised to the floor.
        assert_eq!(g, MIN_GAP);
        assert!(adaptive_gap(Some(&l), 0, 0, 1.0 / 6.0) > ms(1000));
    }

    #[test]
    fn share_budget_table() {
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-3);
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Vec<Option<f64>>, f64, Vec<f64>)> = vec![
            (
                "equal spreads: equal shares",
                vec![Some(100.0), Some(100.0)],
                5.0,
                vec![1.0 / 9.0, 1.0 / 9.0],
            ),
            (
                "JSON over 3 s, report over 7 s: k ∝ √spread",
                vec![Some(3000.0), Some(7000.0)],
                7.0,
                vec![1.0 / 10.286, 1.0 / 15.714],
            ),
            (
                "nothing learned: equal",
                vec![None, None],
                4.0,
                vec![1.0 / 7.0, 1.0 / 7.0],
            ),
            (
                "one unlearned: the mean share",
                vec![Some(400.0), None],
                3.0,
                vec![0.2, 0.2],
            ),
            (
                "never less than one request",
                vec![Some(1.0), Some(1e8)],
                1.0,
                vec![1.0, 1.0 / 1.9998],
            ),
        ];
        for (name, widths, ppe, want) in cases {
            let got = share_budget(&widths, ppe);
            assert!(close(&got, &want), "{name}: {got:?}");
        }
    }

    #[test]
    fn observed_delay_and_policy_table() {
        for (start, before, at, want) in [
            (0, Some(1000), 1400, Some(1200)),
            (500, Some(1000), 1400, Some(700)),
            (0, None, 1400, None),
            (2000, Some(1000), 1400, Some(0)),
        ] {
            assert_eq!(
                observed_delay(start, before, at),
                want,
                "{start} {before:?} {at}"
            );
        }
        assert_eq!(
            PollPolicy::default(),
            PollPolicy::Adaptive {
                polls_per_entity: DEFAULT_POLLS_PER_ENTITY
            }
        );
    }

    #[test]
    fn poll_gap_and_webhook_trust_table() {
        let ms = Duration::from_millis;
        let adaptive = PollPolicy::default();
        let fixed = PollPolicy::Fixed { interval: ms(500) };
        for (name, policy, trusted, want) in [
            ("adaptive, no hooks", adaptive, false, ms(730)),
            (
                "adaptive, hooks relied on: safety net",
                adaptive,
                true,
                WEBHOOK_SAFETY_NET,
            ),
            ("fixed stays fixed", fixed, false, ms(500)),
            ("fixed stays fixed with hooks", fixed, true, ms(500)),
        ] {
            assert_eq!(poll_gap(policy, ms(730), trusted), want, "{name}");
        }
        for (name, receiver, since, want) in [
            ("no receiver", false, None, false),
            ("receiver, never missed", true, None, true),
            ("missed a moment ago", true, Some(ms(1000)), false),
            ("missed long ago", true, Some(WEBHOOK_DISTRUST), true),
        ] {
            assert_eq!(webhooks_trusted(receiver, since), want, "{name}");
        }
    }
}
