//! One mapping from HTTP answers (and transport failures) to typed errors, each with a message a
//! compliance officer understands: which service, what happened, what to do, and whether trying
//! again later helps.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use serde::Serialize;

/// The upstream service an error came from, named as the officer knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Service {
    /// The BankID OIDC login service (discovery and token endpoint).
    BankIdLogin,
    Organization,
    Beneficial,
    Amlyze,
    Peer,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::BankIdLogin => "BankID login service",
            Service::Organization => "BankID Organization API",
            Service::Beneficial => "BankID Beneficial owners API",
            Service::Amlyze => "Amlyze",
            Service::Peer => "Peer data exchange API",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Closed set of error codes the engine and the UI match on (never on strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorKind {
    Validation,
    Unauthenticated,
    Forbidden,
    NotFound,
    Expired,
    NotReady,
    RateLimited,
    Upstream,
    Offline,
    Timeout,
    Malformed,
    Config,
    MissingCredential,
}

/// Everything that can go wrong talking to an upstream.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProviderError {
    /// 400: the service refused the request's content.
    #[error("{service} rejected the request: {message}")]
    Validation { service: Service, message: String },
    /// 401 (after one retry with fresh credentials) or a refused login.
    #[error("{service} did not accept our credentials: {detail}")]
    Unauthenticated { service: Service, detail: String },
    /// 403; `scope` names the missing scope when the service says which.
    #[error("{service} refused access (missing scope: {scope:?}): {detail}")]
    Forbidden {
        service: Service,
        scope: Option<String>,
        detail: String,
    },
    /// 404.
    #[error("{service}: {what} was not found")]
    NotFound { service: Service, what: String },
    /// 410: results live two hours upstream.
    #[error("{service}: {what} has expired")]
    Expired { service: Service, what: String },
    /// 409: the result is not produced yet (or will not be, when the session failed).
    #[error("{service}: {what} is not ready: {detail}")]
    NotReady {
        service: Service,
        what: String,
        detail: String,
        /// False when the service says the session failed.
        will_be_ready: bool,
    },
    /// 429.
    #[error("{service} asks us to slow down (retry after {retry_after:?})")]
    RateLimited {
        service: Service,
        retry_after: Option<Duration>,
    },
    /// 5xx or another unexpected status.
    #[error("{service} failed with HTTP {status}: {detail}")]
    Upstream {
        service: Service,
        status: u16,
        detail: String,
        retry_after: Option<Duration>,
    },
    /// Could not connect, or the connection was cut.
    #[error("{service} could not be reached: {detail}")]
    Offline { service: Service, detail: String },
    /// Connect or request timeout.
    #[error("{service} did not answer in time")]
    Timeout { service: Service },
    /// The answer arrived but is not what the contract promises (bad JSON, truncated PDF).
    #[error("{service} sent an unreadable answer: {detail}")]
    Malformed { service: Service, detail: String },
    /// Our own configuration is unusable (bad URL, bad path template).
    #[error("configuration problem: {message}")]
    Config { message: String },
    /// A credential the call needs was not provided.
    #[error("{service}: missing credential: {what}")]
    MissingCredential { service: Service, what: String },
}

pub type Result<T, E = ProviderError> = std::result::Result<T, E>;

impl ProviderError {
    pub fn code(&self) -> ErrorKind {
        match self {
            ProviderError::Validation { .. } => ErrorKind::Validation,
            ProviderError::Unauthenticated { .. } => ErrorKind::Unauthenticated,
            ProviderError::Forbidden { .. } => ErrorKind::Forbidden,
            ProviderError::NotFound { .. } => ErrorKind::NotFound,
            ProviderError::Expired { .. } => ErrorKind::Expired,
            ProviderError::NotReady { .. } => ErrorKind::NotReady,
            ProviderError::RateLimited { .. } => ErrorKind::RateLimited,
            ProviderError::Upstream { .. } => ErrorKind::Upstream,
            ProviderError::Offline { .. } => ErrorKind::Offline,
            ProviderError::Timeout { .. } => ErrorKind::Timeout,
            ProviderError::Malformed { .. } => ErrorKind::Malformed,
            ProviderError::Config { .. } => ErrorKind::Config,
            ProviderError::MissingCredential { .. } => ErrorKind::MissingCredential,
        }
    }

