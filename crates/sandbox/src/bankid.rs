//! BankID AML: Organization and Beneficial owners sessions, results, PDFs, webhooks.

use crate::auth::{bearer, insufficient_scope};
use crate::contract as c;
use crate::model::{self, error_response, json_response};
use crate::pdf;
use crate::state::{report_key, Entity, EntityState, Kind, Session, Shared, Token, Webhook};
use amldesk_core::model::accepted::Document;
use amldesk_core::{Country, OrgId};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    identifier: Option<String>,
    nationality: Option<String>,
    #[serde(default)]
    expands: Vec<String>,
    #[serde(default)]
    reports: Vec<String>,
    webhook: Option<WebhookBody>,
    client_reference: Option<String>,
}

#[derive(Deserialize)]
struct WebhookBody {
    url: String,
    #[serde(default)]
    events: Vec<String>,
}

fn bad_request(code: &str, msg: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, code, msg)
}

fn parse_body(body: &[u8]) -> Result<CreateBody, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_request(
            "invalid_request",
            "The request body is empty: send JSON with at least \"identifier\".",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        bad_request(
            "invalid_request",
            &format!("The request body is not the expected JSON: {e}"),
        )
    })
}

fn normalize_report(r: &str) -> Option<&'static str> {
    match r
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '_'], "-")
        .as_str()
    {
        "aml" | "aml-report" => Some("aml"),
        "certificate-of-registration" | "certificate-of-registration-report" => {
            Some("certificate-of-registration")
        }
        _ => None,
    }
}

