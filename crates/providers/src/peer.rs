//! Peer data exchange API: create requests for people (ID document + phone), then collect the
//! answers peers shared.

use amldesk_core::model::peer::{PeerCreateAnswer, PeerRespondAnswer};
use reqwest::header::AUTHORIZATION;
use serde_json::{json, Value};

use crate::auth::{raw_authorization, PeerAuth};
use crate::env::{fill, join, Paths};
use crate::error::{ProviderError, Result, Service};
use crate::http::{unreadable, Answer, Http};
use crate::Typed;

const SERVICE: Service = Service::Peer;

/// `type_request` values [doc].
pub const REQUEST_TYPES: [&str; 10] = [
    "All categories",
    "Address",
    "Consumer Profile",
    "Contacts",
    "Credit History",
    "Identity",
    "Name",
    "Services",
    "Socio-Demographic Profile",
    "Subscription",
];

pub struct PeerClient {
    http: Http,
    base: String,
    paths: Paths,
    auth: PeerAuth,
}

impl PeerClient {
    pub fn new(http: Http, base: String, paths: Paths, auth: PeerAuth) -> Self {
        PeerClient {
            http,
            base,
            paths,
            auth,
        }
    }

    /// The API key cache (renewal is automatic; exposed for diagnostics and tests).
    pub fn auth(&self) -> &PeerAuth {
        &self.auth
    }

    async fn post(&self, template: &str, body: &Value, what: &str) -> Result<Answer> {
        let url = join(&self.base, &fill(template, &[])?)?;
        let mut retried = false;
        loop {
            let key = self.auth.key().await?;
            let req = self
                .http
                .client()
                .post(url.clone())
                .header(AUTHORIZATION, raw_authorization(&key, SERVICE)?)
                .json(body);
            let answer = self.http.send(SERVICE, req).await?;
            if answer.status == reqwest::StatusCode::UNAUTHORIZED && !retried {
                tracing::debug!("peer API refused the key: renewing it once");
                self.auth.invalidate(&key);
                retried = true;
                continue;
            }
            return answer.into_success(SERVICE, what);
        }
    }

    /// Asks peers for data on people given as (ID document, phone). Phones are normalized to
    /// E.164 before sending; the answer carries the vendor's request id per person.
    pub async fn create_request(
        &self,
        type_request: &str,
        people: &[(String, String)],
    ) -> Result<Typed<PeerCreateAnswer>> {
        check_type(type_request)?;
        if people.is_empty() {
            return Err(ProviderError::Validation {
                service: SERVICE,
                message: "no person to ask about: give at least one ID document and phone".into(),
            });
        }
        let mut value = Vec::with_capacity(people.len());
        for (i, (doc, phone)) in people.iter().enumerate() {
            if doc.trim().is_empty() {
                return Err(ProviderError::Validation {
                    service: SERVICE,
                    message: format!("person {}: the ID document number is empty", i + 1),
                });
            }
            let phone =
                amldesk_core::id::parse_ua_phone(phone).map_err(|e| ProviderError::Validation {
                    service: SERVICE,
                    message: format!("person {}: {}", i + 1, e.message),
                })?;
            value.push(json!({ "IdDocument": doc.trim(), "PhoneNumber": phone }));
        }
        let body = json!({ "type_request": type_request, "value": value });
        let answer = self
            .post(&self.paths.peer_create, &body, "the request service")
            .await?;
        let answer = answer.typed(SERVICE, PeerCreateAnswer::from_json)?;
        let response = unreadable(SERVICE, "the \"response\" object", answer.response.as_ref());
        let list = unreadable(
            SERVICE,
            "the \"parametrRequest\" list",
            answer.parametr_request.as_ref(),
        );
        match response.or(list) {
            Some(e) => Err(e),
            None => Ok(answer),
        }
    }

    /// Collects answers for request ids; `period_minutes` limits to answers of the last n minutes.
    pub async fn respond(
        &self,
        type_request: &str,
        ids: &[String],
        period_minutes: u32,
    ) -> Result<Typed<PeerRespondAnswer>> {
        check_type(type_request)?;
        let body =
            json!({ "type_request": type_request, "idRequest": ids, "period": period_minutes });
        let answer = self
            .post(&self.paths.peer_respond, &body, "these requests")
            .await?;
        let answer = answer.typed(SERVICE, PeerRespondAnswer::from_json)?;
        let response = unreadable(SERVICE, "the \"response\" object", answer.response.as_ref());
        let list = unreadable(
            SERVICE,
            "the \"parametrRequest\" list",
            answer.parametr_request.as_ref(),
        );
        match response.or(list) {
            Some(e) => Err(e),
            None => Ok(answer),
        }
    }
}

impl PeerClient {
    /// Answers of the last `period_minutes`, for any request of ours: `respond` with `period`
    /// and no `idRequest` ([assumed]: the seed describes `period` as "answers of the last n
    /// minutes" and does not say `idRequest` is mandatory). Used to find the request an
    /// ambiguous `createrequest` may have made.
    pub async fn respond_recent(
        &self,
        type_request: &str,
        period_minutes: u32,
    ) -> Result<Typed<PeerRespondAnswer>> {
        check_type(type_request)?;
        let body = json!({ "type_request": type_request, "period": period_minutes });
        let answer = self
            .post(&self.paths.peer_respond, &body, "recent requests")
            .await?;
        let answer = answer.typed(SERVICE, PeerRespondAnswer::from_json)?;
        let list = unreadable(
            SERVICE,
            "the \"parametrRequest\" list",
            answer.parametr_request.as_ref(),
        );
        match list {
            Some(e) => Err(e),
            None => Ok(answer),
        }
    }
}

fn check_type(t: &str) -> Result<()> {
    if REQUEST_TYPES.contains(&t) {
        Ok(())
    } else {
        Err(ProviderError::Validation {
            service: SERVICE,
            message: format!(
                "\"{t}\" is not a known request type; use one of: {}",
                REQUEST_TYPES.join(", ")
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_type_is_named() {
        let e = check_type("Everything").expect_err("unknown");
        assert!(e.user_message().contains("Everything"));
    }
}
