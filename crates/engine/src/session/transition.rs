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
            Call::Create | Call::Read => OnError::Expire,
        };
    }
    if !(f.transient || f.not_ready) {
        return OnError::Fail { gave_up: false };
    }
    if attempts > RETRY_BUDGET {
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
}
