//! What the sandbox knows about timing that no client can see: when each entity became READY,
//! when its first download started, the latency distribution it draws from, and the shortest
//! wall time any client could reach under a concurrency limit. Served on `/_sandbox/stats`
//! only (off the vendor paths): the benchmarks read it after a run; it never helps a client
//! during one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// READY → first download start over every downloaded entity (milliseconds).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LagStats {
    /// Entities of sessions that did not fail upstream.
    pub entities: u64,
    /// Of those, the ones downloaded at least once.
    pub downloaded: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub mean_ms: f64,
    pub max_ms: f64,
    /// BankID status requests (Organization and Beneficial owners) so far.
    pub status_requests: u64,
    /// `status_requests / downloaded` (0 when nothing was downloaded).
    pub polls_per_entity: f64,
    /// First session created → last first-download start: the part of a batch's wall time the
    /// sandbox sees.
    pub span_ms: f64,
    /// With `?concurrency=N`: the least mean lag any polling client could reach with
    /// `pollsPerEntity` requests per entity on this latency model, for sessions of a JSON and
    /// one report ([`optimal_polling`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimal_mean_lag_ms: Option<f64>,
    /// The lag split in two (means over downloaded entities a status called READY): READY →
    /// the first status answer saying so (how soon the client asked), and that answer → the
    /// download request (what the client spent acting on it).
    #[serde(default)]
    pub notice_mean_ms: f64,
    #[serde(default)]
    pub act_mean_ms: f64,
    /// With `?concurrency=N`: where the status requests went, for the first N sessions created
    /// (the client's cold start) and for the rest ([`poll_phases`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phases: Option<PollPhases>,
}

/// One session's status requests against its own readiness times ([`poll_phases`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StatusTimeline {
    /// The JSON's readiness (`None`: a session without one).
    pub json_ready: Option<DateTime<Utc>>,
    /// Its last entity's readiness.
    pub finished_at: DateTime<Utc>,
    pub entities: usize,
    /// When each status request was answered.
    pub status_at: Vec<DateTime<Utc>>,
}

/// Mean status requests per session of a group, by the phase they were answered in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PhaseGroup {
    pub sessions: u64,
    /// Before the JSON was READY (each answered "not ready").
    pub json_phase: f64,
    /// From the JSON's readiness until the last entity's.
    pub report_phase: f64,
    /// At or after the last entity's readiness: one notices it; more are spent for nothing.
    pub after_ready: f64,
    /// Every status request of the group divided by its entities.
    pub per_entity: f64,
}

/// [`PhaseGroup`]s of the first `concurrency` sessions created and of the others.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PollPhases {
    pub first_wave: PhaseGroup,
    pub later: PhaseGroup,
}

/// Splits each session's status requests by phase; `timelines` in creation order.
pub fn poll_phases(timelines: &[StatusTimeline], concurrency: usize) -> PollPhases {
    let group = |ts: &[StatusTimeline]| {
        let (mut json, mut report, mut after, mut entities) = (0u64, 0u64, 0u64, 0usize);
        for t in ts {
            entities += t.entities;
            for &at in &t.status_at {
                if t.json_ready.is_some_and(|j| at < j) {
                    json += 1;
                } else if at < t.finished_at {
                    report += 1;
                } else {
                    after += 1;
                }
            }
        }
        let n = ts.len().max(1) as f64;
        PhaseGroup {
            sessions: ts.len() as u64,
            json_phase: json as f64 / n,
            report_phase: report as f64 / n,
            after_ready: after as f64 / n,
            per_entity: (json + report + after) as f64 / entities.max(1) as f64,
        }
    };
    let split = concurrency.min(timelines.len());
    PollPhases {
        first_wave: group(&timelines[..split]),
        later: group(&timelines[split..]),
    }
}