    /// The service concerned, when there is one.
    pub fn service(&self) -> Option<Service> {
        match self {
            ProviderError::Validation { service, .. }
            | ProviderError::Unauthenticated { service, .. }
            | ProviderError::Forbidden { service, .. }
            | ProviderError::NotFound { service, .. }
            | ProviderError::Expired { service, .. }
            | ProviderError::NotReady { service, .. }
            | ProviderError::RateLimited { service, .. }
            | ProviderError::Upstream { service, .. }
            | ProviderError::Offline { service, .. }
            | ProviderError::Timeout { service }
            | ProviderError::Malformed { service, .. }
            | ProviderError::MissingCredential { service, .. } => Some(*service),
            ProviderError::Config { .. } => None,
        }
    }

    /// True when the same request may succeed later without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            ProviderError::RateLimited { .. }
            | ProviderError::Offline { .. }
            | ProviderError::Timeout { .. }
            // A truncated PDF or a cut JSON body is a transfer problem: fetching again helps.
            | ProviderError::Malformed { .. } => true,
            ProviderError::NotReady { will_be_ready, .. } => *will_be_ready,
            ProviderError::Upstream { status, .. } => *status >= 500 || *status == 408,
            _ => false,
        }
    }

    /// Whether the request may have reached the service and been acted on although no usable
    /// answer came back: a timeout, a connection cut after it was opened, a 5xx, a cut body.
    /// A refused connection or a 429 was not acted on.
    pub fn may_have_reached_upstream(&self) -> bool {
        match self {
            ProviderError::Timeout { .. } | ProviderError::Malformed { .. } => true,
            ProviderError::Offline { detail, .. } => detail != NOT_OPENED,
            ProviderError::Upstream { status, .. } => *status >= 500 || *status == 408,
            _ => false,
        }
    }

    /// The delay the service asked for (`Retry-After`), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::RateLimited { retry_after, .. }
            | ProviderError::Upstream { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A message for the compliance officer: what happened, what to do, whether to wait.
    pub fn user_message(&self) -> String {
        match self {
            ProviderError::Validation { service, message } => format!(
                "{service} rejected the request: {message}. Check the input; sending the same \
                 request again will not help."
            ),
            ProviderError::Unauthenticated { service, detail } => {
                let what = match service {
                    Service::Amlyze => "Paste a new Amlyze API token in Settings.",
                    Service::Peer => {
                        "Check the peer data exchange user name and password in Settings."
                    }
                    _ => "Check the BankID client ID and client secret in Settings.",
                };
                format!(
                    "{service} did not accept our credentials ({detail}). {what} Retrying later \
                     will not help until the credentials are fixed."
                )
            }
            ProviderError::Forbidden {
                service,
                scope: Some(scope),
                ..
            } => {
                let option = scope.rsplit('/').next().unwrap_or(scope);
                format!(
                    "{service} refused the request: the client lacks the scope {scope}. Ask \
                     your BankID contact to grant it, or untick {option}."
                )
            }
            ProviderError::Forbidden {
                service, detail, ..
            } => format!(
                "{service} refused the request: our account is not allowed to do this \
                 ({detail}). Ask the provider to grant access; retrying will not help."
            ),
            ProviderError::NotFound { service, what } => format!(
                "{service} does not know {what}. It may have been removed upstream; start a new \
                 lookup."
            ),
            ProviderError::Expired { service, what } => format!(
                "{service}: {what} is no longer available (results are kept upstream for two \
                 hours). Run the lookup again to get fresh results."
            ),
            ProviderError::NotReady {
                service,
                what,
                will_be_ready: true,
                ..
            } => format!("{service}: {what} is not ready yet. It will be fetched when it is."),
            ProviderError::NotReady {
                service,
                what,
                detail,
                ..
            } => format!(
                "{service}: {what} will not be produced ({detail}). Run the lookup again; if it \
                 keeps failing, contact the provider."
            ),
            ProviderError::RateLimited {
                service,
                retry_after,
            } => match retry_after {
                Some(d) => format!(
                    "{service} is receiving too many requests from us. It will be tried again \
                     automatically in {} s.",
                    d.as_secs().max(1)
                ),
                None => format!(
                    "{service} is receiving too many requests from us. It will be tried again \
                     automatically in a moment."
                ),
            },
            ProviderError::Upstream {
                service, status, ..
            } if *status >= 500 => format!(
                "{service} had an internal problem (HTTP {status}). This is on their side; \
                 it will be tried again later."
            ),
            ProviderError::Upstream {
                service,
                status,
                detail,
                ..
            } => format!(
                "{service} answered with an unexpected HTTP {status} ({detail}). Retrying will \
                 probably not help; report this to support."
            ),
            ProviderError::Offline { service, detail } => format!(
                "{service} could not be reached ({detail}). Check the internet connection; it \
                 will be tried again later."
            ),
            ProviderError::Timeout { service } => {
                format!("{service} did not answer in time. It will be tried again later.")
            }
            ProviderError::Malformed { service, detail } => format!(
                "{service} sent an incomplete or unreadable answer ({detail}). It will be \
                 downloaded again."
            ),
            ProviderError::Config { message } => {
                format!("The connection settings are not usable: {message}.")
            }
            ProviderError::MissingCredential { service, what } => {
                format!("{service} needs {what}, which is not set. Enter it in Settings.")
            }
        }
    }
}

