//! Environments as configuration, and every [assumed] part of the contract (API-NOTES.md) in one
//! overridable place.

use serde::{Deserialize, Serialize};

use crate::error::{ProviderError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvKind {
    Sandbox,
    Test,
    Production,
}

impl EnvKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EnvKind::Sandbox => "sandbox",
            EnvKind::Test => "test",
            EnvKind::Production => "production",
        }
    }
}

/// Path templates and field names. Defaults are API-NOTES.md; load overrides from TOML/JSON with
/// serde (every field optional). Placeholders: `{country}`, `{id}`, `{report}`, `{n}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Paths {
    pub org_create: String,
    pub org_status: String,
    pub org_json: String,
    pub org_report: String,
    /// Idempotency lookup (`GET …?{client_reference_param}=…`).
    pub org_find: String,
    pub bo_create: String,
    pub bo_status: String,
    pub bo_json: String,
    pub bo_report: String,
    pub bo_find: String,
    pub bo_access_rights: String,
    pub amlyze_batch: String,
    pub amlyze_validate: String,
    pub amlyze_events: String,
    pub peer_token: String,
    pub peer_create: String,
    pub peer_respond: String,
    /// Query parameter and body field carrying our client reference.
    pub client_reference_param: String,
    /// Discovery field holding the AML base URL.
    pub aml_baseurl_field: String,
    /// Report names in org report paths (`{report}`).
    pub report_aml: String,
    pub report_certificate: String,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            org_create: "/organization/session/{country}".into(),
            org_status: "/organization/session/{id}".into(),
            org_json: "/organization/session/{id}/json".into(),
            org_report: "/organization/session/{id}/report/{report}".into(),
            org_find: "/organization/session".into(),
            bo_create: "/beneficial/session/".into(),
            bo_status: "/beneficial/session/{id}".into(),
            bo_json: "/beneficial/session/{id}/json".into(),
            bo_report: "/beneficial/session/{id}/report".into(),
            bo_find: "/beneficial/session".into(),
            bo_access_rights: "/beneficial/access-rights".into(),
            amlyze_batch: "/amlyze-ws-rest/batch-customers".into(),
            amlyze_validate: "/amlyze-ws-rest/validate-batch-customers".into(),
            amlyze_events: "/api/integration-services/v1/communications-events/{n}".into(),
            peer_token: "/auth/getToken".into(),
            peer_create: "/api/createrequest".into(),
            peer_respond: "/api/respond".into(),
            client_reference_param: "clientReference".into(),
            aml_baseurl_field: "aml-baseurl".into(),
            report_aml: "aml".into(),
            report_certificate: "certificate-of-registration".into(),
        }
    }
}

/// Percent-encodes one path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fills a template; every value is percent-encoded as a path segment.
pub(crate) fn fill(template: &str, vars: &[(&str, &str)]) -> Result<String> {
    let mut out = template.to_owned();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), &encode_segment(v));
    }
    if let Some(start) = out.find('{') {
        let rest = &out[start..];
        let end = rest.find('}').map(|e| e + 1).unwrap_or(rest.len());
        return Err(ProviderError::Config {
            message: format!(
                "the path template \"{template}\" uses the unknown placeholder {}",
                &rest[..end]
            ),
        });
    }
    Ok(out)
}

/// Joins a base URL and an absolute path, tolerating a trailing slash on the base.
pub(crate) fn join(base: &str, path: &str) -> Result<reqwest::Url> {
    let base = base.trim_end_matches('/');
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    reqwest::Url::parse(&format!("{base}{path}")).map_err(|e| ProviderError::Config {
        message: format!("the address \"{base}{path}\" is not a valid URL ({e})"),
    })
}

/// One environment: where the four services are and which client we are. No secrets here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    pub kind: EnvKind,
    /// BankID OIDC discovery document (gives `token_endpoint` and `aml-baseurl`).
    pub discovery_url: String,
    pub amlyze_base: String,
    pub peer_base: String,
    #[serde(default)]
    pub paths: Paths,
    pub oidc_client_id: String,
    /// Scopes for the Organization API (the Beneficial owners API always uses
    /// `aml_organization/basic`).
    pub scopes: Vec<String>,
    /// [assumed] The upstream de-duplicates session creates by client reference and finds a
    /// session by it. Declared per environment, off by default: without it, a create that may
    /// have reached the upstream is created again and the case warns of a possible duplicate.
    #[serde(default)]
    pub client_reference_dedup: bool,
}

pub const SCOPE_BASIC: &str = "aml_organization/basic";
pub const SCOPE_OFAC: &str = "aml_organization/OFAC";
pub const SCOPE_CREDIT: &str = "aml_organization/financials.credit";

impl Environment {
    /// The embedded sandbox: everything is served from one loopback base URL.
    pub fn sandbox(discovery_url: impl Into<String>, base_url: impl Into<String>) -> Self {
        let base = base_url.into();
        Environment {
            kind: EnvKind::Sandbox,
            discovery_url: discovery_url.into(),
            amlyze_base: base.clone(),
            peer_base: base,
            paths: Paths::default(),
            oidc_client_id: "sandbox-client".into(),
            scopes: vec![SCOPE_BASIC.into(), SCOPE_OFAC.into(), SCOPE_CREDIT.into()],
            client_reference_dedup: false,
        }
    }

