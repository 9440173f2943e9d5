//! The engine the window talks to, or why it could not start.

use amldesk_engine::api::{EnvironmentKind, ErrorCode, ErrorDto};
use amldesk_engine::{Engine, EngineConfig};
use amldesk_providers::{MemoryStore, SecretStore};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

pub struct AppState {
    data_dir: PathBuf,
    engine: RwLock<Result<Engine, ErrorDto>>,
}

fn config(data_dir: PathBuf, secret_store: Option<Arc<dyn SecretStore>>) -> EngineConfig {
    EngineConfig {
        data_dir,
        environment: EnvironmentKind::Sandbox,
        sandbox_url: std::env::var("AMLDESK_SANDBOX_URL").ok(),
        secret_store,
        webhooks: false,
    }
}

impl AppState {
    /// Opens the engine on the embedded sandbox (the default environment). A failure (no keyring,
    /// a database newer than this app, …) is kept and returned by every command, so the window can
    /// explain it instead of crashing.
    pub async fn open(data_dir: Option<PathBuf>) -> AppState {
        let data_dir = data_dir.unwrap_or_else(amldesk_engine::default_data_dir);
        let engine = Engine::open(config(data_dir.clone(), None))
            .await
            .map_err(|e| e.to_dto());
        AppState {
            data_dir,
            engine: RwLock::new(engine),
        }
    }

    /// After the officer chose so: open the engine with secrets (and the database key) kept in
    /// memory for this run only, because the OS keyring is unavailable. Only allowed then.
    pub async fn open_memory_only(&self) -> Result<Engine, ErrorDto> {
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
        let engine = Engine::open(config(self.data_dir.clone(), Some(store)))
            .await
            .map_err(|e| e.to_dto())?;
        *self.engine.write().unwrap_or_else(|p| p.into_inner()) = Ok(engine.clone());
        Ok(engine)
    }

    /// The engine, or the reason it is not there, ready to cross IPC.
    pub fn get(&self) -> Result<Engine, ErrorDto> {
        self.engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