/// The detail of an [`ProviderError::Offline`] whose request never left this machine.
const NOT_OPENED: &str = "the connection could not be opened";

/// Maps a transport-level failure (no HTTP answer, or a broken body) to an error.
pub(crate) fn from_reqwest(service: Service, e: &reqwest::Error) -> ProviderError {
    if e.is_timeout() {
        return ProviderError::Timeout { service };
    }
    if e.is_builder() {
        return ProviderError::Config {
            message: format!("cannot build a request for {service}: {}", source_chain(e)),
        };
    }
    if let Some(words) = tls_failure(e) {
        return ProviderError::Offline {
            service,
            detail: words,
        };
    }
    if e.is_connect() {
        return ProviderError::Offline {
            service,
            detail: NOT_OPENED.into(),
        };
    }
    if e.is_decode() {
        return ProviderError::Malformed {
            service,
            detail: format!("the answer could not be decoded: {}", source_chain(e)),
        };
    }
    if e.is_body() {
        return ProviderError::Offline {
            service,
            detail: "the connection was cut before the answer was complete".into(),
        };
    }
    ProviderError::Offline {
        service,
        detail: format!("the connection failed: {}", source_chain(e)),
    }
}

/// A TLS failure explained in words (what it usually means on a corporate network), or `None`
/// when the error is not about TLS.
fn tls_failure(e: &reqwest::Error) -> Option<String> {
    let chain = source_chain(e);
    let low = chain.to_ascii_lowercase();
    let certificate = low.contains("certificate")
        || low.contains("unknownissuer")
        || low.contains("invalid peer certificate")
        || low.contains("badsignature");
    let tls = certificate
        || [
            "tls",
            "handshake",
            "alert",
            "corrupt message",
            "peer is incompatible",
        ]
        .iter()
        .any(|w| low.contains(w));
    if !tls {
        return None;
    }
    let why = if low.contains("unknownissuer") || low.contains("unknown issuer") {
        "the server's certificate was issued by an authority this computer does not trust. \
         Behind a TLS-inspecting proxy, ask IT for its CA certificate (PEM) and set it with \
         `amldesk config set <env>.http.ca_file <file>`"
    } else if low.contains("expired") || low.contains("notvalidyet") {
        "the server's certificate is expired or not yet valid (check this computer's clock)"
    } else if low.contains("notvalidforname") || low.contains("not valid for name") {
        "the server's certificate is for another host name (a wrong address, or a proxy \
         answering in its place)"
    } else if certificate {
        "the server's certificate was refused"
    } else {
        "the secure (TLS) connection could not be negotiated (a proxy or firewall may be \
         interfering, or the server does not speak TLS on this port)"
    };
    Some(format!("TLS failed: {why} [{chain}]"))
}

