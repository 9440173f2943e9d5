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

/// Network settings of an environment (`http.proxy`, `http.ca_file`). `HTTPS_PROXY`,
/// `HTTP_PROXY` and `NO_PROXY` from the process environment are honoured as well; an explicit
/// `proxy` wins over them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// `http://host:port` or `https://host:port` (credentials in the URL are allowed).
    pub proxy: Option<String>,
    /// A PEM file with one or more CA certificates trusted in addition to the built-in roots
    /// and the operating system's store (a bank's TLS-inspecting proxy).
    pub ca_file: Option<std::path::PathBuf>,
}

/// `AML-Desk/<version>` (the product and the version of this crate).
pub fn default_user_agent() -> String {
    format!("AML-Desk/{}", env!("CARGO_PKG_VERSION"))
}

/// The shared HTTP client (rustls trusting its built-in roots and the operating system's
/// certificate store, gzip, timeouts, user agent, proxy). Cheap to clone.
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
        Self::with_network(config, &Network::default())
    }

    /// A client with an environment's proxy and extra CA. A bad proxy URL or an unreadable or
    /// invalid CA file is a configuration error naming the setting.
    pub fn with_network(config: HttpConfig, network: &Network) -> Result<Http> {
        let mut b = reqwest::Client::builder()
            .use_rustls_tls()
            .gzip(true)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(config.user_agent);
        if let Some(p) = network.proxy.as_deref().filter(|p| !p.trim().is_empty()) {
            let proxy = reqwest::Proxy::all(p.trim()).map_err(|e| ProviderError::Config {
                message: format!("http.proxy \"{p}\" is not a usable proxy URL ({e})"),
            })?;
            b = b.proxy(proxy.no_proxy(reqwest::NoProxy::from_env()));
        }
        if let Some(path) = &network.ca_file {
            let pem = std::fs::read(path).map_err(|e| ProviderError::Config {
                message: format!("http.ca_file {} cannot be read ({e})", path.display()),
            })?;
            let certs =
                reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| ProviderError::Config {
                    message: format!(
                        "http.ca_file {} holds no PEM certificate reqwest can use ({e})",
                        path.display()
                    ),
                })?;
            if certs.is_empty() {
                return Err(ProviderError::Config {
                    message: format!(
                        "http.ca_file {} holds no PEM certificate (expected \
                         -----BEGIN CERTIFICATE----- blocks)",
                        path.display()
                    ),
                });
            }
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        let client = b.build().map_err(|e| ProviderError::Config {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_ca_file_or_proxy_is_a_config_error_naming_the_setting() {
        let dir = std::env::temp_dir().join(format!("amldesk-http-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let not_pem = dir.join("ca.pem");
        std::fs::write(&not_pem, "not a certificate").expect("written");
        for (network, key) in [
            (
                Network {
                    ca_file: Some(not_pem),
                    ..Network::default()
                },
                "http.ca_file",
            ),
            (
                Network {
                    ca_file: Some(dir.join("absent.pem")),
                    ..Network::default()
                },
                "http.ca_file",
            ),
            (
                Network {
                    proxy: Some("::not a url".into()),
                    ..Network::default()
                },
                "http.proxy",
            ),
        ] {
            let e = Http::with_network(HttpConfig::default(), &network).expect_err(key);
            assert!(e.user_message().contains(key), "{}", e.user_message());
        }
        let ok = Network {
            proxy: Some("http://127.0.0.1:3128".into()),
            ..Network::default()
        };
        assert!(Http::with_network(HttpConfig::default(), &ok).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_tls_failure_is_explained_in_words() {
        // A server that answers TLS with plain text.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            while let Ok((mut s, _)) = listener.accept().await {
                let _ = s
                    .write_all(b"HTTP/1.1 400 Bad Request\r\n\r\nno tls here")
                    .await;
            }
        });
        let http = Http::new(HttpConfig::default()).expect("client");
        let req = http.client().get(format!("https://{addr}/x"));
        let e = http
            .send(Service::Organization, req)
            .await
            .expect_err("not TLS");
        assert!(
            e.user_message().contains("TLS failed"),
            "{}",
            e.user_message()
        );
    }
}
