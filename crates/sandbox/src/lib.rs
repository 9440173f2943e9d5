//! The four upstream APIs simulated over HTTP on loopback, with realistic data and fault knobs.
//!
//! One origin serves the OIDC-style auth, BankID Organization and Beneficial owners, Amlyze and
//! the peer data exchange API, exactly as `API-NOTES.md` describes them ([`contract`] holds every
//! path and field name). Start it in-process with [`start`] or from the CLI (`amldesk sandbox`).

// Handlers return an early `Response` as the error of small helpers (the axum idiom); boxing
// it would only add allocations on the error path.
#![allow(clippy::result_large_err)]

pub mod contract;
pub mod data;
pub mod knobs;

mod amlyze;
mod auth;
mod bankid;
mod control;
mod drift;
mod faults;
mod model;
mod pdf;
mod peer;
mod server;
mod state;
pub mod timing;

pub use drift::DriftStat;
pub use knobs::Knobs;
pub use state::{EntityStat, SessionsCreated, Stats};

use std::sync::Arc;

/// Fixed, documented sandbox credentials (docs/sandbox.md). Not secrets.
pub mod credentials {
    pub const OIDC_CLIENT_ID: &str = "sandbox-client";
    pub const OIDC_CLIENT_SECRET: &str = "sandbox-secret";
    /// A second client with only `aml_organization/basic` (same secret).
    pub const BASIC_CLIENT_ID: &str = "sandbox-basic";
    /// A client whose secret holds characters reserved in forms (every scope). RFC 6749 §2.3.1:
    /// the id and secret are form-encoded before HTTP Basic, so a client that sends them raw is
    /// refused (the `+` reads as a space).
    pub const SPECIAL_CLIENT_ID: &str = "sandbox-special";
    pub const SPECIAL_CLIENT_SECRET: &str = "s3:cr+t/=";
    pub const AMLYZE_TOKEN: &str = "sandbox-amlyze-token";
    pub const PEER_USER: &str = "sandbox";
    pub const PEER_PASSWORD: &str = "sandbox";
}

/// How to start the sandbox.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// 0 = an ephemeral port.
    pub port: u16,
    /// Seeds every random draw (identifiers, latencies, faults): same seed, same run.
    pub seed: u64,
    pub knobs: Knobs,
    /// Persons owning every synthetic company in equal shares (default: one to three by its
    /// identifier): a wide ownership graph for `amldesk bench app`.
    pub synthetic_owners: Option<u32>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            port: 0,
            seed: 42,
            knobs: Knobs::default(),
            synthetic_owners: None,
        }
    }
}

impl SandboxConfig {
    /// Tiny latencies (a few milliseconds) so a test suite runs in seconds.
    pub fn fast() -> Self {
        SandboxConfig {
            knobs: Knobs {
                latency_scale: 0.01,
                ..Knobs::default()
            },
            ..SandboxConfig::default()
        }
    }
}

