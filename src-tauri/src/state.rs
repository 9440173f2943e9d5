//! The engine the window talks to, or why it could not start; switching the environment
//! reopens it.

use amldesk_engine::api::{EnvironmentKind, ErrorCode, ErrorDto};
use amldesk_engine::{Engine, EngineConfig};
use amldesk_providers::{MemoryStore, SecretStore};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

pub struct AppState {
    data_dir: PathBuf,
    /// The environment the engine is (or failed to be) open for.
    environment: RwLock<EnvironmentKind>,
    engine: RwLock<Result<Engine, ErrorDto>>,
    /// Set after the officer chose to keep secrets in memory for this run.
    memory_store: RwLock<Option<Arc<dyn SecretStore>>>,
    /// One switch at a time.
    switching: tokio::sync::Mutex<()>,
}

fn config(
    data_dir: PathBuf,
    environment: EnvironmentKind,
    secret_store: Option<Arc<dyn SecretStore>>,
) -> EngineConfig {
    EngineConfig {
        data_dir,
        environment,
        // A running sandbox stands in for the embedded one (tests); only for the sandbox.
        sandbox_url: std::env::var("AMLDESK_SANDBOX_URL").ok(),
        secret_store,
        webhooks: false,
    }
}

fn lock<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}

fn lock_mut<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    /// Opens the engine on the saved active environment (`preferences.json`; the sandbox when
    /// there is none). A failure (no keyring, a database newer than this app, unreadable
    /// preferences, …) is kept and returned by every command, so the window can explain it
    /// instead of crashing.
    pub async fn open(data_dir: Option<PathBuf>) -> AppState {
        let data_dir = data_dir.unwrap_or_else(amldesk_engine::default_data_dir);
        let (environment, engine) = match amldesk_engine::read_preferences(&data_dir) {
            Ok(p) => {
                let e = Engine::open(config(data_dir.clone(), p.active_environment, None))
                    .await
                    .map_err(|e| e.to_dto());
                (p.active_environment, e)
            }
            Err(e) => (EnvironmentKind::Sandbox, Err(e.to_dto())),
        };
        AppState {
            data_dir,
            environment: RwLock::new(environment),
            engine: RwLock::new(engine),
            memory_store: RwLock::new(None),
            switching: tokio::sync::Mutex::new(()),
        }
    }

    /// After the officer chose so: open the engine with secrets (and the database key) kept in
    /// memory for this run only, because the OS keyring is unavailable. Only allowed then.
    pub async fn open_memory_only(&self) -> Result<Engine, ErrorDto> {
        let _one = self.switching.lock().await;
        match self.get() {
            Ok(_) => {
                return Err(ErrorDto {
                    code: ErrorCode::Conflict,
                    message: "The case database is already open with the OS keyring.".into(),
                    field: None,
                    detail: None,
                })
            }
            Err(e) if e.code != ErrorCode::KeychainUnavailable => return Err(e),
            Err(_) => {}
        }
        let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
        *lock_mut(&self.memory_store) = Some(store.clone());
        let env = *lock(&self.environment);
        let engine = Engine::open(config(self.data_dir.clone(), env, Some(store)))
            .await
            .map_err(|e| e.to_dto())?;
        *lock_mut(&self.engine) = Ok(engine.clone());
        Ok(engine)
    }

    /// Switches to `environment` (or reopens the active one, after its settings changed): the
    /// old engine is shut down in order (its sessions stop and resume later, its store threads
    /// are joined), the choice is saved for the next start, and the new one is opened. A
    /// failure to open is kept like a failure at start-up (the window explains it and can
    /// switch again).
    pub async fn switch(&self, environment: EnvironmentKind) -> Result<Engine, ErrorDto> {
        let _one = self.switching.lock().await;
        let old = std::mem::replace(
            &mut *lock_mut(&self.engine),
            Err(ErrorDto {
                code: ErrorCode::Conflict,
                message: "AML Desk is switching environments; try again in a moment.".into(),
                field: None,
                detail: None,
            }),
        );
        if let Ok(old) = old {
            old.shutdown().await;
            drop(old);
        }
        *lock_mut(&self.environment) = environment;
        let saved = amldesk_engine::save_active_environment(&self.data_dir, environment)
            .map_err(|e| e.to_dto());
        let store = lock(&self.memory_store).clone();
        let opened = match saved {
            Ok(()) => Engine::open(config(self.data_dir.clone(), environment, store))
                .await
                .map_err(|e| e.to_dto()),
            Err(e) => Err(e),
        };
        *lock_mut(&self.engine) = opened.clone();
        opened
    }

    /// The environment the engine is open for (or failed to open for).
    pub fn environment(&self) -> EnvironmentKind {
        *lock(&self.environment)
    }

    /// The engine, or the reason it is not there, ready to cross IPC.
    pub fn get(&self) -> Result<Engine, ErrorDto> {
        lock(&self.engine).clone()
    }
}
