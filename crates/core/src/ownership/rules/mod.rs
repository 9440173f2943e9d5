//! The beneficial-owner and sanctions-through-ownership rules, computed side by side on one
//! small, source-neutral graph ([`RulesGraph`]). Both the window's ownership graph (built from
//! cached upstream results) and `amldesk ubo` (BODS 0.4 statements) are translated into it, so
//! the window and the CLI apply exactly the same code.
//!
//! Numbers are percentages held as intervals ([`Share`]): an exact share is a point, a BODS
//! range (`minimum`/`maximum`, `exclusiveMinimum`/`exclusiveMaximum`) an interval with open or
//! closed ends, an unstated share `[0, 100]`. A rule is *true* when it holds at the interval's
//! lower end (for every value the data allows) and *possibly* true when it holds only somewhere
//! in the interval (see [`RuleName`] and [`OwnerAnalysis::possibly`]). Thresholds are compared
//! with a tolerance of [`TOLERANCE`] percentage points, so `37.66 + 5.94 + 6.4` is 50 %.
//!
//! Where only one of shares and votes is known, the other is taken as equal and the owner's
//! `assumed` list says so.
//!
//! The rules (API-NOTES §7):
//! - chain rule (`NO-AML-14`): a chain from the person to the subject with more than 25 % of
//!   shares or votes at every step; a right to appoint the board, or a trust or foundation role
//!   (§ 14(3)), is a qualifying step. Computed as reachability over qualifying links.
//! - control rule (`NO-REG`): the person controls an entity when they, with the entities they
//!   already control, hold at least 50 % of its votes (or may appoint its board); they are a
//!   beneficial owner when they and every entity they control hold more than 25 % of the
//!   subject's shares or votes. A fixed point over a worklist (each link counted once).
//! - integrated rule: the integrated share (below) is more than 25 %.
//! - AMLR rule (`EU-AMLR-52`): the integrated share is 25 % or more; trust and foundation roles
//!   qualify as well (art. 58).
//! - `OFAC-50`: an entity is blocked when blocked parties own 50 % or more of it in aggregate;
//!   indirect ownership counts only through entities that are themselves blocked this way (a
//!   fixed point: shares are added only from blocked owners). `EU-SANCTIONS-50`: the same at
//!   50 % or more, plus control (a blocked party may appoint the board, or holds more than 50 % of
//!   the votes) as a separate ground; entities frozen on either ground count as designated
//!   further down.
//!
//! **Cycles (cross-holdings), the stated method.** The integrated share of an owner in the subject
//! is the sum, over every *walk* from the owner to the subject (stopping at the subject), of the
//! shares multiplied along the walk: the integrated-ownership measure of Brioschi, Buzzacchi and
//! Colombo (1989), the closed form of which is the Leontief inverse `(I − A)⁻¹`. It is computed by
//! fixed-point iteration `w[subject] = 1, w[v] = Σ share(v→u)·w[u]`, which starts at 0 and
//! increases monotonically to that sum, so a cycle is neither cut nor followed forever: a loop
//! that returns `f` of a holding is counted as the geometric series `1/(1 − f)`. With consistent
//! data (no entity's owners above 100 %) a natural person's result is the probability that a walk
//! up the owners from the subject ends at that person, and so never above 100 %. A loop with no
//! outside owner (two entities owning each other wholly) makes the series diverge: the iteration
//! stops after [`MAX_SWEEPS`] sweeps, the affected values are capped at 100 % and a warning names
//! the cycle. The listed `paths` are the strongest [`PATHS_PER_OWNER`] *simple* chains of each
//! owner (no node twice; every chain ranked in a small structure, a bounded best-first search in
//! a large one, `paths.rs`), so the officer sees the chains; with a cycle, the integrated share is
//! larger than the sum of its simple chains by what the loop returns, and the analysis says so.
//! Example (the sandbox's Norsk Hydro): Hydra holds 22 % of Hydro; Ingrid Moe 40 % and Krysseie
//! 60 % of Hydra; Hydra 35 % and Per Olav Lunde 65 % of Krysseie. Hydra returns 0.6 · 0.35 = 21 %
//! of itself, so Ingrid holds 22 · 0.4 / 0.79 = 11.139 % and Per 22 · 0.6 · 0.65 / 0.79 = 10.861 %
//! (together all 22 %), where their simple chains give 8.8 % and 8.58 %.

mod analyse;
mod chain;
mod control;
mod discrepancy;
mod integrated;
mod model;
mod outcome;
mod paths;
mod sanctions;
mod share;
#[cfg(test)]
mod tests;

