//! Amlyze: customer batch import and the assessment events of a customer.

use amldesk_core::model::amlyze::{AmlyzeBatchAnswer, CommunicationsEvents};
use reqwest::header::AUTHORIZATION;
use serde::Serialize;
use serde_json::json;

use crate::auth::bearer;
use crate::env::{fill, join, Paths};
use crate::error::{ProviderError, Result, Service};
use crate::http::{unreadable, Answer, Http};
use crate::secret::Secret;
use crate::Typed;

const SERVICE: Service = Service::Amlyze;

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
        let req = req.header(AUTHORIZATION, bearer(self.token()?, SERVICE)?);
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
    ) -> Result<Typed<AmlyzeBatchAnswer>> {
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
            .await?
            .typed(SERVICE, AmlyzeBatchAnswer::from_json)?;
        if answer.rows().is_empty() {
            // A whole-request failure sometimes comes with 200.
            if let Some(desc) = answer.error_description() {
                let code = answer.error_code().unwrap_or("");
                return Err(ProviderError::Validation {
                    service: SERVICE,
                    message: format!("{desc} ({code})"),
                });
            }
        }
        if let Some(e) = unreadable(SERVICE, "the import answer", answer.results.as_ref()) {
            return Err(e);
        }
        if answer.results.is_none() {
            return Err(ProviderError::Malformed {
                service: SERVICE,
                detail: "the import answer has no \"results\"".into(),
            });
        }
        Ok(answer)
    }

    /// Assessment events of one customer (by communication number).
    pub async fn events(&self, communication_number: &str) -> Result<Typed<CommunicationsEvents>> {
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
        let answer = self
            .send(self.http.client().get(url), &what)
            .await?
            .typed(SERVICE, CommunicationsEvents::from_json)?;
        let events = unreadable(SERVICE, "the events", answer.events.as_ref());
        let errors = unreadable(SERVICE, "the event errors", answer.errors.as_ref());
        match events.or(errors) {
            Some(e) => Err(e),
            None => Ok(answer),
        }
    }
}
