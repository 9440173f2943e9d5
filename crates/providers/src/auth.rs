//! Credentials for the upstreams: the BankID OIDC client-credentials token cache (one token per
//! scope set, refreshed ahead of expiry, one refresh shared by concurrent callers) and the peer
//! API's 24-hour key.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, AUTHORIZATION};
use serde::Deserialize;
use tokio::sync::OnceCell;

use crate::env::{join, Discovery, Environment};
use crate::error::{missing_scope, oauth_error, OAuthError, ProviderError, Result, Service};
use crate::http::Http;
use crate::secret::Secret;

/// A token and when to stop using it.
#[derive(Clone)]
struct Cached {
    token: Secret,
    refresh_at: Instant,
}

/// One cached credential with single-flight refresh.
///
/// The fast path reads `current` under a short std lock (never held across `.await`). The slow
/// path takes `refresh` (an async lock), checks again, and only then asks upstream: callers that
/// queued behind it find the fresh token and do not ask again.
#[derive(Default)]
pub(crate) struct TokenSlot {
    current: Mutex<Option<Cached>>,
    refresh: tokio::sync::Mutex<()>,
}

impl TokenSlot {
    fn valid(&self) -> Option<Secret> {
        let guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|c| Instant::now() < c.refresh_at)
            .map(|c| c.token.clone())
    }

    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<Secret>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(Secret, Duration)>>,
    {
        if let Some(t) = self.valid() {
            return Ok(t);
        }
        let _flight = self.refresh.lock().await;
        if let Some(t) = self.valid() {
            return Ok(t);
        }
        let (token, use_for) = fetch().await?;
        let mut guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        *guard = Some(Cached {
            token: token.clone(),
            refresh_at: Instant::now() + use_for,
        });
        Ok(token)
    }

    /// Drops the cached token if it is still the one that was refused (a newer one is kept).
    pub(crate) fn invalidate(&self, refused: &Secret) {
        let mut guard = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(|c| &c.token == refused) {
            *guard = None;
        }
    }
}

/// How long to use a credential that lives `lifetime`: refresh a fifth of its life (at most
/// `cap`) before it ends.
pub(crate) fn use_for(lifetime: Duration, cap: Duration) -> Duration {
    let margin = (lifetime / 5).min(cap);
    lifetime.saturating_sub(margin)
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<f64>,
}

/// BankID OIDC client credentials, per environment.
pub struct OidcAuth {
    http: Http,
    env: Environment,
    client_secret: Secret,
    discovery: OnceCell<Discovery>,
    slots: Mutex<HashMap<BTreeSet<String>, Arc<TokenSlot>>>,
    token_requests: std::sync::atomic::AtomicU64,
}

impl OidcAuth {
    pub fn new(http: Http, env: Environment, client_secret: Secret) -> Self {
        OidcAuth {
            http,
            env,
            client_secret,
            discovery: OnceCell::new(),
            slots: Mutex::new(HashMap::new()),
            token_requests: Default::default(),
        }
    }

    pub fn environment(&self) -> &Environment {
        &self.env
    }

