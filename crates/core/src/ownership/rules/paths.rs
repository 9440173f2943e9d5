//! The listed chains: the strongest simple chains of each owner.

use std::collections::HashMap;

use super::{
    ChainPath, Link, RoleGround, RulesGraph, RulesWarning, Share, Step, WarningKind,
    MAX_ENUMERATED, MAX_PATH_LINKS, PATHS_PER_OWNER,
};

impl RulesGraph {
    /// The strongest simple chains into `s`, per owner (natural persons only).
    pub(super) fn simple_paths(
        &self,
        s: usize,
        inbound: &[Vec<usize>],
        warnings: &mut Vec<RulesWarning>,
    ) -> HashMap<usize, Vec<ChainPath>> {
        let n = self.parties.len();
        let mut out: HashMap<usize, Vec<ChainPath>> = HashMap::new();
        let mut on = vec![false; n];
        on[s] = true;
        let mut chain: Vec<usize> = Vec::new(); // link indices, from the subject upward
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        let mut count = 0usize;
        let mut truncated = false;
        while let Some(frame) = stack.last_mut() {
            let (v, i) = *frame;
            if i >= inbound[v].len() {
                stack.pop();
                if let Some(k) = chain.pop() {
                    on[self.links[k].owner] = false;
                }
                continue;
            }
            frame.1 += 1;
            let k = inbound[v][i];
            let u = self.links[k].owner;
            if on[u] {
                continue;
            }
            if count >= MAX_ENUMERATED || chain.len() >= MAX_PATH_LINKS {
                truncated = true;
                continue;
            }
            count += 1;
            chain.push(k);
            on[u] = true;
            if self.parties[u].natural() {
                let links: Vec<&Link> = chain.iter().rev().map(|&k| &self.links[k]).collect();
                let mut parties: Vec<usize> = links.iter().map(|l| l.owner).collect();
                parties.push(s);
                let steps: Vec<Step> = links
                    .iter()
                    .map(|l| Step {
                        share: l.holds().then(|| l.shares_eff().0),
                        role: (!l.holds()).then(|| {
                            if l.board {
                                "may appoint the board".to_owned()
                            } else {
                                l.roles
                                    .iter()
                                    .map(|(_, w)| w.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        }),
                    })
                    .collect();
                let share = steps.iter().try_fold(Share::exact(100.0), |acc, st| {
                    st.share.map(|x| acc.times(x))
                });
                // Senior-managing-official links are not chains of ownership or control.
                let smo_only = links.iter().any(|l| {
                    l.is_role_only()
                        && !l.roles.is_empty()
                        && l.roles
                            .iter()
                            .all(|(g, _)| *g == RoleGround::SeniorManaging)
                });
                if !smo_only {
                    out.entry(u).or_default().push(ChainPath {
                        parties,
                        steps,
                        share,
                    });
                }
            }
            stack.push((u, 0));
        }
        if truncated {
            warnings.push(RulesWarning {
                kind: WarningKind::PathLimit,
                message: format!(
                    "The structure is too large to list every chain (more than {MAX_ENUMERATED} chains or chains longer than {MAX_PATH_LINKS} links): the listed paths are incomplete; integrated shares are computed in full."
                ),
                party: None,
            });
        }
        for v in out.values_mut() {
            v.sort_by(|a, b| {
                let key = |c: &ChainPath| c.share.map_or(-1.0, |x| x.lo + x.hi);
                key(b).total_cmp(&key(a))
            });
            v.truncate(PATHS_PER_OWNER);
        }
        out
    }
}
