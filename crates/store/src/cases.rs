//! Cases and their subjects. A subject (organization or person) is stored once and shared by every
//! case opened on it; the case carries the review state and the extracts used for listing.

use crate::audit;
use crate::error::{Result, StoreError};
use crate::search;
use crate::util::{atomic, check_environment, new_id, not_found, now};
use amldesk_core::id::{Country, OrgId, OrgIdKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Who a case is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Subject {
    #[serde(rename_all = "camelCase")]
    Organization { id: OrgId, name: Option<String> },
    #[serde(rename_all = "camelCase")]
    Person {
        /// Normalized identity document / national identity number.
        id_document: Option<String>,
        /// The phone number as the officer typed it.
        phone_original: Option<String>,
        /// The phone number in E.164, as sent upstream.
        phone_e164: Option<String>,
        name: Option<String>,
    },
}

impl Subject {
    pub fn subject_type(&self) -> &'static str {
        match self {
            Subject::Organization { .. } => "organization",
            Subject::Person { .. } => "person",
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            Subject::Organization { name, .. } | Subject::Person { name, .. } => name.as_deref(),
        }
    }

    fn validate(&self) -> Result<()> {
        match self {
            Subject::Organization { id, .. } => {
                if id.value.trim().is_empty() {
                    return Err(StoreError::invalid(
                        "organization identifier",
                        "must not be empty",
                    ));
                }
            }
            Subject::Person {
                id_document,
                phone_e164,
                ..
            } => {
                let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
                if !has(id_document) && !has(phone_e164) {
                    return Err(StoreError::invalid(
                        "person",
                        "give an identity document number or a phone number",
                    ));
                }
            }
        }
        Ok(())
    }

    fn key(&self) -> String {
        match self {
            Subject::Organization { id, .. } => {
                let kind = match id.kind {
                    OrgIdKind::NationalNumber => "nat",
                    OrgIdKind::Duns => "duns",
                };
                format!("org:{}:{}", kind, id.key())
            }
            Subject::Person {
                id_document,
                phone_e164,
                ..
            } => format!(
                "person:{}:{}",
                id_document.as_deref().unwrap_or(""),
                phone_e164.as_deref().unwrap_or("")
            ),
        }
    }

    /// (identifier as sent upstream, identifier for display).
    fn identifier(&self) -> (String, String) {
        match self {
            Subject::Organization { id, .. } => (id.value.clone(), id.display()),
            Subject::Person {
                id_document,
                phone_original,
                phone_e164,
                ..
            } => {
                let raw = id_document
                    .clone()
                    .or_else(|| phone_e164.clone())
                    .unwrap_or_default();
                let display = [id_document.as_deref(), phone_original.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" / ");
                (raw, display)
            }
        }
    }
}

/// What the case list shows. Enumerations are the engine's camelCase/lowercase spellings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseSummary {
    pub id: String,
    pub subject_name: Option<String>,
    /// `organization` | `person`.
    pub subject_type: String,
    /// ISO code (`NO`), organizations only.
    pub country: Option<String>,
    pub identifier: String,
    pub identifier_display: String,
    /// `running` (open sessions) | `review` | `attention` (a lookup failed or expired and was not
    /// redone) | `closed` (decided). Derived on read, never stale.
    pub status: String,
    pub risk: Option<String>,
    /// `approve` | `reject` | `escalate`.
    pub decision: Option<String>,
    pub sanction_hits: u32,
    pub pep_hits: u32,
    pub created_at: String,
    pub updated_at: String,
    pub last_fetched_at: Option<String>,
    pub open_sessions: u32,
    /// `sandbox` | `test` | `production`.
    pub environment: String,
    pub batch_id: Option<String>,
    /// Sections of the latest organization answer that could not be read (`keyInformation`,
    /// `sanction`, …): the name or hit counts they would give are unknown, not zero.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRecord {
    pub summary: CaseSummary,
    pub subject: Subject,
}

/// Filter for `list_cases`. `text` is full-text (same rules as `search`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub text: Option<String>,
    pub status: Option<String>,
    pub batch_id: Option<String>,
    /// Default 500, at most 10 000.
    pub limit: Option<u32>,
}

const STATUSES: [&str; 4] = ["running", "review", "attention", "closed"];

