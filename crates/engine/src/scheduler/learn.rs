//! Pure learning of readiness delays and the spacing of status requests it leads to: the
//! Kaplan–Meier CDF of each kind of entity's delay ([`learn`]), the session's request budget
//! shared by each entity's spread ([`share_budget`]), the gap to the next request
//! ([`adaptive_gap`]) and the policy that chooses between them and a fixed interval
//! ([`poll_gap`]). No I/O, no clock: [`super::readiness`] keeps the observations and
//! `session/pacing.rs` applies the answers. Each function has a table of cases below.

use std::time::Duration;

use crate::session::transition::FIRST_POLL;

/// How a BankID session spaces its status requests (`Engine::set_poll_policy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PollPolicy {
    /// Learns each kind of entity's readiness delay as the run goes (every session's
    /// observations, [`learn`]) and polls at its quantiles ([`adaptive_gap`]), spending about
    /// `polls_per_entity` status requests per entity.
    Adaptive { polls_per_entity: f64 },
    /// A plain fixed interval (jittered by the task), whatever is known: the benchmarks'
    /// frontier and the scripted "poll every 2 s" baseline.
    Fixed { interval: Duration },
}

/// Status requests per entity the adaptive policy aims at by default. One request covers
/// every entity of its session; about two more go to the cold start and to delays past every
/// one seen (measured on the release build, 100 organizations at concurrency 50: an aim of 6
/// spent 7.95–8.2 requests per entity, an aim of 5 spent 6.8–7.1; docs/PERFORMANCE.md).
pub const DEFAULT_POLLS_PER_ENTITY: f64 = 5.0;

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy::Adaptive {
            polls_per_entity: DEFAULT_POLLS_PER_ENTITY,
        }
    }
}

/// Ready observations needed before a kind of entity is polled by its quantiles.
pub const MIN_OBSERVED: usize = 3;
/// The shortest gap between two status requests of one session.
pub const MIN_GAP: Duration = Duration::from_millis(50);
/// The longest gap while nothing (cold start) or nothing that long (the tail) has been seen.
pub const COLD_MAX_GAP: Duration = Duration::from_millis(1000);

/// What the run so far says about one kind of entity's readiness delay (milliseconds from the
/// start of its phase: the session's creation for the JSON, the JSON's readiness for a report).
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// Kaplan–Meier CDF at each distinct observed delay, increasing in both.
    pub cdf: Vec<(u64, f64)>,
    /// Readiness per millisecond at risk past the first observed delay (for the tail).
    pub hazard_per_ms: f64,
    /// The 5 %–95 % spread of the observed delays (for sharing the poll budget).
    pub width_ms: f64,
}

/// Learns from `ready` delays (each the midpoint between the last status that said "not
/// ready" and the first that said READY) and `waiting` ones (entities not ready yet, at the
/// delay of their last status: right-censored, so long delays are not under-counted while
/// short ones arrive first). `None` below [`MIN_OBSERVED`] ready observations.
pub fn learn(ready: &[u64], waiting: &[u64]) -> Option<Learned> {
    if ready.len() < MIN_OBSERVED {
        return None;
    }
    // (delay, is_event); at equal delays events come first (censored ones were at risk).
    let mut all: Vec<(u64, bool)> = ready
        .iter()
        .map(|&t| (t, true))
        .chain(waiting.iter().map(|&t| (t, false)))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = all.len() as f64;
    let mut survival = 1.0;
    let mut cdf: Vec<(u64, f64)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let t = all[i].0;
        let (mut events, mut leaving) = (0.0, 0.0);
        while i < all.len() && all[i].0 == t {
            if all[i].1 {
                events += 1.0;
            }
            leaving += 1.0;
            i += 1;
        }
        if events > 0.0 {
            survival *= 1.0 - events / at_risk;
            cdf.push((t, 1.0 - survival));
        }
        at_risk -= leaving;
    }
    let first = cdf.first().map(|p| p.0).unwrap_or(0);
    let exposure: f64 = all
        .iter()
        .map(|(t, _)| t.saturating_sub(first) as f64)
        .sum();
    let hazard_per_ms = if exposure > 0.0 {
        ready.len() as f64 / exposure
    } else {
        0.0
    };
    let width_ms = (quantile_of(&cdf, 0.95) - quantile_of(&cdf, 0.05)).max(1.0);
    Some(Learned {
        cdf,
        hazard_per_ms,
        width_ms,
    })
}

