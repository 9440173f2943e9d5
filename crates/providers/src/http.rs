//! The one shared `reqwest` client, and the one place a request is sent and its answer read.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};

use amldesk_core::model::{ModelError, Section};

use crate::error::{self, ProviderError, Result, Service};
use crate::Typed;

#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            user_agent: default_user_agent(),
        }
    }
}

/// `AML-Desk/<version>` (the product and the version of this crate).
pub fn default_user_agent() -> String {
    format!("AML-Desk/{}", env!("CARGO_PKG_VERSION"))
}

/// The shared HTTP client (rustls, gzip, timeouts, user agent). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
}

/// A complete HTTP answer (body fully read).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Http {
    pub fn new(config: HttpConfig) -> Result<Http> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .gzip(true)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(config.user_agent)
            .build()
            .map_err(|e| ProviderError::Config {
                message: format!("the HTTP client could not be set up ({e})"),
            })?;
        Ok(Http { client })
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends a request and reads the whole body. Transport failures become errors here; HTTP
    /// statuses do not (see [`Answer::into_success`]). Logs method, path, status and timing
    /// only: never headers, query strings or bodies.
    pub(crate) async fn send(&self, service: Service, req: RequestBuilder) -> Result<Answer> {
        let req = req.build().map_err(|e| error::from_reqwest(service, &e))?;
        let method = req.method().clone();
        let path = req.url().path().to_owned();
        let started = Instant::now();
        let resp = match self.client.execute(req).await {
            Ok(r) => r,
            Err(e) => {
                let err = error::from_reqwest(service, &e);
                tracing::debug!(%service, %method, %path, code = ?err.code(), "request failed");
                return Err(err);
            }
        };
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let err = error::from_reqwest(service, &e);
                tracing::debug!(%service, %method, %path, %status, code = ?err.code(), "body read failed");
                return Err(err);
            }
        };
        tracing::debug!(
            %service, %method, %path, status = status.as_u16(), bytes = body.len(),
            ms = started.elapsed().as_millis() as u64, "upstream answer"
        );
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

impl Answer {
    /// 2xx stays an answer; everything else becomes the mapped error.
    pub(crate) fn into_success(self, service: Service, what: &str) -> Result<Answer> {
        if self.status.is_success() {
            Ok(self)
        } else {
            Err(error::from_status(
                service,
                self.status,
                &self.headers,
                &self.body,
                what,
            ))
        }
    }

    /// The body read by one of core's readers (`amldesk_core::model::*::from_json`), with the
    /// raw JSON kept beside it. Only a body that is not JSON, or not the JSON object the reader
    /// expects, is an error.
    pub(crate) fn typed<T>(
        &self,
        service: Service,
        read: impl FnOnce(&serde_json::Value) -> std::result::Result<T, ModelError>,
    ) -> Result<Typed<T>> {
        let raw = self.json(service)?;
        let value = read(&raw).map_err(|e| ProviderError::Malformed {
            service,
            detail: e.to_string(),
        })?;
        Ok(Typed { value, raw })
    }

    pub(crate) fn json(&self, service: Service) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(|e| ProviderError::Malformed {
            service,
            detail: format!("the answer is not valid JSON ({e})"),
        })
    }
}

/// A section the client's flow depends on that did not fit: an error naming the node and why
/// (the raw body is not what the caller can act on). `None` when readable, empty or absent.
pub(crate) fn unreadable<T>(
    service: Service,
    what: &str,
    section: Option<&Section<T>>,
) -> Option<ProviderError> {
    let (path, reason) = section?.unreadable()?;
    Some(ProviderError::Malformed {
        service,
        detail: format!("{what} is unreadable at `{path}`: {reason}"),
    })
}
