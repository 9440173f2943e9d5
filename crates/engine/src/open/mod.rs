//! Start-up as a sequence: data dir -> secret store -> key -> store -> environment -> Ctx ->
//! webhook receiver -> resume. Each step is one function; [`open`] only strings them together.

pub mod environment;
pub mod preferences;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use amldesk_providers::{
    EnvKind, Http, HttpConfig, KeyringStore, MemoryStore, PassphraseStore, Providers, Secret,
    SecretError, SecretStore, KEYRING_SERVICE,
};
use amldesk_store::{DbKey, Store};
use sha2::{Digest, Sha256};

use crate::api::*;
use crate::context::{lock, Ctx, CtxParts};
use crate::error::{EngineError, Result};
use crate::{scheduler, webhook, Engine};

/// Env var selecting the secret store: `keyring`, `passphrase`, or `memory` (this run only).
pub const SECRET_STORE_ENV: &str = "AMLDESK_SECRET_STORE";
/// Env var naming a file that holds the passphrase of a profile without a keyring.
pub const PASSPHRASE_FILE_ENV: &str = "AMLDESK_PASSPHRASE_FILE";

/// Asks for the passphrase on a terminal (`new`: the profile has none yet, ask twice); `None`
/// when there is no terminal. The CLI sets one; without it nothing is ever prompted.
pub type PassphrasePrompt = fn(new: bool) -> Option<Secret>;
static PASSPHRASE_PROMPT: std::sync::OnceLock<PassphrasePrompt> = std::sync::OnceLock::new();

/// Installs the terminal prompt (once per process; later calls are ignored).
pub fn set_passphrase_prompt(prompt: PassphrasePrompt) {
    let _ = PASSPHRASE_PROMPT.set(prompt);
}
/// Env var for the data directory (the CLI's `--data-dir`).
pub const DATA_DIR_ENV: &str = "AMLDESK_DATA_DIR";

pub struct EngineConfig {
    pub data_dir: PathBuf,
    pub environment: EnvironmentKind,
    /// A running sandbox's base URL; `None` in sandbox mode starts one in-process.
    pub sandbox_url: Option<String>,
    /// `None`: the OS keyring (or memory when `AMLDESK_SECRET_STORE=memory`).
    pub secret_store: Option<Arc<dyn SecretStore>>,
    /// Run a loopback webhook receiver that wakes the scheduler.
    pub webhooks: bool,
}

impl EngineConfig {
    pub fn new(data_dir: impl Into<PathBuf>, environment: EnvironmentKind) -> Self {
        EngineConfig {
            data_dir: data_dir.into(),
            environment,
            sandbox_url: None,
            secret_store: None,
            webhooks: false,
        }
    }
}

/// Options of [`Engine::open_with`].
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Continue unfinished sessions right away (default true).
    pub resume: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions { resume: true }
    }
}

/// The default data directory: `$AMLDESK_DATA_DIR`, else the OS app-data dir.
pub fn default_data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    directories::ProjectDirs::from("no", "AML Desk", "amldesk")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".amldesk"))
}

/// Keyring account holding the database key of a data directory.
pub fn db_key_account(data_dir: &Path) -> String {
    let canon = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let h = Sha256::digest(canon.to_string_lossy().as_bytes());
    format!("db-key/{}", &hex::encode(h)[..16])
}

/// The database file of a data directory for a secret store kind (the sandbox environment's;
/// see [`env_db_path`]).
pub fn db_path(data_dir: &Path, store_kind: &str) -> PathBuf {
    env_db_path(data_dir, store_kind, EnvironmentKind::Sandbox)
}

/// Each environment keeps its cases (and its settings, and its audit log) in its own database
/// file, so resume, lists and search see only the active environment: `profile.db` for the
/// sandbox (the name it always had), `profile-test.db`, `profile-production.db`; with the
/// memory secret store `profile-memory.db`, `profile-memory-test.db`, …
pub fn env_db_path(data_dir: &Path, store_kind: &str, environment: EnvironmentKind) -> PathBuf {
    let mut name = String::from("profile");
    if store_kind == "memory" {
        name.push_str("-memory");
    }
    match environment {
        EnvironmentKind::Sandbox => {}
        EnvironmentKind::Test => name.push_str("-test"),
        EnvironmentKind::Production => name.push_str("-production"),
    }
    name.push_str(".db");
    data_dir.join(name)
}

