//! BankID AML: the Organization API and the Beneficial owners API (same session flow: create,
//! poll status, fetch JSON and PDF reports).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use reqwest::header::{ACCEPT, AUTHORIZATION};
use reqwest::{RequestBuilder, StatusCode};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use amldesk_core::model::bo::BoAccessRights;
use amldesk_core::model::session::{SessionCreated, SessionStatus};
use amldesk_core::Country;

use crate::auth::{bearer, OidcAuth};
use crate::env::{fill, join, Paths, SCOPE_BASIC};
use crate::error::{ProviderError, Result, Service};
use crate::http::{unreadable, Answer, Http};
use crate::Typed;

/// A session was created (201) or an existing one with our client reference was returned (200):
/// core's reading of the answer, its session id (always present: an answer without one is an
/// error) and which of the two happened (the HTTP status says it, not the body).
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    pub session_id: String,
    pub reused: bool,
    pub answer: Typed<SessionCreated>,
}

/// A downloaded result: the exact bytes (what is stored and hashed), the parsed JSON
/// (`Value::Null` for a PDF), the SHA-256 of the bytes in hex, and the media type.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub bytes: Bytes,
    pub value: Value,
    pub sha256: String,
    pub media_type: &'static str,
    pub fetched_at: DateTime<Utc>,
}

impl Fetched {
    fn new(bytes: Bytes, value: Value, media_type: &'static str) -> Self {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        Fetched {
            bytes,
            value,
            sha256,
            media_type,
            fetched_at: Utc::now(),
        }
    }
}

