//! BankID session answers (API-NOTES §1–2), shared by the Organization and the Beneficial owners
//! APIs: the create (and find-by-client-reference) answer, the session status with the state of
//! every result entity, and the body of a webhook call.
//!
//! Read like every other answer here: a document that is not a JSON object is the only failure;
//! a top-level key of an unexpected shape is [`Section::Unreadable`]; unknown states are kept as
//! `Other(String)` and unknown keys in `extra`.

use super::de::{field, open_enum};
use super::{present, Extra, ModelError, Section, Text};
use serde::{Deserialize, Serialize};
use serde_json::Value;

open_enum! {
    /// `status` of a session.
    pub enum SessionState ts "\"IN_PROGRESS\" | \"DONE\" | \"FAILED\" | string" {
        InProgress = "IN_PROGRESS",
        Done = "DONE",
        Failed = "FAILED",
    }
}

open_enum! {
    /// State of one result entity (`jsonData`, `aml-report`, …) in a session status.
    pub enum EntityStatus ts "\"NOT_STARTED\" | \"IN_PROGRESS\" | \"READY\" | \"FAILED\" | string" {
        NotStarted = "NOT_STARTED",
        InProgress = "IN_PROGRESS",
        Ready = "READY",
        Failed = "FAILED",
    }
}

impl EntityStatus {
    /// One of the states this version knows (not `Other`).
    pub fn is_known(&self) -> bool {
        !matches!(self, EntityStatus::Other(_))
    }
}

open_enum! {
    /// `event` of a webhook call [doc].
    pub enum WebhookEvent ts "\"JsonDataReady\" | \"ReportReady\" | \"AllDone\" | \"Failed\" | string" {
        JsonDataReady = "JsonDataReady",
        ReportReady = "ReportReady",
        AllDone = "AllDone",
        Failed = "Failed",
    }
}

/// Answer of `POST …/session` (201 created, 200 an existing session with our client reference)
/// and of the find-by-client-reference lookup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SessionCreated {
    #[serde(deserialize_with = "field", skip_serializing_if = "Option::is_none")]
    pub session_id: Option<Section<Text>>,
    #[serde(deserialize_with = "field", skip_serializing_if = "Option::is_none")]
    pub client_reference: Option<Section<Text>>,
    /// Unknown fields (e.g. `existing`), kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SessionCreated {
    /// Reads the answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("BankID session", v)?;
        super::locate!(
            r,
            session_id = "sessionId",
            client_reference = "clientReference"
        );
        Ok(r)
    }

    /// The session id, when present and not blank.
    pub fn session_id(&self) -> Option<&str> {
        present(&self.session_id)
            .map(|t| t.trim())
            .filter(|s| !s.is_empty())
    }

    pub fn client_reference(&self) -> Option<&str> {
        present(&self.client_reference).map(|t| &**t)
    }
}

/// One result entity of a session and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionEntity {
    /// The key upstream uses: `jsonData`, `aml-report`, `certificate-of-registration-report`,
    /// `beneficial-report`, …
    pub name: String,
    pub status: EntityStatus,
}

/// `GET …/session/{id}`: the session state and every result entity's state. Entities sit either
/// at the top level or in an `entities` object; an entity is either a bare state
/// (`"jsonData": "READY"`) or an object with one (`"jsonData": {"status": "READY"}`). A key
/// counts as an entity when it is `jsonData`, ends in `-report`, or holds a known entity state;
/// other top-level keys are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<Section<Text>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Section<SessionState>>,
    /// `expiresAt` as sent (RFC 3339): when the results stop being downloadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Section<Text>>,
    pub entities: Vec<SessionEntity>,
    /// Entity name → the link to download it, as the status gives it (seed 002: "Use the link
    /// to the report as provided by the GET session endpoint"). Read from a top-level `links`
    /// object (`{"aml-report": "https://…"}`) or from an entity object's `link` / `href`.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub links: std::collections::BTreeMap<String, String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Keys of a status document that are never entities.
const NOT_ENTITIES: [&str; 5] = ["status", "sessionId", "expiresAt", "entities", "links"];