/// The lower-case name of an environment (`sandbox`, `test`, `production`).
pub fn environment_name(k: EnvironmentKind) -> &'static str {
    environment::env_kind_providers(k).as_str()
}

/// Reads `sandbox`, `test` or `production`; anything else is a validation error naming `field`.
pub fn parse_environment(field: &str, s: &str) -> Result<EnvironmentKind> {
    match s.trim().to_ascii_lowercase().as_str() {
        "sandbox" => Ok(EnvironmentKind::Sandbox),
        "test" => Ok(EnvironmentKind::Test),
        "production" => Ok(EnvironmentKind::Production),
        other => Err(EngineError::validation(
            field,
            format!("\"{other}\" is not an environment: use sandbox, test or production"),
        )),
    }
}

/// Every environment, in display order.
pub const ENVIRONMENTS: [EnvironmentKind; 3] = [
    EnvironmentKind::Sandbox,
    EnvironmentKind::Test,
    EnvironmentKind::Production,
];

/// The secret store for the default data directory; see [`secret_store_for`].
pub fn secret_store_from_env() -> Result<Arc<dyn SecretStore>> {
    secret_store_for(&default_data_dir())
}

/// What to do when no secret store is usable: both ways, in words.
fn no_secret_store(detail: &str) -> EngineError {
    EngineError::KeychainUnavailable(format!(
        "No place to keep the case database key and other secrets: {detail} Either use an OS \
         keyring (start and unlock a Secret Service, e.g. log in to a desktop session), or set \
         {PASSPHRASE_FILE_ENV} to a file holding a passphrase (the secrets are then kept in the \
         data directory, encrypted under it; on a terminal you may type it instead). For a \
         throwaway run only: {SECRET_STORE_ENV}=memory (nothing of that run is kept)."
    ))
}

/// The passphrase: from the file `AMLDESK_PASSPHRASE_FILE` names (one trailing newline
/// dropped), else typed on a terminal, else `None`.
fn passphrase(new: bool) -> Result<Option<Secret>> {
    if let Some(f) = std::env::var_os(PASSPHRASE_FILE_ENV).filter(|f| !f.is_empty()) {
        let text = zeroize::Zeroizing::new(std::fs::read_to_string(&f).map_err(|e| {
            EngineError::validation(
                PASSPHRASE_FILE_ENV,
                format!(
                    "{PASSPHRASE_FILE_ENV} names {}, which cannot be read ({e})",
                    PathBuf::from(&f).display()
                ),
            )
        })?);
        let p = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        if p.is_empty() {
            return Err(EngineError::validation(
                PASSPHRASE_FILE_ENV,
                format!(
                    "the passphrase file {} is empty",
                    PathBuf::from(&f).display()
                ),
            ));
        }
        return Ok(Some(Secret::new(p)));
    }
    Ok(PASSPHRASE_PROMPT.get().and_then(|prompt| prompt(new)))
}

fn passphrase_store(file: &Path) -> Result<Arc<dyn SecretStore>> {
    let Some(p) = passphrase(!file.exists())? else {
        return Err(EngineError::KeychainUnavailable(format!(
            "The secrets of this profile are protected by a passphrase ({}). Set \
             {PASSPHRASE_FILE_ENV} to a file holding it, or run on a terminal to type it.",
            file.display()
        )));
    };
    Ok(Arc::new(PassphraseStore::open(file, &p)?))
}

