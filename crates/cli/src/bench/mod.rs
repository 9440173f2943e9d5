//! `amldesk bench <scenario>`: measures where the officer waits and prints each figure on its
//! own line, `BENCH <name> <value> <unit>` (docs/PERFORMANCE.md lists them with their targets).
//!
//! Scenarios run against a separately started sandbox (`amldesk sandbox --seed N`, then
//! `--sandbox-url URL`); `--quick` runs a seconds-long size and, without a URL, starts its own
//! sandbox in-process at a tenth of the default latencies. Targets are not asserted here: the
//! figures are compared with `docs/bench-baseline.txt` by `scripts/bench-quick.sh`.

mod app;
mod batch;
mod cache;
mod export;
mod ubo;
mod upstream;

use clap::Args;

use crate::commands::Global;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// batch, cache, export, ubo or app.
    pub scenario: String,
    /// The seconds-long size (CI); without --sandbox-url, an in-process sandbox.
    #[arg(long)]
    pub quick: bool,
    /// Seed of the in-process sandbox (--quick) and of the generated subjects.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Subjects (batch) or cases (cache); default 500 / 10,000 (--quick: 20 / 100).
    #[arg(long)]
    pub subjects: Option<usize>,
    /// Sessions in flight at once (batch).
    #[arg(long, default_value_t = 50)]
    pub concurrency: u32,
    /// Subjects of the one-at-a-time, 2 s polling baseline (default 50; --quick: 2).
    #[arg(long)]
    pub naive_subjects: Option<usize>,
    /// Batch: only the plain adaptive run (no webhooks, frontier, baseline or synthetic runs).
    #[arg(long)]
    pub only_adaptive: bool,
    /// App: the desktop binary built with the bundled UI (default: `<target>/e2e/amldesk-desktop`).
    #[arg(long)]
    pub app_bin: Option<std::path::PathBuf>,
}

/// One figure on its own line.
pub(crate) fn figure(name: &str, value: f64, unit: &str) {
    use std::io::Write;
    let v = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    };
    println!("BENCH {name} {v} {unit}");
    let _ = std::io::stdout().flush();
}

const EXIT_USAGE: i32 = 2;

pub async fn run(g: &Global, a: BenchArgs) -> i32 {
    if a.scenario == "ubo" {
        // Pure: no sandbox.
        return match ubo::run(&a).await {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e:#}");
                1
            }
        };
    }
    if a.scenario == "app" {
        return run_app(&a).await;
    }
    let up = match upstream::Upstream::connect(g.sandbox_url.as_deref(), a.quick, a.seed).await {
        Ok(u) => u,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let r = match a.scenario.as_str() {
        "batch" => batch::run(&up, &a).await,
        "cache" => cache::run(&up, &a).await,
        "export" => export::run(&up, &a).await,
        other => {
            eprintln!(
                "error: scenario: unknown scenario \"{other}\"; expected batch, cache, export, \
                 ubo or app"
            );
            up.stop().await;
            return EXIT_USAGE;
        }
    };
    up.stop().await;
    match r {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// `bench app`: the built desktop app under this display; the graph run's sandbox lives in this
/// process (synthetic companies with [`app::GRAPH_OWNERS`] owners), the WebDriver work on a
/// blocking thread beside it.
async fn run_app(a: &BenchArgs) -> i32 {
    let app = match app::find_app(a.app_bin.as_deref()).and_then(|p| {
        app::check_environment()?;
        Ok(p)
    }) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_USAGE;
        }
    };
    let sandbox = match amldesk_sandbox::start(amldesk_sandbox::SandboxConfig {
        seed: a.seed,
        knobs: amldesk_sandbox::Knobs {
            latency_scale: 0.01,
            ..amldesk_sandbox::Knobs::default()
        },
        synthetic_owners: Some(app::GRAPH_OWNERS),
        ..amldesk_sandbox::SandboxConfig::default()
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: the sandbox could not start: {e:#}");
            return 1;
        }
    };
    let (quick, seed, url) = (a.quick, a.seed, sandbox.base_url());
    let r = tokio::task::spawn_blocking(move || app::run(quick, seed, &app, &url)).await;
    sandbox.shutdown().await;
    match r {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("error: {e:#}");
            1
        }
        Err(e) => {
            eprintln!("error: bench app stopped: {e}");
            1
        }
    }
}
