//! The best-first chain search against every chain, on structures where both apply.

use proptest::prelude::*;

use super::paths::strength;
use super::{Link, Party, PartyKind, RoleGround, RulesGraph, Share, PATHS_PER_OWNER};

/// Acyclic structures (a link only from a higher index to a lower one; persons last), with
/// exact and unstated shares and roles, one link per pair and no party's stated holders above
/// 100 % of it (the search's premise: no holding above 100 %, so a longer chain is never
/// stronger).
fn dag() -> impl Strategy<Value = RulesGraph> {
    (2usize..8, 1usize..4)
        .prop_flat_map(|(n, m)| {
            let links =
                proptest::collection::vec((0..n + m, 0..n + m, 0.0f64..=100.0, 0u8..10), 0..30);
            (Just(n), Just(m), links)
        })
        .prop_map(|(n, m, raw)| {
            let mut g = RulesGraph::default();
            for i in 0..n + m {
                let kind = if i < n {
                    PartyKind::Entity
                } else {
                    PartyKind::Person
                };
                g.add_party(Party::new(&format!("x{i}"), &format!("X{i}"), kind));
            }
            let mut room = vec![100.0f64; n];
            let mut pairs = std::collections::HashSet::new();
            for (a, b, share, kind) in raw {
                let (from, to) = (a.max(b), a.min(b));
                if from == to || to >= n || !pairs.insert((from, to)) {
                    continue;
                }
                let share = share.min(room[to]);
                if kind <= 6 {
                    room[to] -= share;
                }
                g.links.push(match kind {
                    0..=6 => Link::ownership(from, to, Some(Share::exact(share)), None),
                    7 => Link::ownership(from, to, Some(Share::unknown()), None),
                    8 => Link::role(from, to, RoleGround::TrustOrFoundation, "trustee"),
                    _ => Link::role(from, to, RoleGround::Position, "board member"),
                });
            }
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Without a cycle, the best-first search finds for every owner as many chains, as strong,
    /// as ranking every simple chain does.
    #[test]
    fn best_first_finds_the_strongest_chains_of_every_owner(g in dag()) {
        let g = g.merged();
        let inbound = g.inbound();
        let every = g.every_chain(0, &inbound).expect("small structures are enumerated");
        let best = g.strongest_chains(0, &inbound);
        let owners: std::collections::BTreeSet<usize> =
            every.keys().chain(best.keys()).copied().collect();
        for o in owners {
            let mut all = every.get(&o).cloned().unwrap_or_default();
            all.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
            all.truncate(PATHS_PER_OWNER);
            let found = best.get(&o).cloned().unwrap_or_default();
            prop_assert_eq!(all.len(), found.len(), "owner {}", o);
            for (x, y) in all.iter().zip(&found) {
                prop_assert!((strength(x) - strength(y)).abs() < 1e-9, "owner {}: {:?} vs {:?}", o, all, found);
                prop_assert_eq!(y.parties.first(), Some(&o));
                prop_assert_eq!(y.parties.last(), Some(&0));
                let distinct: std::collections::HashSet<&usize> = y.parties.iter().collect();
                prop_assert_eq!(distinct.len(), y.parties.len(), "simple");
            }
        }
    }
}
