//! Peer data exchange answers (API-NOTES §4). Field names are the vendor's own, including
//! `parametrRequest`, `type_request`, `idPpeers` and the mixed casing of `IdDocument` (request) and
//! `idDocument` (respond).

use super::de::{open_enum, record};
use super::{present, List, ModelError, Section};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

open_enum! {
    pub enum TypeRequest ts "\"All categories\" | \"Address\" | \"Consumer Profile\" | \"Contacts\" | \"Credit History\" | \"Identity\" | \"Name\" | \"Services\" | \"Socio-Demographic Profile\" | \"Subscription\" | string" {
        AllCategories = "All categories",
        Address = "Address",
        ConsumerProfile = "Consumer Profile",
        Contacts = "Contacts",
        CreditHistory = "Credit History",
        Identity = "Identity",
        Name = "Name",
        Services = "Services",
        SocioDemographicProfile = "Socio-Demographic Profile",
        Subscription = "Subscription",
    }
}

open_enum! {
    /// `Panding` (the vendor's spelling) and `Pending` are both pending.
    pub enum PeerStatus ts "\"Done\" | \"Pending\" | string" {
        Done = "Done",
        Pending = "Pending" | "Panding",
    }
}

record! {
/// `response` object (ApiRequestStatus).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct PeerApiStatus {
    #[ts(optional)]
    pub status: Option<String>,
    #[ts(optional)]
    pub message: Option<String>,
}
}

record! {
/// Answer of `POST /api/createrequest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PeerCreateAnswer {
    #[ts(as = "Option<PeerApiStatus>", optional)]
    pub response: Option<Section<PeerApiStatus>>,
    #[serde(rename = "parametrRequest")]
    #[ts(optional, as = "Option<Vec<PeerCreatedRequest>>")]
    pub parametr_request: Option<Section<List<PeerCreatedRequest>>>,
    /// A text or a list of texts (the vendor's own example sends a list).
    #[serde(rename = "type_request")]
    #[ts(optional, as = "Option<Vec<TypeRequest>>")]
    pub type_request: Option<Section<List<TypeRequest>>>,
}
}

impl PeerCreateAnswer {
    /// Reads the answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("peer data createrequest", v)?;
        super::locate!(
            r,
            response = "response",
            parametr_request = "parametrRequest",
            type_request = "type_request"
        );
        Ok(r)
    }

    pub fn requests(&self) -> &[PeerCreatedRequest] {
        present(&self.parametr_request).map_or(&[], |l| l)
    }

    pub fn status(&self) -> Option<&PeerApiStatus> {
        present(&self.response)
    }

    /// Paths of the top-level keys that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        super::unreadable!(
            self,
            response = "response",
            parametr_request = "parametrRequest",
            type_request = "type_request"
        )
    }
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PeerCreatedRequest {
    #[serde(rename = "IdDocument", alias = "idDocument")]
    #[ts(optional)]
    pub id_document: Option<String>,
    #[serde(rename = "PhoneNumber", alias = "phoneNumber")]
    #[ts(optional)]
    pub phone_number: Option<String>,
    #[serde(rename = "idRequest")]
    #[ts(optional)]
    pub id_request: Option<String>,
}
}

record! {
/// Answer of `POST /api/respond`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PeerRespondAnswer {
    #[ts(as = "Option<PeerApiStatus>", optional)]
    pub response: Option<Section<PeerApiStatus>>,
    #[serde(rename = "parametrRequest")]
    #[ts(optional, as = "Option<Vec<PeerRespondItem>>")]
    pub parametr_request: Option<Section<List<PeerRespondItem>>>,
}
}

impl PeerRespondAnswer {
    /// Reads the answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("peer data respond", v)?;
        super::locate!(
            r,
            response = "response",
            parametr_request = "parametrRequest"
        );
        Ok(r)
    }

    pub fn items(&self) -> &[PeerRespondItem] {
        present(&self.parametr_request).map_or(&[], |l| l)
    }

    pub fn status(&self) -> Option<&PeerApiStatus> {
        present(&self.response)
    }

    /// Paths of the top-level keys that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        super::unreadable!(
            self,
            response = "response",
            parametr_request = "parametrRequest"
        )
    }

    /// The raw answer with only the rows of request `id_request` in `parametrRequest`: another
    /// idRequest is another person's answer, never kept in this case. Everything else is kept
    /// as it came; a `parametrRequest` that is not a list is kept raw (it reads as unreadable).
    pub fn only_request(raw: &Value, id_request: &str) -> Value {
        let mut out = raw.clone();
        if let Some(Value::Array(items)) = out
            .as_object_mut()
            .and_then(|o| o.get_mut("parametrRequest"))
        {
            items.retain(|i| {
                PeerRespondItem::deserialize(i)
                    .ok()
                    .and_then(|i| i.id_request)
                    .is_some_and(|id| id == id_request)
            });
        }
        out
    }

    /// Requests still waiting for peers.
    pub fn pending(&self) -> impl Iterator<Item = &PeerRespondItem> {
        self.items()
            .iter()
            .filter(|i| i.status == Some(PeerStatus::Pending))
    }
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PeerRespondItem {
    #[serde(rename = "idDocument", alias = "IdDocument")]
    #[ts(optional)]
    pub id_document: Option<String>,
    #[serde(rename = "phoneNumber", alias = "PhoneNumber")]
    #[ts(optional)]
    pub phone_number: Option<String>,
    #[serde(rename = "idRequest")]
    #[ts(optional)]
    pub id_request: Option<String>,
    #[ts(optional)]
    pub status: Option<PeerStatus>,
    #[serde(rename = "requestDetails")]
    #[ts(optional, as = "Option<Vec<PeerRequestDetail>>")]
    pub request_details: Vec<PeerRequestDetail>,
}
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PeerRequestDetail {
    #[serde(rename = "idPpeers")]
    #[ts(optional)]
    pub id_peers: Option<String>,
    #[serde(rename = "groupData")]
    #[ts(optional)]
    pub group_data: Option<TypeRequest>,
    #[serde(rename = "fieldName")]
    #[ts(optional)]
    pub field_name: Option<String>,
    #[serde(rename = "fieldValue")]
    #[ts(optional)]
    pub field_value: Option<String>,
}
}

#[cfg(test)]
mod only_request_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_only_our_rows() {
        let raw = json!({"response": {"status": "OK"}, "parametrRequest": [
            {"idRequest": "r1", "idDocument": "A", "status": "Done"},
            {"idRequest": "r2", "idDocument": "B", "status": "Done"},
            {"idDocument": "C"},
            "junk"
        ], "sandbox": true});
        let kept = PeerRespondAnswer::only_request(&raw, "r2");
        assert_eq!(
            kept,
            json!({"response": {"status": "OK"}, "parametrRequest": [
                {"idRequest": "r2", "idDocument": "B", "status": "Done"}
            ], "sandbox": true})
        );
        let odd = json!({"parametrRequest": "not a list"});
        assert_eq!(PeerRespondAnswer::only_request(&odd, "r2"), odd);
    }
}
