//! The environment a profile talks to: the embedded sandbox, the vendors' test environment or
//! production. The only file of the engine that names the sandbox crate.
//!
//! Every environment is built by one pure function, [`build`], from its settings
//! ([`EnvConfig`], `amldesk config`, kept in that environment's database) and its secrets
//! ([`EnvSecrets`], `amldesk secret`, kept in the secret store per environment). The sandbox runs
//! in-process (or at `sandbox_url`) and gives defaults (its addresses and documented
//! credentials) that its stored settings may override.

use std::path::Path;
use std::sync::Arc;

use amldesk_providers::{
    check_address, check_proxy, keyring_account, Credentials, EnvKind, Environment, Network,
    Secret, SecretStore, KEYRING_SERVICE, SCOPE_BASIC, SCOPE_CREDIT, SCOPE_OFAC,
};
use amldesk_store::{settings, Store};
use serde::{Deserialize, Serialize};

use crate::api::EnvironmentKind;
use crate::error::{EngineError, Result};

/// The settings key (in each environment's own database) holding its [`EnvConfig`].
pub const CONFIG_SETTING: &str = "environment.config";

/// The keys of `amldesk config set <env>.<key> <value>`, in display order.
pub const CONFIG_KEYS: [&str; 9] = [
    "bankid.discovery_url",
    "bankid.client_id",
    "bankid.scopes",
    "bankid.client_reference_dedup",
    "amlyze.base_url",
    "peer.base_url",
    "peer.user",
    "http.proxy",
    "http.ca_file",
];

/// The secrets of `amldesk secret`, with their secret-store account suffix
/// (`<env>/<suffix>` under service `amldesk`).
pub const SECRET_NAMES: [(&str, &str); 3] = [
    ("bankid.client_secret", "oidc-client-secret"),
    ("amlyze.token", "amlyze-token"),
    ("peer.password", "peer-password"),
];

/// The Organization API scopes a client may be entitled to.
pub const KNOWN_SCOPES: [&str; 3] = [SCOPE_BASIC, SCOPE_OFAC, SCOPE_CREDIT];

/// One environment's settings; `None` = not set (the environment's default applies). BankID
/// Organization and Beneficial owners share the discovery URL and the client (discovery gives
/// one `aml-baseurl`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EnvConfig {
    pub discovery_url: Option<String>,
    pub client_id: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub client_reference_dedup: Option<bool>,
    pub amlyze_base_url: Option<String>,
    pub peer_base_url: Option<String>,
    pub peer_user: Option<String>,
    pub http_proxy: Option<String>,
    pub http_ca_file: Option<String>,
}

fn bad(key: &str, message: String) -> EngineError {
    EngineError::validation(key, message)
}

impl EnvConfig {
    /// Sets one key from its text form (what `amldesk config set` takes), validated. An empty
    /// value unsets the key.
    pub fn set(&mut self, key: &str, value: &str) -> Result<()> {
        let v = value.trim();
        let text = || (!v.is_empty()).then(|| v.to_owned());
        let address = |key: &str| -> Result<Option<String>> {
            if v.is_empty() {
                return Ok(None);
            }
            check_address(key, v).map_err(|m| bad(key, m))?;
            Ok(Some(v.trim_end_matches('/').to_owned()))
        };
        match key {
            "bankid.discovery_url" => self.discovery_url = address(key)?,
            "bankid.client_id" => self.client_id = text(),
            "bankid.scopes" => {
                self.scopes = if v.is_empty() {
                    None
                } else {
                    Some(parse_scopes(key, v)?)
                }
            }
            "bankid.client_reference_dedup" => {
                self.client_reference_dedup = match v {
                    "" => None,
                    "true" => Some(true),
                    "false" => Some(false),
                    other => {
                        return Err(bad(
                            key,
                            format!("{key} must be true or false; got \"{other}\""),
                        ))
                    }
                }
            }
            "amlyze.base_url" => self.amlyze_base_url = address(key)?,
            "peer.base_url" => self.peer_base_url = address(key)?,
            "peer.user" => self.peer_user = text(),
            "http.proxy" => {
                self.http_proxy = if v.is_empty() {
                    None
                } else {
                    check_proxy(key, v).map_err(|m| bad(key, m))?;
                    Some(v.to_owned())
                }
            }
            "http.ca_file" => {
                self.http_ca_file = if v.is_empty() {
                    None
                } else if !Path::new(v).is_absolute() {
                    return Err(bad(
                        key,
                        format!("{key} must be an absolute path to a PEM file; got \"{v}\""),
                    ));
                } else {
                    Some(v.to_owned())
                }
            }
            other => {
                return Err(bad(
                    "key",
                    format!(
                        "\"{other}\" is not a setting; the keys are {}",
                        CONFIG_KEYS.join(", ")
                    ),
                ))
            }
        }
        Ok(())
    }

