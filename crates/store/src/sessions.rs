//! Session rows: written before any upstream request (`insert_planned`), so a crash between the
//! request and its answer is reconciled on restart through the client reference.

use crate::audit;
use crate::cases;
use crate::error::{Result, StoreError};
use crate::util::{atomic, check_json, check_non_empty, check_opt_time, new_id, not_found, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SessionState {
    Planned,
    /// The create POST is (about to be) on the wire: after a crash or an ambiguous failure the
    /// upstream may hold a session we never heard of, so this row is reconciled, not re-sent
    /// blindly.
    Sending,
    Created,
    Polling,
    Ready,
    Downloaded,
    Done,
    Failed,
    Expired,
    Cancelled,
}

impl SessionState {
    pub const ALL: [SessionState; 10] = [
        SessionState::Planned,
        SessionState::Sending,
        SessionState::Created,
        SessionState::Polling,
        SessionState::Ready,
        SessionState::Downloaded,
        SessionState::Done,
        SessionState::Failed,
        SessionState::Expired,
        SessionState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Planned => "planned",
            SessionState::Sending => "sending",
            SessionState::Created => "created",
            SessionState::Polling => "polling",
            SessionState::Ready => "ready",
            SessionState::Downloaded => "downloaded",
            SessionState::Done => "done",
            SessionState::Failed => "failed",
            SessionState::Expired => "expired",
            SessionState::Cancelled => "cancelled",
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            SessionState::Done
                | SessionState::Failed
                | SessionState::Expired
                | SessionState::Cancelled
        )
    }
}

impl fmt::Display for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SessionState {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        SessionState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                StoreError::invalid("session state", format!("\"{s}\" is not a session state"))
            })
    }
}

impl rusqlite::types::FromSql for SessionState {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        s.parse()
            .map_err(|e: StoreError| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRow {
    pub id: String,
    pub case_id: String,
    /// `organization` | `beneficial` | `amlyze` | `peer`.
    pub provider: String,
    /// `organization` | `beneficial` | `amlyzePush` | `peerRequest` | …
    pub kind: String,
    pub state: SessionState,
    pub client_reference: String,
    /// The request body as planned (never credentials).
    pub request_json: String,
    pub upstream_id: Option<String>,
    pub expires_at: Option<String>,
    /// Per-entity progress as the engine keeps it (JSON array).
    pub entities_json: String,
    pub error_json: Option<String>,
    pub attempts: u32,
    pub next_poll_at: Option<String>,
    pub batch_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession<'a> {
    pub case_id: &'a str,
    pub provider: &'a str,
    pub kind: &'a str,
    pub request_json: &'a str,
    /// Unique; sent upstream where the API allows it, used to reconcile after a crash.
    pub client_reference: &'a str,
    pub batch_id: Option<&'a str>,
}

/// A state change. `None` fields keep their stored value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateUpdate<'a> {
    pub state: SessionState,
    pub entities_json: Option<&'a str>,
    /// `Some(None)` clears a stored error.
    pub error_json: Option<Option<&'a str>>,
    pub attempts: Option<u32>,
    /// `Some(None)` clears it.
    pub next_poll_at: Option<Option<&'a str>>,
}

impl<'a> StateUpdate<'a> {
    pub fn new(state: SessionState) -> Self {
        StateUpdate {
            state,
            entities_json: None,
            error_json: None,
            attempts: None,
            next_poll_at: None,
        }
    }
}

const COLS: &str = "id, case_id, provider, kind, state, client_reference, request_json, upstream_id,
    expires_at, entities_json, error_json, attempts, next_poll_at, batch_id, created_at, updated_at";

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        provider: r.get(2)?,
        kind: r.get(3)?,
        state: r.get(4)?,
        client_reference: r.get(5)?,
        request_json: r.get(6)?,
        upstream_id: r.get(7)?,
        expires_at: r.get(8)?,
        entities_json: r.get(9)?,
        error_json: r.get(10)?,
        attempts: r.get(11)?,
        next_poll_at: r.get(12)?,
        batch_id: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

/// Record a session before its request is sent. Returns the session id.
pub fn insert_planned(conn: &Connection, s: &NewSession<'_>) -> Result<String> {
    check_non_empty("provider", s.provider)?;
    check_non_empty("session kind", s.kind)?;
    check_non_empty("client reference", s.client_reference)?;
    check_json("request", s.request_json)?;
    atomic(conn, |c| {
        if let Some(existing) = get_by_client_reference(c, s.client_reference)? {
            return Err(StoreError::invalid(
                "client reference",
                format!(
                    "\"{}\" is already used by session {}",
                    s.client_reference, existing.id
                ),
            ));
        }
        let id = new_id();
        let at = now();
        c.execute(
            "INSERT INTO sessions (id, case_id, provider, kind, state, client_reference,
                request_json, batch_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'planned', ?5, ?6, ?7, ?8, ?8)",
            params![
                id,
                s.case_id,
                s.provider,
                s.kind,
                s.client_reference,
                s.request_json,
                s.batch_id,
                at
            ],
        )
        .map_err(|e| fk_to_not_found(e, "Case", s.case_id))?;
        cases::touch(c, s.case_id)?;
        audit::record(
            c,
            Some(s.case_id),
            "session.planned",
            json!({"sessionId": id, "provider": s.provider, "kind": s.kind,
                   "clientReference": s.client_reference}),
        )?;
        Ok(id)
    })
}