fn client_reference(body: &CreateBody, headers: &HeaderMap) -> Option<String> {
    body.client_reference
        .clone()
        .or_else(|| {
            headers
                .get(c::HEADER_CLIENT_REFERENCE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn parse_identifier(country: Country, raw: Option<&str>) -> Result<String, Response> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(bad_request(
            "invalid_identifier",
            "Field \"identifier\" is missing: give an organization number or a DUNS number.",
        ));
    };
    OrgId::parse(country, raw).map(|id| id.value).map_err(|e| {
        error_response(
            StatusCode::BAD_REQUEST,
            "invalid_identifier",
            &format!("Field \"identifier\": {}", e.message),
        )
    })
}

pub async fn org_create(
    State(s): State<Arc<Shared>>,
    Path(country): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let country = match country.to_ascii_lowercase().as_str() {
        "no" => Country::No,
        "se" => Country::Se,
        "fi" => Country::Fi,
        "dk" => Country::Dk,
        other => {
            return error_response(
                StatusCode::NOT_FOUND,
                "unknown_country",
                &format!("No organization session for country \"{other}\": use no, se, fi or dk."),
            )
        }
    };
    let b = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if let Some(n) = b.nationality.as_deref() {
        if n.parse::<Country>().is_err() {
            return bad_request(
                "invalid_nationality",
                &format!("Field \"nationality\" must be NO, SE, FI or DK; got \"{n}\"."),
            );
        }
    }
    for e in &b.expands {
        if !c::ORG_EXPANDS.contains(&e.as_str()) {
            return bad_request(
                "invalid_expand",
                &format!(
                    "Unknown expand \"{e}\". Known expands: {}.",
                    c::ORG_EXPANDS.join(", ")
                ),
            );
        }
        if e == "financials.credit" && !tok.scopes.iter().any(|x| x == c::SCOPE_CREDIT) {
            return insufficient_scope(c::SCOPE_CREDIT, "The expand \"financials.credit\"");
        }
        if e == "sanction.ofac" && !tok.scopes.iter().any(|x| x == c::SCOPE_OFAC) {
            return insufficient_scope(
                c::SCOPE_OFAC,
                "The expand \"sanction.ofac\" (OFAC sanction list)",
            );
        }
    }
    let mut reports = Vec::new();
    for r in &b.reports {
        match normalize_report(r) {
            Some(n) if !reports.contains(&n) => reports.push(n),
            Some(_) => {}
            None => {
                return bad_request(
                    "invalid_report",
                    &format!(
                        "Unknown report \"{r}\": use \"aml\" or \"certificate-of-registration\"."
                    ),
                )
            }
        }
    }
    let cref = client_reference(&b, &headers);
    if let Some(r) = existing(&s, Kind::Organization, &tok, cref.as_deref()) {
        return r;
    }
    let id = match parse_identifier(country, b.identifier.as_deref()) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let reports: Vec<String> = reports.into_iter().map(str::to_string).collect();
    let r = create(
        &s,
        Kind::Organization,
        tok,
        country,
        id,
        b.expands,
        reports,
        b.webhook,
        cref,
    );
    hold_answer(&s, r).await
}

/// `create_delay_ms`: the session exists upstream, the client does not know it yet.
async fn hold_answer(s: &Shared, r: Response) -> Response {
    let ms = s.knobs().create_delay_ms;
    if ms > 0 && r.status() == StatusCode::CREATED {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    r
}

pub async fn ben_create(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let b = match parse_body(&body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let country = match b.nationality.as_deref().unwrap_or("NO").parse::<Country>() {
        Ok(c) => c,
        Err(e) => {
            return bad_request(
                "invalid_nationality",
                &format!("Field \"nationality\": {}", e.message),
            )
        }
    };
    for e in &b.expands {
        if !c::BEN_EXPANDS.contains(&e.as_str()) {
            return bad_request(
                "invalid_expand",
                &format!(
                    "Unknown expand \"{e}\". Known expands: {}.",
                    c::BEN_EXPANDS.join(", ")
                ),
            );
        }
    }
    let cref = client_reference(&b, &headers);
    if let Some(r) = existing(&s, Kind::Beneficial, &tok, cref.as_deref()) {
        return r;
    }
    let id = match parse_identifier(country, b.identifier.as_deref()) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let reports = vec![c::BEN_REPORT_NAME.to_string()];
    let r = create(
        &s,
        Kind::Beneficial,
        tok,
        country,
        id,
        b.expands,
        reports,
        b.webhook,
        cref,
    );
    hold_answer(&s, r).await
}

/// Idempotent repeat (knob `client_reference_dedup`, off by default): the same clientReference
/// for the same client answers 200 with the session already made.
fn existing(s: &Shared, kind: Kind, tok: &Token, cref: Option<&str>) -> Option<Response> {
    if !s.knobs().client_reference_dedup {
        return None;
    }
    let cref = cref?;
    let sid = s.with(|i| {
        i.client_refs
            .get(&(kind, tok.client_id.clone(), cref.to_string()))
            .cloned()
    })?;
    Some(json_response(
        StatusCode::OK,
        json!({"sessionId": sid, "clientReference": cref, "existing": true}),
    ))
}

#[allow(clippy::too_many_arguments)]
fn create(
    s: &Arc<Shared>,
    kind: Kind,
    tok: Token,
    country: Country,
    identifier: String,
    expands: Vec<String>,
    reports: Vec<String>,
    webhook: Option<WebhookBody>,
    cref: Option<String>,
) -> Response {
    let k = s.knobs();
    let fails = s.data.company(country, &identifier).fails;
    let now = Utc::now();
    let created = s.with(|i| {
        if let Some(max) = k.max_concurrent_sessions {
            if i.active_sessions(&tok.client_id, now) >= max as usize {
                return Err(max);
            }
        }
        // Idempotency re-checked under the lock, so two racing POSTs make one session.
        if let Some(r) = cref.as_ref().filter(|_| k.client_reference_dedup) {
            if let Some(sid) = i.client_refs.get(&(kind, tok.client_id.clone(), r.clone())) {
                return Ok((sid.clone(), false, None));
            }
        }
        let id = i.new_id();
        let json_ready = now + i.latency(k.json_latency_ms, k.latency_scale);
        let mut entities = vec![Entity {
            key: c::ENTITY_JSON.to_string(),
            report: None,
            start: now,
            ready: json_ready,
        }];
        for r in &reports {
            let start = json_ready;
            let ready = start + i.latency(k.pdf_latency_ms, k.latency_scale);
            entities.push(Entity {
                key: report_key(r),
                report: Some(r.clone()),
                start,
                ready,
            });
        }
        let session = Session {
            id: id.clone(),
            kind,
            client_id: tok.client_id.clone(),
            country,
            identifier: identifier.clone(),
            expands: expands.clone(),
            scopes: tok.scopes.clone(),
            webhook: webhook.as_ref().map(|w| Webhook {
                url: w.url.clone(),
                events: w.events.clone(),
            }),
            created_at: now,
            entities,
            fails,
            first_download: HashMap::new(),
            first_ready_status: HashMap::new(),
            status_at: Vec::new(),
        };
        if let Some(r) = &cref {
            i.client_refs
                .insert((kind, tok.client_id.clone(), r.clone()), id.clone());
        }
        let counter = match kind {
            Kind::Organization => &mut i.sessions_created.organization,
            Kind::Beneficial => &mut i.sessions_created.beneficial,
        };
        *counter.entry(identifier.clone()).or_insert(0) += 1;
        i.sessions.insert(id.clone(), session.clone());
        Ok((id, true, Some(session)))
    });
    match created {
        Err(max) => {
            let mut r = error_response(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_sessions",
                &format!("This client already has {max} sessions in progress, the most allowed. Wait for one to finish."),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(k.retry_after_s));
            r
        }
        Ok((sid, true, session)) => {
            if let Some(session) = session {
                spawn_webhooks(s.clone(), session);
            }
            let mut body = json!({"sessionId": sid});
            if let Some(r) = cref {
                body["clientReference"] = json!(r);
            }
            json_response(StatusCode::CREATED, body)
        }
        Ok((sid, false, _)) => json_response(
            StatusCode::OK,
            json!({"sessionId": sid, "clientReference": cref, "existing": true}),
        ),
    }
}

fn spawn_webhooks(s: Arc<Shared>, session: Session) {
    let Some(hook) = session.webhook.clone() else {
        return;
    };
    let mut events: Vec<(chrono::DateTime<Utc>, serde_json::Value)> = Vec::new();
    let sid = session.id.clone();
    if session.fails {
        if let Some(e) = session.entities.first() {
            events.push((e.ready, json!({"sessionId": sid, "event": "Failed"})));
        }
    } else {
        for e in &session.entities {
            match &e.report {
                None => events.push((e.ready, json!({"sessionId": sid, "event": "JsonDataReady"}))),
                Some(r) => events.push((
                    e.ready,
                    json!({"sessionId": sid, "event": "ReportReady", "report": r}),
                )),
            }
        }
        events.push((
            session.finished_at(),
            json!({"sessionId": sid, "event": "AllDone"}),
        ));
    }
    events.retain(|(_, v)| {
        hook.events.is_empty()
            || v["event"]
                .as_str()
                .is_some_and(|e| hook.events.iter().any(|x| x == e))
    });
    events.sort_by_key(|(t, _)| *t);
    tokio::spawn(async move {
        for (at, payload) in events {
            let wait = (at - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
            let alive = s.with(|i| i.sessions.contains_key(&sid));
            if !alive || !s.knobs().webhooks {
                return;
            }
            if s.http.post(&hook.url).json(&payload).send().await.is_ok() {
                s.with(|i| i.webhooks_sent += 1);
            }
        }
    });
}

fn find(s: &Shared, kind: Kind, tok: &Token, sid: &str) -> Result<Session, Response> {
    let found = s.with(|i| i.sessions.get(sid).cloned());
    match found {
        Some(x) if x.kind == kind && x.client_id == tok.client_id => Ok(x),
        _ => Err(error_response(
            StatusCode::NOT_FOUND,
            "session_not_found",
            &format!("No session {sid} for this client."),
        )),
    }
}

async fn status(s: Arc<Shared>, kind: Kind, headers: HeaderMap, sid: String) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match find(&s, kind, &tok, &sid) {
        Ok(x) => {
            let now = Utc::now();
            let mut v = model::status_json(&x, now, s.knobs().result_lifetime_s);
            // [doc] seed 002: "Use the link to the report as provided by the GET session
            // endpoint": every READY report is linked, at a path that is not the template.
            let mut links = serde_json::Map::new();
            for e in &x.entities {
                let Some(name) = &e.report else { continue };
                if x.entity_state(e, now) != EntityState::Ready {
                    continue;
                }
                let path = match kind {
                    Kind::Organization => c::ORG_REPORT_LINK
                        .replace("{session_id}", &sid)
                        .replace("{report}", name),
                    Kind::Beneficial => c::BEN_REPORT_LINK.replace("{session_id}", &sid),
                };
                links.insert(e.key.clone(), json!(format!("{}{path}", s.base_url)));
            }
            if let Some(m) = v.as_object_mut() {
                m.insert("links".into(), serde_json::Value::Object(links));
            }
            // For the stats: when a status first told this client an entity was READY.
            s.with(|i| {
                if let Some(sess) = i.sessions.get_mut(&x.id) {
                    sess.status_at.push(now);
                    for e in &x.entities {
                        if x.entity_state(e, now) == EntityState::Ready {
                            sess.first_ready_status.entry(e.key.clone()).or_insert(now);
                        }
                    }
                }
            });
            json_response(StatusCode::OK, v)
        }
        Err(r) => r,
    }
}

pub async fn org_status(
    State(s): State<Arc<Shared>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
) -> Response {
    status(s, Kind::Organization, headers, sid).await
}

pub async fn ben_status(
    State(s): State<Arc<Shared>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
) -> Response {
    status(s, Kind::Beneficial, headers, sid).await
}

async fn lookup(
    s: Arc<Shared>,
    kind: Kind,
    headers: HeaderMap,
    q: HashMap<String, String>,
) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if !s.knobs().client_reference_dedup {
        // Without the [assumed] capability the upstream has no such lookup.
        return error_response(
            StatusCode::NOT_FOUND,
            "not_supported",
            "This environment does not look sessions up by clientReference.",
        );
    }
    let Some(cref) = q.get(c::FIELD_CLIENT_REFERENCE).filter(|v| !v.is_empty()) else {
        return bad_request(
            "invalid_request",
            "Query parameter clientReference is missing.",
        );
    };
    let sid = s.with(|i| {
        i.client_refs
            .get(&(kind, tok.client_id.clone(), cref.clone()))
            .cloned()
    });
    match sid {
        Some(sid) => status(s, kind, headers, sid).await,
        None => error_response(
            StatusCode::NOT_FOUND,
            "session_not_found",
            &format!("No session with clientReference \"{cref}\" for this client."),
        ),
    }
}

pub async fn org_lookup(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    lookup(s, Kind::Organization, headers, q).await
}

pub async fn ben_lookup(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    lookup(s, Kind::Beneficial, headers, q).await
}

/// Checks that `key` can be downloaded now; records the first download.
fn downloadable(s: &Shared, x: &Session, key: &str) -> Result<(), Response> {
    let Some(e) = x.entity(key) else {
        return Err(error_response(
            StatusCode::NOT_FOUND,
            "not_requested",
            &format!("The session {} did not ask for {key}.", x.id),
        ));
    };
    let now = Utc::now();
    match x.entity_state(e, now) {
        EntityState::NotStarted | EntityState::InProgress => {
            return Err(error_response(
                StatusCode::CONFLICT,
                "not_ready",
                &format!(
                    "{key} of session {} is not ready yet: poll the session status.",
                    x.id
                ),
            ))
        }
        EntityState::Failed => {
            return Err(error_response(
                StatusCode::CONFLICT,
                "failed",
                &format!("Session {} failed; {key} will not be produced.", x.id),
            ))
        }
        EntityState::Ready => {}
    }
    let lifetime = Duration::seconds(s.knobs().result_lifetime_s as i64);
    if now >= e.ready + lifetime {
        return Err(error_response(
            StatusCode::GONE,
            "expired",
            &format!(
                "{key} of session {} was available until {}; results live {} s after they are ready.",
                x.id,
                crate::state::ts(e.ready + lifetime),
                lifetime.num_seconds()
            ),
        ));
    }
    s.with(|i| {
        if let Some(sess) = i.sessions.get_mut(&x.id) {
            sess.first_download.entry(key.to_string()).or_insert(now);
        }
    });
    Ok(())
}

pub async fn org_json(
    State(s): State<Arc<Shared>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let x = match find(&s, Kind::Organization, &tok, &sid) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = downloadable(&s, &x, c::ENTITY_JSON) {
        return r;
    }
    let mut doc = model::organization_json(&s.data, &x, &s.base_url);
    s.drift(Document::Organization, &x.id, &mut doc);
    json_response(StatusCode::OK, doc)
}

pub async fn ben_json(
    State(s): State<Arc<Shared>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let x = match find(&s, Kind::Beneficial, &tok, &sid) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if let Err(r) = downloadable(&s, &x, c::ENTITY_JSON) {
        return r;
    }
    let registry = s.knobs().national_registry;
    let mut doc = model::beneficial_json(&s.data, &x, &registry, &s.base_url);
    s.drift(Document::BeneficialOwners, &x.id, &mut doc);
    json_response(StatusCode::OK, doc)
}

fn pdf_response(bytes: Arc<Vec<u8>>, filename: &str) -> Response {
    let mut r = (StatusCode::OK, bytes.as_ref().clone()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

async fn report(
    s: Arc<Shared>,
    kind: Kind,
    headers: HeaderMap,
    sid: String,
    name: String,
) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let x = match find(&s, kind, &tok, &sid) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if kind == Kind::Organization && !c::ORG_REPORTS.contains(&name.as_str()) {
        return error_response(
            StatusCode::NOT_FOUND,
            "unknown_report",
            &format!("Unknown report \"{name}\": use aml or certificate-of-registration."),
        );
    }
    if let Err(r) = downloadable(&s, &x, &report_key(&name)) {
        return r;
    }
    let cache_key = (sid.clone(), name.clone());
    if let Some(b) = s.with(|i| i.pdf_cache.get(&cache_key).cloned()) {
        return pdf_response(b, &format!("{name}-{sid}.pdf"));
    }
    let registry = s.knobs().national_registry;
    let data = match kind {
        Kind::Organization => model::organization_json(&s.data, &x, &s.base_url),
        Kind::Beneficial => model::beneficial_json(&s.data, &x, &registry, &s.base_url),
    };
    let bytes = pdf::report(&name, &data, x.created_at);
    let stored = s.with(|i| {
        i.pdf_cache
            .entry(cache_key)
            .or_insert_with(|| Arc::new(bytes))
            .clone()
    });
    pdf_response(stored, &format!("{name}-{sid}.pdf"))
}

pub async fn org_report(
    State(s): State<Arc<Shared>>,
    Path((sid, name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    report(s, Kind::Organization, headers, sid, name).await
}

pub async fn ben_report(
    State(s): State<Arc<Shared>>,
    Path(sid): Path<String>,
    headers: HeaderMap,
) -> Response {
    report(
        s,
        Kind::Beneficial,
        headers,
        sid,
        c::BEN_REPORT_NAME.to_string(),
    )
    .await
}

pub async fn ben_access_rights(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let tok = match bearer(&s, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut doc = json!({"nationalRegistry": s.knobs().national_registry, "sandbox": true});
    s.drift(Document::AccessRights, &tok.client_id, &mut doc);
    json_response(StatusCode::OK, doc)
}
