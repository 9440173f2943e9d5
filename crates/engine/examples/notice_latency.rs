//! Notice latency: how long after the sandbox marks an entity `READY` the engine downloads it
//! (`readyAt` → `firstDownloadAt`), with and without the webhook receiver.
//!
//! `cargo run -p amldesk-engine --example notice_latency [N]`

use std::sync::Arc;

use amldesk_engine::api::{EnvironmentKind, LookupRequest};
use amldesk_engine::{Engine, EngineConfig};
use amldesk_providers::MemoryStore;
use amldesk_sandbox::{Knobs, SandboxConfig};

fn ms(a: &str, b: &str) -> Option<i64> {
    let a = chrono::DateTime::parse_from_rfc3339(a).ok()?;
    let b = chrono::DateTime::parse_from_rfc3339(b).ok()?;
    Some((b - a).num_milliseconds())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for webhooks in [false, true] {
        let sb = amldesk_sandbox::start(SandboxConfig {
            knobs: Knobs {
                latency_scale: 0.3,
                ..Knobs::default()
            },
            ..SandboxConfig::default()
        })
        .await?;
        let dir = tempfile::tempdir()?;
        let engine = Engine::open(EngineConfig {
            data_dir: dir.path().to_path_buf(),
            environment: EnvironmentKind::Sandbox,
            sandbox_url: Some(sb.base_url()),
            secret_store: Some(Arc::new(MemoryStore::new())),
            webhooks,
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let ids = [
            "923609016",
            "984851006",
            "982463718",
            "914778271",
            "974760673",
        ];
        for i in 0..n {
            engine
                .start_lookup(LookupRequest {
                    case_id: None,
                    country: amldesk_core::Country::No,
                    identifier: ids[i % ids.len()].into(),
                    duns: false,
                    expands: vec![],
                    reports: vec!["aml".into()],
                    beneficial: false,
                    beneficial_expands: vec![],
                    skip_organization: false,
                })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        engine.wait_idle().await;
        let mut lat: Vec<i64> = sb
            .stats()
            .await
            .entities
            .iter()
            .filter_map(|e| ms(&e.ready_at, e.first_download_at.as_deref()?))
            .collect();
        lat.sort_unstable();
        let pct = |p: f64| {
            lat.get(((lat.len() as f64 - 1.0) * p) as usize)
                .copied()
                .unwrap_or(0)
        };
        println!(
            "webhooks={webhooks:<5} entities={} notice latency ms: p50={} p90={} max={}",
            lat.len(),
            pct(0.5),
            pct(0.9),
            pct(1.0)
        );
        engine.shutdown().await;
        sb.shutdown().await;
    }
    Ok(())
}
