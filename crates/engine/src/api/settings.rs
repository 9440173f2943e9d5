//! The settings surface as data: the window's own preferences, each environment's settings and
//! secrets as Settings edits them (never a secret's value), and the step-by-step connection
//! test (IPC and `--json`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::EnvironmentKind;

/// The window's own preferences (not an environment's): kept in `preferences.json` in the data
/// directory, so the active environment is known before any environment's database is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The environment the app opens (changed by `switch_environment` only; ignored on save).
    pub active: EnvironmentKind,
    /// Results older than this are marked stale.
    pub stale_after_days: u32,
    pub data_dir: String,
    /// Light, dark, or follow the system.
    pub theme: String,
}

/// One setting of an environment (the keys of `amldesk config set <env>.<key>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingEntry {
    pub key: String,
    /// The stored value, if set.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What applies when nothing is stored.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Fixed by the environment (the sandbox's own addresses): shown, never set.
    pub fixed: bool,
}

/// Whether one secret of an environment is stored, and where (never its value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretState {
    /// `bankid.client_secret`, `amlyze.token`, `peer.password`.
    pub name: String,
    pub stored: bool,
    /// `keyring`, `passphrase`, `memory` (this run only) or `built-in` (the sandbox's).
    pub store: String,
}

/// An environment's settings and secrets as Settings edits them (the same keys and secrets as
/// `amldesk config` / `amldesk secret`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentConfig {
    pub environment: EnvironmentKind,
    /// Whether this is the environment the engine runs on now.
    pub active: bool,
    /// The database file keeping this environment's cases and settings.
    pub database: String,
    pub entries: Vec<SettingEntry>,
    pub secrets: Vec<SecretState>,
    /// What must still be set before a lookup can work (setting keys and secret names).
    pub missing: Vec<String>,
}

/// One setting to change; an empty value unsets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingChange {
    pub key: String,
    pub value: String,
}

/// Changes to an environment's settings, applied all or none (each key audited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConfigChangeRequest {
    pub environment: EnvironmentKind,
    pub changes: Vec<SettingChange>,
}

/// Stores (with a value) or deletes (`value` absent) one secret of an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretChangeRequest {
    pub environment: EnvironmentKind,
    pub name: String,
    /// The secret; written to the secret store and dropped. Never returned. Absent: delete.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStep {
    /// `discovery`, `token <scope>`, `Beneficial owners`, `Amlyze`, `peer`.
    pub step: String,
    pub ok: bool,
    pub message: String,
    pub elapsed_ms: u64,
}

/// A connection test of one environment, step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub environment: EnvironmentKind,
    pub ok: bool,
    pub steps: Vec<ConnectionStep>,
}