/// Checks that a PDF arrived whole: `%PDF-` header and `%%EOF` trailer.
pub fn check_pdf(bytes: &[u8]) -> std::result::Result<(), String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("the report does not start like a PDF file".into());
    }
    let tail_start = bytes.len().saturating_sub(1024);
    let tail = &bytes[tail_start..];
    let trimmed_len = tail
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map(|p| p + 1)
        .unwrap_or(0);
    if !tail[..trimmed_len].ends_with(b"%%EOF") {
        return Err(format!(
            "the PDF report is truncated ({} bytes, no end-of-file marker)",
            bytes.len()
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OrgReport {
    Aml,
    CertificateOfRegistration,
}

impl OrgReport {
    fn name(self, paths: &Paths) -> &str {
        match self {
            OrgReport::Aml => &paths.report_aml,
            OrgReport::CertificateOfRegistration => &paths.report_certificate,
        }
    }

    fn label(self) -> &'static str {
        match self {
            OrgReport::Aml => "the AML report",
            OrgReport::CertificateOfRegistration => "the certificate of registration",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    pub url: String,
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOrgSession {
    /// Organization number or DUNS, already validated and normalized (see `amldesk_core::id`).
    pub identifier: String,
    /// Country of interest, e.g. "NO".
    pub nationality: String,
    pub expands: Vec<String>,
    pub reports: Vec<OrgReport>,
    pub webhook: Option<Webhook>,
    /// Our idempotency key: creating twice with the same reference yields the same session.
    pub client_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateBoSession {
    pub identifier: String,
    /// The organization's country. Sent as `nationality` for every country but NO (seed 002
    /// documents `identifier` only, for Norway; an SE or FI number needs its country).
    pub nationality: Option<String>,
    /// `citizenship`, `birthplace`, `identificationNumber`, `ssn` (need registry access).
    pub expands: Vec<String>,
    pub webhook: Option<Webhook>,
    pub client_reference: Option<String>,
}

/// What both BankID clients share: OIDC auth with one retry after a 401, the AML base URL from
/// discovery, and the session flow.
#[derive(Clone)]
struct BankIdCore {
    http: Http,
    auth: Arc<OidcAuth>,
    service: Service,
    scopes: BTreeSet<String>,
    paths: Paths,
    /// (session id, entity) → the download link the last status gave: reports are fetched from
    /// it [doc, seed 002]; the path template is only the fallback when no link was given.
    links: Arc<Mutex<HashMap<(String, String), String>>>,
}

impl BankIdCore {
    async fn call<F>(&self, what: &str, build: F) -> Result<Answer>
    where
        F: Fn(&reqwest::Client, &str) -> Result<RequestBuilder>,
    {
        let base = self.auth.discovery().await?.aml_base.clone();
        let mut retried = false;
        loop {
            // A scope refused at the token endpoint is this API's refusal, for the officer.
            let token = self.auth.token(&self.scopes).await.map_err(|e| match e {
                ProviderError::Forbidden { scope, detail, .. } => ProviderError::Forbidden {
                    service: self.service,
                    scope,
                    detail,
                },
                other => other,
            })?;
            let req = build(self.http.client(), &base)?
                .header(AUTHORIZATION, bearer(&token, self.service)?);
            let answer = self.http.send(self.service, req).await?;
            if answer.status == StatusCode::UNAUTHORIZED && !retried {
                tracing::debug!(service = %self.service, "401: refreshing the token once");
                self.auth.invalidate(&self.scopes, &token);
                retried = true;
                continue;
            }
            return answer.into_success(self.service, what);
        }
    }

    fn url(&self, base: &str, template: &str, vars: &[(&str, &str)]) -> Result<reqwest::Url> {
        join(base, &fill(template, vars)?)
    }

    async fn create(&self, template: &str, vars: &[(&str, &str)], body: Value) -> Result<Created> {
        let answer = self
            .call("the session service", |c, base| {
                Ok(c.post(self.url(base, template, vars)?).json(&body))
            })
            .await?;
        let reused = answer.status == StatusCode::OK;
        let answer = answer.typed(self.service, SessionCreated::from_json)?;
        Ok(Created {
            session_id: session_id_of(&answer, self.service)?,
            reused,
            answer,
        })
    }

    async fn find(&self, template: &str, reference: &str) -> Result<Option<String>> {
        let param = self.paths.client_reference_param.clone();
        let res = self
            .call("a session with this client reference", |c, base| {
                Ok(c.get(self.url(base, template, &[])?)
                    .query(&[(param.as_str(), reference)]))
            })
            .await;
        match res {
            Ok(answer) => {
                let found = answer.typed(self.service, SessionCreated::from_json)?;
                Ok(Some(session_id_of(&found, self.service)?))
            }
            Err(ProviderError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn status(&self, template: &str, id: &str) -> Result<Typed<SessionStatus>> {
        let what = format!("session {id}");
        let answer = self
            .call(&what, |c, base| {
                Ok(c.get(self.url(base, template, &[("id", id)])?))
            })
            .await?;
        let status = answer.typed(self.service, SessionStatus::from_json)?;
        if !status.links.is_empty() {
            let mut links = self.links.lock().unwrap_or_else(|p| p.into_inner());
            for (entity, link) in &status.links {
                links.insert((id.to_owned(), entity.clone()), link.clone());
            }
        }
        if status.state().is_none() {
            return Err(
                unreadable(self.service, "the session status", status.status.as_ref())
                    .unwrap_or_else(|| ProviderError::Malformed {
                        service: self.service,
                        detail: "the session status has no \"status\"".into(),
                    }),
            );
        }
        Ok(status)
    }

    async fn json(&self, template: &str, id: &str) -> Result<Fetched> {
        let what = format!("the JSON result of session {id}");
        let answer = self
            .call(&what, |c, base| {
                Ok(c.get(self.url(base, template, &[("id", id)])?))
            })
            .await?;
        let value = answer.json(self.service)?;
        Ok(Fetched::new(answer.body, value, "application/json"))
    }

    /// The link the last status of `session_id` gave for one of `entities`, when it is on the
    /// AML origin (our token is never sent anywhere else).
    fn link(&self, base: &str, session_id: &str, entities: &[&str]) -> Option<reqwest::Url> {
        let links = self.links.lock().unwrap_or_else(|p| p.into_inner());
        let raw = entities
            .iter()
            .find_map(|e| links.get(&(session_id.to_owned(), (*e).to_owned())))?;
        let base_url = reqwest::Url::parse(base).ok()?;
        let url = base_url.join(raw).ok()?;
        if url.origin() == base_url.origin() {
            Some(url)
        } else {
            tracing::warn!(
                service = %self.service,
                "the session status links a report on another origin: using the path template"
            );
            None
        }
    }

    /// Downloads a PDF report: from the link the session status gave for `entities`, else from
    /// the path template.
    async fn pdf(
        &self,
        url_vars: &[(&str, &str)],
        entities: &[&str],
        template: &str,
        what: &str,
    ) -> Result<Fetched> {
        let session_id = url_vars
            .iter()
            .find(|(k, _)| *k == "id")
            .map(|(_, v)| *v)
            .unwrap_or_default();
        let answer = self
            .call(what, |c, base| {
                let url = match self.link(base, session_id, entities) {
                    Some(u) => u,
                    None => self.url(base, template, url_vars)?,
                };
                Ok(c.get(url).header(ACCEPT, "application/pdf"))
            })
            .await?;
        check_pdf(&answer.body).map_err(|detail| ProviderError::Malformed {
            service: self.service,
            detail,
        })?;
        Ok(Fetched::new(answer.body, Value::Null, "application/pdf"))
    }
}

fn session_id_of(answer: &SessionCreated, service: Service) -> Result<String> {
    answer.session_id().map(str::to_owned).ok_or_else(|| {
        unreadable(service, "the session answer", answer.session_id.as_ref()).unwrap_or(
            ProviderError::Malformed {
                service,
                detail: "the answer has no \"sessionId\"".into(),
            },
        )
    })
}

fn require(field: &str, value: &str, service: Service) -> Result<()> {
    if value.trim().is_empty() {
        return Err(ProviderError::Validation {
            service,
            message: format!("the {field} is empty; enter an organization number or DUNS"),
        });
    }
    Ok(())
}

/// BankID Organization API.
#[derive(Clone)]
pub struct OrgClient {
    core: BankIdCore,
}

impl OrgClient {
    pub fn new(http: Http, auth: Arc<OidcAuth>) -> Self {
        let env = auth.environment();
        let scopes = env.scopes.iter().cloned().collect();
        let paths = env.paths.clone();
        OrgClient {
            core: BankIdCore {
                http,
                auth,
                service: Service::Organization,
                scopes,
                paths,
                links: Arc::default(),
            },
        }
    }

    pub async fn create_session(
        &self,
        country: Country,
        req: &CreateOrgSession,
    ) -> Result<Created> {
        require("identifier", &req.identifier, Service::Organization)?;
        let paths = &self.core.paths;
        let mut body = json!({
            "identifier": req.identifier,
            "nationality": req.nationality,
            "expands": req.expands,
            "reports": req.reports.iter().map(|r| r.name(paths)).collect::<Vec<_>>(),
        });
        if let Some(w) = &req.webhook {
            body["webhook"] = json!(w);
        }
        if let Some(r) = &req.client_reference {
            body[paths.client_reference_param.as_str()] = json!(r);
        }
        self.core
            .create(&paths.org_create, &[("country", country.path())], body)
            .await
    }

    pub async fn find_by_client_reference(&self, reference: &str) -> Result<Option<String>> {
        self.core.find(&self.core.paths.org_find, reference).await
    }

    pub async fn status(&self, session_id: &str) -> Result<Typed<SessionStatus>> {
        self.core
            .status(&self.core.paths.org_status, session_id)
            .await
    }

    pub async fn json(&self, session_id: &str) -> Result<Fetched> {
        self.core.json(&self.core.paths.org_json, session_id).await
    }

    /// Downloads a report from the link the last [`OrgClient::status`] of this session gave
    /// (the path template when it gave none).
    pub async fn report(&self, session_id: &str, report: OrgReport) -> Result<Fetched> {
        let name = report.name(&self.core.paths).to_owned();
        let what = format!("{} of session {session_id}", report.label());
        let entity = format!("{name}-report");
        self.core
            .pdf(
                &[("id", session_id), ("report", &name)],
                &[&entity],
                &self.core.paths.org_report,
                &what,
            )
            .await
    }
}

/// BankID Beneficial owners API (scope `aml_organization/basic`).
#[derive(Clone)]
pub struct BoClient {
    core: BankIdCore,
}

impl BoClient {
    pub fn new(http: Http, auth: Arc<OidcAuth>) -> Self {
        let paths = auth.environment().paths.clone();
        BoClient {
            core: BankIdCore {
                http,
                auth,
                service: Service::Beneficial,
                scopes: [SCOPE_BASIC.to_owned()].into_iter().collect(),
                paths,
                links: Arc::default(),
            },
        }
    }

    pub async fn create_session(&self, req: &CreateBoSession) -> Result<Created> {
        require("identifier", &req.identifier, Service::Beneficial)?;
        let paths = &self.core.paths;
        let mut body = json!({ "identifier": req.identifier, "expands": req.expands });
        if let Some(n) = req
            .nationality
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("NO"))
        {
            body["nationality"] = json!(n.to_ascii_uppercase());
        }
        if let Some(w) = &req.webhook {
            body["webhook"] = json!(w);
        }
        if let Some(r) = &req.client_reference {
            body[paths.client_reference_param.as_str()] = json!(r);
        }
        self.core.create(&paths.bo_create, &[], body).await
    }

    pub async fn find_by_client_reference(&self, reference: &str) -> Result<Option<String>> {
        self.core.find(&self.core.paths.bo_find, reference).await
    }

    pub async fn status(&self, session_id: &str) -> Result<Typed<SessionStatus>> {
        self.core
            .status(&self.core.paths.bo_status, session_id)
            .await
    }

    pub async fn json(&self, session_id: &str) -> Result<Fetched> {
        self.core.json(&self.core.paths.bo_json, session_id).await
    }

    pub async fn report(&self, session_id: &str) -> Result<Fetched> {
        let what = format!("the beneficial owners report of session {session_id}");
        self.core
            .pdf(
                &[("id", session_id)],
                &["report", "beneficial-report"],
                &self.core.paths.bo_report,
                &what,
            )
            .await
    }

    pub async fn access_rights(&self) -> Result<Typed<BoAccessRights>> {
        let template = self.core.paths.bo_access_rights.clone();
        let answer = self
            .core
            .call("the access-rights service", |c, base| {
                Ok(c.get(self.core.url(base, &template, &[])?))
            })
            .await?;
        let rights = answer.typed(Service::Beneficial, BoAccessRights::from_json)?;
        if rights.registry().is_none() {
            return Err(unreadable(
                Service::Beneficial,
                "the access-rights answer",
                rights.national_registry.as_ref(),
            )
            .unwrap_or(ProviderError::Malformed {
                service: Service::Beneficial,
                detail: "the access-rights answer has no \"nationalRegistry\"".into(),
            }));
        }
        Ok(rights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_check() {
        assert!(check_pdf(b"%PDF-1.7\n...\n%%EOF\n").is_ok());
        assert!(check_pdf(b"%PDF-1.7\n...\n%%EOF").is_ok());
        assert!(check_pdf(b"%PDF-1.7\n...\nstartxref\n12").is_err());
        assert!(check_pdf(b"<html>").is_err());
        assert!(check_pdf(b"").is_err());
    }
}