/// One entity's (READY, first status saying so, first download).
pub type Seen = (DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Fills [`LagStats::notice_mean_ms`] and [`LagStats::act_mean_ms`] from [`Seen`] triples.
pub fn split_lag(lag: &mut LagStats, seen: &[Seen]) {
    let both: Vec<(f64, f64)> = seen
        .iter()
        .filter_map(|(r, s, d)| {
            let (s, d) = ((*s)?, (*d)?);
            Some((ms(s - *r).max(0.0), ms(d - s).max(0.0)))
        })
        .collect();
    if both.is_empty() {
        return;
    }
    let n = both.len() as f64;
    lag.notice_mean_ms = both.iter().map(|b| b.0).sum::<f64>() / n;
    lag.act_mean_ms = both.iter().map(|b| b.1).sum::<f64>() / n;
}

/// The latency distribution the sandbox draws from (its knobs, scaled): uniform ranges.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LatencyModel {
    /// `"uniform"`: every delay is drawn uniformly from [minMs, maxMs].
    pub kind: String,
    /// JSON result: READY this long after the session is created.
    pub json_min_ms: f64,
    pub json_max_ms: f64,
    /// Each PDF report: READY this long after the JSON is (it starts then).
    pub report_min_ms: f64,
    pub report_max_ms: f64,
}

/// One session's timeline, as the lower bound needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionSpan {
    pub created_at: DateTime<Utc>,
    /// Its last entity's readiness.
    pub finished_at: DateTime<Utc>,
}

/// The `q` quantile (0–1) of `sorted` by linear interpolation; 0 for an empty slice.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Lag figures from (ready, first download) pairs; `None` downloads count as not downloaded.
pub fn lag_stats(
    pairs: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    status_requests: u64,
    first_created: Option<DateTime<Utc>>,
) -> LagStats {
    let mut lags: Vec<f64> = pairs
        .iter()
        .filter_map(|(ready, dl)| dl.map(|d| ms(d - *ready).max(0.0)))
        .collect();
    lags.sort_by(f64::total_cmp);
    let downloaded = lags.len() as u64;
    let last_dl = pairs.iter().filter_map(|(_, d)| *d).max();
    let span_ms = match (first_created, last_dl) {
        (Some(a), Some(b)) => ms(b - a).max(0.0),
        _ => 0.0,
    };
    LagStats {
        entities: pairs.len() as u64,
        downloaded,
        p50_ms: quantile(&lags, 0.5),
        p95_ms: quantile(&lags, 0.95),
        mean_ms: if lags.is_empty() {
            0.0
        } else {
            lags.iter().sum::<f64>() / lags.len() as f64
        },
        max_ms: lags.last().copied().unwrap_or(0.0),
        status_requests,
        polls_per_entity: if downloaded == 0 {
            0.0
        } else {
            status_requests as f64 / downloaded as f64
        },
        span_ms,
        optimal_mean_lag_ms: None,
        notice_mean_ms: 0.0,
        act_mean_ms: 0.0,
        phases: None,
    }
}

/// The shortest wall time of the sessions made so far, in the order they were created, for a
/// client allowed `concurrency` sessions at once that notices readiness instantly and spends
/// nothing between one session's last download and the next one's creation: each slot starts
/// its next session the moment its current one's last entity is READY. (The durations are the
/// sandbox's own draws; which subject got which draw does not change them.) Milliseconds from
/// the first creation; 0 without sessions.
pub fn lower_bound_ms(spans: &[SessionSpan], concurrency: usize) -> f64 {
    let c = concurrency.max(1);
    let mut ordered: Vec<&SessionSpan> = spans.iter().collect();
    ordered.sort_by_key(|s| s.created_at);
    let mut slots: Vec<f64> = Vec::with_capacity(c);
    for s in ordered {
        let d = ms(s.finished_at - s.created_at).max(0.0);
        if slots.len() < c {
            slots.push(d);
        } else if let Some(earliest) = slots.iter_mut().min_by(|a, b| a.total_cmp(b)) {
            *earliest += d;
        }
    }
    slots.into_iter().fold(0.0, f64::max)
}

/// Grid cells per phase for [`optimal_polling`].
const GRID: usize = 300;

/// The best any polling client can do on this latency model: the schedule (status request
/// times from each phase's start, the report phase starting at the JSON's true readiness)
/// minimising the mean READY → request lag over the JSON and one report, for a given mean
/// number of status requests per entity (a request is spent only while the entity is still
/// waiting). Solved exactly on a grid by dynamic programming with one price per request shared
/// by both phases (a Lagrange multiplier, found by bisection). Returns (mean lag ms, requests
/// per entity reached); `None` when the budget is under one request per entity.
pub fn optimal_polling(model: &LatencyModel, polls_per_entity: f64) -> Option<(f64, f64)> {
    if polls_per_entity.is_nan() || polls_per_entity < 1.0 {
        return None;
    }
    let phases = [
        (model.json_min_ms, model.json_max_ms),
        (model.report_min_ms, model.report_max_ms),
    ];
    let solve = |price: f64| -> (f64, f64) {
        let (mut lag, mut polls) = (0.0, 0.0);
        for &(lo, hi) in &phases {
            let (l, p) = phase_optimum(lo, hi, price);
            lag += l;
            polls += p;
        }
        (lag / 2.0, polls / 2.0)
    };
    // Polls fall as the price rises; find the price that spends the budget.
    let (mut cheap, mut dear) = (1e-6_f64, 1e7_f64);
    for _ in 0..40 {
        let mid = (cheap * dear).sqrt();
        if solve(mid).1 > polls_per_entity {
            cheap = mid;
        } else {
            dear = mid;
        }
    }
    let (lag, polls) = solve(dear);
    Some((lag, polls))
}

