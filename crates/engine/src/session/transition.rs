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
/// The longest wait a `Retry-After` may impose.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// How long an Amlyze assessment or a peer answer is followed before giving up.
pub(crate) const FOLLOW_LIMIT: Duration = Duration::from_secs(15 * 60);

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
}

/// What to do after a failed call.
#[derive(Debug, Clone, PartialEq)]
pub enum OnError {
    /// Wait, then call again; the backoff for the next failure is `next_backoff`.
    Retry {
        wait: Duration,
        next_backoff: Duration,
    },
    /// The session's results are gone upstream (410).
    Expire,
    /// Stop with this error; `gave_up` when the retry budget was spent.
    Fail { gave_up: bool },
}

/// Decides after a failed call. `attempts` counts the failures so far including this one.
pub fn on_error(f: &Fault, attempts: u32, backoff: Duration) -> OnError {
    if f.kind == ErrorKind::Expired {
        // Today a 410 on any call expires the whole session, including reports that are still
        // downloadable; the real-environments issue makes it per entity.
        return OnError::Expire;
    }
    if !(f.transient || f.not_ready) {
        return OnError::Fail { gave_up: false };
    }
    if attempts > RETRY_BUDGET {
        return OnError::Fail { gave_up: true };
    }
    OnError::Retry {
        wait: f.retry_after.unwrap_or(backoff).min(MAX_RETRY_AFTER),
        next_backoff: next_interval(backoff),
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
        if matches!(en.state, EntityState::Downloaded) {
            continue;
        }
        let new = match status_of(&en.entity) {
            // Today an entity the status never names waits as "not started" forever; the
            // real-environments issue bounds it.
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
        }
    }

    #[test]
    fn on_error_table() {
        let b = Duration::from_millis(400);
        let cases: Vec<(&str, Fault, u32, OnError)> = vec![
            (
                "5xx within budget: back off",
                fault(ErrorKind::Upstream, true, None),
                1,
                OnError::Retry {
                    wait: b,
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "429 with Retry-After: wait as told",
                fault(ErrorKind::RateLimited, true, Some(3)),
                2,
                OnError::Retry {
                    wait: Duration::from_secs(3),
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "Retry-After capped at 30 s",
                fault(ErrorKind::RateLimited, true, Some(600)),
                2,
                OnError::Retry {
                    wait: MAX_RETRY_AFTER,
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "retry budget spent",
                fault(ErrorKind::Upstream, true, None),
                RETRY_BUDGET + 1,
                OnError::Fail { gave_up: true },
            ),
            (
                "last attempt of the budget still retries",
                fault(ErrorKind::Upstream, true, None),
                RETRY_BUDGET,
                OnError::Retry {
                    wait: b,
                    next_backoff: Duration::from_millis(640),
                },
            ),
            (
                "410: today the whole session expires",
                fault(ErrorKind::Expired, false, None),
                1,
                OnError::Expire,
            ),
            (
                "401: fail at once",
                fault(ErrorKind::Unauthenticated, false, None),
                1,
                OnError::Fail { gave_up: false },
            ),
            (
                "409 not ready yet: retry",
                Fault {
                    not_ready: true,
                    ..fault(ErrorKind::NotReady, false, None)
                },
                1,
                OnError::Retry {
                    wait: b,
                    next_backoff: Duration::from_millis(640),
                },
            ),
        ];
        for (name, f, attempts, want) in cases {
            assert_eq!(on_error(&f, attempts, b), want, "{name}");
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
                name: "an entity the status never names: today it stays not started",
                before: vec![en("aml-report", S::NotStarted)],
                status: vec![("jsonData", U::Ready)],
                after: vec![S::NotStarted],
                changed: false,
                ready: vec![],
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
}