    /// BankID "current" (test) environment [doc]; Amlyze and peer bases are per customer.
    pub fn test(
        client_id: impl Into<String>,
        amlyze_base: impl Into<String>,
        peer_base: impl Into<String>,
    ) -> Self {
        Environment {
            kind: EnvKind::Test,
            discovery_url:
                "https://auth.current.bankid.no/auth/realms/current/.well-known/openid-configuration"
                    .into(),
            amlyze_base: amlyze_base.into(),
            peer_base: peer_base.into(),
            paths: Paths::default(),
            oidc_client_id: client_id.into(),
            scopes: vec![SCOPE_BASIC.into()],
            client_reference_dedup: false,
        }
    }

    /// BankID production [doc].
    pub fn production(
        client_id: impl Into<String>,
        amlyze_base: impl Into<String>,
        peer_base: impl Into<String>,
    ) -> Self {
        Environment {
            kind: EnvKind::Production,
            discovery_url:
                "https://auth.bankid.no/auth/realms/prod/.well-known/openid-configuration".into(),
            ..Self::test(client_id, amlyze_base, peer_base)
        }
    }
}

/// Whether `host` is a loopback host (`localhost`, `127.0.0.0/8`, `::1`).
pub fn is_loopback_host(host: &reqwest::Url) -> bool {
    match host.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks an address setting: an absolute `https` URL, or plain `http` to a loopback host only.
/// The error is a sentence naming `key`.
pub fn check_address(key: &str, value: &str) -> std::result::Result<(), String> {
    let u = reqwest::Url::parse(value).map_err(|e| {
        format!("{key} must be an absolute URL such as https://host/path; \"{value}\" is not ({e})")
    })?;
    match u.scheme() {
        "https" => Ok(()),
        "http" if is_loopback_host(&u) => Ok(()),
        "http" => Err(format!(
            "{key} must use https: plain http is allowed only for loopback hosts (localhost, \
             127.0.0.1, ::1); got \"{value}\""
        )),
        other => Err(format!(
            "{key} must be an https URL; the scheme \"{other}\" of \"{value}\" is not supported"
        )),
    }
}

/// Checks a proxy setting: an `http`, `https` or `socks5` URL. The error names `key`.
pub fn check_proxy(key: &str, value: &str) -> std::result::Result<(), String> {
    let u = reqwest::Url::parse(value).map_err(|e| {
        format!(
            "{key} must be a proxy URL such as http://proxy.example:8080; \"{value}\" is not ({e})"
        )
    })?;
    if !matches!(u.scheme(), "http" | "https" | "socks5" | "socks5h") {
        return Err(format!(
            "{key} must be an http, https or socks5 proxy URL; got \"{value}\""
        ));
    }
    Ok(())
}

/// What we read from OIDC discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub token_endpoint: String,
    pub aml_base: String,
}

impl Discovery {
    pub(crate) fn parse(body: &[u8], aml_field: &str) -> std::result::Result<Self, String> {
        let v: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| format!("the discovery document is not JSON ({e})"))?;
        let field = |name: &str| -> std::result::Result<String, String> {
            v.get(name)
                .and_then(|x| x.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| format!("the discovery document has no \"{name}\""))
        };
        Ok(Discovery {
            token_endpoint: field("token_endpoint")?,
            aml_base: field(aml_field)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_encodes_and_rejects_unknown_placeholders() {
        assert_eq!(
            fill("/a/{id}/b", &[("id", "x y/z")]).expect("filled"),
            "/a/x%20y%2Fz/b"
        );
        let e = fill("/a/{nope}", &[("id", "1")]).expect_err("unknown placeholder");
        assert!(e.user_message().contains("{nope}"));
    }

    #[test]
    fn paths_are_overridable_from_partial_json() {
        let p: Paths =
            serde_json::from_str(r#"{"org_json": "/v2/org/{id}/data"}"#).expect("partial paths");
        assert_eq!(p.org_json, "/v2/org/{id}/data");
        assert_eq!(p.org_status, Paths::default().org_status);
    }

    #[test]
    fn addresses_need_https_outside_loopback() {
        assert!(check_address("k", "https://auth.bankid.no/x").is_ok());
        assert!(check_address("k", "http://127.0.0.1:8080/x").is_ok());
        assert!(check_address("k", "http://localhost/x").is_ok());
        assert!(check_address("k", "http://[::1]:1/").is_ok());
        let e = check_address("bankid.discovery_url", "http://auth.bankid.no/x").expect_err("http");
        assert!(
            e.contains("bankid.discovery_url") && e.contains("loopback"),
            "{e}"
        );
        assert!(check_address("k", "ftp://h/").is_err());
        assert!(check_address("k", "auth.bankid.no").is_err());
    }

    #[test]
    fn join_tolerates_slashes() {
        assert_eq!(
            join("http://h:1/base/", "/x").expect("url").as_str(),
            "http://h:1/base/x"
        );
        assert!(join("not a url", "/x").is_err());
    }

    #[test]
    fn discovery_requires_both_fields() {
        let ok = Discovery::parse(
            br#"{"token_endpoint":"http://t","aml-baseurl":"http://a"}"#,
            "aml-baseurl",
        )
        .expect("parsed");
        assert_eq!(ok.aml_base, "http://a");
        let e = Discovery::parse(br#"{"token_endpoint":"http://t"}"#, "aml-baseurl")
            .expect_err("missing");
        assert!(e.contains("aml-baseurl"));
    }
}