/// One phase, readiness uniform on [lo, hi] ms: (expected lag, expected requests) of the
/// schedule minimising lag + price × requests.
fn phase_optimum(lo: f64, hi: f64, price: f64) -> (f64, f64) {
    let hi = hi.max(lo + 1e-3);
    let h = hi / GRID as f64;
    // mass[j]: P(ready in cell j = (j·h, (j+1)·h]); mid[j]: where in the cell, on average.
    let mut mass = vec![0.0; GRID];
    let mut mid = vec![0.0; GRID];
    for j in 0..GRID {
        let (a, b) = (j as f64 * h, (j + 1) as f64 * h);
        let (x, y) = (a.max(lo), b.min(hi));
        if y > x {
            mass[j] = (y - x) / (hi - lo);
            mid[j] = (x + y) / 2.0;
        }
    }
    // survival[i]: P(not ready at grid point i).
    let mut survival = vec![0.0; GRID + 1];
    for i in (0..GRID).rev() {
        survival[i] = survival[i + 1] + mass[i];
    }
    // best[i] = (cost, lag, polls) from grid point i on, not ready at i (unnormalised).
    let mut best = vec![(0.0, 0.0, 0.0); GRID + 1];
    for i in (0..GRID).rev() {
        if survival[i] <= 1e-12 {
            continue;
        }
        let mut choice = (f64::MAX, 0.0, 0.0);
        let mut waited = 0.0;
        for k in i + 1..=GRID {
            waited += mass[k - 1] * (k as f64 * h - mid[k - 1]);
            // Lag of what becomes ready in (i, k] grows with k for the cells already passed.
            let lag_here: f64 = waited;
            let (c, l, p) = best[k];
            let cost = price * survival[i] + lag_here + c;
            if cost < choice.0 {
                choice = (cost, lag_here + l, survival[i] + p);
            }
            if k < GRID {
                // The cells passed wait one more cell each for a later request.
                waited += (survival[i] - survival[k]) * h;
            }
        }
        best[i] = choice;
    }
    (best[0].1, best[0].2)
}