const SUMMARY_SQL: &str = "
WITH v AS (
  SELECT c.id, s.name, s.subject_type, s.country, s.identifier, s.identifier_display,
         c.risk, c.decision, c.sanction_hits, c.pep_hits, c.created_at, c.updated_at,
         c.last_fetched_at,
         (SELECT count(*) FROM sessions x WHERE x.case_id = c.id
            AND x.state NOT IN ('done', 'failed', 'expired', 'cancelled')) AS open_sessions,
         EXISTS (SELECT 1 FROM sessions f WHERE f.case_id = c.id AND f.state IN ('failed', 'expired')
            AND NOT EXISTS (SELECT 1 FROM sessions g WHERE g.case_id = c.id AND g.kind = f.kind
                            AND g.seq > f.seq AND g.state = 'done')) AS attention,
         c.environment, c.batch_id, c.unreadable_json
  FROM cases c JOIN subjects s ON s.id = c.subject_id
), w AS (
  SELECT v.*, CASE WHEN decision IS NOT NULL THEN 'closed'
                   WHEN open_sessions > 0 THEN 'running'
                   WHEN attention THEN 'attention'
                   ELSE 'review' END AS status
  FROM v
)
SELECT id, name, subject_type, country, identifier, identifier_display, status, risk, decision,
       sanction_hits, pep_hits, created_at, updated_at, last_fetched_at, open_sessions,
       environment, batch_id, unreadable_json
FROM w";

fn map_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: r.get(0)?,
        subject_name: r.get(1)?,
        subject_type: r.get(2)?,
        country: r.get(3)?,
        identifier: r.get(4)?,
        identifier_display: r.get(5)?,
        status: r.get(6)?,
        risk: r.get(7)?,
        decision: r.get(8)?,
        sanction_hits: r.get(9)?,
        pep_hits: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        last_fetched_at: r.get(13)?,
        open_sessions: r.get(14)?,
        environment: r.get(15)?,
        batch_id: r.get(16)?,
        unreadable: r
            .get::<_, String>(17)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
    })
}

