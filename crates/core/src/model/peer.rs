//! Peer data exchange answers (API-NOTES §4). Field names are the vendor's own, including
//! `parametrRequest`, `type_request`, `idPpeers` and the mixed casing of `IdDocument` (request) and
//! `idDocument` (respond).

use super::de::{self, open_enum};
use super::{Extra, ModelError};
use serde::{Deserialize, Deserializer, Serialize};
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

/// `type_request` arrives as a string or an array (the vendor's own example); read both.
pub(crate) fn type_requests<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TypeRequest>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(items) => items
            .iter()
            .filter_map(de::value_string)
            .map(|s| TypeRequest::parse(&s))
            .collect(),
        other => de::value_string(&other)
            .map(|s| vec![TypeRequest::parse(&s)])
            .unwrap_or_default(),
    })
}

/// `response` object (ApiRequestStatus).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeerApiStatus {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub status: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub message: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// Answer of `POST /api/createrequest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PeerCreateAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub response: Option<PeerApiStatus>,
    #[serde(
        default,
        rename = "parametrRequest",
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<PeerCreatedRequest>>")]
    pub parametr_request: Vec<PeerCreatedRequest>,
    #[serde(
        default,
        rename = "type_request",
        deserialize_with = "type_requests",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<TypeRequest>>")]
    pub type_request: Vec<TypeRequest>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl PeerCreateAnswer {
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        super::read("peer data createrequest", v)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PeerCreatedRequest {
    #[serde(
        default,
        rename = "IdDocument",
        alias = "idDocument",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id_document: Option<String>,
    #[serde(
        default,
        rename = "PhoneNumber",
        alias = "phoneNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub phone_number: Option<String>,
    #[serde(
        default,
        rename = "idRequest",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id_request: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// Answer of `POST /api/respond`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PeerRespondAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub response: Option<PeerApiStatus>,
    #[serde(
        default,
        rename = "parametrRequest",
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<PeerRespondItem>>")]
    pub parametr_request: Vec<PeerRespondItem>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl PeerRespondAnswer {
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        super::read("peer data respond", v)
    }

    /// Requests still waiting for peers.
    pub fn pending(&self) -> impl Iterator<Item = &PeerRespondItem> {
        self.parametr_request
            .iter()
            .filter(|i| i.status == Some(PeerStatus::Pending))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PeerRespondItem {
    #[serde(
        default,
        rename = "idDocument",
        alias = "IdDocument",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id_document: Option<String>,
    #[serde(
        default,
        rename = "phoneNumber",
        alias = "PhoneNumber",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub phone_number: Option<String>,
    #[serde(
        default,
        rename = "idRequest",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id_request: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<PeerStatus>,
    #[serde(
        default,
        rename = "requestDetails",
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<PeerRequestDetail>>")]
    pub request_details: Vec<PeerRequestDetail>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PeerRequestDetail {
    #[serde(
        default,
        rename = "idPpeers",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id_peers: Option<String>,
    #[serde(default, rename = "groupData", skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub group_data: Option<TypeRequest>,
    #[serde(
        default,
        rename = "fieldName",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub field_name: Option<String>,
    #[serde(
        default,
        rename = "fieldValue",
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub field_value: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}
