//! Pure learning of readiness delays and the spacing of status requests it leads to: each
//! kind of entity's delay distribution from interval- and right-censored observations and
//! the polling clock it gives ([`learn`]), the request rate on that clock that spends a
//! session's budget ([`poll_density`]), the gap to the next request ([`adaptive_gap`]), the
//! cold start before anything is learned ([`cold_gap`], [`waits_for_scouts`]) and the policy
//! that chooses between them and a fixed interval ([`poll_gap`]). No I/O, no clock:
//! [`super::readiness`] keeps the observations and `session/pacing.rs` applies the answers.
//! Each function has a table of cases below; `session/pacing/sim.rs` runs whole batches on a
//! simulated clock.

use std::time::Duration;

use crate::session::transition::FIRST_POLL;

/// How a BankID session spaces its status requests (`Engine::set_poll_policy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PollPolicy {
    /// Learns each kind of entity's readiness delay as the run goes (every session's
    /// observations, [`learn`]) and polls by it ([`adaptive_gap`]), aiming at about
    /// `polls_per_entity` status requests per entity once learned.
    Adaptive { polls_per_entity: f64 },
    /// A plain fixed interval (jittered by the task), whatever is known: the benchmarks'
    /// frontier and the scripted "poll every 2 s" baseline.
    Fixed { interval: Duration },
}

/// Status requests per entity the adaptive policy aims at by default. One request covers
/// every entity of its session, and the cold start spends less than the aim (the scouts), so
/// a batch spends a little under it: 100 or 300 organizations at concurrency 50 about 6.4
/// (simulated, `session/pacing/sim.rs`; the release build's measurements are in
/// docs/PERFORMANCE.md).
pub const DEFAULT_POLLS_PER_ENTITY: f64 = 7.0;

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy::Adaptive {
            polls_per_entity: DEFAULT_POLLS_PER_ENTITY,
        }
    }
}

/// Ready observations needed before a kind of entity is polled by what is learned of it
/// (fewer, and a batch's first wave is polled by an estimate that a handful of the shortest
/// delays make too narrow).
pub const MIN_OBSERVED: usize = 10;
/// The shortest gap between two status requests of one session.
pub const MIN_GAP: Duration = Duration::from_millis(50);
/// The longest gap while nothing (cold start) or nothing that long (the tail) has been seen.
pub const COLD_MAX_GAP: Duration = Duration::from_millis(1000);
/// The longest gap of an entity that [`waits_for_scouts`] ([`cold_gap`]).
pub const SCOUTED_GAP: Duration = Duration::from_millis(1500);

/// What the run so far says about one kind of entity's readiness delay (milliseconds from the
/// start of its phase: the session's creation for the JSON, the JSON's readiness for a report).
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// The CDF at its breakpoints, increasing in both (linear between them).
    pub cdf: Vec<(u64, f64)>,
    /// The polling clock: ∫₀ᵗ √hazard at the same breakpoints. Requests spaced evenly on it,
    /// denser where readiness is likelier among the entities still waiting, minimise the
    /// mean lag for the requests they cost (a request's worth of lag is density/(2·rate),
    /// its cost rate·survival: the best rate is ∝ √(density/survival)).
    pub schedule: Vec<(u64, f64)>,
    /// ∫ √(density·survival) dt: the requests an entity costs, on average, per request per
    /// unit of the clock ([`poll_density`]).
    pub effort: f64,
    /// Readiness per millisecond at risk from where readiness begins (the tail, past every
    /// delay seen, is taken as memoryless).
    pub hazard_per_ms: f64,
}

/// One readiness as the statuses saw it: between the last "not ready" (`after_ms` into the
/// phase) and the first READY (`by_ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub after_ms: u64,
    pub by_ms: u64,
}