pub use discrepancy::{compare_reported, Difference, ReportedOwner};
pub use model::{Link, Party, PartyKind, RoleGround};
pub use outcome::{
    ChainPath, OwnerAnalysis, RuleName, RulesWarning, SanctionsOwnership, Step, SubjectAnalysis,
    WarningKind,
};
pub use share::Share;

use std::collections::HashMap;

/// Threshold comparisons are made with this tolerance, in percentage points.
pub const TOLERANCE: f64 = 1e-9;
/// "More than 25 %" (chain, control, integrated rules) and "25 % or more" (AMLR).
pub const BO_THRESHOLD: f64 = 25.0;
/// "At least 50 % of the votes" (control) and "50 % or more" (sanctions).
pub const FIFTY: f64 = 50.0;
/// Strongest simple chains kept per owner.
pub const PATHS_PER_OWNER: usize = 5;
/// Longest simple chain (in links) for which every chain is enumerated; past it (or past
/// [`MAX_ENUMERATED`]) the listed chains come from a best-first search (`paths.rs`).
pub const MAX_PATH_LINKS: usize = 12;
/// Most chain steps of the every-chain enumeration per subject (the integrated share does not
/// depend on it).
pub const MAX_ENUMERATED: usize = 20_000;
/// Most sweeps of the integrated-share iteration.
pub const MAX_SWEEPS: usize = 5_000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RulesGraph {
    pub parties: Vec<Party>,
    pub links: Vec<Link>,
}

fn pct(s: &Share) -> String {
    if s.is_exact() {
        format!("{:.2} %", s.lo)
    } else {
        format!(
            "{}{:.2}–{:.2} %{}",
            if s.lo_open { "more than " } else { "" },
            s.lo,
            s.hi,
            if s.hi_open { " (exclusive)" } else { "" }
        )
    }
}

impl RulesGraph {
    pub fn add_party(&mut self, p: Party) -> usize {
        self.parties.push(p);
        self.parties.len() - 1
    }

    /// Parties that hold or control something in `v` (links into `v`), link indices.
    fn inbound(&self) -> Vec<Vec<usize>> {
        let mut inb = vec![Vec::new(); self.parties.len()];
        for (k, l) in self.links.iter().enumerate() {
            if l.owner != l.owned && l.owner < self.parties.len() && l.owned < self.parties.len() {
                inb[l.owned].push(k);
            }
        }
        inb
    }

    fn outbound(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.parties.len()];
        for (k, l) in self.links.iter().enumerate() {
            if l.owner != l.owned && l.owner < self.parties.len() && l.owned < self.parties.len() {
                out[l.owner].push(k);
            }
        }
        out
    }

    /// Pairs of person parties that may be one person: the same name (ignoring case, spacing and
    /// punctuation) and no birth date telling them apart. They are never merged.
    pub fn possibly_same_persons(&self) -> Vec<(usize, usize)> {
        let key = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in self.parties.iter().enumerate() {
            if p.kind == PartyKind::Person && !key(&p.name).is_empty() {
                by_name.entry(key(&p.name)).or_default().push(i);
            }
        }
        let mut out = Vec::new();
        let mut names: Vec<_> = by_name.into_values().collect();
        names.sort();
        for group in names {
            for (a, &i) in group.iter().enumerate() {
                for &j in &group[a + 1..] {
                    let (di, dj) = (&self.parties[i].birth_date, &self.parties[j].birth_date);
                    let apart = matches!((di, dj), (Some(x), Some(y)) if x != y);
                    if !apart {
                        out.push((i, j));
                    }
                }
            }
        }
        out
    }

    /// Links of one owner in one owned party added up into one link (shares with shares, votes
    /// with votes), so that no rule looks at a part of a holding alone.
    pub fn merged(&self) -> RulesGraph {
        let mut links: Vec<Link> = Vec::new();
        let mut at: HashMap<(usize, usize), usize> = HashMap::new();
        let sum = |a: Option<Share>, b: Option<Share>| match (a, b) {
            (Some(x), Some(y)) => Some(x.plus(y)),
            (x, y) => x.or(y),
        };
        for l in &self.links {
            match at.get(&(l.owner, l.owned)) {
                Some(&k) => {
                    let m = &mut links[k];
                    m.shares = sum(m.shares, l.shares);
                    m.votes = sum(m.votes, l.votes);
                    m.board |= l.board;
                    m.roles.extend(l.roles.iter().cloned());
                }
                None => {
                    at.insert((l.owner, l.owned), links.len());
                    links.push(l.clone());
                }
            }
        }
        RulesGraph {
            parties: self.parties.clone(),
            links,
        }
    }
}
