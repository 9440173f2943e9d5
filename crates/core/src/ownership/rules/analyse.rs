//! Every rule for one subject, side by side (`RulesGraph::analyse`).

use std::collections::{BTreeSet, VecDeque};

use super::control::ControlScratch;
use super::{
    pct, ChainPath, OwnerAnalysis, PartyKind, RoleGround, RuleName, RulesGraph, RulesWarning,
    Share, Step, SubjectAnalysis, WarningKind, BO_THRESHOLD, FIFTY, PATHS_PER_OWNER, TOLERANCE,
};

impl RulesGraph {
    /// Every rule for the subject `s`.
    pub fn analyse(&self, s: usize) -> SubjectAnalysis {
        self.merged().analyse_merged(s)
    }

    fn analyse_merged(&self, s: usize) -> SubjectAnalysis {
        let n = self.parties.len();
        let inbound = self.inbound();
        let outbound = self.outbound();
        let mut warnings = Vec::new();

        // Parties behind the subject (any link, upward).
        let mut behind = vec![false; n];
        let mut q = VecDeque::from([s]);
        behind[s] = true;
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let u = self.links[k].owner;
                if !behind[u] {
                    behind[u] = true;
                    q.push_back(u);
                }
            }
        }

        // Owners: parties behind the subject through links that hold, control or are trust and
        // foundation roles (a position or a senior-managing role alone makes no one an owner).
        let mut owning = vec![false; n];
        let mut q = VecDeque::from([s]);
        owning[s] = true;
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let l = &self.links[k];
                let makes_owner = !l.is_role_only()
                    || l.roles.is_empty()
                    || l.roles.iter().any(|(g, _)| {
                        matches!(g, RoleGround::TrustOrFoundation | RoleGround::Other)
                    });
                if makes_owner && !owning[l.owner] {
                    owning[l.owner] = true;
                    q.push_back(l.owner);
                }
            }
        }

        // Data warnings on the way.
        for v in (0..n).filter(|&v| behind[v]) {
            let total = inbound[v]
                .iter()
                .map(|&k| self.links[k].shares_eff().0)
                .fold(Share::ZERO, Share::plus);
            if total.lo > 100.0 + TOLERANCE {
                warnings.push(RulesWarning {
                    kind: WarningKind::InboundOver100,
                    message: format!(
                        "The listed owners of {} hold {} of it together, more than 100 %: the data is inconsistent.",
                        self.parties[v].name,
                        pct(&total)
                    ),
                    party: Some(v),
                });
            }
        }

        let (lo, lo_ok) = self.integrated(s, &outbound, &behind, |sh: Share| sh.lo);
        let (hi, hi_ok) = self.integrated(s, &outbound, &behind, |sh: Share| sh.hi);
        if !lo_ok || !hi_ok {
            warnings.push(RulesWarning {
                kind: WarningKind::CrossHolding,
                message: "A cross-holding has no outside owner (the entities in it own each other wholly): integrated shares through it were capped at 100 %."
                    .to_owned(),
                party: None,
            });
        }
        // Which parties' integrated shares involve an unstated share: the owners of unstated
        // links on the way, and everyone above them.
        let mut unknown_via = vec![false; n];
        let mut q: VecDeque<usize> = VecDeque::new();
        for l in &self.links {
            let x = l.shares_eff().0;
            let unstated = l.holds() && x.lo <= 0.0 && x.hi >= 100.0;
            if unstated && l.owned < n && l.owner < n && behind[l.owned] && !unknown_via[l.owner] {
                unknown_via[l.owner] = true;
                q.push_back(l.owner);
            }
        }
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let u = self.links[k].owner;
                if !unknown_via[u] {
                    unknown_via[u] = true;
                    q.push_back(u);
                }
            }
        }

        let (chain_sure, chain_maybe) = self.chain_reach(s, &inbound);
        let mut paths = self.simple_paths(s, &inbound, &mut warnings);
        let depth = paths
            .values()
            .flatten()
            .map(|p| p.steps.len())
            .max()
            .unwrap_or(0);

        let assumes = self.assuming(s, &inbound, &behind);
        let mut scratch = ControlScratch::new(n);
        let mut owners = Vec::new();
        for p in (0..n).filter(|&p| owning[p] && p != s && self.parties[p].natural()) {
            let integrated = Share {
                lo: lo[p] * 100.0,
                hi: hi[p] * 100.0,
                lo_open: false,
                hi_open: false,
            };
            let own_paths = paths.remove(&p).unwrap_or_default();
            let mut integrated = integrated.capped();
            // Held only through chains with an excluded lower end: more than the lower end.
            integrated.lo_open = !own_paths.is_empty()
                && own_paths.iter().all(|c| c.share.is_some_and(|x| x.lo_open));
            integrated.hi_open = own_paths.iter().any(|c| c.share.is_some_and(|x| x.hi_open));
            let (ctrl_sure, share_sure, controlled) =
                self.control(p, s, &inbound, &outbound, &mut scratch, |x| x.lo, false);
            let (ctrl_maybe, share_maybe, _) =
                self.control(p, s, &inbound, &outbound, &mut scratch, |x| x.hi, true);
            let control_share = Share {
                lo: share_sure.lo,
                hi: share_maybe.hi,
                lo_open: share_sure.lo_open,
                hi_open: false,
            };
            let trust = self.trust_reach(p, s, &outbound);
            let mut o = OwnerAnalysis {
                party: p,
                integrated,
                integrated_unknown: unknown_via[p],
                chain_rule: chain_sure[p],
                control_rule: ctrl_sure,
                integrated_rule: integrated.surely_above(BO_THRESHOLD),
                amlr_rule: integrated.surely_at_least(BO_THRESHOLD) || trust,
                possibly: Vec::new(),
                assumed: if assumes[p] {
                    self.assumptions(p, s, &outbound, &behind)
                } else {
                    Vec::new()
                },
                controlled,
                control_share,
                paths: own_paths,
                roles: self.roles_of(p, &outbound, RoleGround::TrustOrFoundation),
                senior_managing_official: false,
            };
            let maybe = [
                (RuleName::ChainRule, o.chain_rule, chain_maybe[p]),
                (RuleName::ControlRule, o.control_rule, ctrl_maybe),
                (
                    RuleName::IntegratedRule,
                    o.integrated_rule,
                    integrated.maybe_above(BO_THRESHOLD),
                ),
                (
                    RuleName::AmlrRule,
                    o.amlr_rule,
                    integrated.maybe_at_least(BO_THRESHOLD),
                ),
            ];
            o.possibly = maybe
                .iter()
                .filter(|(_, sure, may)| !sure && *may)
                .map(|(r, _, _)| *r)
                .collect();
            let sum_simple: f64 = o.paths.iter().filter_map(|c| c.share).map(|c| c.lo).sum();
            if integrated.lo > sum_simple + 1e-6 && o.paths.len() < PATHS_PER_OWNER {
                warnings.push(RulesWarning {
                    kind: WarningKind::CrossHolding,
                    message: format!(
                        "{}'s integrated share ({}) includes {:.2} percentage points returned through a cross-holding, beyond the simple chains listed.",
                        self.parties[p].name,
                        pct(&integrated),
                        integrated.lo - sum_simple
                    ),
                    party: Some(p),
                });
            }
            owners.push(o);
        }

        let no_natural_person = owners
            .iter()
            .all(|o| !o.any_rule() && o.possibly.is_empty());
        if no_natural_person {
            // Senior managing officials of the subject itself, with that ground.
            for &k in &inbound[s] {
                let l = &self.links[k];
                if self.parties[l.owner].kind != PartyKind::Person {
                    continue;
                }
                if !l
                    .roles
                    .iter()
                    .any(|(g, _)| *g == RoleGround::SeniorManaging)
                {
                    continue;
                }
                let words: Vec<String> = l
                    .roles
                    .iter()
                    .filter(|(g, _)| *g == RoleGround::SeniorManaging)
                    .map(|(_, w)| w.clone())
                    .collect();
                match owners.iter_mut().find(|o| o.party == l.owner) {
                    Some(o) => {
                        o.senior_managing_official = true;
                        o.roles.extend(words);
                    }
                    None => owners.push(OwnerAnalysis {
                        party: l.owner,
                        paths: vec![ChainPath {
                            parties: vec![l.owner, s],
                            steps: vec![Step {
                                share: None,
                                role: Some(words.join(", ")),
                            }],
                            share: None,
                        }],
                        roles: words,
                        senior_managing_official: true,
                        ..OwnerAnalysis::none(l.owner)
                    }),
                }
            }
        }
        owners.sort_by(|a, b| {
            b.any_rule()
                .cmp(&a.any_rule())
                .then(b.possibly.is_empty().cmp(&a.possibly.is_empty()).reverse())
                .then(b.integrated.lo.total_cmp(&a.integrated.lo))
                .then(self.parties[a.party].name.cmp(&self.parties[b.party].name))
        });

        let listed_total = inbound[s]
            .iter()
            .map(|&k| self.links[k].shares_eff().0.lo)
            .sum::<f64>();
        let unidentified = (0..n)
            .filter(|&p| behind[p] && self.parties[p].kind == PartyKind::Unspecified)
            .map(|p| Share {
                lo: lo[p] * 100.0,
                hi: hi[p] * 100.0,
                lo_open: false,
                hi_open: false,
            })
            .fold(Share::ZERO, Share::plus)
            .capped();

        let mut sdd = Vec::new();
        let subj = &self.parties[s];
        if subj.state {
            sdd.push(format!("{} is a state body.", subj.name));
        }
        if subj.listed {
            sdd.push(format!("{} is a listed company.", subj.name));
        }
        for v in (0..n).filter(|&v| behind[v] && v != s) {
            let share = Share {
                lo: lo[v] * 100.0,
                hi: hi[v] * 100.0,
                lo_open: false,
                hi_open: false,
            }
            .capped();
            let party = &self.parties[v];
            if party.state && share.surely_above(BO_THRESHOLD) {
                sdd.push(format!(
                    "State ownership: {} holds {} of {}.",
                    party.name,
                    pct(&share),
                    subj.name
                ));
            }
            if party.listed && share.surely_at_least(FIFTY) {
                sdd.push(format!(
                    "Listed parent: {} holds {} of {}.",
                    party.name,
                    pct(&share),
                    subj.name
                ));
            }
        }

        let integrated_by_party = (0..n)
            .map(|v| (behind[v] && v != s && lo[v] > 0.0).then(|| (lo[v] * 100.0).min(100.0)))
            .collect();
        SubjectAnalysis {
            subject: s,
            integrated_by_party,
            owners,
            unlisted_percent: (100.0 - listed_total).max(0.0),
            unidentified,
            depth,
            no_natural_person,
            simplified_due_diligence: sdd,
            sanctions: self.sanctions_of(s),
            warnings,
        }
    }

    pub(super) fn roles_of(&self, p: usize, outbound: &[Vec<usize>], g: RoleGround) -> Vec<String> {
        let mut out = BTreeSet::new();
        for &k in &outbound[p] {
            let l = &self.links[k];
            for (rg, w) in &l.roles {
                if *rg == g {
                    out.insert(format!("{} of {}", w, self.parties[l.owned].name));
                }
            }
        }
        out.into_iter().collect()
    }

    /// Parties whose [`Self::assumptions`] walk finds something: those from which a link with
    /// only one of shares and votes stated can be reached on the way to the subject (the
    /// subject not passed through). One upward walk from every such link's owner, so the
    /// per-owner walk runs only where it has something to say.
    fn assuming(&self, s: usize, inbound: &[Vec<usize>], behind: &[bool]) -> Vec<bool> {
        let mut seen = vec![false; self.parties.len()];
        let mut q = VecDeque::new();
        for l in &self.links {
            let valid = l.owner != l.owned && l.owner < seen.len() && l.owned < seen.len();
            let one_stated = l.shares.is_none() != l.votes.is_none();
            if valid && one_stated && l.owner != s && behind[l.owned] && !seen[l.owner] {
                seen[l.owner] = true;
                q.push_back(l.owner);
            }
        }
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let x = self.links[k].owner;
                if !seen[x] && x != s {
                    seen[x] = true;
                    q.push_back(x);
                }
            }
        }
        seen
    }

    /// Links on the way from `p` where one of shares and votes was taken as the other.
    pub(super) fn assumptions(
        &self,
        p: usize,
        s: usize,
        outbound: &[Vec<usize>],
        behind: &[bool],
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.parties.len()];
        let mut q = VecDeque::from([p]);
        seen[p] = true;
        while let Some(u) = q.pop_front() {
            if u == s {
                continue;
            }
            for &k in &outbound[u] {
                let l = &self.links[k];
                if !behind[l.owned] {
                    continue;
                }
                let (a, b) = (&self.parties[l.owner].name, &self.parties[l.owned].name);
                if l.shares.is_none() && l.votes.is_some() {
                    out.push(format!(
                        "The shares {a} holds in {b} are taken as equal to its votes ({}).",
                        pct(&l.votes_eff().0)
                    ));
                } else if l.votes.is_none() && l.shares.is_some() {
                    out.push(format!(
                        "The votes {a} holds in {b} are taken as equal to its shares ({}).",
                        pct(&l.shares_eff().0)
                    ));
                }
                if !seen[l.owned] {
                    seen[l.owned] = true;
                    q.push_back(l.owned);
                }
            }
        }
        out
    }
}