    /// Each key with its value in text form (`None` = not set).
    pub fn entries(&self) -> Vec<(&'static str, Option<String>)> {
        CONFIG_KEYS
            .iter()
            .map(|k| {
                let v = match *k {
                    "bankid.discovery_url" => self.discovery_url.clone(),
                    "bankid.client_id" => self.client_id.clone(),
                    "bankid.scopes" => self.scopes.as_ref().map(|s| s.join(" ")),
                    "bankid.client_reference_dedup" => {
                        self.client_reference_dedup.map(|b| b.to_string())
                    }
                    "amlyze.base_url" => self.amlyze_base_url.clone(),
                    "peer.base_url" => self.peer_base_url.clone(),
                    "peer.user" => self.peer_user.clone(),
                    "http.proxy" => self.http_proxy.clone(),
                    _ => self.http_ca_file.clone(),
                };
                (*k, v)
            })
            .collect()
    }

    /// `self` with every unset key taken from `defaults`.
    fn or(self, d: EnvConfig) -> EnvConfig {
        EnvConfig {
            discovery_url: self.discovery_url.or(d.discovery_url),
            client_id: self.client_id.or(d.client_id),
            scopes: self.scopes.or(d.scopes),
            client_reference_dedup: self.client_reference_dedup.or(d.client_reference_dedup),
            amlyze_base_url: self.amlyze_base_url.or(d.amlyze_base_url),
            peer_base_url: self.peer_base_url.or(d.peer_base_url),
            peer_user: self.peer_user.or(d.peer_user),
            http_proxy: self.http_proxy.or(d.http_proxy),
            http_ca_file: self.http_ca_file.or(d.http_ca_file),
        }
    }
}

fn parse_scopes(key: &str, v: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in v.split_whitespace() {
        if !KNOWN_SCOPES.contains(&s) {
            return Err(bad(
                key,
                format!(
                    "{key} takes space-separated scopes out of {}; \"{s}\" is not one",
                    KNOWN_SCOPES.join(", ")
                ),
            ));
        }
        if !out.iter().any(|x| x == s) {
            out.push(s.to_owned());
        }
    }
    if !out.iter().any(|s| s == SCOPE_BASIC) {
        return Err(bad(
            key,
            format!("{key} must include {SCOPE_BASIC} (every lookup needs it)"),
        ));
    }
    Ok(out)
}

/// An environment's secrets as read from the secret store.
#[derive(Debug, Clone, Default)]
pub struct EnvSecrets {
    pub client_secret: Option<Secret>,
    pub amlyze_token: Option<Secret>,
    pub peer_password: Option<Secret>,
    /// The peer user where older versions kept it (`<env>/peer-user` in the secret store);
    /// `peer.user` in the settings wins.
    pub legacy_peer_user: Option<String>,
}

/// What [`build`] gives: the providers' environment and credentials, and the network settings.
#[derive(Debug, Clone)]
pub struct Built {
    pub env: Environment,
    pub creds: Credentials,
    pub network: Network,
}

/// The defaults of an environment before its settings apply: BankID's documented discovery
/// URLs for test and production; for the sandbox, its one loopback origin.
pub fn defaults(kind: EnvKind, sandbox_base: Option<&str>) -> EnvConfig {
    match kind {
        EnvKind::Sandbox => {
            let base = sandbox_base
                .unwrap_or("http://127.0.0.1:9")
                .trim_end_matches('/');
            EnvConfig {
                discovery_url: Some(format!("{base}{}", amldesk_sandbox::contract::DISCOVERY)),
                client_id: Some(amldesk_sandbox::credentials::OIDC_CLIENT_ID.into()),
                scopes: Some(KNOWN_SCOPES.iter().map(|s| (*s).to_owned()).collect()),
                amlyze_base_url: Some(base.to_owned()),
                peer_base_url: Some(base.to_owned()),
                peer_user: Some(amldesk_sandbox::credentials::PEER_USER.into()),
                ..EnvConfig::default()
            }
        }
        EnvKind::Test => EnvConfig {
            discovery_url: Some(Environment::test("", "", "").discovery_url),
            ..EnvConfig::default()
        },
        EnvKind::Production => EnvConfig {
            discovery_url: Some(Environment::production("", "", "").discovery_url),
            ..EnvConfig::default()
        },
    }
}