pub(crate) fn fk_to_not_found(e: rusqlite::Error, what: &'static str, id: &str) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            not_found(what, id)
        }
        _ => StoreError::Sqlite(e),
    }
}

fn case_of(conn: &Connection, id: &str) -> Result<String> {
    conn.query_row("SELECT case_id FROM sessions WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| not_found("Session", id))
}

/// Upstream accepted the session: record its id and when its results stop being downloadable.
pub fn mark_created(
    conn: &Connection,
    id: &str,
    upstream_id: &str,
    expires_at: Option<&str>,
) -> Result<()> {
    check_non_empty("upstream session id", upstream_id)?;
    check_opt_time("expires at", expires_at)?;
    atomic(conn, |c| {
        let case_id = case_of(c, id)?;
        c.execute(
            "UPDATE sessions SET state = 'created', upstream_id = ?2,
                 expires_at = coalesce(?3, expires_at), updated_at = ?4 WHERE id = ?1",
            params![id, upstream_id, expires_at, now()],
        )?;
        cases::touch(c, &case_id)?;
        audit::record(
            c,
            Some(&case_id),
            "session.created",
            json!({"sessionId": id, "upstreamId": upstream_id, "expiresAt": expires_at}),
        )?;
        Ok(())
    })
}

/// Record when upstream says the session's results stop being downloadable (`expiresAt` of a
/// status answer; it moves as more results become available). State and audit are untouched:
/// the creation was audited, and an expiry is upstream's bookkeeping, not an action.
pub fn set_expiry(conn: &Connection, id: &str, expires_at: &str) -> Result<()> {
    check_opt_time("expires at", Some(expires_at))?;
    let n = conn.execute(
        "UPDATE sessions SET expires_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, expires_at, now()],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "session",
            id: id.to_owned(),
        });
    }
    Ok(())
}

