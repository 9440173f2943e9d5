//! The control rule (`NO-REG`).

use super::{PartyKind, RulesGraph, Share, BO_THRESHOLD, FIFTY};

/// Per-party state of one control walk, kept between owners: only the parties a walk touched
/// are reset, so a walk costs what the person controls, not the size of the graph.
pub(super) struct ControlScratch {
    ctrl: Vec<bool>,
    votes: Vec<f64>,
    open: Vec<bool>,
    touched: Vec<usize>,
    mark: Vec<bool>,
}

impl ControlScratch {
    pub(super) fn new(n: usize) -> Self {
        ControlScratch {
            ctrl: vec![false; n],
            votes: vec![0.0; n],
            open: vec![false; n],
            touched: Vec::new(),
            mark: vec![false; n],
        }
    }

    fn touch(&mut self, v: usize) {
        if !self.mark[v] {
            self.mark[v] = true;
            self.touched.push(v);
        }
    }

    fn reset(&mut self) {
        for v in self.touched.drain(..) {
            self.ctrl[v] = false;
            self.votes[v] = 0.0;
            self.open[v] = false;
            self.mark[v] = false;
        }
    }
}

impl RulesGraph {
    /// Control rule for `p`: (qualifies, share held with controlled entities, controlled).
    /// A worklist over the entities `p` comes to control (each link counted once), then the
    /// subject's inbound links of `p` and those entities.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn control(
        &self,
        p: usize,
        s: usize,
        inbound: &[Vec<usize>],
        outbound: &[Vec<usize>],
        scratch: &mut ControlScratch,
        end: impl Fn(Share) -> f64,
        maybe: bool,
    ) -> (bool, Share, Vec<usize>) {
        let sc = scratch;
        sc.touch(p);
        sc.ctrl[p] = true;
        let mut work = vec![p];
        let mut controlled = Vec::new();
        while let Some(u) = work.pop() {
            for &k in &outbound[u] {
                let l = &self.links[k];
                let v = l.owned;
                let x = l.votes_eff().0;
                sc.touch(v);
                sc.votes[v] += end(x);
                sc.open[v] |= if maybe { false } else { x.lo_open };
                let share = Share {
                    lo: sc.votes[v],
                    hi: sc.votes[v],
                    lo_open: sc.open[v],
                    hi_open: false,
                };
                let reaches = if maybe {
                    share.maybe_at_least(FIFTY)
                } else {
                    share.surely_at_least(FIFTY)
                };
                if !sc.ctrl[v] && self.parties[v].kind == PartyKind::Entity && (l.board || reaches)
                {
                    sc.ctrl[v] = true;
                    work.push(v);
                    if v != s {
                        controlled.push(v);
                    }
                }
            }
        }
        let mut shares = Share::ZERO;
        let mut vts = Share::ZERO;
        for l in inbound[s]
            .iter()
            .map(|&k| &self.links[k])
            .filter(|l| sc.ctrl[l.owner] && l.owner != s)
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
        let qualifies = sc.ctrl[s]
            || if maybe {
                held.maybe_above(BO_THRESHOLD)
            } else {
                held.surely_above(BO_THRESHOLD)
            };
        sc.reset();
        controlled.sort_unstable();
        (qualifies, held, controlled)
    }
}
