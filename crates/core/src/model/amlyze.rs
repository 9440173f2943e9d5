//! Amlyze batch import answers and communications events (API-NOTES §3).

use super::de::open_enum;
use super::{present, List, ModelError, Number, Section, Text};
use crate::model::de::record;
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

record! {
/// Answer of `batch-customers` / `validate-batch-customers`. A 200 can hold rejected rows; a
/// whole-request failure has `errorCode` and no rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AmlyzeBatchAnswer {
    #[ts(optional, as = "Option<Vec<AmlyzeBatchRow>>")]
    pub results: Option<Section<List<AmlyzeBatchRow>>>,
    #[ts(as = "Option<String>", optional)]
    pub error_code: Option<Section<Text>>,
    #[ts(as = "Option<String>", optional)]
    pub error_description: Option<Section<Text>>,
    #[ts(as = "Option<f64>", optional)]
    pub time_elapsed_ms: Option<Section<Number>>,
}
}

impl AmlyzeBatchAnswer {
    /// Reads the answer; fails only when the document is not a JSON object. Each top-level key
    /// is a section (an unreadable `results` is kept raw, never read as "no rows").
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("Amlyze batch", v)?;
        super::locate!(
            r,
            results = "results",
            error_code = "errorCode",
            error_description = "errorDescription",
            time_elapsed_ms = "timeElapsedMs"
        );
        Ok(r)
    }

    /// The per-row results (empty when absent, empty or unreadable).
    pub fn rows(&self) -> &[AmlyzeBatchRow] {
        present(&self.results).map_or(&[], |l| l)
    }

    pub fn error_code(&self) -> Option<&str> {
        present(&self.error_code).map(|t| &**t)
    }

    pub fn error_description(&self) -> Option<&str> {
        present(&self.error_description).map(|t| &**t)
    }

    /// Paths of the top-level keys that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        super::unreadable!(
            self,
            results = "results",
            error_code = "errorCode",
            error_description = "errorDescription",
            time_elapsed_ms = "timeElapsedMs"
        )
    }

    /// The request as a whole failed (no per-row results, an error code).
    pub fn is_request_failure(&self) -> bool {
        self.rows().is_empty() && self.error_code().is_some_and(|c| !c.is_empty())
    }

    pub fn rejected(&self) -> impl Iterator<Item = &AmlyzeBatchRow> {
        self.rows().iter().filter(|r| !r.is_accepted())
    }
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AmlyzeBatchRow {
    #[ts(optional)]
    pub result_type: Option<AmlyzeResultType>,
    #[ts(optional)]
    pub communication_number: Option<String>,
    #[ts(optional)]
    pub customer_ext_id: Option<String>,
    #[ts(optional)]
    pub business_unit: Option<String>,
    /// Hierarchical code, e.g. `C002`, `O005`.
    #[ts(optional)]
    pub error_code: Option<String>,
    #[ts(optional)]
    pub error_description: Option<String>,
    #[ts(optional)]
    pub time_elapsed_ms: Option<f64>,
}
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

record! {
/// `GET …/communications-events/{communicationNumber}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct CommunicationsEvents {
    #[ts(optional, as = "Option<Vec<AmlyzeCloudEvent>>")]
    pub events: Option<Section<List<AmlyzeCloudEvent>>>,
    #[ts(optional, as = "Option<Vec<AmlyzeEventError>>")]
    pub errors: Option<Section<List<AmlyzeEventError>>>,
}
}

impl CommunicationsEvents {
    /// Reads the answer; fails only when the document is not a JSON object.
    pub fn from_json(v: &Value) -> Result<Self, ModelError> {
        let mut r: Self = super::read("Amlyze communications events", v)?;
        super::locate!(r, events = "events", errors = "errors");
        Ok(r)
    }

    pub fn event_list(&self) -> &[AmlyzeCloudEvent] {
        present(&self.events).map_or(&[], |l| l)
    }

    pub fn error_list(&self) -> &[AmlyzeEventError] {
        present(&self.errors).map_or(&[], |l| l)
    }

    /// Paths of the top-level keys that did not fit.
    pub fn unreadable_sections(&self) -> Vec<String> {
        super::unreadable!(self, events = "events", errors = "errors")
    }
}

record! {
/// A CloudEvents envelope (webhook body or polled event).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AmlyzeCloudEvent {
    #[ts(optional)]
    pub specversion: Option<String>,
    #[ts(optional)]
    pub id: Option<String>,
    #[serde(rename = "type")]
    #[ts(optional)]
    pub event_type: Option<AmlyzeEventType>,
    #[ts(optional)]
    pub source: Option<String>,
    /// The communication number the event is about.
    #[ts(optional)]
    pub subject: Option<String>,
    #[ts(optional)]
    pub time: Option<String>,
    #[ts(optional, type = "unknown")]
    pub data: Value,
}
}

record! {
/// `data` of a KYC scoring event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct KycScoring {
    #[ts(optional)]
    pub initial_risk_level: Option<RiskLevel>,
    #[ts(optional)]
    pub final_risk_level: Option<RiskLevel>,
    #[ts(optional)]
    pub decision_type: Option<String>,
}
}

impl AmlyzeCloudEvent {
    /// A KYC scoring has completed: the assessment the customer was pushed for is done.
    pub fn is_kyc_scoring_completed(&self) -> bool {
        self.event_type == Some(AmlyzeEventType::KycScoringCompleted)
    }

    /// A sanctions screening has completed (the other half of the assessment).
    pub fn is_sanctions_screening_completed(&self) -> bool {
        self.event_type == Some(AmlyzeEventType::SanctionsScreeningCompleted)
    }

    /// The final risk level of a KYC scoring event, when its data states one.
    pub fn final_risk_level(&self) -> Option<RiskLevel> {
        self.kyc_scoring().and_then(|k| k.final_risk_level)
    }

    /// The scoring data when this is a KYC scoring event and its data reads as such.
    pub fn kyc_scoring(&self) -> Option<KycScoring> {
        if self.event_type != Some(AmlyzeEventType::KycScoringCompleted) {
            return None;
        }
        serde_json::from_value(self.data.clone()).ok()
    }
}

record! {
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct AmlyzeEventError {
    #[ts(optional)]
    pub code: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
}
}
