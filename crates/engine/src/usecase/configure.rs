//! The CLI's `amldesk config` and `amldesk secret` (and, through `environment_config`, Settings in
//! the window): an environment's
//! settings (kept in that environment's database, see `open::env_db_path`) and its secrets
//! (kept in the secret store per environment). Every change is in the audit log of that
//! environment's database — who, which key, when — never the value.

use serde::Serialize;

use super::prelude::*;
use crate::open::environment::{defaults, load_config, EnvConfig, CONFIG_SETTING, SECRET_NAMES};
use crate::open::{environment_name, open_sibling, ENVIRONMENTS};

/// One setting as `amldesk config show` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigEntry {
    pub key: String,
    /// The stored value, if set.
    pub value: Option<String>,
    /// What applies when nothing is stored.
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigView {
    pub environment: EnvironmentKind,
    /// The database file keeping this environment's cases and settings.
    pub database: String,
    pub entries: Vec<ConfigEntry>,
}

/// One secret as `amldesk secret list` prints it (never its value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretEntry {
    pub environment: EnvironmentKind,
    pub name: String,
    pub stored: bool,
    /// `keyring` or `memory`.
    pub store: String,
    /// Where: service and account in that store.
    pub location: String,
}

/// Who made a change: the operating-system user.
fn who() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn account_of(name: &str) -> Result<&'static str> {
    SECRET_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| *a)
        .ok_or_else(|| {
            EngineError::validation(
                "name",
                format!(
                    "\"{name}\" is not a secret name; the secrets are {}",
                    SECRET_NAMES.map(|(n, _)| n).join(", ")
                ),
            )
        })
}

/// The active environment's settings with their defaults.
pub async fn config_show(ctx: &Arc<Ctx>) -> Result<ConfigView> {
    let kind = env_kind_providers(ctx.environment);
    let stored = load_config(&ctx.store).await?;
    let defaults = defaults(kind, None);
    let default_entries = defaults.entries();
    let mut entries: Vec<ConfigEntry> = stored
        .entries()
        .into_iter()
        .zip(default_entries)
        .map(|((key, value), (_, default))| ConfigEntry {
            key: key.to_owned(),
            value,
            default: match key {
                "bankid.scopes" => default.or_else(|| Some(amldesk_providers::SCOPE_BASIC.into())),
                "bankid.client_reference_dedup" => default.or_else(|| Some("false".into())),
                _ => default,
            },
        })
        .collect();
    if ctx.environment == EnvironmentKind::Sandbox {
        for e in &mut entries {
            if matches!(
                e.key.as_str(),
                "bankid.discovery_url" | "amlyze.base_url" | "peer.base_url"
            ) {
                e.default = Some("the embedded sandbox's loopback address".into());
            }
        }
    }
    Ok(ConfigView {
        environment: ctx.environment,
        database: crate::open::env_db_path(&ctx.data_dir, ctx.secrets.kind(), ctx.environment)
            .display()
            .to_string(),
        entries,
    })
}

/// The settings the sandbox fixes (its own loopback addresses and documented peer user).
pub(crate) fn fixed_in_sandbox(key: &str) -> bool {
    matches!(
        key,
        "bankid.discovery_url" | "amlyze.base_url" | "peer.base_url" | "peer.user"
    )
}

pub(crate) fn sandbox_fixed_error(key: &str) -> EngineError {
    EngineError::validation(
        key,
        format!(
            "sandbox.{key} cannot be set: the sandbox serves everything from its own loopback \
             address with its documented client (use --sandbox-url for a running one); set it \
             for test or production"
        ),
    )
}

/// Sets (or, with an empty value, unsets) one setting of the active environment.
pub async fn config_set(ctx: &Arc<Ctx>, key: &str, value: &str) -> Result<()> {
    if ctx.environment == EnvironmentKind::Sandbox && fixed_in_sandbox(key) {
        return Err(sandbox_fixed_error(key));
    }
    let mut config: EnvConfig = load_config(&ctx.store).await?;
    config.set(key, value)?;
    let json = serde_json::to_value(&config).map_err(|e| EngineError::Internal(e.to_string()))?;
    let detail = serde_json::json!({
        "environment": environment_name(ctx.environment),
        "key": key,
        "by": who(),
        "unset": value.trim().is_empty(),
    });
    ctx.store
        .write(move |c| {
            settings::set_setting_audited(c, CONFIG_SETTING, &json, "setting.changed", detail)
        })
        .await?;
    Ok(())
}

