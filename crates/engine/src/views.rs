//! Store rows → IPC views.

pub mod org;

use amldesk_store::cases::CaseSummary as StoreSummary;
use amldesk_store::results::ResultRow;
use amldesk_store::sessions::SessionRow;
use amldesk_store::SessionState as StoreState;

use crate::api::*;
use crate::plan::{provider_from_str, Plan};

pub fn env_kind(s: &str) -> EnvironmentKind {
    match s {
        "test" => EnvironmentKind::Test,
        "production" => EnvironmentKind::Production,
        _ => EnvironmentKind::Sandbox,
    }
}

pub fn env_str(k: EnvironmentKind) -> &'static str {
    match k {
        EnvironmentKind::Sandbox => "sandbox",
        EnvironmentKind::Test => "test",
        EnvironmentKind::Production => "production",
    }
}

pub fn state(s: StoreState) -> SessionState {
    match s {
        // `sending` has no upstream session yet either; the views show it as planned.
        StoreState::Planned | StoreState::Sending => SessionState::Planned,
        StoreState::Created => SessionState::Created,
        StoreState::Polling => SessionState::Polling,
        StoreState::Ready => SessionState::Ready,
        StoreState::Downloaded => SessionState::Downloaded,
        StoreState::Done => SessionState::Done,
        StoreState::Failed => SessionState::Failed,
        StoreState::Expired => SessionState::Expired,
        StoreState::Cancelled => SessionState::Cancelled,
    }
}

pub fn decision(s: &str) -> Option<Decision> {
    match s {
        "approve" => Some(Decision::Approve),
        "reject" => Some(Decision::Reject),
        "escalate" => Some(Decision::Escalate),
        _ => None,
    }
}

pub fn decision_str(d: Decision) -> &'static str {
    match d {
        Decision::Approve => "approve",
        Decision::Reject => "reject",
        Decision::Escalate => "escalate",
    }
}

pub fn summary(s: StoreSummary) -> CaseSummary {
    CaseSummary {
        subject_type: if s.subject_type == "person" {
            SubjectType::Person
        } else {
            SubjectType::Organization
        },
        country: s.country.as_deref().and_then(|c| c.parse().ok()),
        status: match s.status.as_str() {
            "running" => CaseStatus::Running,
            "attention" => CaseStatus::Attention,
            "closed" => CaseStatus::Closed,
            _ => CaseStatus::Review,
        },
        decision: s.decision.as_deref().and_then(decision),
        environment: env_kind(&s.environment),
        id: s.id,
        subject_name: s.subject_name,
        identifier: s.identifier,
        identifier_display: s.identifier_display,
        risk: s.risk,
        sanction_hits: s.sanction_hits,
        pep_hits: s.pep_hits,
        created_at: s.created_at,
        updated_at: s.updated_at,
        last_fetched_at: s.last_fetched_at,
        open_sessions: s.open_sessions,
        batch_id: s.batch_id,
        unreadable: s.unreadable,
    }
}

pub fn session(r: &SessionRow) -> SessionView {
    let entities: Vec<EntityProgress> = serde_json::from_str(&r.entities_json)
        .ok()
        .filter(|v: &Vec<EntityProgress>| !v.is_empty())
        .or_else(|| {
            serde_json::from_str::<Plan>(&r.request_json)
                .ok()
                .map(|p| p.initial_entities())
        })
        .unwrap_or_default();
    SessionView {
        id: r.id.clone(),
        case_id: r.case_id.clone(),
        provider: provider_from_str(&r.provider),
        kind: r.kind.clone(),
        state: state(r.state),
        upstream_id: r.upstream_id.clone(),
        entities,
        created_at: r.created_at.clone(),
        updated_at: r.updated_at.clone(),
        expires_at: r.expires_at.clone(),
        error: r
            .error_json
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok())
            .filter(|_| matches!(r.state, StoreState::Failed | StoreState::Expired)),
        attempts: r.attempts,
    }
}

/// A stored organization or beneficial-owners answer as core reads it: the typed view, every
/// section's availability and the provenance. The raw body stays in the store (see
/// `get_raw_section`).
pub fn result(r: &ResultRow, provider: Provider, stale_after_days: u32) -> ResultView {
    use amldesk_core::model::bo::BoResult;
    use amldesk_core::model::{Availability, OrgResult, SectionInfo};
    let stale = chrono::DateTime::parse_from_rfc3339(&r.fetched_at)
        .map(|t| {
            (chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_days()
                > i64::from(stale_after_days)
        })
        .unwrap_or(false);
    let unreadable_answer = |reason: String| {
        (
            serde_json::Value::Null,
            vec![SectionInfo {
                path: String::new(),
                availability: Availability::Unreadable,
                reason: Some(reason),
            }],
            Vec::new(),
        )
    };
    let mut view = None;
    let (data, sections, sources) = match r.json() {
        Err(e) => unreadable_answer(e.to_string()),
        Ok(raw) if provider == Provider::Beneficial => match BoResult::from_json(&raw) {
            Ok(bo) => (bo.to_json(), bo.sections(&r.requested), Vec::new()),
            Err(e) => unreadable_answer(e.to_string()),
        },
        Ok(raw) => match OrgResult::from_json(&raw) {
            Ok(org) => {
                let sources = org
                    .key()
                    .and_then(|k| k.metadata.as_ref())
                    .map(|m| m.sources.clone())
                    .unwrap_or_default();
                let sections = org.sections(&r.requested);
                view = Some(org::org_view(&org, &sections));
                (org.to_json(), sections, sources)
            }
            Err(e) => unreadable_answer(e.to_string()),
        },
    };
    ResultView {
        provenance: Provenance {
            provider,
            environment: env_kind(&r.environment),
            fetched_at: r.fetched_at.clone(),
            sources,
            session_id: r.session_id.clone(),
            stale,
        },
        session_id: r.session_id.clone(),
        requested: r.requested.clone(),
        sections,
        data,
        view,
        sha256: r.sha256.clone(),
    }
}

pub(crate) fn counts(c: amldesk_store::batches::BatchCounts) -> BatchCounts {
    BatchCounts {
        total: c.total,
        planned: c.planned,
        running: c.running,
        done: c.done,
        failed: c.failed,
        expired: c.expired,
        cancelled: c.cancelled,
    }
}