/// Width of the bins the readiness distribution is estimated on (finer than any gap worth
/// polling at; coarser only when delays run to minutes, to keep at most [`MAX_BINS`]).
const BIN_MS: u64 = 50;
const MAX_BINS: u64 = 1000;
/// Self-consistency rounds of the estimate ([`learn`]).
const ROUNDS: usize = 25;
/// Each round's estimate is smoothed over this many bins each side (Silverman's EMS): the
/// self-consistent estimate alone piles the mass onto a few narrow intervals, and a clock
/// built on it polls in bunches.
const SMOOTH_BINS: usize = 3;

/// A triangular moving average of `radius` bins each side, mass kept (the edges reflect).
fn smooth(p: &mut [f64], radius: usize) {
    if radius == 0 || p.len() < 2 {
        return;
    }
    let src = p.to_vec();
    let n = src.len() as isize;
    let r = radius as isize;
    let norm = ((r + 1) * (r + 1)) as f64;
    for (j, out) in p.iter_mut().enumerate() {
        let mut acc = 0.0;
        for d in -r..=r {
            let mut k = j as isize + d;
            if k < 0 {
                k = -k - 1;
            }
            if k >= n {
                k = 2 * n - k - 1;
            }
            acc += src[k.clamp(0, n - 1) as usize] * (r + 1 - d.abs()) as f64;
        }
        *out = acc / norm;
    }
}

