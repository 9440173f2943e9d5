//! A batch of BankID organization sessions (a JSON and an AML report each) against readiness
//! delays drawn as the sandbox draws them (uniform 1–4 s for the JSON, 3–10 s more for the
//! report), on a simulated clock: the real [`Pacer`] and the process's shared readiness book
//! decide every gap, nothing sleeps. Used to compare scheduling choices in milliseconds where
//! the real batch takes half a minute and varies from run to run; the figures that count
//! (`docs/PERFORMANCE.md`) are measured on the release build against the sandbox.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use amldesk_sandbox::timing::{optimal_polling, LatencyModel};
use amldesk_store::{DbKey, Store};
use rand::{Rng, SeedableRng};

use super::Pacer;
use crate::api::{EntityProgress, EntityState};
use crate::context::Ctx;

/// What a simulated batch measured.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figures {
    /// Status requests per entity, overall and for the first wave of `concurrency` sessions.
    pub polls_per_entity: f64,
    pub first_wave_polls_per_entity: f64,
    /// READY → the status request that saw it, plus the act time (ms).
    pub lag_p50_ms: f64,
    pub lag_p95_ms: f64,
    pub lag_mean_ms: f64,
    /// The least mean lag any polling client reaches with as many requests per entity.
    pub optimal_mean_lag_ms: f64,
    pub first_wave_lag_mean_ms: f64,
}

struct Running {
    pacer: Pacer,
    entities: Vec<EntityProgress>,
    /// Readiness times (from the simulation's start, ms): the JSON's, the report's.
    ready_ms: [f64; 2],
    next_ms: f64,
    polls: u32,
    first_wave: bool,
}