fn ms(d: chrono::Duration) -> f64 {
    d.num_microseconds()
        .map(|u| u as f64 / 1000.0)
        .unwrap_or(f64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn t(ms: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::milliseconds(ms)
    }

    #[test]
    fn quantile_table() {
        let v = [0.0, 10.0, 20.0, 30.0, 40.0];
        for (q, want) in [(0.0, 0.0), (0.5, 20.0), (0.95, 38.0), (1.0, 40.0)] {
            assert!((quantile(&v, q) - want).abs() < 1e-9, "q {q}");
        }
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn lag_stats_counts_only_downloaded_entities() {
        let pairs = vec![
            (t(1000), Some(t(1100))),
            (t(2000), Some(t(2300))),
            (t(3000), None),
            // A download logged before READY (clock skew) counts as no lag, not negative.
            (t(4000), Some(t(3990))),
        ];
        let s = lag_stats(&pairs, 9, Some(t(0)));
        assert_eq!((s.entities, s.downloaded), (4, 3));
        assert!((s.p50_ms - 100.0).abs() < 1e-9, "{s:?}");
        assert!((s.max_ms - 300.0).abs() < 1e-9, "{s:?}");
        assert!((s.polls_per_entity - 3.0).abs() < 1e-9, "{s:?}");
        assert!((s.span_ms - 3990.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn split_lag_table() {
        let mut s = LagStats::default();
        split_lag(
            &mut s,
            &[
                (t(1000), Some(t(1100)), Some(t(1130))),
                (t(2000), Some(t(2300)), Some(t(2310))),
                // Never called READY by a status (a webhook-less download?): left out.
                (t(3000), None, Some(t(3500))),
            ],
        );
        assert!((s.notice_mean_ms - 200.0).abs() < 1e-9, "{s:?}");
        assert!((s.act_mean_ms - 20.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn poll_phases_table() {
        let tl = |json: i64, done: i64, at: &[i64]| StatusTimeline {
            json_ready: Some(t(json)),
            finished_at: t(done),
            entities: 2,
            status_at: at.iter().map(|&a| t(a)).collect(),
        };
        let p = poll_phases(
            &[
                // Two before the JSON, one between, the noticing one and a wasted one.
                tl(1000, 5000, &[250, 900, 3000, 5000, 5200]),
                tl(2000, 6000, &[2500, 6100]),
                // The later group: one request, after everything was ready.
                tl(1000, 4000, &[4100]),
            ],
            2,
        );
        let g = &p.first_wave;
        assert_eq!(g.sessions, 2);
        assert!((g.json_phase - 1.0).abs() < 1e-9, "{g:?}");
        assert!((g.report_phase - 1.0).abs() < 1e-9, "{g:?}");
        assert!((g.after_ready - 1.5).abs() < 1e-9, "{g:?}");
        assert!((g.per_entity - 7.0 / 4.0).abs() < 1e-9, "{g:?}");
        let l = &p.later;
        assert_eq!(l.sessions, 1);
        assert!(
            (l.after_ready - 1.0).abs() < 1e-9 && l.json_phase == 0.0,
            "{l:?}"
        );
        // Fewer sessions than the concurrency: all in the first wave, none later.
        let p = poll_phases(&[tl(1000, 4000, &[4100])], 50);
        assert_eq!((p.first_wave.sessions, p.later.sessions), (1, 0));
        assert_eq!(p.later.per_entity, 0.0);
    }

    #[test]
    fn lower_bound_table() {
        let span = |c: i64, f: i64| SessionSpan {
            created_at: t(c),
            finished_at: t(f),
        };
        // Durations 4, 2, 3 s; created in that order.
        let spans = vec![span(0, 4000), span(1, 2001), span(2, 3002)];
        let cases: Vec<(usize, f64)> = vec![
            // One at a time: the sum.
            (1, 9000.0),
            // Two slots: 4 | 2 then 3 → max(4, 5).
            (2, 5000.0),
            // As many slots as sessions: the longest.
            (3, 4000.0),
            (50, 4000.0),
        ];
        for (c, want) in cases {
            assert!(
                (lower_bound_ms(&spans, c) - want).abs() < 1e-9,
                "concurrency {c}: {}",
                lower_bound_ms(&spans, c)
            );
        }
        assert_eq!(lower_bound_ms(&[], 5), 0.0);
    }

    fn model() -> LatencyModel {
        LatencyModel {
            kind: "uniform".into(),
            json_min_ms: 1000.0,
            json_max_ms: 4000.0,
            report_min_ms: 3000.0,
            report_max_ms: 10000.0,
        }
    }

    /// Evenly spaced requests, k_i ∝ √spread, stopping at readiness: (mean lag, requests).
    fn even(p: f64) -> (f64, f64) {
        let (w1, w2) = (3000.0_f64, 7000.0_f64);
        let total = 4.0 * p - 2.0;
        let k1 = total * w1.sqrt() / (w1.sqrt() + w2.sqrt());
        let k2 = total - k1;
        ((w1 / (2.0 * k1) + w2 / (2.0 * k2)) / 2.0, p)
    }

    #[test]
    fn optimal_polling_beats_even_spacing_and_spends_the_budget() {
        let m = model();
        let mut last = f64::MAX;
        for p in [2.0, 4.0, 7.0, 12.0] {
            let (lag, polls) = optimal_polling(&m, p).expect("solvable");
            assert!((polls - p).abs() < 0.1, "budget {p}: spent {polls}");
            let (even_lag, _) = even(p);
            assert!(
                lag <= even_lag * 1.02,
                "budget {p}: {lag} vs even {even_lag}"
            );
            assert!(
                lag >= even_lag * 0.5,
                "budget {p}: {lag} vs even {even_lag}"
            );
            assert!(lag < last, "more requests, less lag");
            last = lag;
        }
        assert_eq!(optimal_polling(&m, 0.5), None);
        assert_eq!(optimal_polling(&m, f64::NAN), None);
    }
}
