//! In-memory state. One std `Mutex` guards it; it is only ever taken inside [`Shared::with`],
//! whose closure cannot await, so no lock is held across an `.await`.

use crate::data::Dataset;
use crate::drift::{self, DriftStat};
use crate::timing::{self, LagStats, LatencyModel, SessionSpan};
use crate::{contract, Knobs, SandboxConfig};
use amldesk_core::model::accepted::Document;
use amldesk_core::Country;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

/// What `GET /_sandbox/stats` answers.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// `"METHOD /route/{template}"` → count (control endpoints excluded).
    pub requests: BTreeMap<String, u64>,
    pub sessions_created: SessionsCreated,
    pub tokens_issued: u64,
    /// Granted scope (each of a token's scopes) → tokens issued with it.
    #[serde(default)]
    pub token_scopes: BTreeMap<String, u64>,
    pub webhooks_sent: u64,
    pub entities: Vec<EntityStat>,
    /// Every shape drift served (knob `shape_drift_rate`), in the order served.
    #[serde(default)]
    pub drifted: Vec<DriftStat>,
    /// READY → download lag, status requests per downloaded entity, span (benchmarks).
    #[serde(default)]
    pub lag: LagStats,
    /// The distribution readiness delays are drawn from (benchmarks: the polling optimum).
    #[serde(default)]
    pub latency: LatencyModel,
    /// With `?concurrency=N`: the shortest wall time any client allowed N sessions at once
    /// could reach on this run's readiness times ([`crate::timing::lower_bound_ms`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_bound_ms: Option<f64>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct SessionsCreated {
    /// identifier → sessions created (idempotent repeats are not counted).
    pub organization: BTreeMap<String, u64>,
    pub beneficial: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EntityStat {
    pub session_id: String,
    pub entity: String,
    pub ready_at: String,
    pub first_download_at: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Organization,
    Beneficial,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct Webhook {
    pub url: String,
    pub events: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Entity {
    /// Key in the status document: `jsonData`, `aml-report`, …
    pub key: String,
    /// Report name in the path, for reports.
    pub report: Option<String>,
    pub start: DateTime<Utc>,
    pub ready: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityState {
    NotStarted,
    InProgress,
    Ready,
    Failed,
}

impl EntityState {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityState::NotStarted => "NOT_STARTED",
            EntityState::InProgress => "IN_PROGRESS",
            EntityState::Ready => "READY",
            EntityState::Failed => "FAILED",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub kind: Kind,
    pub client_id: String,
    pub country: Country,
    pub identifier: String,
    pub expands: Vec<String>,
    pub scopes: Vec<String>,
    pub webhook: Option<Webhook>,
    pub created_at: DateTime<Utc>,
    pub entities: Vec<Entity>,
    pub fails: bool,
    pub first_download: HashMap<String, DateTime<Utc>>,
    /// Entity key → the first status answer that called it READY (benchmarks: notice vs act).
    pub first_ready_status: HashMap<String, DateTime<Utc>>,
    /// When each status request for this session was answered (benchmarks: where the
    /// requests go, [`crate::timing::poll_phases`]).
    pub status_at: Vec<DateTime<Utc>>,
}

impl Session {
    pub fn entity_state(&self, e: &Entity, now: DateTime<Utc>) -> EntityState {
        if now < e.start {
            EntityState::NotStarted
        } else if now < e.ready {
            EntityState::InProgress
        } else if self.fails {
            EntityState::Failed
        } else {
            EntityState::Ready
        }
    }

    pub fn finished_at(&self) -> DateTime<Utc> {
        self.entities
            .iter()
            .map(|e| e.ready)
            .max()
            .unwrap_or(self.created_at)
    }

    /// `IN_PROGRESS | DONE | FAILED`.
    pub fn status(&self, now: DateTime<Utc>) -> &'static str {
        let states: Vec<EntityState> = self
            .entities
            .iter()
            .map(|e| self.entity_state(e, now))
            .collect();
        if states.contains(&EntityState::Failed) {
            "FAILED"
        } else if states.iter().all(|s| *s == EntityState::Ready) {
            "DONE"
        } else {
            "IN_PROGRESS"
        }
    }

    pub fn entity(&self, key: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.key == key)
    }
}

#[derive(Clone, Debug)]
pub struct AmlyzeCustomer {
    pub customer_ext_id: String,
    pub entity_type: String,
    pub display_name: String,
    pub risk_level: String,
    pub scoring_at: DateTime<Utc>,
    pub screening_at: DateTime<Utc>,
    /// Imports of this customer so far (1 after the CREATE, +1 per UPDATE).
    pub revision: u32,
    /// Events of earlier assessments (served before the current one's).
    pub earlier_events: Vec<serde_json::Value>,
}

#[derive(Clone, Debug)]
pub struct PeerItem {
    pub id: String,
    pub type_request: String,
    pub id_document: String,
    pub phone: String,
    pub created_at: DateTime<Utc>,
    pub done_at: DateTime<Utc>,
}

pub struct Inner {
    pub rng: ChaCha8Rng,
    pub fault_rng: ChaCha8Rng,
    /// Decides shape drifts; its own stream so the drift knob never shifts ids or faults.
    pub drift_rng: ChaCha8Rng,
    pub tokens: HashMap<String, Token>,
    pub peer_tokens: HashMap<String, DateTime<Utc>>,
    pub sessions: HashMap<String, Session>,
    pub client_refs: HashMap<(Kind, String, String), String>,
    pub amlyze: HashMap<String, AmlyzeCustomer>,
    pub peer: HashMap<String, PeerItem>,
    pub peer_order: Vec<String>,
    pub requests: BTreeMap<String, u64>,
    pub sessions_created: SessionsCreated,
    pub tokens_issued: u64,
    pub token_scopes: BTreeMap<String, u64>,
    pub webhooks_sent: u64,
    pub drifted: Vec<DriftStat>,
    /// (unix second, requests in it) for the rate limit.
    pub rate_window: (i64, u32),
    pub pdf_cache: HashMap<(String, String), Arc<Vec<u8>>>,
}

impl Inner {
    fn new(seed: u64) -> Self {
        Inner {
            rng: ChaCha8Rng::seed_from_u64(seed),
            fault_rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_fa17),
            drift_rng: ChaCha8Rng::seed_from_u64(seed ^ 0x0d21_f7ed),
            tokens: HashMap::new(),
            peer_tokens: HashMap::new(),
            sessions: HashMap::new(),
            client_refs: HashMap::new(),
            amlyze: HashMap::new(),
            peer: HashMap::new(),
            peer_order: Vec::new(),
            requests: BTreeMap::new(),
            sessions_created: SessionsCreated::default(),
            tokens_issued: 0,
            token_scopes: BTreeMap::new(),
            webhooks_sent: 0,
            drifted: Vec::new(),
            rate_window: (0, 0),
            pdf_cache: HashMap::new(),
        }
    }

    /// A random identifier (UUID form) from the seeded generator.
    pub fn new_id(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.gen();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// A random opaque token (hex) from the seeded generator.
    pub fn new_token(&mut self) -> String {
        let bytes: [u8; 24] = self.rng.gen();
        hex::encode(bytes)
    }

    /// A latency drawn uniformly from `range` ms, times `scale`.
    pub fn latency(&mut self, range: (u64, u64), scale: f64) -> Duration {
        let ms = if range.0 >= range.1 {
            range.0
        } else {
            self.rng.gen_range(range.0..=range.1)
        };
        Duration::microseconds((ms as f64 * scale * 1000.0).round() as i64)
    }

    /// Sessions of `client` that are still in progress.
    pub fn active_sessions(&self, client: &str, now: DateTime<Utc>) -> usize {
        self.sessions
            .values()
            .filter(|s| s.client_id == client && s.status(now) == "IN_PROGRESS")
            .count()
    }
}

pub struct Shared {
    pub base_url: String,
    pub data: Dataset,
    pub http: reqwest::Client,
    seed: u64,
    initial_knobs: Knobs,
    knobs: RwLock<Knobs>,
    inner: Mutex<Inner>,
}

impl Shared {
    pub fn new(config: &SandboxConfig, base_url: String) -> Self {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Shared {
            base_url,
            data: Dataset::with_synthetic_owners(config.synthetic_owners),
            http,
            seed: config.seed,
            initial_knobs: config.knobs.clone(),
            knobs: RwLock::new(config.knobs.clone()),
            inner: Mutex::new(Inner::new(config.seed)),
        }
    }

    pub fn knobs(&self) -> Knobs {
        self.knobs.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set_knobs(&self, k: Knobs) {
        *self.knobs.write().unwrap_or_else(|e| e.into_inner()) = k;
    }

    /// Runs `f` under the state lock. `f` is synchronous: the lock never spans an await.
    pub fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut g)
    }

    pub fn reset(&self) {
        self.with(|i| *i = Inner::new(self.seed));
        self.set_knobs(self.initial_knobs.clone());
    }

    pub fn count_request(&self, key: String) {
        self.with(|i| *i.requests.entry(key).or_insert(0) += 1);
    }

    pub fn stats(&self) -> Stats {
        self.stats_for(None)
    }

    /// [`Shared::stats`], with the lower bound for `concurrency` sessions at once when given.
    pub fn stats_for(&self, concurrency: Option<usize>) -> Stats {
        let k = self.knobs();
        let latency = LatencyModel {
            kind: "uniform".into(),
            json_min_ms: k.json_latency_ms.0 as f64 * k.latency_scale,
            json_max_ms: k.json_latency_ms.1 as f64 * k.latency_scale,
            report_min_ms: k.pdf_latency_ms.0 as f64 * k.latency_scale,
            report_max_ms: k.pdf_latency_ms.1 as f64 * k.latency_scale,
        };
        let mut stats = self.with(|i| {
            let mut entities = Vec::new();
            let mut pairs = Vec::new();
            let mut spans = Vec::new();
            let mut seen = Vec::new();
            let mut timelines = Vec::new();
            let mut sessions: Vec<&Session> = i.sessions.values().collect();
            sessions.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
            for s in sessions {
                if s.fails {
                    continue;
                }
                spans.push(SessionSpan {
                    created_at: s.created_at,
                    finished_at: s.finished_at(),
                });
                let json_ready = s
                    .entities
                    .iter()
                    .find(|e| e.report.is_none())
                    .map(|e| e.ready);
                timelines.push(timing::StatusTimeline {
                    json_ready,
                    finished_at: s.finished_at(),
                    entities: s.entities.len(),
                    status_at: s.status_at.clone(),
                });
                for e in &s.entities {
                    pairs.push((e.ready, s.first_download.get(&e.key).copied()));
                    seen.push((
                        e.ready,
                        s.first_ready_status.get(&e.key).copied(),
                        s.first_download.get(&e.key).copied(),
                    ));
                    entities.push(EntityStat {
                        session_id: s.id.clone(),
                        entity: e.key.clone(),
                        ready_at: ts(e.ready),
                        first_download_at: s.first_download.get(&e.key).map(|t| ts(*t)),
                    });
                }
            }
            let status_requests = STATUS_ROUTES
                .iter()
                .map(|r| i.requests.get(*r).copied().unwrap_or(0))
                .sum();
            let first_created = i.sessions.values().map(|s| s.created_at).min();
            let mut lag = timing::lag_stats(&pairs, status_requests, first_created);
            timing::split_lag(&mut lag, &seen);
            if let Some(c) = concurrency {
                lag.phases = Some(timing::poll_phases(&timelines, c));
            }
            Stats {
                lag,
                latency,
                lower_bound_ms: concurrency.map(|c| timing::lower_bound_ms(&spans, c)),
                requests: i.requests.clone(),
                sessions_created: i.sessions_created.clone(),
                tokens_issued: i.tokens_issued,
                token_scopes: i.token_scopes.clone(),
                webhooks_sent: i.webhooks_sent,
                entities,
                drifted: i.drifted.clone(),
            }
        });
        // Outside the lock: the optimum takes a moment and the API keeps serving meanwhile.
        if concurrency.is_some() {
            stats.lag.optimal_mean_lag_ms =
                timing::optimal_polling(&stats.latency, stats.lag.polls_per_entity).map(|(l, _)| l);
        }
        stats
    }

    /// Result documents only: with probability `shape_drift_rate` (drawn from the seeded drift
    /// generator), drifts one section of `doc` and records it under `id` for the stats.
    pub fn drift(&self, document: Document, id: &str, doc: &mut serde_json::Value) {
        let rate = self.knobs().shape_drift_rate;
        if rate <= 0.0 {
            return;
        }
        self.with(|i| {
            if i.drift_rng.gen::<f64>() >= rate {
                return;
            }
            if let Some(d) = drift::apply(doc, document, &mut i.drift_rng) {
                i.drifted.push(DriftStat {
                    session_id: id.to_string(),
                    path: d.path,
                    shape: d.shape.to_string(),
                });
            }
        });
    }
}

/// The BankID status requests, as [`Stats::requests`] names them.
const STATUS_ROUTES: [&str; 2] = [
    "GET /organization/session/{sessionId}",
    "GET /beneficial/session/{sessionId}",
];

/// RFC 3339 with milliseconds, UTC.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Key of a session's report entity in the status document.
pub fn report_key(report: &str) -> String {
    if report == contract::BEN_REPORT_NAME {
        "report".to_string()
    } else {
        format!("{report}-report")
    }
}