impl SessionStatus {
    /// Reads a status answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let Some(obj) = v.as_object() else {
            return Err(ModelError::NotAnObject {
                document: "BankID session status",
                found: super::de::kind_of(v),
            });
        };
        let mut entities = Vec::new();
        let mut extra = Extra::new();
        let mut links = std::collections::BTreeMap::new();
        let nested = obj.get("entities").and_then(Value::as_object);
        for (map, top) in [(Some(obj), true), (nested, false)] {
            let Some(map) = map else { continue };
            for (k, v) in map {
                if NOT_ENTITIES.contains(&k.as_str()) {
                    continue;
                }
                match entity_of(k, v) {
                    Some(status) => {
                        if let Some(link) = v
                            .as_object()
                            .and_then(|m| m.get("link").or_else(|| m.get("href")))
                            .and_then(Value::as_str)
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                        {
                            links.insert(k.clone(), link.to_owned());
                        }
                        entities.push(SessionEntity {
                            name: k.clone(),
                            status,
                        })
                    }
                    None if top => {
                        extra.insert(k.clone(), v.clone());
                    }
                    None => {}
                }
            }
        }
        if let Some(e) = obj.get("entities").filter(|e| !e.is_object()) {
            extra.insert("entities".into(), e.clone());
        }
        match obj.get("links") {
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    if let Some(l) = v.as_str().map(str::trim).filter(|l| !l.is_empty()) {
                        links.entry(k.clone()).or_insert_with(|| l.to_owned());
                    }
                }
            }
            Some(other) => {
                extra.insert("links".into(), other.clone());
            }
            None => {}
        }
        Ok(SessionStatus {
            session_id: section(obj, "sessionId"),
            status: section(obj, "status"),
            expires_at: section(obj, "expiresAt"),
            entities,
            links,
            extra,
        })
    }

    /// The link the status gives to download `entity` (e.g. `aml-report`), when it gives one.
    pub fn link(&self, entity: &str) -> Option<&str> {
        self.links.get(entity).map(String::as_str)
    }

    /// The session state, when present and readable.
    pub fn state(&self) -> Option<&SessionState> {
        present(&self.status)
    }

    pub fn entity(&self, name: &str) -> Option<&EntityStatus> {
        self.entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| &e.status)
    }

    /// `expiresAt` as sent, when present.
    pub fn expires_at(&self) -> Option<&str> {
        present(&self.expires_at)
            .map(|t| t.trim())
            .filter(|s| !s.is_empty())
    }

    /// Paths of the top-level keys that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        super::unreadable!(
            self,
            session_id = "sessionId",
            status = "status",
            expires_at = "expiresAt"
        )
    }
}

/// The top-level section under `key`; `None` when absent.
fn section<T>(obj: &Extra, key: &str) -> Option<Section<T>>
where
    T: serde::de::DeserializeOwned + Serialize,
{
    obj.get(key).cloned().map(|v| Section::from_value(v, key))
}

/// The state `v` gives entity `key`, when `key` is an entity.
fn entity_of(key: &str, v: &Value) -> Option<EntityStatus> {
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Object(m) => m.get("status").and_then(Value::as_str)?,
        _ => return None,
    };
    let status = EntityStatus::parse(s);
    (key == "jsonData" || key.ends_with("-report") || status.is_known()).then_some(status)
}