/// The sandbox's documented secrets.
pub fn sandbox_secrets() -> EnvSecrets {
    use amldesk_sandbox::credentials as sc;
    EnvSecrets {
        client_secret: Some(Secret::new(sc::OIDC_CLIENT_SECRET)),
        amlyze_token: Some(Secret::new(sc::AMLYZE_TOKEN)),
        peer_password: Some(Secret::new(sc::PEER_PASSWORD)),
        legacy_peer_user: None,
    }
}

/// Builds an environment from its settings over its defaults, and its secrets. Pure. Every
/// address is checked again (settings may come from an older version): `https`, or `http` to a
/// loopback host; an error names the key. Missing secrets stay empty (a request then fails
/// with the upstream's authentication error naming what to enter).
pub fn build(
    kind: EnvKind,
    config: &EnvConfig,
    defaults: EnvConfig,
    secrets: EnvSecrets,
) -> Result<Built> {
    let c = config.clone().or(defaults);
    let check = |key: &str, v: &Option<String>| -> Result<String> {
        match v.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => {
                check_address(key, s).map_err(|m| bad(key, m))?;
                Ok(s.trim_end_matches('/').to_owned())
            }
            None => Ok(String::new()),
        }
    };
    let discovery_url = check("bankid.discovery_url", &c.discovery_url)?;
    let amlyze_base = check("amlyze.base_url", &c.amlyze_base_url)?;
    let peer_base = check("peer.base_url", &c.peer_base_url)?;
    let scopes = match &c.scopes {
        Some(s) => parse_scopes("bankid.scopes", &s.join(" "))?,
        None => vec![SCOPE_BASIC.to_owned()],
    };
    let env = Environment {
        kind,
        discovery_url,
        amlyze_base,
        peer_base,
        paths: Default::default(),
        oidc_client_id: c.client_id.clone().unwrap_or_default(),
        scopes,
        client_reference_dedup: c.client_reference_dedup.unwrap_or(false),
    };
    let creds = Credentials {
        oidc_secret: secrets.client_secret.unwrap_or_else(|| Secret::new("")),
        amlyze_token: secrets.amlyze_token,
        peer_user: c.peer_user.clone().or(secrets.legacy_peer_user),
        peer_password: secrets.peer_password,
    };
    let network = Network {
        proxy: c.http_proxy.clone(),
        ca_file: c.http_ca_file.as_ref().map(std::path::PathBuf::from),
    };
    Ok(Built {
        env,
        creds,
        network,
    })
}

/// Reads an environment's stored settings from its database.
pub async fn load_config(store: &Store) -> Result<EnvConfig> {
    let v = store
        .read(|c| settings::get_setting(c, CONFIG_SETTING))
        .await?;
    Ok(v.and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default())
}

/// Reads an environment's secrets from the secret store.
pub async fn load_secrets(secrets: &Arc<dyn SecretStore>, kind: EnvKind) -> Result<EnvSecrets> {
    let s = secrets.clone();
    tokio::task::spawn_blocking(move || -> Result<EnvSecrets> {
        let get = |what: &str| s.get(KEYRING_SERVICE, &keyring_account(kind, what));
        Ok(EnvSecrets {
            client_secret: get("oidc-client-secret")?,
            amlyze_token: get("amlyze-token")?,
            peer_password: get("peer-password")?,
            legacy_peer_user: get("peer-user")?.map(|u| u.expose().to_owned()),
        })
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))?
}

/// An upstream running inside this process (the embedded sandbox), stopped at shutdown.
pub type EmbeddedUpstream = amldesk_sandbox::SandboxHandle;

/// Stops an embedded upstream.
pub(crate) async fn stop(h: EmbeddedUpstream) {
    h.shutdown().await;
}

pub(crate) fn env_kind_providers(k: EnvironmentKind) -> EnvKind {
    match k {
        EnvironmentKind::Sandbox => EnvKind::Sandbox,
        EnvironmentKind::Test => EnvKind::Test,
        EnvironmentKind::Production => EnvKind::Production,
    }
}

/// What opening an environment yields.
pub(crate) struct Connected {
    pub env: Environment,
    pub creds: Credentials,
    pub network: Network,
    pub upstream: Option<EmbeddedUpstream>,
}