/// The learned CDF at `t` (linear between observed delays; 0 before the first).
pub fn cdf_at(cdf: &[(u64, f64)], t: f64) -> f64 {
    let Some(&(t0, _)) = cdf.first() else {
        return 0.0;
    };
    if t < t0 as f64 {
        return 0.0;
    }
    for w in cdf.windows(2) {
        let ((a, fa), (b, fb)) = (w[0], w[1]);
        if t <= b as f64 {
            let span = (b - a).max(1) as f64;
            return fa + (fb - fa) * ((t - a as f64) / span).clamp(0.0, 1.0);
        }
    }
    cdf.last().map(|p| p.1).unwrap_or(0.0)
}

/// The delay at which the learned CDF reaches `p` (inverse of [`cdf_at`]), capped at the
/// longest observed delay.
pub fn quantile_of(cdf: &[(u64, f64)], p: f64) -> f64 {
    let Some(&(t0, f0)) = cdf.first() else {
        return 0.0;
    };
    if p <= f0 {
        return t0 as f64;
    }
    for w in cdf.windows(2) {
        let ((a, fa), (b, fb)) = (w[0], w[1]);
        if p <= fb {
            let span = (fb - fa).max(f64::EPSILON);
            return a as f64 + (b - a) as f64 * ((p - fa) / span).clamp(0.0, 1.0);
        }
    }
    cdf.last().map(|p| p.0 as f64).unwrap_or(0.0)
}

/// Shares a session's poll budget (about `polls_per_entity` requests per entity, spent on
/// average; `2·polls_per_entity − 1` gaps each) among its entities in
/// proportion to the square root of each one's spread (what minimises the summed mean lag of
/// evenly spaced polls: spread/(2k) each). Unlearned entities get the mean share. Returns the
/// probability mass each entity's next gap should cover (1/k), in `widths`' order.
pub fn share_budget(widths: &[Option<f64>], polls_per_entity: f64) -> Vec<f64> {
    let known: Vec<f64> = widths.iter().flatten().map(|w| w.max(1.0).sqrt()).collect();
    let mean = if known.is_empty() {
        1.0
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    };
    let roots: Vec<f64> = widths
        .iter()
        .map(|w| w.map(|w| w.max(1.0).sqrt()).unwrap_or(mean))
        .collect();
    let total: f64 = roots.iter().sum();
    // k equal-mass gaps cost (k + 1) / 2 requests on average: readiness lands midway.
    let budget = (2.0 * polls_per_entity - 1.0).max(1.0) * widths.len() as f64;
    roots
        .iter()
        .map(|r| {
            let k = (budget * r / total).max(1.0);
            1.0 / k
        })
        .collect()
}

/// The gap before the next status request for one pending entity, `elapsed_ms` into its
/// phase, after `polls` requests in it. Learned: the next poll is where the learned CDF has
/// grown by `mass` (so each request covers an equal share of the entities that become ready);
/// past every delay seen, a gap for which the learned hazard gives that share. Not learned
/// yet: from [`FIRST_POLL`], ×1.25 per request, capped at [`COLD_MAX_GAP`].
pub fn adaptive_gap(learned: Option<&Learned>, elapsed_ms: u64, polls: u32, mass: f64) -> Duration {
    let cold = || {
        FIRST_POLL
            .mul_f64(1.25f64.powi(polls.min(30) as i32))
            .min(COLD_MAX_GAP)
    };
    let Some(l) = learned else {
        return cold();
    };
    let e = elapsed_ms as f64;
    let last = l.cdf.last().map(|p| p.1).unwrap_or(0.0);
    let here = cdf_at(&l.cdf, e);
    let target = quantile_of(&l.cdf, (here + mass).min(last));
    let gap_ms = target - e;
    if gap_ms >= MIN_GAP.as_millis() as f64 {
        return Duration::from_secs_f64(gap_ms / 1000.0);
    }
    // Past (or at) the longest delay seen: P(ready within g) = 1 - exp(-hazard·g) = mass.
    let tail = if l.hazard_per_ms > 0.0 {
        -(1.0 - mass.min(0.99)).ln() / l.hazard_per_ms
    } else {
        COLD_MAX_GAP.as_millis() as f64
    };
    Duration::from_secs_f64(tail / 1000.0).clamp(MIN_GAP, COLD_MAX_GAP)
}