/// Error text of a reqwest error and its sources, without the URL (which may carry a query).
fn source_chain(e: &reqwest::Error) -> String {
    let mut out = String::new();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = cur {
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&s.to_string());
        cur = s.source();
    }
    if out.is_empty() {
        "unknown transport error".into()
    } else {
        out
    }
}

/// Parses `Retry-After` (delta seconds or HTTP date).
pub(crate) fn parse_retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

/// Best-effort human text out of an error body: vendor JSON fields or a short plain-text body.
pub(crate) fn body_message(body: &[u8]) -> Option<String> {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        for key in [
            "errorDescription",
            "error_description",
            "message",
            "detail",
            "description",
            "title",
            "error",
        ] {
            if let Some(s) = v.get(key).and_then(|x| x.as_str()) {
                if !s.trim().is_empty() {
                    return Some(clip(s.trim()));
                }
            }
        }
        if let Some(s) = v
            .pointer("/response/message")
            .and_then(|x| x.as_str())
            .filter(|s| !s.trim().is_empty())
        {
            return Some(clip(s.trim()));
        }
        if let Some(errs) = v.get("errors").and_then(|e| e.as_array()) {
            let msgs: Vec<String> = errs
                .iter()
                .filter_map(|e| {
                    e.get("description")
                        .or_else(|| e.get("message"))
                        .and_then(|d| d.as_str())
                        .map(str::to_owned)
                })
                .collect();
            if !msgs.is_empty() {
                return Some(clip(&msgs.join("; ")));
            }
        }
        return None;
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() || text.starts_with('<') {
        None
    } else {
        Some(clip(text))
    }
}

/// Which scope a 403 body says is missing (`scope`, `missingScope`, `required_scope`, or an
/// `aml_organization/...` token inside the message).
pub(crate) fn missing_scope(body: &[u8]) -> Option<String> {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        for key in [
            "missingScope",
            "missing_scope",
            "requiredScope",
            "required_scope",
            "scope",
        ] {
            if let Some(s) = v.get(key).and_then(|x| x.as_str()) {
                if !s.trim().is_empty() {
                    return Some(s.trim().to_owned());
                }
            }
        }
    }
    let text = String::from_utf8_lossy(body);
    text.split(|c: char| c.is_whitespace() || "\"',;()".contains(c))
        .find(|w| w.starts_with("aml_organization/"))
        .map(|w| w.trim_end_matches(['.', ':']).to_owned())
}

/// An RFC 6749 §5.2 error answer of a token endpoint: `error` (empty when absent) and
/// `error_description`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub code: String,
    pub description: Option<String>,
}

/// Reads an RFC 6749 error body; a body that is not JSON reads as no code and no description.
pub(crate) fn oauth_error(body: &[u8]) -> OAuthError {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let text = |key: &str| v.get(key).and_then(|e| e.as_str()).map(str::to_owned);
    OAuthError {
        code: text("error").unwrap_or_default(),
        description: text("error_description"),
    }
}

