//! Peer data exchange API: create requests for people (ID document + phone), then collect the
//! answers peers shared.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::auth::{raw_authorization, PeerAuth, AUTH};
use crate::env::{fill, join, Paths};
use crate::error::{ProviderError, Result, Service};
use crate::http::{Answer, Http};

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ApiStatus {
    #[serde(deserialize_with = "lenient_string")]
    pub status: String,
    #[serde(deserialize_with = "lenient_string")]
    pub message: String,
}

/// One created request: the person as we sent them and the vendor's request id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PeerRequestId {
    #[serde(rename = "IdDocument", alias = "idDocument")]
    pub id_document: String,
    #[serde(rename = "PhoneNumber", alias = "phoneNumber")]
    pub phone_number: String,
    #[serde(
        rename = "idRequest",
        alias = "IdRequest",
        deserialize_with = "lenient_string"
    )]
    pub id_request: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerCreated {
    pub response: ApiStatus,
    pub requests: Vec<PeerRequestId>,
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PeerStatus {
    Done,
    /// The vendor spells it `Panding`; `Pending` is accepted too.
    Pending,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PeerDetail {
    #[serde(
        rename = "idPpeers",
        alias = "idPeers",
        deserialize_with = "lenient_string"
    )]
    pub id_peers: String,
    #[serde(rename = "groupData", deserialize_with = "lenient_string")]
    pub group_data: String,
    #[serde(rename = "fieldName", deserialize_with = "lenient_string")]
    pub field_name: String,
    #[serde(rename = "fieldValue", deserialize_with = "lenient_string")]
    pub field_value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PeerItem {
    #[serde(rename = "idDocument", alias = "IdDocument")]
    pub id_document: String,
    #[serde(rename = "phoneNumber", alias = "PhoneNumber")]
    pub phone_number: String,
    #[serde(
        rename = "idRequest",
        alias = "IdRequest",
        deserialize_with = "lenient_string"
    )]
    pub id_request: String,
    #[serde(deserialize_with = "lenient_string")]
    pub status: String,
    #[serde(rename = "requestDetails")]
    pub request_details: Vec<PeerDetail>,
}

impl PeerItem {
    pub fn state(&self) -> PeerStatus {
        match self.status.as_str() {
            "Done" => PeerStatus::Done,
            "Panding" | "Pending" => PeerStatus::Pending,
            other => PeerStatus::Other(other.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerAnswer {
    pub response: ApiStatus,
    pub items: Vec<PeerItem>,
    pub raw: Value,
}

/// Strings that sometimes arrive as numbers, arrays of one string, or null.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| x.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    })
}

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
                .header(AUTH, raw_authorization(&key, SERVICE)?)
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
    ) -> Result<PeerCreated> {
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
        let raw = answer.json(SERVICE)?;
        let response = parse_status(&raw)?;
        let requests: Vec<PeerRequestId> = parse_list(&raw)?;
        Ok(PeerCreated {
            response,
            requests,
            raw,
        })
    }

    /// Collects answers for request ids; `period_minutes` limits to answers of the last n minutes.
    pub async fn respond(
        &self,
        type_request: &str,
        ids: &[String],
        period_minutes: u32,
    ) -> Result<PeerAnswer> {
        check_type(type_request)?;
        let body =
            json!({ "type_request": type_request, "idRequest": ids, "period": period_minutes });
        let answer = self
            .post(&self.paths.peer_respond, &body, "these requests")
            .await?;
        let raw = answer.json(SERVICE)?;
        let response = parse_status(&raw)?;
        let items: Vec<PeerItem> = parse_list(&raw)?;
        Ok(PeerAnswer {
            response,
            items,
            raw,
        })
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

fn parse_status(raw: &Value) -> Result<ApiStatus> {
    match raw.get("response") {
        None | Some(Value::Null) => Ok(ApiStatus::default()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| ProviderError::Malformed {
            service: SERVICE,
            detail: format!("the \"response\" object is unreadable ({e})"),
        }),
    }
}

fn parse_list<T: for<'de> Deserialize<'de>>(raw: &Value) -> Result<Vec<T>> {
    match raw.get("parametrRequest") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| ProviderError::Malformed {
            service: SERVICE,
            detail: format!("the \"parametrRequest\" list is unreadable ({e})"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_accept_vendor_spellings() {
        let raw = json!({"parametrRequest":[
            {"idDocument":"AB1","phoneNumber":"+380501234567","idRequest":17,"status":"Panding",
             "requestDetails":[{"idPpeers":"p1","groupData":["Address"],"fieldName":"city","fieldValue":"Kyiv"}]},
            {"IdDocument":"AB2","PhoneNumber":"+380501234568","idRequest":"18","status":"Pending"},
            {"idDocument":"AB3","status":"Done","newField":true}]});
        let items: Vec<PeerItem> = parse_list(&raw).expect("parsed");
        assert_eq!(items[0].state(), PeerStatus::Pending);
        assert_eq!(items[0].id_request, "17");
        assert_eq!(items[0].request_details[0].group_data, "Address");
        assert_eq!(items[1].state(), PeerStatus::Pending);
        assert_eq!(items[1].id_document, "AB2");
        assert_eq!(items[2].state(), PeerStatus::Done);
    }

    #[test]
    fn unknown_type_is_named() {
        let e = check_type("Everything").expect_err("unknown");
        assert!(e.user_message().contains("Everything"));
    }
}