    /// How many times a token was requested from upstream (for tests and diagnostics).
    pub fn token_requests(&self) -> u64 {
        self.token_requests
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The discovery document (read once; a failed read is retried on the next call).
    pub async fn discovery(&self) -> Result<&Discovery> {
        self.discovery
            .get_or_try_init(|| async {
                let url = reqwest::Url::parse(&self.env.discovery_url).map_err(|e| {
                    ProviderError::Config {
                        message: format!(
                            "the BankID discovery address \"{}\" is not a valid URL ({e})",
                            self.env.discovery_url
                        ),
                    }
                })?;
                let answer = self
                    .http
                    .send(Service::BankIdLogin, self.http.client().get(url))
                    .await?
                    .into_success(Service::BankIdLogin, "the discovery document")?;
                Discovery::parse(&answer.body, &self.env.paths.aml_baseurl_field).map_err(
                    |detail| ProviderError::Malformed {
                        service: Service::BankIdLogin,
                        detail,
                    },
                )
            })
            .await
    }

    fn slot(&self, scopes: &BTreeSet<String>) -> Arc<TokenSlot> {
        let mut map = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(map.entry(scopes.clone()).or_default())
    }

    /// A valid access token for this scope set.
    pub async fn token(&self, scopes: &BTreeSet<String>) -> Result<Secret> {
        let slot = self.slot(scopes);
        slot.get(|| self.fetch(scopes)).await
    }

    pub fn invalidate(&self, scopes: &BTreeSet<String>, refused: &Secret) {
        self.slot(scopes).invalidate(refused);
    }

    async fn fetch(&self, scopes: &BTreeSet<String>) -> Result<(Secret, Duration)> {
        let service = Service::BankIdLogin;
        let disc = self.discovery().await?;
        let url =
            reqwest::Url::parse(&disc.token_endpoint).map_err(|e| ProviderError::Malformed {
                service,
                detail: format!(
                    "the discovery document gives a token endpoint that is not a URL ({e})"
                ),
            })?;
        let scope = scopes.iter().cloned().collect::<Vec<_>>().join(" ");
        self.token_requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tracing::debug!(%scope, "requesting an access token");
        let req = self
            .http
            .client()
            .post(url)
            .header(
                AUTHORIZATION,
                client_secret_basic(&self.env.oidc_client_id, &self.client_secret)?,
            )
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", scope.as_str()),
            ]);
        let answer = self.http.send(service, req).await?;
        if !answer.status.is_success() {
            return Err(token_error(&answer, scopes));
        }
        let parsed: TokenAnswer =
            serde_json::from_slice(&answer.body).map_err(|e| ProviderError::Malformed {
                service,
                detail: format!("the token answer is not what OIDC promises ({e})"),
            })?;
        let lifetime = parsed
            .expires_in
            .filter(|s| s.is_finite() && *s > 0.0)
            .map(Duration::from_secs_f64)
            .unwrap_or(Duration::from_secs(60));
        Ok((
            Secret::new(parsed.access_token),
            use_for(lifetime, Duration::from_secs(60)),
        ))
    }
}