/// Find or create the subject row; returns its id.
fn upsert_subject(conn: &Connection, subject: &Subject) -> Result<String> {
    subject.validate()?;
    let key = subject.key();
    let at = now();
    if let Some((id, name)) = conn
        .query_row(
            "SELECT id, name FROM subjects WHERE subject_key = ?1",
            [&key],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()?
    {
        if let (None, Some(new)) = (name, subject.name()) {
            conn.execute(
                "UPDATE subjects SET name = ?1, updated_at = ?2 WHERE id = ?3",
                params![new, at, id],
            )?;
        }
        return Ok(id);
    }
    let id = new_id();
    let (identifier, display) = subject.identifier();
    let (country, kind, id_doc, phone_o, phone_e) = match subject {
        Subject::Organization { id, .. } => (
            Some(id.country.code()),
            match id.kind {
                OrgIdKind::NationalNumber => "nationalNumber",
                OrgIdKind::Duns => "duns",
            },
            None,
            None,
            None,
        ),
        Subject::Person {
            id_document,
            phone_original,
            phone_e164,
            ..
        } => (
            None,
            "person",
            id_document.as_deref(),
            phone_original.as_deref(),
            phone_e164.as_deref(),
        ),
    };
    conn.execute(
        "INSERT INTO subjects (id, subject_key, subject_type, country, identifier,
            identifier_display, identifier_kind, id_document, phone_original, phone_e164, name,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![
            id,
            key,
            subject.subject_type(),
            country,
            identifier,
            display,
            kind,
            id_doc,
            phone_o,
            phone_e,
            subject.name(),
            at
        ],
    )?;
    Ok(id)
}

pub(crate) fn insert_case(
    conn: &Connection,
    subject: &Subject,
    environment: &str,
    batch_id: Option<&str>,
) -> Result<String> {
    check_environment(environment)?;
    let subject_id = upsert_subject(conn, subject)?;
    let id = new_id();
    let at = now();
    conn.execute(
        "INSERT INTO cases (id, subject_id, environment, batch_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, subject_id, environment, batch_id, at],
    )?;
    let (identifier, _) = subject.identifier();
    audit::record(
        conn,
        Some(&id),
        "case.created",
        json!({"subjectType": subject.subject_type(), "identifier": identifier,
               "environment": environment, "batchId": batch_id}),
    )?;
    search::reindex_case(conn, &id)?;
    Ok(id)
}

/// Open a case on `subject` in `environment` (`sandbox` | `test` | `production`). Returns the case
/// id (a UUID).
pub fn create_case(conn: &Connection, subject: &Subject, environment: &str) -> Result<String> {
    atomic(conn, |c| insert_case(c, subject, environment, None))
}

pub fn get_case(conn: &Connection, case_id: &str) -> Result<CaseRecord> {
    let summary = conn
        .query_row(
            &format!("{SUMMARY_SQL} WHERE id = ?1"),
            [case_id],
            map_summary,
        )
        .optional()?
        .ok_or_else(|| not_found("Case", case_id))?;
    let subject = conn.query_row(
        "SELECT s.subject_type, s.country, s.identifier, s.identifier_kind, s.id_document,
                s.phone_original, s.phone_e164, s.name
         FROM cases c JOIN subjects s ON s.id = c.subject_id WHERE c.id = ?1",
        [case_id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        },
    )?;
    let (ty, country, identifier, kind, id_document, phone_original, phone_e164, name) = subject;
    let subject = if ty == "organization" {
        let country: Country =
            country.as_deref().unwrap_or("").parse().map_err(|_| {
                StoreError::Internal(format!("case {case_id} has no valid country"))
            })?;
        Subject::Organization {
            id: OrgId {
                country,
                value: identifier,
                kind: if kind == "duns" {
                    OrgIdKind::Duns
                } else {
                    OrgIdKind::NationalNumber
                },
            },
            name,
        }
    } else {
        Subject::Person {
            id_document,
            phone_original,
            phone_e164,
            name,
        }
    };
    Ok(CaseRecord { summary, subject })
}

/// Cases, most recently updated first.
pub fn list_cases(conn: &Connection, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
    if let Some(s) = &filter.status {
        if !STATUSES.contains(&s.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("\"{s}\" is not a case status: use running, review, attention or closed"),
            ));
        }
    }
    let fts = filter.text.as_deref().and_then(search::fts_query);
    if filter.text.as_deref().is_some_and(|t| !t.trim().is_empty()) && fts.is_none() {
        // Only punctuation typed: nothing can match.
        return Ok(Vec::new());
    }
    let limit = filter.limit.unwrap_or(500).min(10_000);
    let sql = format!(
        "{SUMMARY_SQL}
         WHERE (?1 IS NULL OR status = ?1)
           AND (?2 IS NULL OR batch_id = ?2)
           AND (?3 IS NULL OR id IN (SELECT case_id FROM search_fts WHERE search_fts MATCH ?3))
         ORDER BY updated_at DESC, id LIMIT ?4"
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(
            params![filter.status, filter.batch_id, fts, limit],
            map_summary,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Extracts that change the case list when a result arrives. `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseExtracts {
    pub subject_name: Option<String>,
    pub risk: Option<String>,
    pub sanction_hits: Option<u32>,
    pub pep_hits: Option<u32>,
    /// Sets `last_fetched_at`.
    pub fetched_at: Option<String>,
    /// Replaces the unreadable sections (organization answers only).
    pub unreadable: Option<Vec<String>>,
}

/// Apply extracts to the case (and its subject's name). Also refreshes the search index.
pub fn update_extracts(conn: &Connection, case_id: &str, ex: &CaseExtracts) -> Result<()> {
    crate::util::check_opt_time("fetched at", ex.fetched_at.as_deref())?;
    atomic(conn, |c| {
        let at = now();
        let n = c.execute(
            "UPDATE cases SET risk = coalesce(?2, risk),
                 sanction_hits = coalesce(?3, sanction_hits),
                 pep_hits = coalesce(?4, pep_hits),
                 last_fetched_at = coalesce(?5, last_fetched_at),
                 updated_at = ?6,
                 unreadable_json = coalesce(?7, unreadable_json)
             WHERE id = ?1",
            params![
                case_id,
                ex.risk,
                ex.sanction_hits,
                ex.pep_hits,
                ex.fetched_at,
                at,
                ex.unreadable
                    .as_ref()
                    .map(|u| serde_json::to_string(u).unwrap_or_else(|_| "[]".into())),
            ],
        )?;
        if n == 0 {
            return Err(not_found("Case", case_id));
        }
        if let Some(name) = ex.subject_name.as_deref().filter(|n| !n.trim().is_empty()) {
            c.execute(
                "UPDATE subjects SET name = ?2, updated_at = ?3
                 WHERE id = (SELECT subject_id FROM cases WHERE id = ?1)",
                params![case_id, name, at],
            )?;
            // The subject is shared: every case on it is found by the new name.
            let siblings = c
                .prepare(
                    "SELECT id FROM cases
                     WHERE subject_id = (SELECT subject_id FROM cases WHERE id = ?1) AND id <> ?1",
                )?
                .query_map([case_id], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for id in siblings {
                search::reindex_case(c, &id)?;
            }
        }
        search::reindex_case(c, case_id)?;
        Ok(())
    })
}

/// Bump `updated_at` (used by modules that change something shown in the list).
pub(crate) fn touch(conn: &Connection, case_id: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE cases SET updated_at = ?2 WHERE id = ?1",
        params![case_id, now()],
    )?;
    if n == 0 {
        return Err(not_found("Case", case_id));
    }
    Ok(())
}
