//! The integrated share: the walk sum of shares (the stated method for cycles, in `super`).

use super::{RulesGraph, Share, MAX_SWEEPS};

impl RulesGraph {
    /// Walk sums of shares into `s` for every party (fractions), by monotone fixed-point
    /// iteration; `false` when it did not converge (a closed cross-holding), values then capped.
    pub(super) fn integrated(
        &self,
        s: usize,
        outbound: &[Vec<usize>],
        behind: &[bool],
        end: impl Fn(Share) -> f64,
    ) -> (Vec<f64>, bool) {
        let n = self.parties.len();
        let mut w = vec![0.0f64; n];
        w[s] = 1.0;
        let order: Vec<usize> = (0..n).filter(|&v| behind[v] && v != s).collect();
        // Each party's positive holdings (held party, fraction) side by side, in link order, so
        // a sweep reads contiguous memory; the sums are the same, term by term.
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut terms: Vec<(usize, f64)> = Vec::new();
        for &v in &order {
            starts.push(terms.len());
            for &k in &outbound[v] {
                let l = &self.links[k];
                let f = end(l.shares_eff().0).clamp(0.0, 100.0) / 100.0;
                if f > 0.0 {
                    terms.push((l.owned, f));
                }
            }
        }
        starts.push(terms.len());
        let mut converged = false;
        for _ in 0..MAX_SWEEPS {
            let mut change = 0.0f64;
            for (i, &v) in order.iter().enumerate() {
                let mut sum = 0.0;
                for &(u, f) in &terms[starts[i]..starts[i + 1]] {
                    sum += f * w[u];
                }
                change = change.max((sum - w[v]).abs());
                w[v] = sum;
            }
            if change < 1e-15 {
                converged = true;
                break;
            }
            if w.iter().any(|&x| x > 1e6) {
                break;
            }
        }
        if !converged {
            for (v, x) in w.iter_mut().enumerate() {
                if v != s {
                    *x = x.min(1.0);
                }
            }
        }
        (w, converged)
    }
}
