//! Sanctions through ownership: `OFAC-50` and `EU-SANCTIONS-50`.

use super::{PartyKind, RulesGraph, SanctionsOwnership, Share, FIFTY, TOLERANCE};

/// Flagged parties, the blocked owners (and shares) behind each, and control by a blocked party.
type Propagation = (Vec<bool>, Vec<Vec<(usize, f64)>>, Vec<bool>);

impl RulesGraph {
    /// OFAC-50 and EU-SANCTIONS-50 for every party.
    pub fn sanctions(&self) -> Vec<SanctionsOwnership> {
        self.merged().sanctions_merged()
    }

    fn sanctions_merged(&self) -> Vec<SanctionsOwnership> {
        let n = self.parties.len();
        let outbound = self.outbound();
        let run = |end: &dyn Fn(Share) -> f64, eu: bool| -> Propagation {
            let mut flagged: Vec<bool> = self.parties.iter().map(|p| p.blocked).collect();
            let mut held = vec![0.0f64; n];
            let mut by: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
            let mut control = vec![false; n];
            let mut work: Vec<usize> = (0..n).filter(|&v| flagged[v]).collect();
            while let Some(u) = work.pop() {
                for &k in &outbound[u] {
                    let l = &self.links[k];
                    let v = l.owned;
                    let sh = end(l.shares_eff().0);
                    held[v] += sh;
                    by[v].push((u, sh));
                    let ctl = eu && (l.board || l.votes_eff().0.surely_above(FIFTY));
                    control[v] |= ctl;
                    if !flagged[v]
                        && self.parties[v].kind == PartyKind::Entity
                        && (held[v] >= FIFTY - TOLERANCE || ctl)
                    {
                        flagged[v] = true;
                        work.push(v);
                    }
                }
            }
            for (b, p) in by.iter_mut().zip(&self.parties) {
                if p.blocked {
                    b.clear();
                }
            }
            (flagged, by, control)
        };
        let (ofac, ofac_by, _) = run(&|x: Share| x.lo, false);
        let (ofac_hi, _, _) = run(&|x: Share| x.hi, false);
        let (eu, _, eu_ctl) = run(&|x: Share| x.lo, true);
        let (eu_hi, _, _) = run(&|x: Share| x.hi, true);
        (0..n)
            .map(|v| {
                let p = &self.parties[v];
                let mut s = SanctionsOwnership::default();
                if p.blocked {
                    s.grounds.push(format!("{} is itself blocked (listed).", p.name));
                    s.ofac50 = true;
                    s.eu_sanctions50 = true;
                    return s;
                }
                s.ofac50 = ofac[v];
                s.eu_sanctions50 = eu[v];
                if ofac[v] {
                    let total: f64 = ofac_by[v].iter().map(|(_, x)| x).sum();
                    let who: Vec<String> = ofac_by[v]
                        .iter()
                        .map(|(u, x)| format!("{} {:.2} %", self.parties[*u].name, x))
                        .collect();
                    s.grounds.push(format!(
                        "OFAC-50: owned {:.2} % in aggregate by blocked parties ({}).",
                        total,
                        who.join(", ")
                    ));
                    s.grounds.push(format!(
                        "EU-SANCTIONS-50: owned {total:.2} % by designated parties (50 % or more of the proprietary rights)."
                    ));
                }
                if eu[v] && eu_ctl[v] {
                    s.grounds.push(
                        "EU-SANCTIONS-50: controlled by a designated party (may appoint the board or holds a majority of the votes)."
                            .to_owned(),
                    );
                }
                if !ofac[v] && ofac_hi[v] {
                    s.possibly.push("ofac50");
                    s.grounds.push("OFAC-50: possibly, for some values of the share ranges.".to_owned());
                }
                if !eu[v] && eu_hi[v] {
                    s.possibly.push("euSanctions50");
                    s.grounds.push("EU-SANCTIONS-50: possibly, for some values of the share ranges.".to_owned());
                }
                s
            })
            .collect()
    }

    pub(super) fn sanctions_of(&self, s: usize) -> SanctionsOwnership {
        self.sanctions_merged().swap_remove(s)
    }
}