/// The secret store for `data_dir`, never silently memory-only:
/// - `AMLDESK_SECRET_STORE=memory`: this run only (explicit; the CLI says so on every run);
/// - `AMLDESK_SECRET_STORE=passphrase`, or `AMLDESK_PASSPHRASE_FILE` set, or a profile that has
///   a passphrase file already: the passphrase-protected file in the data directory;
/// - otherwise the OS keyring (probed); without one, a passphrase typed on a terminal (when the
///   front door can prompt), else an error naming both ways.
pub fn secret_store_for(data_dir: &Path) -> Result<Arc<dyn SecretStore>> {
    let file = PassphraseStore::file_in(data_dir);
    let choice = std::env::var(SECRET_STORE_ENV).ok();
    match choice.as_deref().map(str::trim) {
        Some("memory") => Ok(Arc::new(MemoryStore::new())),
        Some("passphrase") => passphrase_store(&file),
        Some("keyring") => Ok(Arc::new(KeyringStore::probe()?)),
        Some("") | None => {
            let file_named = std::env::var_os(PASSPHRASE_FILE_ENV).is_some_and(|f| !f.is_empty());
            if file_named || file.exists() {
                return passphrase_store(&file);
            }
            match KeyringStore::probe() {
                Ok(k) => Ok(Arc::new(k)),
                Err(SecretError::KeychainUnavailable { message }) => {
                    match PASSPHRASE_PROMPT.get().and_then(|prompt| prompt(true)) {
                        Some(p) => Ok(Arc::new(PassphraseStore::open(&file, &p)?)),
                        None => Err(no_secret_store(&message)),
                    }
                }
                Err(e) => Err(e.into()),
            }
        }
        Some(other) => Err(EngineError::validation(
            SECRET_STORE_ENV,
            format!(
                "{SECRET_STORE_ENV} must be \"keyring\", \"passphrase\" or \"memory\"; got \"{other}\""
            ),
        )),
    }
}

/// Opens the profile in `data_dir` (creating it and its key on first start), connects the
/// environment (starting the embedded sandbox in sandbox mode without `sandbox_url`), and
/// resumes every unfinished session unless `options.resume` is false.
pub async fn open(config: EngineConfig, options: OpenOptions) -> Result<Engine> {
    open_declaring(config, options, None).await
}

/// [`open`], overriding whether the environment declares de-duplication by client reference
/// (tests pass it explicitly; settings will say it for test and production).
pub async fn open_declaring(
    config: EngineConfig,
    options: OpenOptions,
    client_reference_dedup: Option<bool>,
) -> Result<Engine> {
    let secrets = match config.secret_store {
        Some(s) => s,
        None => {
            let dir = config.data_dir.clone();
            tokio::task::spawn_blocking(move || secret_store_for(&dir))
                .await
                .map_err(|e| EngineError::Internal(e.to_string()))??
        }
    };
    create_data_dir(&config.data_dir)?;
    let key = database_key(&secrets, &config.data_dir, config.environment).await?;
    let store = open_store(
        env_db_path(&config.data_dir, secrets.kind(), config.environment),
        key,
    )
    .await?;
    let connected = environment::connect(
        config.environment,
        config.sandbox_url.clone(),
        &store,
        &config.data_dir,
        &secrets,
    )
    .await?;
    let mut connected = connected;
    if let Some(d) = client_reference_dedup {
        connected.env.client_reference_dedup = d;
    }
    let http = Http::with_network(HttpConfig::default(), &connected.network)?;
    let base_url = if connected.env.kind == EnvKind::Sandbox {
        connected.env.amlyze_base.clone()
    } else {
        connected.env.discovery_url.clone()
    };
    let ctx = Arc::new(Ctx::new(CtxParts {
        store,
        providers: Arc::new(Providers::new(http, connected.env, connected.creds)),
        environment: config.environment,
        data_dir: config.data_dir.clone(),
        base_url,
        secrets,
        upstream: connected.upstream,
    }));
    let probe = ctx.clone();
    tokio::spawn(async move { probe.probe_connectivity().await });
    if config.webhooks {
        match webhook::start(ctx.clone()).await {
            Ok(url) => *lock(&ctx.webhook_url) = Some(url),
            Err(e) => tracing::warn!(error = %e, "webhook receiver not started; polling only"),
        }
    }
    let n = if options.resume {
        scheduler::resume(&ctx).await?
    } else {
        0
    };
    if n > 0 {
        tracing::info!(sessions = n, "resumed unfinished sessions");
    }
    Ok(Engine::from_ctx(ctx))
}