/// Body of a webhook call (`{"sessionId", "event", "report"}` [assumed]). It only names the
/// session to poll now; nothing in it is trusted as data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct WebhookBody {
    #[serde(deserialize_with = "field", skip_serializing_if = "Option::is_none")]
    pub session_id: Option<Section<Text>>,
    #[serde(deserialize_with = "field", skip_serializing_if = "Option::is_none")]
    pub event: Option<Section<WebhookEvent>>,
    #[serde(deserialize_with = "field", skip_serializing_if = "Option::is_none")]
    pub report: Option<Section<Text>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl WebhookBody {
    /// Reads a webhook body; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("BankID webhook", v)?;
        super::locate!(
            r,
            session_id = "sessionId",
            event = "event",
            report = "report"
        );
        Ok(r)
    }

    /// The session the call is about, when present and not blank.
    pub fn session_id(&self) -> Option<&str> {
        present(&self.session_id)
            .map(|t| t.trim())
            .filter(|s| !s.is_empty())
    }

    pub fn event(&self) -> Option<&WebhookEvent> {
        present(&self.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn status_reads_top_level_entities_tolerantly() {
        let s = SessionStatus::from_json(&json!({
            "sessionId": "x", "status": "IN_PROGRESS", "jsonData": "READY",
            "aml-report": "IN_PROGRESS", "certificate-of-registration-report": "NEW_STATE",
            "expiresAt": "2026-11-22T12:00:00Z", "somethingElse": 3
        }))
        .expect("read");
        assert_eq!(s.state(), Some(&SessionState::InProgress));
        assert_eq!(s.entity("jsonData"), Some(&EntityStatus::Ready));
        assert_eq!(s.entity("aml-report"), Some(&EntityStatus::InProgress));
        assert_eq!(
            s.entity("certificate-of-registration-report"),
            Some(&EntityStatus::Other("NEW_STATE".into()))
        );
        assert_eq!(s.entities.len(), 3);
        assert_eq!(s.expires_at(), Some("2026-11-22T12:00:00Z"));
        assert_eq!(s.extra.get("somethingElse"), Some(&json!(3)));
        assert!(s.unreadable_sections().is_empty());
    }

    #[test]
    fn status_reads_the_links_it_gives() {
        let s = SessionStatus::from_json(&json!({
            "status": "DONE", "aml-report": "READY",
            "certificate-of-registration-report": {"status": "READY", "href": "https://x/c"},
            "links": {"aml-report": "https://x/a", "blank": " ", "odd": 3}
        }))
        .expect("read");
        assert_eq!(s.link("aml-report"), Some("https://x/a"));
        assert_eq!(
            s.link("certificate-of-registration-report"),
            Some("https://x/c")
        );
        assert_eq!(s.link("blank"), None);
        assert_eq!(s.entities.len(), 2, "links is not an entity");
        let odd = SessionStatus::from_json(&json!({"links": "nope"})).expect("read");
        assert!(odd.links.is_empty());
        assert_eq!(odd.extra.get("links"), Some(&json!("nope")));
    }

    #[test]
    fn status_reads_nested_entities_and_status_objects() {
        let s = SessionStatus::from_json(&json!({
            "status": "DONE",
            "entities": {
                "jsonData": {"status": "READY", "size": 10},
                "beneficial-report": "FAILED",
                "status": "READY",
                "custom": {"status": "NOT_STARTED"},
                "notAnEntity": "hello",
                "odd": 5
            }
        }))
        .expect("read");
        assert_eq!(s.state(), Some(&SessionState::Done));
        assert_eq!(s.entity("jsonData"), Some(&EntityStatus::Ready));
        assert_eq!(s.entity("beneficial-report"), Some(&EntityStatus::Failed));
        // Any key holding a known entity state is an entity; an unknown one only when named so.
        assert_eq!(s.entity("custom"), Some(&EntityStatus::NotStarted));
        assert_eq!(s.entity("notAnEntity"), None);
        assert_eq!(s.entity("odd"), None);
        assert_eq!(s.entity("status"), None);
        assert_eq!(s.entities.len(), 3);
        assert!(s.expires_at.is_none());
        assert!(s.extra.is_empty());
    }

    #[test]
    fn status_keeps_what_does_not_fit() {
        let s = SessionStatus::from_json(&json!({
            "status": {"code": "DONE"}, "expiresAt": null, "jsonData": "ready", "x-report": 1
        }))
        .expect("read");
        assert!(s.state().is_none());
        assert_eq!(s.unreadable_sections(), vec!["status".to_owned()]);
        assert_eq!(
            s.status.as_ref().and_then(Section::unreadable).map(|u| u.0),
            Some("status")
        );
        assert_eq!(s.expires_at, Some(Section::Empty));
        assert!(s.expires_at().is_none());
        // States are matched leniently (case and punctuation ignored).
        assert_eq!(s.entity("jsonData"), Some(&EntityStatus::Ready));
        assert_eq!(s.entity("x-report"), None);
        assert_eq!(s.extra.get("x-report"), Some(&json!(1)));
    }

    #[test]
    fn status_without_a_state_or_not_an_object() {
        let s = SessionStatus::from_json(&json!({"jsonData": "READY"})).expect("read");
        assert!(s.status.is_none());
        assert!(s.state().is_none());
        assert!(SessionStatus::from_json(&json!([])).is_err());
        assert!(SessionStatus::from_json(&json!("DONE")).is_err());
    }

    #[test]
    fn created_answer() {
        let c = SessionCreated::from_json(
            &json!({"sessionId": "abc", "clientReference": "ref-1", "existing": true}),
        )
        .expect("read");
        assert_eq!(c.session_id(), Some("abc"));
        assert_eq!(c.client_reference(), Some("ref-1"));
        assert_eq!(c.extra.get("existing"), Some(&json!(true)));
        assert!(SessionCreated::from_json(&json!({"sessionId": ""}))
            .expect("read")
            .session_id()
            .is_none());
        let odd = SessionCreated::from_json(&json!({"sessionId": {"id": "abc"}})).expect("read");
        assert!(odd.session_id().is_none());
        assert!(odd.session_id.as_ref().is_some_and(Section::is_unreadable));
        assert_eq!(
            SessionCreated::from_json(&json!({"sessionId": 42}))
                .expect("read")
                .session_id(),
            Some("42")
        );
        assert!(SessionCreated::from_json(&json!(null)).is_err());
    }

    #[test]
    fn webhook_body() {
        let w = WebhookBody::from_json(
            &json!({"sessionId": "s1", "event": "ReportReady", "report": "aml"}),
        )
        .expect("read");
        assert_eq!(w.session_id(), Some("s1"));
        assert_eq!(w.event(), Some(&WebhookEvent::ReportReady));
        let w = WebhookBody::from_json(&json!({"event": "Something", "x": 1})).expect("read");
        assert!(w.session_id().is_none());
        assert_eq!(w.event(), Some(&WebhookEvent::Other("Something".into())));
        assert!(WebhookBody::from_json(&json!([1])).is_err());
    }
}