/// A running sandbox. Dropping it without [`SandboxHandle::shutdown`] leaves it running until
/// the runtime ends.
pub struct SandboxHandle {
    base_url: String,
    shared: Arc<state::Shared>,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`; also the AML base URL (`aml-baseurl`).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn discovery_url(&self) -> String {
        format!("{}{}", self.base_url, contract::DISCOVERY)
    }

    pub fn port(&self) -> u16 {
        self.base_url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    pub async fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// [`SandboxHandle::stats`] with the lower bound for `concurrency` sessions at once.
    pub async fn stats_for(&self, concurrency: usize) -> Stats {
        self.shared.stats_for(Some(concurrency))
    }

    pub fn knobs(&self) -> Knobs {
        self.shared.knobs()
    }

    pub fn set_knobs(&self, k: Knobs) {
        self.shared.set_knobs(k);
    }

    /// Forgets sessions, tokens, imports and counters and restarts the random sequence.
    pub fn reset(&self) {
        self.shared.reset();
    }

    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Binds 127.0.0.1:`port` and serves until [`SandboxHandle::shutdown`].
pub async fn start(config: SandboxConfig) -> anyhow::Result<SandboxHandle> {
    config.knobs.validate().map_err(anyhow::Error::msg)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", config.port))?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://127.0.0.1:{}", addr.port());
    let shared = Arc::new(state::Shared::new(&config, base_url.clone()));
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(server::serve(listener, shared.clone(), stop_rx));
    Ok(SandboxHandle {
        base_url,
        shared,
        stop,
        task,
    })
}

/// `amldesk sandbox` flags; every knob also reads `AMLDESK_SANDBOX_<KNOB>`.
#[derive(clap::Args, Debug, Clone)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, env = "AMLDESK_SANDBOX_PORT", default_value_t = 8787)]
    pub port: u16,
    /// Seed for every random draw: same seed, same run.
    #[arg(long, env = "AMLDESK_SANDBOX_SEED", default_value_t = 42)]
    pub seed: u64,
    /// Multiplies every latency (1 = realistic, 0.01 = fast).
    #[arg(long, env = "AMLDESK_SANDBOX_LATENCY_SCALE")]
    pub latency_scale: Option<f64>,
    /// JSON readiness latency range in ms, e.g. 1000..4000.
    #[arg(long, env = "AMLDESK_SANDBOX_JSON_LATENCY_MS", value_parser = knobs::parse_range)]
    pub json_latency_ms: Option<(u64, u64)>,
    /// PDF readiness latency range in ms, e.g. 3000..10000.
    #[arg(long, env = "AMLDESK_SANDBOX_PDF_LATENCY_MS", value_parser = knobs::parse_range)]
    pub pdf_latency_ms: Option<(u64, u64)>,
    /// Share of requests answered with 5xx (0–1).
    #[arg(long, env = "AMLDESK_SANDBOX_ERROR_5XX_RATE")]
    pub error_5xx_rate: Option<f64>,
    /// Share of requests whose connection is dropped without an answer (0–1).
    #[arg(long, env = "AMLDESK_SANDBOX_RESET_RATE")]
    pub reset_rate: Option<f64>,
    /// Share of JSON answers cut short (0–1).
    #[arg(long, env = "AMLDESK_SANDBOX_MALFORMED_JSON_RATE")]
    pub malformed_json_rate: Option<f64>,
    /// Share of PDF downloads cut short (0–1).
    #[arg(long, env = "AMLDESK_SANDBOX_TRUNCATED_PDF_RATE")]
    pub truncated_pdf_rate: Option<f64>,
    /// Requests per second before 429 (none = unlimited).
    #[arg(long, env = "AMLDESK_SANDBOX_RATE_LIMIT_PER_SEC", value_parser = knobs::parse_limit)]
    pub rate_limit_per_sec: Option<knobs::Limit>,
    /// Retry-After seconds on 429.
    #[arg(long, env = "AMLDESK_SANDBOX_RETRY_AFTER_S")]
    pub retry_after_s: Option<u64>,
    /// OIDC access token lifetime in seconds (default 300).
    #[arg(long, env = "AMLDESK_SANDBOX_TOKEN_LIFETIME_S")]
    pub token_lifetime_s: Option<u64>,
    /// Result lifetime in seconds (default 7200).
    #[arg(long, env = "AMLDESK_SANDBOX_RESULT_LIFETIME_S")]
    pub result_lifetime_s: Option<u64>,
    /// Sessions in progress per client before 429 (none = unlimited).
    #[arg(long, env = "AMLDESK_SANDBOX_MAX_CONCURRENT_SESSIONS", value_parser = knobs::parse_limit)]
    pub max_concurrent_sessions: Option<knobs::Limit>,
    /// Share of result documents with one section of another JSON type or removed (0–1).
    #[arg(long, env = "AMLDESK_SANDBOX_SHAPE_DRIFT_RATE")]
    pub shape_drift_rate: Option<f64>,
    /// National Registry access: GRANTED, PENDING or NOT_GRANTED.
    #[arg(long, env = "AMLDESK_SANDBOX_NATIONAL_REGISTRY")]
    pub national_registry: Option<String>,
    /// [assumed] de-duplicate creates by clientReference (default false: no vendor promises it).
    #[arg(long, env = "AMLDESK_SANDBOX_CLIENT_REFERENCE_DEDUP", value_parser = knobs::parse_bool)]
    pub client_reference_dedup: Option<bool>,
    /// Hold a create's answer this many ms after the session is made (default 0).
    #[arg(long, env = "AMLDESK_SANDBOX_CREATE_DELAY_MS")]
    pub create_delay_ms: Option<u64>,
    /// Persons owning every synthetic company, in equal shares (default: one to three).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub synthetic_owners: Option<u32>,
}

impl SandboxArgs {
    pub fn into_config(self) -> SandboxConfig {
        let mut k = Knobs::default();
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { k.$f = v; } )* };
        }
        set!(
            latency_scale,
            json_latency_ms,
            pdf_latency_ms,
            error_5xx_rate,
            reset_rate,
            malformed_json_rate,
            truncated_pdf_rate,
            shape_drift_rate,
            retry_after_s,
            token_lifetime_s,
            result_lifetime_s,
            client_reference_dedup,
            create_delay_ms
        );
        if let Some(v) = self.rate_limit_per_sec {
            k.rate_limit_per_sec = v.0;
        }
        if let Some(v) = self.max_concurrent_sessions {
            k.max_concurrent_sessions = v.0;
        }
        if let Some(v) = self.national_registry {
            k.national_registry = v.trim().to_ascii_uppercase();
        }
        SandboxConfig {
            port: self.port,
            seed: self.seed,
            knobs: k,
            synthetic_owners: self.synthetic_owners,
        }
    }

    /// Runs in the foreground: prints the base URL and credentials, serves until Ctrl-C.
    pub async fn run(self) -> anyhow::Result<()> {
        let config = self.into_config();
        let handle = start(config).await?;
        println!("AML Desk sandbox (all data invented unless noted; every record says \"sandbox\": true)");
        println!("  base URL        {}", handle.base_url());
        println!("  discovery       {}", handle.discovery_url());
        println!(
            "  OIDC client     {} / {}   (all scopes)",
            credentials::OIDC_CLIENT_ID,
            credentials::OIDC_CLIENT_SECRET
        );
        println!(
            "  OIDC client     {} / {}   (aml_organization/basic only)",
            credentials::BASIC_CLIENT_ID,
            credentials::OIDC_CLIENT_SECRET
        );
        println!("  Amlyze bearer   {}", credentials::AMLYZE_TOKEN);
        println!(
            "  peer API user   {} / {}",
            credentials::PEER_USER,
            credentials::PEER_PASSWORD
        );
        println!(
            "  control         {}/_sandbox/knobs, /_sandbox/stats, /_sandbox/reset",
            handle.base_url()
        );
        println!("Press Ctrl-C to stop.");
        tokio::signal::ctrl_c().await?;
        handle.shutdown().await;
        Ok(())
    }
}