/// Connects `kind`: starts the embedded sandbox (without `sandbox_url`) for the sandbox; then
/// builds the environment from its stored settings and secrets ([`build`]).
pub(crate) async fn connect(
    kind: EnvironmentKind,
    sandbox_url: Option<String>,
    store: &Store,
    _data_dir: &Path,
    secrets: &Arc<dyn SecretStore>,
) -> Result<Connected> {
    let pkind = env_kind_providers(kind);
    let config = load_config(store).await?;
    let mut upstream = None;
    let (defaults, stored_secrets) = match kind {
        EnvironmentKind::Sandbox => {
            // The sandbox declares de-duplication exactly when its knob is on (default off);
            // a sandbox at `sandbox_url` is taken to run with the same AMLDESK_SANDBOX_* knobs.
            let knobs = amldesk_sandbox::Knobs::from_env()
                .map_err(|e| EngineError::validation("sandbox", e.to_string()))?;
            let dedup = knobs.client_reference_dedup;
            let base = match sandbox_url {
                Some(u) => u.trim_end_matches('/').to_owned(),
                None => {
                    let h = amldesk_sandbox::start(amldesk_sandbox::SandboxConfig {
                        knobs,
                        ..amldesk_sandbox::SandboxConfig::default()
                    })
                    .await
                    .map_err(|e| {
                        EngineError::Internal(format!("the embedded sandbox could not start: {e}"))
                    })?;
                    let u = h.base_url();
                    upstream = Some(h);
                    u
                }
            };
            // The sandbox's addresses are its own; its stored settings may change the rest. It
            // declares de-duplication when its knob is on, unless a setting says otherwise.
            let mut defaults = defaults(pkind, Some(&base));
            defaults.client_reference_dedup = Some(dedup);
            let config = EnvConfig {
                discovery_url: None,
                amlyze_base_url: None,
                peer_base_url: None,
                ..config.clone()
            };
            return finish(pkind, &config, defaults, sandbox_secrets(), upstream);
        }
        _ => (defaults(pkind, None), load_secrets(secrets, pkind).await?),
    };
    finish(pkind, &config, defaults, stored_secrets, upstream)
}

fn finish(
    kind: EnvKind,
    config: &EnvConfig,
    defaults: EnvConfig,
    secrets: EnvSecrets,
    upstream: Option<EmbeddedUpstream>,
) -> Result<Connected> {
    let b = build(kind, config, defaults, secrets)?;
    Ok(Connected {
        env: b.env,
        creds: b.creds,
        network: b.network,
        upstream,
    })
}

