//! The engine the window talks to, or why it could not start.

use amldesk_engine::api::{EnvironmentKind, ErrorCode, ErrorDto};
use amldesk_engine::{Engine, EngineConfig};
use std::path::PathBuf;

pub struct AppState {
    engine: Result<Engine, ErrorDto>,
}

impl AppState {
    /// Opens the engine on the embedded sandbox (the default environment). A failure (no keyring,
    /// a database newer than this app, …) is kept and returned by every command, so the window can
    /// explain it instead of crashing.
    pub async fn open(data_dir: Option<PathBuf>) -> AppState {
        let config = EngineConfig {
            data_dir: data_dir.unwrap_or_else(amldesk_engine::default_data_dir),
            environment: EnvironmentKind::Sandbox,
            sandbox_url: std::env::var("AMLDESK_SANDBOX_URL").ok(),
            secret_store: None,
            webhooks: false,
        };
        AppState {
            engine: Engine::open(config).await.map_err(|e| e.to_dto()),
        }
    }

    pub fn engine(&self) -> Option<&Engine> {
        self.engine.as_ref().ok()
    }

    /// The engine, or the reason it is not there, ready to cross IPC.
    pub fn get(&self) -> Result<&Engine, ErrorDto> {
        self.engine.as_ref().map_err(|e| ErrorDto {
            code: e.code,
            message: e.message.clone(),
            field: e.field.clone(),
            detail: e.detail.clone(),
        })
    }
}

/// An unexpected failure of the shell itself (not of the engine).
#[allow(dead_code)]
pub fn internal(message: impl Into<String>) -> ErrorDto {
    ErrorDto {
        code: ErrorCode::Internal,
        message: message.into(),
        field: None,
        detail: None,
    }
}
