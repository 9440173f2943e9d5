//! The listed chains: the strongest [`PATHS_PER_OWNER`] simple chains of each owner.
//!
//! Two methods, one answer where both apply:
//! - **Every chain** (depth-first from the subject upward), when the structure has at most
//!   [`MAX_ENUMERATED`] chain steps of at most [`MAX_PATH_LINKS`] links: every simple chain is
//!   found, then each owner's are ranked by strength (ties in the order found) and cut to `k`.
//! - **Best-first** otherwise (a dense structure can have 2⁴⁰ chains): partial chains from the
//!   subject upward come off a priority queue strongest first (chains through a role after all
//!   chains of shares, as in the ranking), a party already on the chain is never added (the
//!   chains stay simple), and each party ends at most `k` popped chains. A share is at most
//!   100 %, so a chain is never stronger than the partial chain it extends and the first `k`
//!   chains popped at an owner are its `k` strongest (with a holding above 100 %, inconsistent
//!   data or an unstated holding added to a stated one, that order and so the choice can be
//!   off); a partial chain that is not among the `k`
//!   strongest at its end party is not extended, as none of its extensions can be among the `k`
//!   strongest further up. That is exact when the structure has no cycle (every walk is then
//!   simple); with a cross-holding a chain can be missed when the `k` stronger chains to a
//!   party on its way each pass through a party further along it. At most `k` pops per party and
//!   one queue entry per link of each, so the search is bounded by `k` times the links. The
//!   integrated share never depends on the listed chains (`integrated.rs`), and the structure is
//!   warned about ([`WarningKind::PathLimit`]).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use super::{
    ChainPath, Link, RoleGround, RulesGraph, RulesWarning, Share, Step, WarningKind,
    MAX_ENUMERATED, MAX_PATH_LINKS, PATHS_PER_OWNER,
};

/// A partial chain on the best-first queue: whether every step holds shares or votes (no
/// role), `lo + hi` of the shares multiplied so far, and its last link's entry in the arena
/// (entries are made in order of insertion: among equal chains the first found comes off
/// first).
struct Candidate {
    holds: bool,
    strength: f64,
    node: u32,
    /// The party at the chain's end (the last link's owner), kept here so that a chain popped
    /// past its party's `k` is dropped without reading the arena.
    top: usize,
}

impl PartialEq for Candidate {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Candidate {
    fn cmp(&self, o: &Self) -> Ordering {
        // Arena entries are made in order of insertion: the lower one is the earlier.
        self.holds
            .cmp(&o.holds)
            .then(self.strength.total_cmp(&o.strength))
            .then(o.node.cmp(&self.node))
    }
}

/// A partial chain's last link, the entry below it towards the subject, the shares multiplied
/// along it, and a 128-bit summary of the parties on it (a party not in the summary is not on
/// the chain; one that is, is looked for along the chain).
struct Entry {
    link: usize,
    below: u32,
    holds: bool,
    product: Share,
    on: u128,
}

/// The summary bit of a party.
fn bit(party: usize) -> u128 {
    1u128 << ((party as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57)
}

/// The ranking key of a listed chain: its shares multiplied, a role chain below every other.
pub(super) fn strength(c: &ChainPath) -> f64 {
    c.share.map_or(-1.0, |x| x.lo + x.hi)
}

impl RulesGraph {
    /// The strongest simple chains into `s`, per owner (natural persons only).
    pub(super) fn simple_paths(
        &self,
        s: usize,
        inbound: &[Vec<usize>],
        warnings: &mut Vec<RulesWarning>,
    ) -> HashMap<usize, Vec<ChainPath>> {
        let mut out = match self.every_chain(s, inbound) {
            Some(out) => out,
            None => {
                warnings.push(RulesWarning {
                    kind: WarningKind::PathLimit,
                    message: format!(
                        "The structure has more chains than can be listed (more than {MAX_ENUMERATED} chain steps, or chains longer than {MAX_PATH_LINKS} links): each owner's {PATHS_PER_OWNER} strongest chains are listed, found by a best-first search; integrated shares are computed in full."
                    ),
                    party: None,
                });
                return self.strongest_chains(s, inbound);
            }
        };
        for v in out.values_mut() {
            v.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
            v.truncate(PATHS_PER_OWNER);
        }
        out
    }

    /// A senior-managing-official link is no chain of ownership or control.
    fn smo_only(l: &Link) -> bool {
        l.is_role_only()
            && !l.roles.is_empty()
            && l.roles
                .iter()
                .all(|(g, _)| *g == RoleGround::SeniorManaging)
    }

    /// The chain through `links` (owner first, subject last) as listed.
    fn chain_path(&self, s: usize, links: &[&Link]) -> ChainPath {
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
        ChainPath {
            parties,
            steps,
            share,
        }
    }

    /// Every simple chain into `s` by owner, in the order found; `None` when there are more
    /// than [`MAX_ENUMERATED`] chain steps or a chain longer than [`MAX_PATH_LINKS`] links.
    pub(super) fn every_chain(
        &self,
        s: usize,
        inbound: &[Vec<usize>],
    ) -> Option<HashMap<usize, Vec<ChainPath>>> {
        let n = self.parties.len();
        let mut out: HashMap<usize, Vec<ChainPath>> = HashMap::new();
        let mut on = vec![false; n];
        on[s] = true;
        let mut chain: Vec<usize> = Vec::new(); // link indices, from the subject upward
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        let mut count = 0usize;
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
                return None;
            }
            count += 1;
            chain.push(k);
            on[u] = true;
            if self.parties[u].natural() {
                let links: Vec<&Link> = chain.iter().rev().map(|&k| &self.links[k]).collect();
                if !links.iter().any(|l| Self::smo_only(l)) {
                    out.entry(u).or_default().push(self.chain_path(s, &links));
                }
            }
            stack.push((u, 0));
        }
        Some(out)
    }

