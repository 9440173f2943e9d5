//! The control rule (`NO-REG`).

use super::{PartyKind, RulesGraph, Share, BO_THRESHOLD, FIFTY};

impl RulesGraph {
    /// Control rule for `p`: (qualifies, share held with controlled entities, controlled).
    pub(super) fn control(
        &self,
        p: usize,
        s: usize,
        outbound: &[Vec<usize>],
        end: impl Fn(Share) -> f64,
        maybe: bool,
    ) -> (bool, Share, Vec<usize>) {
        let n = self.parties.len();
        let mut ctrl = vec![false; n];
        let mut votes = vec![0.0f64; n];
        let mut open = vec![false; n];
        ctrl[p] = true;
        let mut work = vec![p];
        while let Some(u) = work.pop() {
            for &k in &outbound[u] {
                let l = &self.links[k];
                let v = l.owned;
                let x = l.votes_eff().0;
                votes[v] += end(x);
                open[v] |= if maybe { false } else { x.lo_open };
                let share = Share {
                    lo: votes[v],
                    hi: votes[v],
                    lo_open: open[v],
                    hi_open: false,
                };
                let reaches = if maybe {
                    share.maybe_at_least(FIFTY)
                } else {
                    share.surely_at_least(FIFTY)
                };
                if !ctrl[v] && self.parties[v].kind == PartyKind::Entity && (l.board || reaches) {
                    ctrl[v] = true;
                    work.push(v);
                }
            }
        }
        let mut shares = Share::ZERO;
        let mut vts = Share::ZERO;
        for l in self
            .links
            .iter()
            .filter(|l| l.owned == s && ctrl[l.owner] && l.owner != s)
        {
            let (a, b) = (l.shares_eff().0, l.votes_eff().0);
            let pick = |x: Share| Share {
                lo: end(x),
                hi: end(x),
                lo_open: x.lo_open && !maybe,
                hi_open: false,
            };
            shares = shares.plus(pick(a));
            vts = vts.plus(pick(b));
        }
        let held = shares.max(vts);
        let qualifies = ctrl[s]
            || if maybe {
                held.maybe_above(BO_THRESHOLD)
            } else {
                held.surely_above(BO_THRESHOLD)
            };
        let controlled = (0..n).filter(|&v| v != p && v != s && ctrl[v]).collect();
        (qualifies, held, controlled)
    }
}
