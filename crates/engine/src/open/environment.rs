//! The environment a profile talks to: the embedded sandbox, the vendors' test environment or
//! production. The only file of the engine that names the sandbox crate.
//!
//! Today's construction moved here unchanged: the sandbox runs in-process (or at `sandbox_url`)
//! with its documented credentials; test and production read their addresses and client id from
//! the saved settings and their secrets from the secret store.

use std::path::Path;
use std::sync::Arc;

use amldesk_providers::{Credentials, EnvKind, Environment, Secret, SecretStore};
use amldesk_store::Store;

use crate::api::{EnvironmentKind, EnvironmentSettings, Provider};
use crate::error::{EngineError, Result};

/// An upstream running inside this process (the embedded sandbox), stopped at shutdown.
pub type EmbeddedUpstream = amldesk_sandbox::SandboxHandle;

/// Stops an embedded upstream.
pub(crate) async fn stop(h: EmbeddedUpstream) {
    h.shutdown().await;
}

/// The sandbox's documented peer user (shown in Settings for the sandbox environment).
pub(crate) fn sandbox_peer_user() -> &'static str {
    amldesk_sandbox::credentials::PEER_USER
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
    pub upstream: Option<EmbeddedUpstream>,
}

/// Connects `kind`: starts the embedded sandbox (without `sandbox_url`), or reads the saved
/// settings and secrets of test or production.
pub(crate) async fn connect(
    kind: EnvironmentKind,
    sandbox_url: Option<String>,
    store: &Store,
    data_dir: &Path,
    secrets: &Arc<dyn SecretStore>,
) -> Result<Connected> {
    let mut sandbox = None;
    let (env, creds) = match kind {
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
                    sandbox = Some(h);
                    u
                }
            };
            use amldesk_sandbox::credentials as sc;
            let env = Environment {
                client_reference_dedup: dedup,
                ..Environment::sandbox(
                    format!("{base}{}", amldesk_sandbox::contract::DISCOVERY),
                    base.clone(),
                )
            };
            let creds = Credentials {
                oidc_secret: Secret::new(sc::OIDC_CLIENT_SECRET),
                amlyze_token: Some(Secret::new(sc::AMLYZE_TOKEN)),
                peer_user: Some(sc::PEER_USER.to_owned()),
                peer_password: Some(Secret::new(sc::PEER_PASSWORD)),
            };
            (env, creds)
        }
        kind => {
            let st = super::load_settings(store, data_dir).await?;
            let envs = st
                .environments
                .iter()
                .find(|e| e.kind == kind)
                .cloned()
                .unwrap_or(EnvironmentSettings {
                    kind,
                    providers: Vec::new(),
                });
            let url = |p: Provider| {
                envs.providers
                    .iter()
                    .find(|x| x.provider == p)
                    .map(|x| x.url.clone())
                    .unwrap_or_default()
            };
            let client_id = envs
                .providers
                .iter()
                .find(|x| x.provider == Provider::Organization)
                .and_then(|x| x.client_id.clone())
                .unwrap_or_default();
            let mut env = if kind == EnvironmentKind::Test {
                Environment::test(client_id, url(Provider::Amlyze), url(Provider::Peer))
            } else {
                Environment::production(client_id, url(Provider::Amlyze), url(Provider::Peer))
            };
            let org_url = url(Provider::Organization);
            if !org_url.is_empty() {
                env.discovery_url = org_url;
            }
            let store_async = amldesk_providers::AsyncSecretStore::new(secrets.clone());
            let creds = Credentials::load(&store_async, env_kind_providers(kind))
                .await?
                .unwrap_or(Credentials {
                    oidc_secret: Secret::new(""),
                    amlyze_token: None,
                    peer_user: None,
                    peer_password: None,
                });
            (env, creds)
        }
    };
    Ok(Connected {
        env,
        creds,
        upstream: sandbox,
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
