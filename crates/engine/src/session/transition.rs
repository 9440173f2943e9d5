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
}