/// The midpoint between the last status that said "not ready" and the first that said READY,
/// as a delay from the phase's start (ms); `None` when no earlier status saw it not ready.
pub fn observed_delay(
    phase_start_ms: u64,
    not_ready_at_ms: Option<u64>,
    ready_at_ms: u64,
) -> Option<u64> {
    let before = not_ready_at_ms?;
    let mid = before + ready_at_ms.saturating_sub(before) / 2;
    Some(mid.saturating_sub(phase_start_ms))
}

/// With a webhook receiver whose hooks arrive, a status request waits for a hook; this is the
/// safety net's gap (longer than any session the sandbox makes, short enough that a lost hook
/// costs seconds, not the results' lifetime).
pub const WEBHOOK_SAFETY_NET: Duration = Duration::from_secs(15);
/// After a timer's status request finds a result no hook announced, hooks are not relied on
/// for this long (the adaptive schedule polls meanwhile).
pub const WEBHOOK_DISTRUST: Duration = Duration::from_secs(60);

/// The gap before the next status request: the policy's, or the webhook safety net when hooks
/// are relied on (the adaptive policy only; a fixed interval stays fixed, a hook only wakes it
/// early).
pub fn poll_gap(policy: PollPolicy, adaptive: Duration, webhooks_trusted: bool) -> Duration {
    match policy {
        PollPolicy::Fixed { interval } => interval,
        PollPolicy::Adaptive { .. } if webhooks_trusted => WEBHOOK_SAFETY_NET,
        PollPolicy::Adaptive { .. } => adaptive,
    }
}