fn clip(s: &str) -> String {
    const MAX: usize = 300;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// The single place where an HTTP status becomes an error. `what` names the thing asked for
/// ("session 1234", "the AML report") for 404/410 messages.
pub(crate) fn from_status(
    service: Service,
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    what: &str,
) -> ProviderError {
    let msg = body_message(body);
    let retry_after = parse_retry_after(headers);
    match status.as_u16() {
        400 | 422 => ProviderError::Validation {
            service,
            message: msg.unwrap_or_else(|| "the request was not accepted (HTTP 400)".into()),
        },
        401 => ProviderError::Unauthenticated {
            service,
            detail: msg.unwrap_or_else(|| "HTTP 401".into()),
        },
        403 => ProviderError::Forbidden {
            service,
            scope: missing_scope(body),
            detail: msg.unwrap_or_else(|| "HTTP 403".into()),
        },
        404 => ProviderError::NotFound {
            service,
            what: what.to_owned(),
        },
        410 => ProviderError::Expired {
            service,
            what: what.to_owned(),
        },
        409 => {
            let failed = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .is_some_and(|c| c.eq_ignore_ascii_case("failed"));
            ProviderError::NotReady {
                service,
                what: what.to_owned(),
                detail: msg.unwrap_or_else(|| "HTTP 409".into()),
                will_be_ready: !failed,
            }
        }
        429 => ProviderError::RateLimited {
            service,
            retry_after,
        },
        code => ProviderError::Upstream {
            service,
            status: code,
            detail: msg.unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .unwrap_or("unexpected status")
                    .to_owned()
            }),
            retry_after,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    fn err(status: u16, headers: HeaderMap, body: &str) -> ProviderError {
        from_status(
            Service::Organization,
            StatusCode::from_u16(status).expect("valid status"),
            &headers,
            body.as_bytes(),
            "session abc",
        )
    }

    #[test]
    fn maps_every_status_class() {
        let h = HeaderMap::new();
        assert_eq!(err(400, h.clone(), "{}").code(), ErrorKind::Validation);
        assert_eq!(err(401, h.clone(), "").code(), ErrorKind::Unauthenticated);
        assert_eq!(err(403, h.clone(), "").code(), ErrorKind::Forbidden);
        assert_eq!(err(404, h.clone(), "").code(), ErrorKind::NotFound);
        assert_eq!(err(410, h.clone(), "").code(), ErrorKind::Expired);
        assert_eq!(err(429, h.clone(), "").code(), ErrorKind::RateLimited);
        assert_eq!(err(503, h.clone(), "").code(), ErrorKind::Upstream);
        assert!(err(503, h.clone(), "").is_transient());
        assert!(!err(400, h.clone(), "").is_transient());
        assert!(!err(403, h, "").is_transient());
    }

    #[test]
    fn vendor_message_is_kept_for_400() {
        let e = err(
            400,
            HeaderMap::new(),
            r#"{"errorCode":"C002","errorDescription":"customerExtId is mandatory"}"#,
        );
        assert!(e.user_message().contains("customerExtId is mandatory"));
    }

    #[test]
    fn retry_after_seconds_and_date() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let e = err(429, h, "");
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert!(e.user_message().contains("7 s"));

        let mut h = HeaderMap::new();
        let later = chrono::Utc::now() + chrono::Duration::seconds(120);
        let v = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        h.insert(RETRY_AFTER, HeaderValue::from_str(&v).expect("ascii date"));
        let d = err(503, h, "").retry_after().expect("parsed date");
        assert!(d > Duration::from_secs(100) && d <= Duration::from_secs(121));
    }

    #[test]
    fn forbidden_names_missing_scope() {
        let e = err(
            403,
            HeaderMap::new(),
            r#"{"error":"insufficient_scope","error_description":"requires aml_organization/OFAC"}"#,
        );
        assert_eq!(
            e.user_message(),
            "BankID Organization API refused the request: the client lacks the scope \
             aml_organization/OFAC. Ask your BankID contact to grant it, or untick OFAC."
        );
    }

    #[test]
    fn oauth_error_bodies() {
        let e = oauth_error(
            br#"{"error":"invalid_scope","error_description":"no aml_organization/ofac"}"#,
        );
        assert_eq!(e.code, "invalid_scope");
        assert_eq!(e.description.as_deref(), Some("no aml_organization/ofac"));
        assert_eq!(
            oauth_error(br#"{"error":"invalid_client"}"#),
            OAuthError {
                code: "invalid_client".into(),
                description: None
            }
        );
        assert_eq!(oauth_error(b"<html>"), OAuthError::default());
    }
}
