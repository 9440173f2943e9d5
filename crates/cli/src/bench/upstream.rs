//! The sandbox a benchmark runs against: one started separately (`--sandbox-url`), or, for
//! `--quick` without one, started in this process. Only `/_sandbox/*` is used here: reset,
//! knobs and the stats that hold what no client sees (readiness times, the lower bound).

use std::sync::Arc;

use amldesk_engine::api::EnvironmentKind;
use amldesk_engine::{Engine, EngineConfig};
use amldesk_sandbox::{Knobs, SandboxConfig, SandboxHandle, Stats};
use anyhow::{bail, Context, Result};

pub(crate) struct Upstream {
    pub base: String,
    http: reqwest::Client,
    own: Option<SandboxHandle>,
}

/// Latency scale of the in-process `--quick` sandbox.
pub(crate) const QUICK_LATENCY_SCALE: f64 = 0.1;

impl Upstream {
    pub(crate) async fn connect(url: Option<&str>, quick: bool, seed: u64) -> Result<Upstream> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .context("HTTP client")?;
        let (base, own) = match url {
            Some(u) => (u.trim_end_matches('/').to_owned(), None),
            None if quick => {
                let h = amldesk_sandbox::start(SandboxConfig {
                    port: 0,
                    seed,
                    knobs: Knobs {
                        latency_scale: QUICK_LATENCY_SCALE,
                        ..Knobs::default()
                    },
                    synthetic_owners: None,
                })
                .await?;
                eprintln!(
                    "bench: in-process sandbox at {} (seed {seed}, latency scale {QUICK_LATENCY_SCALE})",
                    h.base_url()
                );
                (h.base_url(), Some(h))
            }
            None => bail!(
                "--sandbox-url: a full-size benchmark runs against a separately started \
                 sandbox: start one with `amldesk sandbox --seed N --port 8787` and pass \
                 --sandbox-url http://127.0.0.1:8787 (or use --quick)"
            ),
        };
        let up = Upstream { base, http, own };
        up.knobs()
            .await
            .with_context(|| format!("no sandbox answers at {}", up.base))?;
        Ok(up)
    }

    pub(crate) async fn stop(self) {
        if let Some(h) = self.own {
            h.shutdown().await;
        }
    }

    pub(crate) async fn knobs(&self) -> Result<Knobs> {
        let r = self
            .http
            .get(format!("{}/_sandbox/knobs", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(r.json().await?)
    }

    pub(crate) async fn set_knobs(&self, patch: serde_json::Value) -> Result<()> {
        self.http
            .post(format!("{}/_sandbox/knobs", self.base))
            .json(&patch)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Forgets every session and counter, restores the sandbox's starting knobs and seed.
    pub(crate) async fn reset(&self) -> Result<()> {
        self.http
            .post(format!("{}/_sandbox/reset", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    pub(crate) async fn stats(&self, concurrency: u32) -> Result<Stats> {
        let r = self
            .http
            .get(format!(
                "{}/_sandbox/stats?concurrency={concurrency}",
                self.base
            ))
            .send()
            .await?
            .error_for_status()?;
        Ok(r.json().await?)
    }
}

/// The engine as the officer's app opens it, on `data_dir`, against this sandbox, with the
/// memory secret store (no keyring, nothing left behind).
pub(crate) async fn engine_on(up: &Upstream, data_dir: std::path::PathBuf) -> Result<Engine> {
    let secrets: Arc<dyn amldesk_providers::SecretStore> =
        Arc::new(amldesk_providers::MemoryStore::new());
    Engine::open(EngineConfig {
        data_dir,
        environment: EnvironmentKind::Sandbox,
        sandbox_url: Some(up.base.clone()),
        secret_store: Some(secrets),
        webhooks: false,
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// `n` valid Norwegian organization numbers (mod-11 check digit) from `start` on.
pub(crate) fn org_numbers(n: usize, start: u64) -> Vec<String> {
    let w = [3u64, 2, 7, 6, 5, 4, 3, 2];
    let mut out = Vec::with_capacity(n);
    let mut body = start;
    while out.len() < n {
        let s = format!("{:08}", body % 100_000_000);
        let sum: u64 = s.bytes().zip(w).map(|(c, w)| u64::from(c - b'0') * w).sum();
        let check = (11 - sum % 11) % 11;
        if check != 10 {
            out.push(format!("{s}{check}"));
        }
        body += 1;
    }
    out
}

/// A batch CSV of `ids`.
pub(crate) fn csv_of(ids: &[String]) -> String {
    let mut csv = String::from("country,identifier,name\n");
    for id in ids {
        csv.push_str("NO,");
        csv.push_str(id);
        csv.push_str(",\n");
    }
    csv
}