/// Change a session's state and progress. Audited when the state changes (not for every poll).
pub fn update_state(conn: &Connection, id: &str, u: &StateUpdate<'_>) -> Result<()> {
    if let Some(e) = u.entities_json {
        check_json("entities", e)?;
    }
    if let Some(Some(e)) = u.error_json {
        check_json("error", e)?;
    }
    if let Some(t) = u.next_poll_at {
        check_opt_time("next poll at", t)?;
    }
    atomic(conn, |c| {
        let (case_id, old): (String, SessionState) = c
            .query_row(
                "SELECT case_id, state FROM sessions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| not_found("Session", id))?;
        let (set_err, err) = match u.error_json {
            Some(v) => (true, v),
            None => (false, None),
        };
        let (set_poll, poll) = match u.next_poll_at {
            Some(v) => (true, v),
            None => (false, None),
        };
        c.execute(
            "UPDATE sessions SET state = ?2,
                 entities_json = coalesce(?3, entities_json),
                 error_json = CASE WHEN ?4 THEN ?5 ELSE error_json END,
                 attempts = coalesce(?6, attempts),
                 next_poll_at = CASE WHEN ?7 THEN ?8 ELSE next_poll_at END,
                 updated_at = ?9
             WHERE id = ?1",
            params![
                id,
                u.state.as_str(),
                u.entities_json,
                set_err,
                err,
                u.attempts,
                set_poll,
                poll,
                now()
            ],
        )?;
        cases::touch(c, &case_id)?;
        if old != u.state {
            audit::record(
                c,
                Some(&case_id),
                "session.state",
                json!({"sessionId": id, "from": old.as_str(), "to": u.state.as_str(),
                       "error": err.and_then(|e| serde_json::from_str::<serde_json::Value>(e).ok())}),
            )?;
        }
        Ok(())
    })
}

pub fn get_session(conn: &Connection, id: &str) -> Result<SessionRow> {
    conn.query_row(
        &format!("SELECT {COLS} FROM sessions WHERE id = ?1"),
        [id],
        map_row,
    )
    .optional()?
    .ok_or_else(|| not_found("Session", id))
}

pub fn get_by_client_reference(conn: &Connection, reference: &str) -> Result<Option<SessionRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM sessions WHERE client_reference = ?1"),
            [reference],
            map_row,
        )
        .optional()?)
}

/// Sessions to resume after a start: every state except done/failed/expired/cancelled, oldest
/// first.
pub fn list_unfinished(conn: &Connection) -> Result<Vec<SessionRow>> {
    Ok(conn
        .prepare(&format!(
            "SELECT {COLS} FROM sessions
             WHERE state NOT IN ('done', 'failed', 'expired', 'cancelled') ORDER BY seq"
        ))?
        .query_map([], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A case's sessions, oldest first.
pub fn list_sessions(conn: &Connection, case_id: &str) -> Result<Vec<SessionRow>> {
    Ok(conn
        .prepare(&format!(
            "SELECT {COLS} FROM sessions WHERE case_id = ?1 ORDER BY seq"
        ))?
        .query_map([case_id], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A batch's sessions, oldest first.
pub fn list_batch_sessions(conn: &Connection, batch_id: &str) -> Result<Vec<SessionRow>> {
    Ok(conn
        .prepare(&format!(
            "SELECT {COLS} FROM sessions WHERE batch_id = ?1 ORDER BY seq"
        ))?
        .query_map([batch_id], map_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Audit action of a case warning (kept in the append-only log, listed in the case view).
pub const WARNING_ACTION: &str = "case.warning";

/// Records a warning on a case, e.g. `{"kind": "possible_upstream_duplicate", …}`.
pub fn record_warning(conn: &Connection, case_id: &str, warning: &serde_json::Value) -> Result<()> {
    if !warning.is_object() {
        return Err(StoreError::invalid("warning", "a warning is a JSON object"));
    }
    atomic(conn, |c| {
        cases::touch(c, case_id)?;
        audit::record(c, Some(case_id), WARNING_ACTION, warning.clone())?;
        Ok(())
    })
}

/// A case's warnings, oldest first.
pub fn list_warnings(conn: &Connection, case_id: &str) -> Result<Vec<serde_json::Value>> {
    let rows: Vec<String> = conn
        .prepare(
            "SELECT detail_json FROM audit_log WHERE case_id = ?1 AND action = ?2 ORDER BY seq",
        )?
        .query_map(params![case_id, WARNING_ACTION], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .iter()
        .filter_map(|r| serde_json::from_str(r).ok())
        .collect())
}
