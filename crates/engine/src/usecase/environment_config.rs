//! Settings in the window: any environment's settings and secrets, through the very functions
//! `amldesk config` and `amldesk secret` use (same keys, same audit rows in that environment's
//! database). An environment other than the active one is opened offline for the change and
//! closed again (its store threads joined).

use std::future::Future;

use super::configure::{config_set, config_show, secret_delete, secret_list, secret_set};
use super::prelude::*;
use crate::open::environment::{EnvConfig, SECRET_NAMES};
use crate::{Engine, EngineConfig};

/// Runs `f` on `environment`'s context: the running engine's when it is the active one, else an
/// offline engine over the same data directory and secret store, shut down afterwards.
pub(crate) async fn with_environment<T, F, Fut>(
    ctx: &Arc<Ctx>,
    environment: EnvironmentKind,
    f: F,
) -> Result<T>
where
    F: FnOnce(Arc<Ctx>) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    if environment == ctx.environment {
        return f(ctx.clone()).await;
    }
    // One offline engine at a time: two stores writing one database file from this process
    // would race for the audit log's next sequence number (two quick clicks on Store).
    static OFFLINE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = OFFLINE.lock().await;
    let other = Engine::open_offline(EngineConfig {
        data_dir: ctx.data_dir.clone(),
        environment,
        sandbox_url: None,
        secret_store: Some(ctx.secrets.clone()),
        webhooks: false,
    })
    .await?;
    let r = f(other.ctx().clone()).await;
    other.shutdown().await;
    r
}

/// What an environment still needs before a lookup can work: the BankID client id and secret
/// (the discovery URL has a default; Amlyze and the peer API are optional).
fn missing(
    environment: EnvironmentKind,
    entries: &[SettingEntry],
    secrets: &[SecretState],
) -> Vec<String> {
    if environment == EnvironmentKind::Sandbox {
        return Vec::new();
    }
    let mut out = Vec::new();
    for key in ["bankid.discovery_url", "bankid.client_id"] {
        let set = entries
            .iter()
            .find(|e| e.key == key)
            .is_some_and(|e| e.value.is_some() || e.default.is_some());
        if !set {
            out.push(key.to_owned());
        }
    }
    if !secrets
        .iter()
        .any(|s| s.name == "bankid.client_secret" && s.stored)
    {
        out.push("bankid.client_secret".to_owned());
    }
    out
}

async fn view(ctx: &Arc<Ctx>, active: EnvironmentKind) -> Result<EnvironmentConfig> {
    let shown = config_show(ctx).await?;
    let sandbox = ctx.environment == EnvironmentKind::Sandbox;
    let entries: Vec<SettingEntry> = shown
        .entries
        .into_iter()
        .map(|e| {
            let fixed = sandbox && super::configure::fixed_in_sandbox(&e.key);
            // The running sandbox's own addresses, where this engine is connected to it.
            let live = &ctx.providers.env;
            let default = match e.key.as_str() {
                "bankid.discovery_url" if fixed && !ctx.base_url.is_empty() => {
                    Some(live.discovery_url.clone())
                }
                "amlyze.base_url" if fixed && !ctx.base_url.is_empty() => {
                    Some(live.amlyze_base.clone())
                }
                "peer.base_url" if fixed && !ctx.base_url.is_empty() => {
                    Some(live.peer_base.clone())
                }
                _ => e.default,
            };
            SettingEntry {
                fixed,
                key: e.key,
                value: e.value,
                default,
            }
        })
        .collect();
    let secrets: Vec<SecretState> = secret_list(ctx, vec![ctx.environment])
        .await?
        .into_iter()
        .map(|s| SecretState {
            name: s.name,
            stored: s.stored,
            store: s.store,
        })
        .collect();
    Ok(EnvironmentConfig {
        environment: ctx.environment,
        active: ctx.environment == active,
        database: shown.database,
        missing: missing(ctx.environment, &entries, &secrets),
        entries,
        secrets,
    })
}

/// An environment's settings (with their defaults) and which secrets are stored.
pub async fn get_environment_config(
    ctx: &Arc<Ctx>,
    environment: EnvironmentKind,
) -> Result<EnvironmentConfig> {
    let active = ctx.environment;
    with_environment(ctx, environment, |c| async move { view(&c, active).await }).await
}

/// Applies `changes` all or none: every value is checked first (an error names the key), then
/// each key is set as `amldesk config set` does (one `setting.changed` audit row each).
pub async fn set_environment_config(
    ctx: &Arc<Ctx>,
    req: ConfigChangeRequest,
) -> Result<EnvironmentConfig> {
    let mut probe = EnvConfig::default();
    for c in &req.changes {
        probe.set(&c.key, &c.value)?;
        if req.environment == EnvironmentKind::Sandbox && super::configure::fixed_in_sandbox(&c.key)
        {
            // config_set says why; refuse before anything is written.
            return Err(super::configure::sandbox_fixed_error(&c.key));
        }
    }
    let active = ctx.environment;
    with_environment(ctx, req.environment, |c| async move {
        for change in &req.changes {
            config_set(&c, &change.key, &change.value).await?;
        }
        view(&c, active).await
    })
    .await
}

/// Stores (or, without a value, deletes) one secret as `amldesk secret set|delete` does (one
/// `secret.changed` audit row). The answer says only whether it is stored and where.
pub async fn set_environment_secret(
    ctx: &Arc<Ctx>,
    req: SecretChangeRequest,
) -> Result<EnvironmentConfig> {
    if !SECRET_NAMES.iter().any(|(n, _)| *n == req.name) {
        return Err(EngineError::validation(
            "name",
            format!(
                "\"{}\" is not a secret name; the secrets are {}",
                req.name,
                SECRET_NAMES.map(|(n, _)| n).join(", ")
            ),
        ));
    }
    let active = ctx.environment;
    let SecretChangeRequest {
        environment,
        name,
        value,
    } = req;
    with_environment(ctx, environment, |c| async move {
        match value {
            Some(v) => {
                if v.is_empty() {
                    return Err(EngineError::validation(
                        name.as_str(),
                        format!("{name}: enter the secret to store, or use Delete"),
                    ));
                }
                secret_set(&c, &name, Secret::new(v)).await?
            }
            None => secret_delete(&c, &name).await?,
        }
        view(&c, active).await
    })
    .await
}
