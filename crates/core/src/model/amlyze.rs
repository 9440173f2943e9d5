//! Amlyze batch import answers and communications events (API-NOTES §3).

use super::de::{self, open_enum};
use super::{Extra, ModelError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

open_enum! {
    pub enum AmlyzeResultType ts "\"REQUEST_ACCEPTED\" | \"REQUEST_REJECTED\" | string" {
        Accepted = "REQUEST_ACCEPTED",
        Rejected = "REQUEST_REJECTED",
    }
}

open_enum! {
    pub enum RiskLevel ts "\"NONE\" | \"LOW\" | \"MEDIUM\" | \"HIGH\" | \"EXTREME\" | string" {
        None = "NONE",
        Low = "LOW",
        Medium = "MEDIUM",
        High = "HIGH",
        Extreme = "EXTREME",
    }
}

/// Answer of `batch-customers` / `validate-batch-customers`. A 200 can hold rejected rows; a
/// whole-request failure has `errorCode` and no rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeBatchAnswer {
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AmlyzeBatchRow>>")]
    pub results: Vec<AmlyzeBatchRow>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub error_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub error_description: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub time_elapsed_ms: Option<f64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl AmlyzeBatchAnswer {
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        super::read("Amlyze batch", v)
    }

    /// The request as a whole failed (no per-row results, an error code).
    pub fn is_request_failure(&self) -> bool {
        self.results.is_empty() && self.error_code.as_deref().is_some_and(|c| !c.is_empty())
    }

    pub fn rejected(&self) -> impl Iterator<Item = &AmlyzeBatchRow> {
        self.results.iter().filter(|r| !r.is_accepted())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeBatchRow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub result_type: Option<AmlyzeResultType>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub communication_number: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub customer_ext_id: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub business_unit: Option<String>,
    /// Hierarchical code, e.g. `C002`, `O005`.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub error_code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub error_description: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub time_elapsed_ms: Option<f64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl AmlyzeBatchRow {
    /// Accepted only when upstream says so explicitly.
    pub fn is_accepted(&self) -> bool {
        self.result_type == Some(AmlyzeResultType::Accepted)
    }
}

open_enum! {
    pub enum AmlyzeEventType ts "\"app.amlyze.customer.riskmanagement.kyc_scoring.completed\" | \"app.amlyze.customer.screening.sanctions.completed\" | string" {
        KycScoringCompleted = "app.amlyze.customer.riskmanagement.kyc_scoring.completed",
        SanctionsScreeningCompleted = "app.amlyze.customer.screening.sanctions.completed",
    }
}

/// `GET …/communications-events/{communicationNumber}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommunicationsEvents {
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AmlyzeCloudEvent>>")]
    pub events: Vec<AmlyzeCloudEvent>,
    #[serde(
        default,
        deserialize_with = "de::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    #[ts(optional, as = "Option<Vec<AmlyzeEventError>>")]
    pub errors: Vec<AmlyzeEventError>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl CommunicationsEvents {
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        super::read("Amlyze communications events", v)
    }
}

/// A CloudEvents envelope (webhook body or polled event).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeCloudEvent {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub specversion: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub id: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub event_type: Option<AmlyzeEventType>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub source: Option<String>,
    /// The communication number the event is about.
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub subject: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    #[ts(optional, type = "unknown")]
    pub data: Value,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// `data` of a KYC scoring event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KycScoring {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub initial_risk_level: Option<RiskLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub final_risk_level: Option<RiskLevel>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub decision_type: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl AmlyzeCloudEvent {
    /// The scoring data when this is a KYC scoring event and its data reads as such.
    pub fn kyc_scoring(&self) -> Option<KycScoring> {
        if self.event_type != Some(AmlyzeEventType::KycScoringCompleted) {
            return None;
        }
        serde_json::from_value(self.data.clone()).ok()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmlyzeEventError {
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(
        default,
        deserialize_with = "de::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}