/// RFC 6749 error answers of the token endpoint.
fn token_error(answer: &crate::http::Answer, scopes: &BTreeSet<String>) -> ProviderError {
    let service = Service::BankIdLogin;
    let OAuthError { code, description } = oauth_error(&answer.body);
    let desc = description.unwrap_or_else(|| code.clone());
    match code.as_str() {
        "invalid_scope" => {
            let scope = missing_scope(&answer.body)
                .filter(|s| scopes.contains(s) || scopes.is_empty())
                .or_else(|| scopes.iter().find(|s| desc.contains(s.as_str())).cloned());
            ProviderError::Forbidden {
                service,
                scope,
                detail: desc,
            }
        }
        "invalid_client" | "unauthorized_client" => ProviderError::Unauthenticated {
            service,
            detail: if desc.is_empty() {
                "the client ID or secret was refused".into()
            } else {
                desc
            },
        },
        _ => crate::error::from_status(
            service,
            answer.status,
            &answer.headers,
            &answer.body,
            "the token endpoint",
        ),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PeerTokenAnswer {
    token: String,
    #[serde(default)]
    expires_at: Option<String>,
}

/// The peer API's 24-hour key: `GET /auth/getToken` with HTTP Basic, then sent bare in
/// `Authorization`.
pub struct PeerAuth {
    http: Http,
    base: String,
    path: String,
    user: Option<String>,
    password: Option<Secret>,
    slot: TokenSlot,
}

impl PeerAuth {
    pub fn new(
        http: Http,
        base: String,
        path: String,
        user: Option<String>,
        password: Option<Secret>,
    ) -> Self {
        PeerAuth {
            http,
            base,
            path,
            user,
            password,
            slot: TokenSlot::default(),
        }
    }

    pub async fn key(&self) -> Result<Secret> {
        self.slot.get(|| self.fetch()).await
    }

    pub fn invalidate(&self, refused: &Secret) {
        self.slot.invalidate(refused);
    }

    async fn fetch(&self) -> Result<(Secret, Duration)> {
        let service = Service::Peer;
        let (Some(user), Some(password)) = (&self.user, &self.password) else {
            return Err(ProviderError::MissingCredential {
                service,
                what: "a user name and password".into(),
            });
        };
        let url = join(&self.base, &self.path)?;
        tracing::debug!("requesting a peer API key");
        let req = self
            .http
            .client()
            .get(url)
            .basic_auth(user, Some(password.expose()));
        let answer = self
            .http
            .send(service, req)
            .await?
            .into_success(service, "the API key service")?;
        let parsed: PeerTokenAnswer =
            serde_json::from_slice(&answer.body).map_err(|e| ProviderError::Malformed {
                service,
                detail: format!("the API key answer is not {{token, expiresAt}} ({e})"),
            })?;
        let lifetime = parsed
            .expires_at
            .as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .and_then(|t| {
                (t.with_timezone(&chrono::Utc) - chrono::Utc::now())
                    .to_std()
                    .ok()
            })
            .unwrap_or(Duration::from_secs(24 * 3600));
        Ok((
            Secret::new(parsed.token),
            use_for(lifetime, Duration::from_secs(600)),
        ))
    }
}

/// `client_secret_basic` (RFC 6749 §2.3.1): the client id and secret are each encoded with
/// `application/x-www-form-urlencoded` **before** they are joined with `:` and base64-encoded,
/// so a secret holding `:`, `+`, `/`, `=` or `%` reaches the server as it is. Marked sensitive.
pub(crate) fn client_secret_basic(client_id: &str, secret: &Secret) -> Result<HeaderValue> {
    use base64::Engine;
    let form = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let joined = zeroize::Zeroizing::new(format!("{}:{}", form(client_id), form(secret.expose())));
    let encoded = zeroize::Zeroizing::new(
        base64::engine::general_purpose::STANDARD.encode(joined.as_bytes()),
    );
    let mut v = HeaderValue::from_str(&format!("Basic {}", encoded.as_str())).map_err(|_| {
        ProviderError::Unauthenticated {
            service: Service::BankIdLogin,
            detail: "the client id cannot be sent in an HTTP header".into(),
        }
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// `Authorization: <key>` (no scheme), marked sensitive so it never shows in debug output.
pub(crate) fn raw_authorization(key: &Secret, service: Service) -> Result<HeaderValue> {
    let mut v = HeaderValue::from_str(key.expose()).map_err(|_| ProviderError::Malformed {
        service,
        detail: "the API key contains characters not allowed in a header".into(),
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// `Authorization: Bearer <token>`, marked sensitive.
pub(crate) fn bearer(token: &Secret, service: Service) -> Result<HeaderValue> {
    let mut v = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
        ProviderError::Malformed {
            service,
            detail: "the token contains characters not allowed in a header".into(),
        }
    })?;
    v.set_sensitive(true);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn client_secret_basic_form_encodes_before_base64() {
        use base64::Engine;
        let v = client_secret_basic("sandbox-special", &Secret::new("s3:cr+t/=")).expect("header");
        assert!(v.is_sensitive());
        let text = v.to_str().expect("ascii");
        let b64 = text.strip_prefix("Basic ").expect("Basic scheme");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        assert_eq!(decoded, b"sandbox-special:s3%3Acr%2Bt%2F%3D");
        // A plain secret is unchanged by the encoding.
        let v = client_secret_basic("sandbox-client", &Secret::new("sandbox-secret")).expect("h");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(&v.to_str().expect("ascii")[6..])
            .expect("base64");
        assert_eq!(decoded, b"sandbox-client:sandbox-secret");
    }

    #[test]
    fn refresh_margin_is_a_fifth_capped() {
        assert_eq!(
            use_for(Duration::from_secs(300), Duration::from_secs(60)),
            Duration::from_secs(240)
        );
        assert_eq!(
            use_for(Duration::from_secs(3600), Duration::from_secs(60)),
            Duration::from_secs(3540)
        );
        assert_eq!(
            use_for(Duration::from_secs(5), Duration::from_secs(60)),
            Duration::from_secs(4)
        );
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_refresh() {
        let slot = Arc::new(TokenSlot::default());
        let calls = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let slot = Arc::clone(&slot);
            let calls = Arc::clone(&calls);
            tasks.push(tokio::spawn(async move {
                slot.get(|| async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok((Secret::new("t1"), Duration::from_secs(60)))
                })
                .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.expect("join").expect("token").expose(), "t1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalidate_only_drops_the_refused_token() {
        let slot = TokenSlot::default();
        let t = slot
            .get(|| async { Ok((Secret::new("a"), Duration::from_secs(60))) })
            .await
            .expect("a");
        slot.invalidate(&Secret::new("other"));
        assert_eq!(slot.valid().expect("kept").expose(), "a");
        slot.invalidate(&t);
        assert!(slot.valid().is_none());
    }
}