async fn audit_secret(ctx: &Arc<Ctx>, name: &str, action: &str) -> Result<()> {
    let detail = serde_json::json!({
        "environment": environment_name(ctx.environment),
        "name": name,
        "change": action,
        "by": who(),
        "store": ctx.secrets.kind(),
    })
    .to_string();
    ctx.store
        .write(move |c| audit::append(c, None, "secret.changed", &detail).map(|_| ()))
        .await?;
    Ok(())
}

fn refuse_sandbox(ctx: &Ctx) -> Result<()> {
    if ctx.environment == EnvironmentKind::Sandbox {
        return Err(EngineError::validation(
            "environment",
            "the sandbox uses its fixed, documented credentials; secrets are set for test and \
             production",
        ));
    }
    Ok(())
}

/// Stores one secret of the active environment.
pub async fn secret_set(ctx: &Arc<Ctx>, name: &str, value: Secret) -> Result<()> {
    let account = keyring_account(env_kind_providers(ctx.environment), account_of(name)?);
    refuse_sandbox(ctx)?;
    if value.is_empty() {
        return Err(EngineError::validation(
            name,
            format!("{name}: standard input was empty; pipe the secret in (or use `amldesk secret delete`)"),
        ));
    }
    let store = ctx.secrets.clone();
    tokio::task::spawn_blocking(move || store.set(KEYRING_SERVICE, &account, &value))
        .await
        .map_err(|e| EngineError::Internal(e.to_string()))??;
    audit_secret(ctx, name, "set").await
}

/// Deletes one secret of the active environment (deleting an absent one is no error).
pub async fn secret_delete(ctx: &Arc<Ctx>, name: &str) -> Result<()> {
    let account = keyring_account(env_kind_providers(ctx.environment), account_of(name)?);
    refuse_sandbox(ctx)?;
    let store = ctx.secrets.clone();
    tokio::task::spawn_blocking(move || store.delete(KEYRING_SERVICE, &account))
        .await
        .map_err(|e| EngineError::Internal(e.to_string()))??;
    audit_secret(ctx, name, "deleted").await
}

/// Which secrets are stored, and where, for `environments` (values are never read out).
pub async fn secret_list(
    ctx: &Arc<Ctx>,
    environments: Vec<EnvironmentKind>,
) -> Result<Vec<SecretEntry>> {
    let store = ctx.secrets.clone();
    tokio::task::spawn_blocking(move || -> Result<Vec<SecretEntry>> {
        let mut out = Vec::new();
        for env in environments {
            for (name, what) in SECRET_NAMES {
                if env == EnvironmentKind::Sandbox {
                    out.push(SecretEntry {
                        environment: env,
                        name: name.into(),
                        stored: true,
                        store: "built-in".into(),
                        location: "the sandbox's documented credentials".into(),
                    });
                    continue;
                }
                let account = keyring_account(env_kind_providers(env), what);
                let stored = store.get(KEYRING_SERVICE, &account)?.is_some();
                out.push(SecretEntry {
                    environment: env,
                    name: name.into(),
                    stored,
                    store: store.kind().into(),
                    location: format!("service {KEYRING_SERVICE}, account {account}"),
                });
            }
        }
        Ok(out)
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))?
}

/// Every case of every environment of this data directory (each environment's database that
/// exists), most recent first.
pub async fn list_cases_all_environments(ctx: &Arc<Ctx>) -> Result<Vec<CaseSummary>> {
    let mut all = super::list_cases::list_cases(ctx, CaseQuery::default()).await?;
    for env in ENVIRONMENTS {
        if env == ctx.environment {
            continue;
        }
        if let Some(store) = open_sibling(&ctx.secrets, &ctx.data_dir, env).await? {
            let rows = store
                .read(|c| cases::list_cases(c, &CaseFilter::default()))
                .await?;
            all.extend(rows.into_iter().map(views::summary));
            drop(store);
        }
    }
    all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    Ok(all)
}

/// The other environment whose database holds `case_id`, if any.
pub async fn case_environment_elsewhere(
    ctx: &Arc<Ctx>,
    case_id: &str,
) -> Result<Option<EnvironmentKind>> {
    for env in ENVIRONMENTS {
        if env == ctx.environment {
            continue;
        }
        if let Some(store) = open_sibling(&ctx.secrets, &ctx.data_dir, env).await? {
            let id = case_id.to_owned();
            let found = store
                .read(move |c| Ok(cases::get_case(c, &id).is_ok()))
                .await?;
            drop(store);
            if found {
                return Ok(Some(env));
            }
        }
    }
    Ok(None)
}
