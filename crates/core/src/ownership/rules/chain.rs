//! The chain rule (`NO-AML-14`) and trust or foundation roles leading to the subject.

use std::collections::VecDeque;

use super::{Link, RulesGraph, BO_THRESHOLD};

impl RulesGraph {
    /// Chain rule: parties reachable from `s` upward over qualifying links (surely, maybe).
    pub(super) fn chain_reach(&self, s: usize, inbound: &[Vec<usize>]) -> (Vec<bool>, Vec<bool>) {
        let reach = |qualifies: &dyn Fn(&Link) -> bool| {
            let mut seen = vec![false; self.parties.len()];
            seen[s] = true;
            let mut q = VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                for &k in &inbound[v] {
                    let l = &self.links[k];
                    if !seen[l.owner] && qualifies(l) {
                        seen[l.owner] = true;
                        q.push_back(l.owner);
                    }
                }
            }
            seen[s] = false;
            seen
        };
        let weight = |l: &Link| l.shares_eff().0.max(l.votes_eff().0);
        let sure = reach(&|l: &Link| {
            l.board || l.trust_role() || (l.holds() && weight(l).surely_above(BO_THRESHOLD))
        });
        let maybe = reach(&|l: &Link| {
            l.board || l.trust_role() || (l.holds() && weight(l).maybe_above(BO_THRESHOLD))
        });
        (sure, maybe)
    }

    /// Does a trust or foundation role of `p` lead to `s` through qualifying holdings?
    pub(super) fn trust_reach(&self, p: usize, s: usize, outbound: &[Vec<usize>]) -> bool {
        outbound[p].iter().any(|&k| {
            let l = &self.links[k];
            if !l.trust_role() {
                return false;
            }
            if l.owned == s {
                return true;
            }
            // The trust or foundation holds 25 % or more of the subject (integrated).
            let mut w = vec![false; self.parties.len()];
            let mut q = VecDeque::from([l.owned]);
            w[l.owned] = true;
            while let Some(v) = q.pop_front() {
                if v == s {
                    return true;
                }
                for &k2 in &outbound[v] {
                    let m = &self.links[k2];
                    let wt = m.shares_eff().0.max(m.votes_eff().0);
                    if !w[m.owned] && (m.board || wt.surely_at_least(BO_THRESHOLD)) {
                        w[m.owned] = true;
                        q.push_back(m.owned);
                    }
                }
            }
            false
        })
    }
}