/// An environment no request can reach (a closed loopback port), for [`crate::Ctx::for_tests`].
pub(crate) fn unreachable() -> (Environment, Credentials) {
    let base = "http://127.0.0.1:9".to_owned();
    let env = Environment::sandbox(
        format!("{base}{}", amldesk_sandbox::contract::DISCOVERY),
        base,
    );
    let creds = Credentials {
        oidc_secret: Secret::new("unreachable"),
        amlyze_token: None,
        peer_user: None,
        peer_password: None,
    };
    (env, creds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> EnvConfig {
        let mut c = EnvConfig::default();
        for (k, v) in pairs {
            c.set(k, v).expect("valid setting");
        }
        c
    }

    #[test]
    fn stored_scopes_and_addresses_apply_outside_the_sandbox() {
        let c = cfg(&[
            (
                "bankid.discovery_url",
                "https://auth.example/.well-known/openid-configuration",
            ),
            ("bankid.client_id", "bank-42"),
            (
                "bankid.scopes",
                "aml_organization/basic aml_organization/OFAC",
            ),
            ("bankid.client_reference_dedup", "true"),
            ("amlyze.base_url", "https://amlyze.example/"),
            ("peer.base_url", "https://peer.example"),
            ("peer.user", "officer"),
            ("http.proxy", "http://proxy.bank:3128"),
            ("http.ca_file", "/etc/ssl/bank-ca.pem"),
        ]);
        let secrets = EnvSecrets {
            client_secret: Some(Secret::new("s")),
            peer_password: Some(Secret::new("p")),
            legacy_peer_user: Some("old".into()),
            ..EnvSecrets::default()
        };
        let b = build(
            EnvKind::Production,
            &c,
            defaults(EnvKind::Production, None),
            secrets,
        )
        .expect("built");
        assert_eq!(b.env.kind, EnvKind::Production);
        assert_eq!(
            b.env.discovery_url,
            "https://auth.example/.well-known/openid-configuration"
        );
        assert_eq!(b.env.oidc_client_id, "bank-42");
        assert_eq!(b.env.scopes, vec![SCOPE_BASIC, SCOPE_OFAC]);
        assert!(b.env.client_reference_dedup);
        assert_eq!(b.env.amlyze_base, "https://amlyze.example");
        assert_eq!(b.env.peer_base, "https://peer.example");
        assert_eq!(b.creds.peer_user.as_deref(), Some("officer"));
        assert_eq!(b.creds.oidc_secret.expose(), "s");
        assert_eq!(b.network.proxy.as_deref(), Some("http://proxy.bank:3128"));
        assert_eq!(
            b.network.ca_file.as_deref(),
            Some(Path::new("/etc/ssl/bank-ca.pem"))
        );
    }

    #[test]
    fn defaults_are_bankid_basic_and_no_dedup() {
        let b = build(
            EnvKind::Test,
            &EnvConfig::default(),
            defaults(EnvKind::Test, None),
            EnvSecrets::default(),
        )
        .expect("built");
        assert!(b
            .env
            .discovery_url
            .starts_with("https://auth.current.bankid.no/"));
        assert_eq!(b.env.scopes, vec![SCOPE_BASIC]);
        assert!(!b.env.client_reference_dedup);
        assert!(b.creds.oidc_secret.is_empty());
        assert_eq!(b.network, Network::default());
    }

    #[test]
    fn the_sandbox_keeps_its_origin_but_takes_scopes_and_dedup() {
        let c = cfg(&[
            ("bankid.scopes", "aml_organization/basic"),
            ("bankid.client_reference_dedup", "true"),
        ]);
        let b = build(
            EnvKind::Sandbox,
            &c,
            defaults(EnvKind::Sandbox, Some("http://127.0.0.1:5000/")),
            sandbox_secrets(),
        )
        .expect("built");
        assert_eq!(
            b.env.discovery_url,
            format!(
                "http://127.0.0.1:5000{}",
                amldesk_sandbox::contract::DISCOVERY
            )
        );
        assert_eq!(b.env.amlyze_base, "http://127.0.0.1:5000");
        assert_eq!(b.env.scopes, vec![SCOPE_BASIC]);
        assert!(b.env.client_reference_dedup);
        assert_eq!(b.creds.peer_user.as_deref(), Some("sandbox"));
    }

    #[test]
    fn the_legacy_peer_user_is_read_when_no_setting_names_one() {
        let b = build(
            EnvKind::Test,
            &EnvConfig::default(),
            defaults(EnvKind::Test, None),
            EnvSecrets {
                legacy_peer_user: Some("old".into()),
                ..EnvSecrets::default()
            },
        )
        .expect("built");
        assert_eq!(b.creds.peer_user.as_deref(), Some("old"));
    }

    #[test]
    fn bad_values_name_the_key_and_what_is_expected() {
        let mut c = EnvConfig::default();
        for (key, value, expect) in [
            ("bankid.discovery_url", "http://auth.example/x", "loopback"),
            ("amlyze.base_url", "not a url", "absolute URL"),
            ("peer.base_url", "ftp://peer.example", "https"),
            ("bankid.scopes", "aml_organization/basic openid", "openid"),
            ("bankid.scopes", "aml_organization/OFAC", "must include"),
            ("bankid.client_reference_dedup", "yes", "true or false"),
            ("http.proxy", "proxy:3128", "proxy URL"),
            ("http.ca_file", "ca.pem", "absolute path"),
        ] {
            let e = c.set(key, value).expect_err(key);
            let m = e.to_string();
            assert!(m.contains(key) && m.contains(expect), "{key}: {m}");
            assert_eq!(e.code(), crate::api::ErrorCode::Validation);
        }
        let e = c.set("bankid.secret", "x").expect_err("unknown key");
        assert!(e.to_string().contains("bankid.client_id"), "{e}");
        assert_eq!(c, EnvConfig::default(), "nothing was set");
    }

    #[test]
    fn a_stored_http_address_outside_loopback_is_refused_at_build() {
        let c = EnvConfig {
            peer_base_url: Some("http://peer.example".into()),
            ..EnvConfig::default()
        };
        let e = build(
            EnvKind::Test,
            &c,
            defaults(EnvKind::Test, None),
            EnvSecrets::default(),
        )
        .expect_err("http outside loopback");
        assert!(e.to_string().contains("peer.base_url"), "{e}");
    }

    #[test]
    fn entries_round_trip_through_set() {
        let c = cfg(&[
            (
                "bankid.scopes",
                "aml_organization/basic aml_organization/financials.credit",
            ),
            ("bankid.client_reference_dedup", "false"),
            ("peer.user", "u"),
        ]);
        let mut back = EnvConfig::default();
        for (k, v) in c.entries() {
            if let Some(v) = v {
                back.set(k, &v).expect("re-set");
            }
        }
        assert_eq!(back, c);
        let mut c2 = c.clone();
        c2.set("peer.user", "").expect("unset");
        assert_eq!(c2.peer_user, None);
    }
}