/// Opens an environment's profile without connecting it: no upstream, no embedded sandbox, no
/// resume. For settings, secrets and offline reading (`amldesk config`, `amldesk secret`).
pub async fn open_offline(config: EngineConfig) -> Result<Engine> {
    let secrets = match config.secret_store {
        Some(s) => s,
        None => tokio::task::spawn_blocking(secret_store_from_env)
            .await
            .map_err(|e| EngineError::Internal(e.to_string()))??,
    };
    create_data_dir(&config.data_dir)?;
    let key = database_key(&secrets, &config.data_dir, config.environment).await?;
    let store = open_store(
        env_db_path(&config.data_dir, secrets.kind(), config.environment),
        key,
    )
    .await?;
    let (env, creds) = environment::unreachable();
    let http = Http::new(HttpConfig::default())?;
    let ctx = Arc::new(Ctx::new(CtxParts {
        store,
        providers: Arc::new(Providers::new(http, env, creds)),
        environment: config.environment,
        data_dir: config.data_dir.clone(),
        base_url: String::new(),
        secrets,
        upstream: None,
    }));
    Ok(Engine::from_ctx(ctx))
}

/// Opens the database of another environment of the same data directory, if it exists (same
/// key: one key per data directory).
pub(crate) async fn open_sibling(
    secrets: &Arc<dyn SecretStore>,
    data_dir: &Path,
    environment: EnvironmentKind,
) -> Result<Option<Store>> {
    let path = env_db_path(data_dir, secrets.kind(), environment);
    if !path.exists() {
        return Ok(None);
    }
    let key = database_key(secrets, data_dir, environment).await?;
    Ok(Some(open_store(path, key).await?))
}

fn create_data_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        EngineError::validation(
            "data directory",
            format!(
                "the data directory {} cannot be created ({e})",
                dir.display()
            ),
        )
    })
}

async fn open_store(path: PathBuf, key: DbKey) -> Result<Store> {
    Ok(
        tokio::task::spawn_blocking(move || Store::open(&path, &key))
            .await
            .map_err(|e| EngineError::Internal(e.to_string()))??,
    )
}

async fn database_key(
    secrets: &Arc<dyn SecretStore>,
    data_dir: &Path,
    environment: EnvironmentKind,
) -> Result<DbKey> {
    let account = db_key_account(data_dir);
    let s = secrets.clone();
    let path = env_db_path(data_dir, secrets.kind(), environment);
    let data_dir = data_dir.to_path_buf();
    tokio::task::spawn_blocking(move || -> Result<DbKey> {
        if let Some(k) = s.get(KEYRING_SERVICE, &account)? {
            return Ok(DbKey::new(k.expose()));
        }
        if s.kind() == "memory" {
            // A memory-only run cannot read an earlier memory-only run's file.
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        } else if path.exists() {
            // A profile moving between the keyring and a passphrase: its key comes along (the
            // other store keeps its copy until the officer removes it).
            if let Some(k) = key_from_the_other_store(s.kind(), &data_dir, &account)? {
                s.set(KEYRING_SERVICE, &account, &k)?;
                tracing::info!(to = s.kind(), "database key moved to this secret store");
                return Ok(DbKey::new(k.expose()));
            }
            let place = if s.kind() == "passphrase" {
                "the passphrase-protected secret file"
            } else {
                "the OS keyring"
            };
            return Err(EngineError::KeychainUnavailable(format!(
                "The case database {} exists but its key is not in {place} (account \
                 {account}). Restore it, or move the file away to start a new one.",
                path.display()
            )));
        }
        let key = DbKey::generate();
        s.set(KEYRING_SERVICE, &account, &Secret::new(key.expose()))?;
        Ok(key)
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))?
}

/// The database key from the store a profile is moving away from: the keyring for a passphrase
/// profile, the passphrase file (when a passphrase is at hand) for a keyring profile.
fn key_from_the_other_store(kind: &str, data_dir: &Path, account: &str) -> Result<Option<Secret>> {
    match kind {
        "passphrase" => Ok(KeyringStore::probe()
            .ok()
            .and_then(|k| k.get(KEYRING_SERVICE, account).ok().flatten())),
        "keyring" => {
            let file = PassphraseStore::file_in(data_dir);
            if !file.exists() {
                return Ok(None);
            }
            let Some(p) = passphrase(false)? else {
                return Ok(None);
            };
            Ok(PassphraseStore::open(&file, &p)?.get(KEYRING_SERVICE, account)?)
        }
        _ => Ok(None),
    }
}