/// Learns from `ready` readiness intervals and `waiting` delays (entities not ready yet, at
/// the delay of their last status: right-censored, so long delays are not under-counted while
/// short ones arrive first). A readiness is known only to within the gap between two statuses,
/// and the gaps are wide exactly where the scheduler expects nothing (a first request at the
/// first quantile, a report's first after the JSON's): as points at the gaps' midpoints, or
/// spread evenly over them, the CDF shifts and widens (1–4 s learned as 1.7–4.8 s, 3–10 s as
/// 0–12 s), the quantiles bunch and the budget goes where nothing is ready. So the
/// distribution is estimated as Turnbull's self-consistent one for interval- and
/// right-censored data: on [`BIN_MS`] bins, each observation's mass goes to the bins of its
/// interval in proportion to the current estimate there, repeated [`ROUNDS`] times from an
/// even spread and smoothed each round. The tail's hazard counts the time at risk from where
/// readiness begins (the learned 1 % point), not from the first midpoint: in a batch noticed
/// all at once that credits everything ready before it to no time at all.
/// `None` below [`MIN_OBSERVED`] ready observations.
pub fn learn(ready: &[Seen], waiting: &[u64]) -> Option<Learned> {
    if ready.len() < MIN_OBSERVED {
        return None;
    }
    let top = ready
        .iter()
        .map(|r| r.by_ms.max(r.after_ms))
        .chain(waiting.iter().copied())
        .max()
        .unwrap_or(0);
    let bin = BIN_MS.max(top / MAX_BINS + 1);
    // Bins 0..n cover [0, n·bin); bin n is everything beyond.
    let n = (top / bin + 1) as usize;
    // Each observation's bins [from, to).
    let spans: Vec<(usize, usize)> = ready
        .iter()
        .map(|r| {
            let hi = r.by_ms.max(r.after_ms);
            let from = (r.after_ms / bin) as usize;
            let to = (hi.div_ceil(bin) as usize).clamp(from + 1, n);
            (from.min(n - 1), to)
        })
        .chain(
            waiting
                .iter()
                .map(|&c| (((c / bin) as usize).min(n), n + 1)),
        )
        .collect();
    let total = spans.len() as f64;
    // Each round: an observation gives each bin of its interval p[j] / (its interval's mass);
    // summed per bin through prefix sums, so a round is linear in observations and bins.
    let mut p = vec![1.0 / (n + 1) as f64; n + 1];
    let mut prefix = vec![0.0; n + 2];
    let mut cover = vec![0.0; n + 2];
    for _ in 0..ROUNDS {
        for j in 0..=n {
            prefix[j + 1] = prefix[j] + p[j];
        }
        cover.iter_mut().for_each(|c| *c = 0.0);
        for &(from, to) in &spans {
            let here = prefix[to] - prefix[from];
            if here > 1e-12 {
                cover[from] += 1.0 / here;
                cover[to] -= 1.0 / here;
            }
        }
        let mut w = 0.0;
        for j in 0..=n {
            w += cover[j];
            p[j] *= w / total;
        }
        let mass: f64 = p.iter().sum();
        if mass > 0.0 {
            p.iter_mut().for_each(|x| *x /= mass);
        }
        smooth(&mut p[..n], SMOOTH_BINS);
    }
    // The CDF and the clock at the bins' edges, from the first bin with mass to the last.
    let first_bin = p[..n].iter().position(|&x| x > 1e-9).unwrap_or(0);
    let last_bin = p[..n].iter().rposition(|&x| x > 1e-9).unwrap_or(first_bin);
    let start = first_bin as u64 * bin;
    let mut f: f64 = p[..first_bin].iter().sum();
    let (mut cdf, mut schedule) = (vec![(start, f)], vec![(start, 0.0)]);
    let (mut clock, mut effort) = (0.0, 0.0);
    let width = bin as f64;
    for (j, &x) in p.iter().enumerate().take(last_bin + 1).skip(first_bin) {
        let survival = (1.0 - f - x / 2.0).max(1e-6);
        let density = x / width;
        clock += (density / survival).sqrt() * width;
        effort += (density * survival).sqrt() * width;
        f += x;
        let edge = (j as u64 + 1) * bin;
        cdf.push((edge, f.min(1.0)));
        schedule.push((edge, clock));
    }
    // Where readiness begins: the 1 % point of what is learned (the smoothing's fringe before
    // it is no time at risk).
    let begins = quantile_of(&cdf, 0.01 * f) as u64;
    let exposure: f64 = ready
        .iter()
        .map(|r| r.after_ms + r.by_ms.saturating_sub(r.after_ms) / 2)
        .chain(waiting.iter().copied())
        .map(|t| t.saturating_sub(begins) as f64)
        .sum();
    let hazard_per_ms = if exposure > 0.0 {
        ready.len() as f64 / exposure
    } else {
        0.0
    };
    // Past the longest delay seen, the rest (1 - F) at the tail's constant hazard h costs
    // ∫ √(h·S·S) = (1 - F) / √h on the same scale: a run's first observations cover only the
    // shortest delays, and a budget spent on them alone would poll the rest far too densely.
    if hazard_per_ms > 0.0 {
        effort += (1.0 - f).max(0.0) / hazard_per_ms.sqrt();
    }
    Some(Learned {
        cdf,
        schedule,
        effort,
        hazard_per_ms,
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

/// The rate of requests on the learned clocks ([`Learned::schedule`]) that spends about
/// `polls_per_entity` requests per entity of a session: one shared by its entities (one price
/// per request, whichever entity it is for), `efforts` in their order (`None`: not learned
/// yet, counted as the mean of the others). One request per entity is the one that finds it
/// ready. 0 when nothing is learned.
pub fn poll_density(efforts: &[Option<f64>], polls_per_entity: f64) -> f64 {
    let known: Vec<f64> = efforts.iter().flatten().copied().collect();
    if known.is_empty() {
        return 0.0;
    }
    let mean = known.iter().sum::<f64>() / known.len() as f64;
    let total: f64 = efforts.iter().map(|e| e.unwrap_or(mean)).sum();
    let waiting_polls = (polls_per_entity - 1.0).max(0.25) * efforts.len() as f64;
    waiting_polls / total.max(f64::EPSILON)
}

/// The gap before the next status request for one pending entity, `elapsed_ms` into its
/// phase, after `polls` requests in it. Learned: one step of 1/`density` on its clock
/// ([`Learned::schedule`]); past every delay seen, the rest of the step on the tail's
/// constant hazard (at most a cold gap there). Not learned yet: [`cold_gap`].
pub fn adaptive_gap(
    learned: Option<&Learned>,
    elapsed_ms: u64,
    polls: u32,
    density: f64,
    scouted_ms: Option<u64>,
) -> Duration {
    let Some(l) = learned.filter(|_| density > 0.0) else {
        return cold_gap(polls, scouted_ms);
    };
    let e = elapsed_ms as f64;
    let step = 1.0 / density;
    let (last_t, end) = l.schedule.last().map_or((0.0, 0.0), |p| (p.0 as f64, p.1));
    let here = cdf_at(&l.schedule, e);
    let cold_ms = COLD_MAX_GAP.as_secs_f64() * 1000.0;
    let gap_ms = if here + step <= end {
        quantile_of(&l.schedule, here + step) - e
    } else {
        let within = (last_t - e).max(0.0);
        let rest = here + step - end;
        let tail = if l.hazard_per_ms > 0.0 {
            rest / l.hazard_per_ms.sqrt()
        } else {
            cold_ms
        };
        within + tail.min(cold_ms)
    };
    Duration::from_secs_f64(gap_ms.max(MIN_GAP.as_secs_f64() * 1000.0) / 1000.0)
}

/// Entities of a kind that keep exploring on the cold schedule while no readiness of the kind
/// has been seen: the ones whose wait began first ([`waits_for_scouts`]).
pub const SCOUTS: usize = 5;

/// Whether an entity in the cold start leaves the exploring to the scouts: at least
/// [`SCOUTS`] entities of its kind began waiting before it (`ahead`) and no readiness of the
/// kind has been seen at or before its own delay (`ready_after`: each readiness's last "not
/// ready" delay). A batch's sessions start together: without this all fifty sweep the
/// stretch before anything can be ready, each on the same schedule, and learn nothing the
/// first five would not have; the others ask once per [`SCOUTED_GAP`] meanwhile.
pub fn waits_for_scouts(ahead: usize, ready_after: &[u64], elapsed_ms: u64) -> bool {
    ahead >= SCOUTS && ready_after.iter().all(|&a| a >= elapsed_ms)
}

/// The cold start's gap: from [`FIRST_POLL`], ×1.25 per request, capped at [`COLD_MAX_GAP`].
/// An entity that [`waits_for_scouts`] (`scouted_ms`: how far into the phase the kind was seen
/// with nothing ready) waits twice that stretch, at least the grown gap and at most
/// [`SCOUTED_GAP`]: the wait scales with what the scouts have found empty, so an upstream that
/// answers in a few hundred milliseconds is not waited on for seconds.
pub fn cold_gap(polls: u32, scouted_ms: Option<u64>) -> Duration {
    let grown = FIRST_POLL
        .mul_f64(1.25f64.powi(polls.min(30) as i32))
        .min(COLD_MAX_GAP);
    match scouted_ms {
        Some(empty) => Duration::from_millis(2 * empty).clamp(grown, SCOUTED_GAP),
        None => grown,
    }
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

    /// Readiness in `n` back-to-back intervals from `lo` to `hi` ms: uniform on [lo, hi].
    fn spread(lo: u64, hi: u64, n: u64) -> Vec<Seen> {
        (0..n)
            .map(|i| Seen {
                after_ms: lo + (hi - lo) * i / n,
                by_ms: lo + (hi - lo) * (i + 1) / n,
            })
            .collect()
    }

    /// `n` delays uniform on [lo, hi] as a client polling every `gap` ms sees them: every
    /// other entity's first request at `first`, the others' from 300 ms (each on its own
    /// phase).
    fn polled(lo: u64, hi: u64, n: u64, first: u64, gap: u64) -> Vec<Seen> {
        (0..n)
            .map(|i| {
                let t = lo + (hi - lo) * i / (n - 1);
                let start = if i % 2 == 0 { first } else { 300 };
                let phase = start + (i * 37) % gap;
                if t < phase {
                    return Seen {
                        after_ms: 0,
                        by_ms: phase,
                    };
                }
                let k = (t - phase) / gap;
                Seen {
                    after_ms: phase + k * gap,
                    by_ms: phase + (k + 1) * gap,
                }
            })
            .collect()
    }

    #[test]
    fn learn_table() {
        assert_eq!(
            learn(&spread(1000, 4000, MIN_OBSERVED as u64 - 1), &[]),
            None,
            "below MIN_OBSERVED nothing is learned"
        );
        // Seen through 500 ms gaps, half of them first at 1300 ms (their delays under 1300
        // only known to be in [0, 1300]): the quantiles of 1–4 s come back within 100 ms. As
        // points at the midpoints the 5 % quantile would be under 900 ms, spread evenly over
        // the intervals lower still.
        let l = learn(&polled(1000, 4000, 300, 1300, 500), &[]).expect("learned");
        for (q, want) in [
            (0.05, 1150.0),
            (0.25, 1750.0),
            (0.5, 2500.0),
            (0.95, 3850.0),
        ] {
            let got = quantile_of(&l.cdf, q);
            assert!((got - want).abs() < 100.0, "q{q}: {got}, want {want}");
        }
        assert!((l.cdf.last().expect("points").1 - 1.0).abs() < 1e-6);
        // Right-censoring: 20 ready over 100–300 ms, 20 still waiting at 400: half the mass
        // is beyond 400 (by the first 20 alone it would all be below 300).
        let l = learn(&spread(100, 300, 20), &[400; 20]).expect("learned");
        let last = l.cdf.last().expect("points").1;
        assert!((last - 0.5).abs() < 0.02, "{last}");
        assert!((cdf_at(&l.cdf, 200.0) - 0.25).abs() < 0.03);
        // The tail's hazard counts the time at risk from where readiness began, not from the
        // first midpoint: a batch noticed all at once, 10 of 50 ready between 1000 and 1500
        // ms, 40 still waiting at 1500: about 10 / (10 · 250 + 40 · 500) per ms (from the
        // midpoint it would be 10 / 10,000, and the tail polled twice as densely).
        let batch = vec![
            Seen {
                after_ms: 1000,
                by_ms: 1500
            };
            10
        ];
        let l = learn(&batch, &[1500; 40]).expect("learned");
        let want = 10.0 / 22_500.0;
        assert!(
            (l.hazard_per_ms - want).abs() < 0.15 * want,
            "{}",
            l.hazard_per_ms
        );
    }

    /// Polls one entity ready at `t` from its phase's start: (requests, lag ms).
    fn poll_until(l: &Learned, density: f64, t: f64) -> (u32, f64) {
        let mut e = 0.0_f64;
        let mut polls = 0;
        loop {
            e += adaptive_gap(Some(l), e as u64, polls, density, None).as_secs_f64() * 1000.0;
            polls += 1;
            if e >= t {
                return (polls, e - t);
            }
            assert!(polls < 1000, "no end");
        }
    }

    #[test]
    fn the_clock_spends_the_aim_with_less_lag_than_even_spacing() {
        let l = learn(&spread(1000, 4000, 300), &[]).expect("learned");
        // The clock: nothing to poll for before 1 s; denser toward the end, where more of
        // those still waiting become ready (√hazard).
        let d = poll_density(&[Some(l.effort)], 5.0);
        assert!(adaptive_gap(Some(&l), 0, 0, d, None) > Duration::from_millis(1000));
        let early = adaptive_gap(Some(&l), 1200, 2, d, None);
        let late = adaptive_gap(Some(&l), 3500, 6, d, None);
        assert!(late < early, "{late:?} vs {early:?}");
        // Over delays uniform on 1–4 s: about the aim's requests, and less lag than evenly
        // spaced requests (from 1 s) that cost as many.
        let ts: Vec<f64> = (0..600)
            .map(|i| 1000.0 + 3000.0 * (i as f64 + 0.5) / 600.0)
            .collect();
        let runs: Vec<(u32, f64)> = ts.iter().map(|&t| poll_until(&l, d, t)).collect();
        let polls = runs.iter().map(|r| f64::from(r.0)).sum::<f64>() / ts.len() as f64;
        let lag = runs.iter().map(|r| r.1).sum::<f64>() / ts.len() as f64;
        // (4.5 here: the aim is the continuous approximation's; the default is set by whole
        // batches, session/pacing/sim.rs.)
        assert!((polls - 5.0).abs() < 0.75, "{polls} requests");
        // Even spacing g from 1 s: about 1 + 1500/g + 0.5 requests, g/2 lag.
        let g = 1500.0 / (polls - 1.5);
        assert!(lag < 0.95 * g / 2.0, "lag {lag:.0} vs even {:.0}", g / 2.0);
        // Past the longest delay seen: the tail's hazard, within [MIN_GAP, COLD_MAX_GAP].
        let g = adaptive_gap(Some(&l), 4500, 9, d, None);
        assert!((MIN_GAP..=COLD_MAX_GAP).contains(&g), "{g:?}");
    }

    #[test]
    fn poll_density_table() {
        for (name, efforts, aim, want) in [
            ("nothing learned", vec![None, None], 7.0, 0.0),
            (
                "one entity: aim less the finding request",
                vec![Some(30.0)],
                7.0,
                0.2,
            ),
            (
                "two: one rate shared over their efforts",
                vec![Some(20.0), Some(40.0)],
                4.0,
                0.1,
            ),
            (
                "unlearned: the mean effort",
                vec![Some(20.0), None],
                4.0,
                0.15,
            ),
            (
                "never below a quarter request",
                vec![Some(10.0)],
                0.5,
                0.025,
            ),
        ] {
            let got = poll_density(&efforts, aim);
            assert!((got - want).abs() < 1e-9, "{name}: {got}");
        }
    }

    #[test]
    fn cold_start_table() {
        let ms = Duration::from_millis;
        for (name, ahead, ready_after, elapsed, want) in [
            ("among the first five: a scout", 4, vec![], 600, false),
            (
                "five began before it, nothing ready: waits",
                5,
                vec![],
                600,
                true,
            ),
            (
                "a readiness seen only beyond it: the stretch is still empty",
                30,
                vec![2800],
                1000,
                true,
            ),
            (
                "a readiness seen before its delay: explores",
                30,
                vec![900],
                1000,
                false,
            ),
        ] {
            assert_eq!(
                waits_for_scouts(ahead, &ready_after, elapsed),
                want,
                "{name}"
            );
        }
        for (name, polls, scouted, want) in [
            ("the first interval", 0, None, ms(250)),
            ("×1.25 per request", 2, None, Duration::from_micros(390_625)),
            ("capped", 20, None, COLD_MAX_GAP),
            ("scouted: twice the empty stretch", 1, Some(400), ms(800)),
            (
                "scouted: at least the grown gap",
                2,
                Some(100),
                Duration::from_micros(390_625),
            ),
            ("scouted: at most SCOUTED_GAP", 0, Some(5000), SCOUTED_GAP),
        ] {
            assert_eq!(cold_gap(polls, scouted), want, "{name}");
        }
        // Nothing learned (or no rate): adaptive_gap is the cold gap.
        assert_eq!(adaptive_gap(None, 200, 1, 0.2, Some(5000)), SCOUTED_GAP);
        assert_eq!(adaptive_gap(None, 200, 0, 0.2, None), ms(250));
        let l = learn(&spread(1000, 4000, 30), &[]).expect("learned");
        assert_eq!(adaptive_gap(Some(&l), 200, 0, 0.0, None), ms(250));
    }

    #[test]
    fn default_policy() {
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