fn entity(key: &str) -> EntityProgress {
    EntityProgress {
        entity: key.into(),
        label: key.into(),
        state: EntityState::NotStarted,
        elapsed_ms: 0,
        bytes: None,
        sha256: None,
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Runs `sessions` sessions at most `concurrency` at once; `act_ms` is what a status answer
/// and a download's start cost (the real client's round trips).
pub(crate) fn simulate(sessions: usize, concurrency: usize, seed: u64, act_ms: f64) -> Figures {
    simulate_with(sessions, concurrency, seed, act_ms, 1.0)
}

/// [`simulate`] with every delay multiplied by `scale` (the sandbox's `latency_scale`).
pub(crate) fn simulate_with(
    sessions: usize,
    concurrency: usize,
    seed: u64,
    act_ms: f64,
    scale: f64,
) -> Figures {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("sim.db"), &DbKey::generate()).expect("store");
    let ctx: Arc<Ctx> = Ctx::for_tests(store, dir.path());
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let base = Instant::now();
    let at = |ms: f64| base + Duration::from_secs_f64(ms.max(0.0) / 1000.0);
    let mut running: Vec<Running> = Vec::new();
    let mut started = 0usize;
    let mut lags: Vec<f64> = Vec::new();
    let mut first_lags: Vec<f64> = Vec::new();
    let mut polls: HashMap<bool, (u32, u32)> = HashMap::new();
    let start = |started: &mut usize,
                 now: f64,
                 running: &mut Vec<Running>,
                 rng: &mut rand_chacha::ChaCha8Rng| {
        let id = format!("s{started:04}");
        let json = now + scale * rng.gen_range(1000.0..=4000.0);
        let report = json + scale * rng.gen_range(3000.0..=10000.0);
        let pacer = Pacer::created_at(ctx.clone(), &id, "bankid-org", true, at(now));
        let entities = vec![entity("jsonData"), entity("aml-report")];
        let (gap, _) = pacer.next_gap_at(&entities, at(now));
        running.push(Running {
            pacer,
            entities,
            ready_ms: [json, report],
            next_ms: now + gap.as_secs_f64() * 1000.0,
            polls: 0,
            first_wave: *started < concurrency,
        });
        *started += 1;
    };
    while started < sessions.min(concurrency) {
        start(&mut started, 0.0, &mut running, &mut rng);
    }
    while !running.is_empty() {
        let i = (0..running.len())
            .min_by(|&a, &b| {
                running[a]
                    .next_ms
                    .total_cmp(&running[b].next_ms)
                    .then(a.cmp(&b))
            })
            .expect("a running session");
        let now = running[i].next_ms;
        let r = &mut running[i];
        r.polls += 1;
        for (k, en) in r.entities.iter_mut().enumerate() {
            let ready = r.ready_ms[k];
            en.state = match en.state {
                EntityState::Ready | EntityState::Downloaded => EntityState::Downloaded,
                _ if now >= ready => {
                    lags.push(now - ready + act_ms);
                    if r.first_wave {
                        first_lags.push(now - ready + act_ms);
                    }
                    EntityState::Ready
                }
                _ if k == 0 || now >= r.ready_ms[0] => EntityState::InProgress,
                _ => EntityState::NotStarted,
            };
        }
        let seen = at(now + act_ms / 2.0);
        r.pacer.observe(&r.entities, seen, false);
        for en in r.entities.iter_mut() {
            if en.state == EntityState::Ready {
                en.state = EntityState::Downloaded;
            }
        }
        let done = r
            .entities
            .iter()
            .all(|e| e.state == EntityState::Downloaded);
        if done {
            let r = running.swap_remove(i);
            let e = polls.entry(r.first_wave).or_default();
            e.0 += r.polls;
            e.1 += r.entities.len() as u32;
            drop(r.pacer);
            if started < sessions {
                start(&mut started, now + act_ms, &mut running, &mut rng);
            }
        } else {
            let (gap, _) = r.pacer.next_gap_at(&r.entities, at(now + act_ms));
            r.next_ms = now + act_ms + gap.as_secs_f64() * 1000.0;
        }
    }
    lags.sort_by(f64::total_cmp);
    let (p, e) = polls.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let (fp, fe) = polls.get(&true).copied().unwrap_or((0, 1));
    let polls_per_entity = f64::from(p) / f64::from(e.max(1));
    let model = LatencyModel {
        kind: "uniform".into(),
        json_min_ms: 1000.0 * scale,
        json_max_ms: 4000.0 * scale,
        report_min_ms: 3000.0 * scale,
        report_max_ms: 10000.0 * scale,
    };
    Figures {
        polls_per_entity,
        first_wave_polls_per_entity: f64::from(fp) / f64::from(fe.max(1)),
        lag_p50_ms: quantile(&lags, 0.5),
        lag_p95_ms: quantile(&lags, 0.95),
        lag_mean_ms: lags.iter().sum::<f64>() / lags.len().max(1) as f64,
        optimal_mean_lag_ms: optimal_polling(&model, polls_per_entity).map_or(0.0, |o| o.0),
        first_wave_lag_mean_ms: first_lags.iter().sum::<f64>() / first_lags.len().max(1) as f64,
    }
}

fn report(what: &str, runs: &[Figures]) -> (f64, f64, f64, f64) {
    for f in runs {
        eprintln!(
            "sim {what}: polls/entity {:.2} (first wave {:.2}), lag p50 {:.0} p95 {:.0} mean \
             {:.0} ms (first wave {:.0}), vs optimal {:.2}",
            f.polls_per_entity,
            f.first_wave_polls_per_entity,
            f.lag_p50_ms,
            f.lag_p95_ms,
            f.lag_mean_ms,
            f.first_wave_lag_mean_ms,
            f.lag_mean_ms / f.optimal_mean_lag_ms
        );
    }
    let mean = |g: fn(&Figures) -> f64| runs.iter().map(g).sum::<f64>() / runs.len() as f64;
    let m = (
        mean(|f| f.polls_per_entity),
        mean(|f| f.lag_p50_ms),
        mean(|f| f.lag_p95_ms),
        mean(|f| f.lag_mean_ms / f.optimal_mean_lag_ms),
    );
    eprintln!(
        "sim {what} mean: polls/entity {:.2}, lag p50 {:.0} p95 {:.0} ms, vs optimal {:.2}",
        m.0, m.1, m.2, m.3
    );
    m
}

/// The done-when batch of the benchmarks issue (100 organizations at concurrency 50) on the
/// default policy, over several draws: within the request budget and the lag targets with a
/// margin. Deterministic (seeded draws, simulated clock), so it cannot flake; it fails when a
/// change to the scheduler spends more or waits longer. (Measured at the change that added
/// it: 6.5 requests per entity, p50 208 ms, p95 780 ms; the scheduler before it spent 7.0 for
/// p50 213 ms.)
#[test]
fn the_default_policy_on_the_done_when_batch() {
    let runs: Vec<Figures> = (1..=8).map(|seed| simulate(100, 50, seed, 5.0)).collect();
    let (polls, p50, p95, _) = report("100 at 50", &runs);
    assert!(polls <= 6.6, "{polls:.2} requests per entity");
    assert!(
        p50 < 230.0 && p95 < 900.0,
        "lag p50 {p50:.0}, p95 {p95:.0} ms"
    );
}

/// Past the first wave (300 sessions): close to the least lag any polling client reaches for
/// the requests spent (1.21 at the change that added it).
#[test]
fn the_learned_schedule_is_close_to_the_optimum() {
    let runs: Vec<Figures> = (1..=3).map(|seed| simulate(300, 50, seed, 5.0)).collect();
    let (polls, _, _, vs_optimal) = report("300 at 50", &runs);
    assert!(polls <= 7.0, "{polls:.2} requests per entity");
    assert!(vs_optimal < 1.3, "{vs_optimal:.2} × the optimum");
}

/// The quick benchmark's batch (20 organizations, the sandbox at a tenth of its latencies):
/// the cold start's waits scale with what the scouts found empty, so a fast upstream is not
/// waited on for seconds.
#[test]
fn a_fast_upstream_is_not_waited_on() {
    let runs: Vec<Figures> = (1..=8)
        .map(|seed| simulate_with(20, 50, seed, 5.0, 0.1))
        .collect();
    let (_, p50, p95, _) = report("20 at 50, latencies ×0.1", &runs);
    assert!(
        p50 < 250.0 && p95 < 700.0,
        "lag p50 {p50:.0}, p95 {p95:.0} ms"
    );
}