/// Whether hooks are relied on: a receiver runs and no timer's request found an unannounced
/// result within [`WEBHOOK_DISTRUST`] (`since_miss`: time since the last such find).
pub fn webhooks_trusted(receiver: bool, since_miss: Option<Duration>) -> bool {
    receiver && since_miss.is_none_or(|d| d >= WEBHOOK_DISTRUST)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform(lo: u64, hi: u64, n: u64) -> Vec<u64> {
        (0..n).map(|i| lo + (hi - lo) * i / (n - 1)).collect()
    }

    #[test]
    fn learn_table() {
        assert_eq!(
            learn(&[10, 20], &[5]),
            None,
            "below MIN_OBSERVED nothing is learned"
        );
        // No one waiting: the empirical CDF.
        let l = learn(&uniform(1000, 4000, 31), &[]).expect("learned");
        let (t0, f0) = *l.cdf.first().expect("points");
        assert_eq!(t0, 1000);
        assert!((f0 - 1.0 / 31.0).abs() < 1e-9);
        assert!((l.cdf.last().expect("points").1 - 1.0).abs() < 1e-9);
        assert!((quantile_of(&l.cdf, 0.5) - 2500.0).abs() < 110.0);
        assert!((l.width_ms - 2700.0).abs() < 200.0, "{}", l.width_ms);
        // Right-censoring: three still waiting at 100 keep half the mass beyond 30.
        let l = learn(&[10, 20, 30], &[100, 100, 100]).expect("learned");
        let f = |t: f64| cdf_at(&l.cdf, t);
        for (t, want) in [(5.0, 0.0), (10.0, 1.0 / 6.0), (30.0, 0.5), (1000.0, 0.5)] {
            assert!((f(t) - want).abs() < 1e-9, "F({t}) = {}", f(t));
        }
        // A censored delay equal to an event's was at risk at that event.
        let l = learn(&[10, 10, 20], &[10]).expect("learned");
        assert!((cdf_at(&l.cdf, 10.0) - 0.5).abs() < 1e-9, "{:?}", l.cdf);
        // Hazard past the first delay: 3 events over (0 + 10 + 20 + 90 + 90 + 90) ms.
        let l = learn(&[10, 20, 30], &[100, 100, 100]).expect("learned");
        assert!(
            (l.hazard_per_ms - 3.0 / 300.0).abs() < 1e-9,
            "{}",
            l.hazard_per_ms
        );
    }

    #[test]
    fn adaptive_gap_table() {
        let ms = Duration::from_millis;
        let l = learn(&uniform(1000, 4000, 31), &[]).expect("learned");
        let near = |d: Duration, want: u64| (d.as_millis() as i64 - want as i64).abs() <= 60;
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Option<&Learned>, u64, u32, f64, u64)> = vec![
            ("cold: the first interval", None, 0, 0, 0.2, 250),
            ("cold: ×1.25 per request", None, 600, 2, 0.2, 390),
            ("cold: capped", None, 9000, 20, 0.2, 1000),
            // The first observed delay holds 1/31 of the mass: a sixth is reached at ~1417 ms.
            (
                "learned, at creation: the first sixth",
                Some(&l),
                0,
                0,
                1.0 / 6.0,
                1417,
            ),
            (
                "learned, at the median: the next sixth",
                Some(&l),
                2500,
                3,
                1.0 / 6.0,
                500,
            ),
            (
                "learned, near the end: up to the longest seen",
                Some(&l),
                3800,
                5,
                1.0 / 6.0,
                200,
            ),
        ];
        for (name, learned, elapsed, polls, mass, want) in cases {
            let g = adaptive_gap(learned, elapsed, polls, mass);
            assert!(near(g, want), "{name}: {g:?}, want ~{want} ms");
        }
        // Past every delay seen: the hazard's gap, within [MIN_GAP, COLD_MAX_GAP].
        let g = adaptive_gap(Some(&l), 4100, 7, 1.0 / 6.0);
        assert!((MIN_GAP..=COLD_MAX_GAP).contains(&g), "{g:?}");
        let waiting = learn(&[10, 20, 30], &[100, 100, 100]).expect("learned");
        let g = adaptive_gap(Some(&waiting), 40, 3, 0.2);
        // -ln(0.8) / (3/300 per ms) = 22 ms, raised to the floor.
        assert_eq!(g, MIN_GAP);
        assert!(adaptive_gap(Some(&l), 0, 0, 1.0 / 6.0) > ms(1000));
    }

    #[test]
    fn share_budget_table() {
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-3);
        #[allow(clippy::type_complexity)]
        let cases: Vec<(&str, Vec<Option<f64>>, f64, Vec<f64>)> = vec![
            (
                "equal spreads: equal shares",
                vec![Some(100.0), Some(100.0)],
                5.0,
                vec![1.0 / 9.0, 1.0 / 9.0],
            ),
            (
                "JSON over 3 s, report over 7 s: k ∝ √spread",
                vec![Some(3000.0), Some(7000.0)],
                7.0,
                vec![1.0 / 10.286, 1.0 / 15.714],
            ),
            (
                "nothing learned: equal",
                vec![None, None],
                4.0,
                vec![1.0 / 7.0, 1.0 / 7.0],
            ),
            (
                "one unlearned: the mean share",
                vec![Some(400.0), None],
                3.0,
                vec![0.2, 0.2],
            ),
            (
                "never less than one request",
                vec![Some(1.0), Some(1e8)],
                1.0,
                vec![1.0, 1.0 / 1.9998],
            ),
        ];
        for (name, widths, ppe, want) in cases {
            let got = share_budget(&widths, ppe);
            assert!(close(&got, &want), "{name}: {got:?}");
        }
    }

    #[test]
    fn observed_delay_and_policy_table() {
        for (start, before, at, want) in [
            (0, Some(1000), 1400, Some(1200)),
            (500, Some(1000), 1400, Some(700)),
            (0, None, 1400, None),
            (2000, Some(1000), 1400, Some(0)),
        ] {
            assert_eq!(
                observed_delay(start, before, at),
                want,
                "{start} {before:?} {at}"
            );
        }
        assert_eq!(
            PollPolicy::default(),
            PollPolicy::Adaptive {
                polls_per_entity: DEFAULT_POLLS_PER_ENTITY
            }
        );
    }

    #[test]
    fn poll_gap_and_webhook_trust_table() {
        let ms = Duration::from_millis;
        let adaptive = PollPolicy::default();
        let fixed = PollPolicy::Fixed { interval: ms(500) };
        for (name, policy, trusted, want) in [
            ("adaptive, no hooks", adaptive, false, ms(730)),
            (
                "adaptive, hooks relied on: safety net",
                adaptive,
                true,
                WEBHOOK_SAFETY_NET,
            ),
            ("fixed stays fixed", fixed, false, ms(500)),
            ("fixed stays fixed with hooks", fixed, true, ms(500)),
        ] {
            assert_eq!(poll_gap(policy, ms(730), trusted), want, "{name}");
        }
        for (name, receiver, since, want) in [
            ("no receiver", false, None, false),
            ("receiver, never missed", true, None, true),
            ("missed a moment ago", true, Some(ms(1000)), false),
            ("missed long ago", true, Some(WEBHOOK_DISTRUST), true),
        ] {
            assert_eq!(webhooks_trusted(receiver, since), want, "{name}");
        }
    }
}
