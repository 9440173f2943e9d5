//! Helpers shared by the engine tests.
#![allow(dead_code)]

pub use std::sync::Arc;
pub use std::time::Duration;

pub use amldesk_engine::api::*;
pub use amldesk_engine::{Engine, EngineConfig};
pub use amldesk_providers::{MemoryStore, SecretStore};
pub use amldesk_sandbox::{Knobs, SandboxConfig};

pub async fn sandbox(knobs: Knobs) -> amldesk_sandbox::SandboxHandle {
    amldesk_sandbox::start(SandboxConfig {
        knobs,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

pub fn fast() -> Knobs {
    Knobs {
        latency_scale: 0.01,
        ..Knobs::default()
    }
}

pub async fn open(dir: &std::path::Path, url: &str, secrets: Arc<dyn SecretStore>) -> Engine {
    Engine::open(EngineConfig {
        data_dir: dir.to_path_buf(),
        environment: EnvironmentKind::Sandbox,
        sandbox_url: Some(url.to_owned()),
        secret_store: Some(secrets),
        webhooks: true,
    })
    .await
    .expect("engine opens")
}

/// [`open`], declaring whether the environment de-duplicates client references.
pub async fn open_declaring(
    dir: &std::path::Path,
    url: &str,
    secrets: Arc<dyn SecretStore>,
    dedup: bool,
) -> Engine {
    Engine::open_declaring(
        EngineConfig {
            data_dir: dir.to_path_buf(),
            environment: EnvironmentKind::Sandbox,
            sandbox_url: Some(url.to_owned()),
            secret_store: Some(secrets),
            webhooks: true,
        },
        dedup,
    )
    .await
    .expect("engine opens")
}

pub fn lookup(id: &str) -> LookupRequest {
    LookupRequest {
        case_id: None,
        country: amldesk_core::Country::No,
        identifier: id.into(),
        duns: false,
        expands: vec!["address".into(), "roles".into(), "sanction".into()],
        reports: vec!["aml".into(), "certificate-of-registration".into()],
        beneficial: true,
        beneficial_expands: vec![],
        skip_organization: false,
    }
}

pub fn org_numbers(n: usize, start: u32) -> Vec<String> {
    let w = [3, 2, 7, 6, 5, 4, 3, 2];
    let mut out = Vec::new();
    let mut body = start;
    while out.len() < n {
        let s = format!("{body:08}");
        let sum: u32 = s.bytes().zip(w).map(|(b, w)| u32::from(b - b'0') * w).sum();
        match 11 - sum % 11 {
            10 => {}
            11 => out.push(format!("{s}0")),
            k => out.push(format!("{s}{k}")),
        }
        body += 1;
    }
    out
}
