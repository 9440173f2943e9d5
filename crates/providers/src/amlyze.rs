//! Amlyze: customer batch import and the assessment events of a customer.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::auth::{bearer, AUTH};
use crate::env::{fill, join, Paths};
use crate::error::{ProviderError, Result, Service};
use crate::http::{Answer, Http};
use crate::secret::Secret;

const SERVICE: Service = Service::Amlyze;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RowResultType {
    Accepted,
    Rejected,
    Other(String),
}

/// One row's result. A 200 answer can hold rejected rows: show every row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AmlyzeRowResult {
    pub result_type: String,
    pub communication_number: Option<String>,
    pub customer_ext_id: Option<String>,
    pub business_unit: Option<String>,
    pub error_code: Option<String>,
    pub error_description: Option<String>,
    pub time_elapsed_ms: Option<f64>,
}

impl AmlyzeRowResult {
    pub fn kind(&self) -> RowResultType {
        match self.result_type.as_str() {
            "REQUEST_ACCEPTED" => RowResultType::Accepted,
            "REQUEST_REJECTED" => RowResultType::Rejected,
            other => RowResultType::Other(other.to_owned()),
        }
    }
}

/// The batch answer: typed rows plus the raw body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmlyzeBatchAnswer {
    pub results: Vec<AmlyzeRowResult>,
    pub time_elapsed_ms: Option<f64>,
    pub raw: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AmlyzeEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub source: Option<String>,
    pub subject: Option<String>,
    pub data: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AmlyzeEventError {
    pub code: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmlyzeEvents {
    pub events: Vec<AmlyzeEvent>,
    pub errors: Vec<AmlyzeEventError>,
    pub raw: Value,
}

#[derive(Clone)]
pub struct AmlyzeClient {
    http: Http,
    base: String,
    paths: Paths,
    token: Option<Secret>,
}

impl AmlyzeClient {
    pub fn new(http: Http, base: String, paths: Paths, token: Option<Secret>) -> Self {
        AmlyzeClient {
            http,
            base,
            paths,
            token,
        }
    }

    fn token(&self) -> Result<&Secret> {
        self.token
            .as_ref()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ProviderError::MissingCredential {
                service: SERVICE,
                what: "an API token".into(),
            })
    }

    async fn send(&self, req: reqwest::RequestBuilder, what: &str) -> Result<Answer> {
        let req = req.header(AUTH, bearer(self.token()?, SERVICE)?);
        self.http
            .send(SERVICE, req)
            .await?
            .into_success(SERVICE, what)
    }

    /// Sends customers to `batch-customers` (validate and save) or `validate-batch-customers`
    /// (`validate_only`). Rows are sent as given (`{"customers": [...]}`).
    pub async fn push<T: Serialize>(
        &self,
        customers: &[T],
        validate_only: bool,
    ) -> Result<AmlyzeBatchAnswer> {
        let path = if validate_only {
            &self.paths.amlyze_validate
        } else {
            &self.paths.amlyze_batch
        };
        let url = join(&self.base, &fill(path, &[])?)?;
        let body = json!({ "customers": customers });
        let answer = self
            .send(
                self.http.client().post(url).json(&body),
                "the customer import",
            )
            .await?;
        let raw = answer.json(SERVICE)?;
        let Some(rows) = raw.get("results").and_then(|r| r.as_array()) else {
            // A whole-request failure sometimes comes with 200.
            if let Some(desc) = raw.get("errorDescription").and_then(|d| d.as_str()) {
                let code = raw.get("errorCode").and_then(|c| c.as_str()).unwrap_or("");
                return Err(ProviderError::Validation {
                    service: SERVICE,
                    message: format!("{desc} ({code})"),
                });
            }
            return Err(ProviderError::Malformed {
                service: SERVICE,
                detail: "the import answer has no \"results\"".into(),
            });
        };
        let results = rows
            .iter()
            .map(|r| {
                serde_json::from_value(r.clone()).map_err(|e| ProviderError::Malformed {
                    service: SERVICE,
                    detail: format!("a row of the import answer is unreadable ({e})"),
                })
            })
            .collect::<Result<Vec<AmlyzeRowResult>>>()?;
        Ok(AmlyzeBatchAnswer {
            results,
            time_elapsed_ms: raw.get("timeElapsedMs").and_then(|t| t.as_f64()),
            raw,
        })
    }

    /// Assessment events of one customer (by communication number).
    pub async fn events(&self, communication_number: &str) -> Result<AmlyzeEvents> {
        if communication_number.trim().is_empty() {
            return Err(ProviderError::Validation {
                service: SERVICE,
                message: "the communication number is empty".into(),
            });
        }
        let url = join(
            &self.base,
            &fill(&self.paths.amlyze_events, &[("n", communication_number)])?,
        )?;
        let what = format!("customer {communication_number}");
        let answer = self.send(self.http.client().get(url), &what).await?;
        let raw = answer.json(SERVICE)?;
        let list = |key: &str| raw.get(key).cloned().unwrap_or(Value::Array(vec![]));
        let events: Vec<AmlyzeEvent> =
            serde_json::from_value(list("events")).map_err(|e| ProviderError::Malformed {
                service: SERVICE,
                detail: format!("the events are unreadable ({e})"),
            })?;
        let errors: Vec<AmlyzeEventError> =
            serde_json::from_value(list("errors")).map_err(|e| ProviderError::Malformed {
                service: SERVICE,
                detail: format!("the event errors are unreadable ({e})"),
            })?;
        Ok(AmlyzeEvents {
            events,
            errors,
            raw,
        })
    }
}