    /// Each owner's [`PATHS_PER_OWNER`] strongest simple chains into `s`, best-first (the
    /// method and its bound in the module's documentation).
    pub(super) fn strongest_chains(
        &self,
        s: usize,
        inbound: &[Vec<usize>],
    ) -> HashMap<usize, Vec<ChainPath>> {
        const ROOT: u32 = u32::MAX;
        let n = self.parties.len();
        let mut out: HashMap<usize, Vec<ChainPath>> = HashMap::new();
        let mut arena: Vec<Entry> = Vec::new();
        let mut pops = vec![0usize; n];
        let mut heap = BinaryHeap::new();
        let push =
            |heap: &mut BinaryHeap<Candidate>, arena: &mut Vec<Entry>, below: u32, k: usize| {
                let l = &self.links[k];
                let (holds, product, on) = match arena.get(below as usize) {
                    Some(e) => (e.holds, e.product, e.on),
                    None => (true, Share::exact(100.0), bit(s)),
                };
                // A role step leaves the shares as they are and puts the chain after every chain of
                // shares (a listed chain through a role has no share).
                let (holds, product) = if l.holds() {
                    (holds, product.times(l.shares_eff().0))
                } else {
                    (false, product)
                };
                // More entries than fit in 32 bits cannot be made: k times the links is far less.
                let Ok(node) = u32::try_from(arena.len()) else {
                    return;
                };
                arena.push(Entry {
                    link: k,
                    below,
                    holds,
                    product,
                    on: on | bit(l.owner),
                });
                heap.push(Candidate {
                    holds,
                    strength: product.lo + product.hi,
                    node,
                    top: l.owner,
                });
            };
        // Is `w` on the chain ending at `node`?
        let on_chain = |arena: &[Entry], node: u32, w: usize| {
            if w == s {
                return true;
            }
            let mut at = node;
            while at != ROOT {
                let e = &arena[at as usize];
                if self.links[e.link].owner == w {
                    return true;
                }
                at = e.below;
            }
            false
        };
        for &k in &inbound[s] {
            if !Self::smo_only(&self.links[k]) {
                push(&mut heap, &mut arena, ROOT, k);
            }
        }
        let mut links: Vec<&Link> = Vec::new();
        while let Some(c) = heap.pop() {
            let u = c.top;
            if pops[u] >= PATHS_PER_OWNER {
                continue;
            }
            pops[u] += 1;
            if self.parties[u].natural() {
                // The chain's links, owner first.
                links.clear();
                let mut at = c.node;
                while at != ROOT {
                    let e = &arena[at as usize];
                    links.push(&self.links[e.link]);
                    at = e.below;
                }
                out.entry(u).or_default().push(self.chain_path(s, &links));
            }
            let summary = arena[c.node as usize].on;
            for &k in &inbound[u] {
                let l = &self.links[k];
                let w = l.owner;
                if pops[w] >= PATHS_PER_OWNER || Self::smo_only(l) {
                    continue;
                }
                if summary & bit(w) != 0 && on_chain(&arena, c.node, w) {
                    continue;
                }
                push(&mut heap, &mut arena, c.node, k);
            }
        }
        out
    }
}
