//! The beneficial-owner and sanctions rules (`ownership::rules`): the sandbox's hard cases with
//! hand-computed answers, the threshold boundaries, OFAC FAQ 401, and properties.

use amldesk_core::ownership::rules::{
    Link, OwnerAnalysis, Party, PartyKind, RoleGround, RuleName, RulesGraph, Share,
    SubjectAnalysis, WarningKind, PATHS_PER_OWNER,
};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

struct G(RulesGraph);

impl G {
    fn new() -> G {
        G(RulesGraph::default())
    }
    fn entity(&mut self, name: &str) -> usize {
        self.0.add_party(Party::new(name, name, PartyKind::Entity))
    }
    fn person(&mut self, name: &str) -> usize {
        self.0.add_party(Party::new(name, name, PartyKind::Person))
    }
    fn state(&mut self, name: &str) -> usize {
        let mut p = Party::new(name, name, PartyKind::Entity);
        p.state = true;
        self.0.add_party(p)
    }
    fn own(&mut self, a: usize, b: usize, share: f64) {
        self.0
            .links
            .push(Link::ownership(a, b, Some(Share::exact(share)), None));
    }
    fn own_v(&mut self, a: usize, b: usize, share: f64, votes: f64) {
        self.0.links.push(Link::ownership(
            a,
            b,
            Some(Share::exact(share)),
            Some(Share::exact(votes)),
        ));
    }
    fn role(&mut self, a: usize, b: usize, g: RoleGround, w: &str) {
        self.0.links.push(Link::role(a, b, g, w));
    }
    fn analyse(&self, s: usize) -> SubjectAnalysis {
        self.0.analyse(s)
    }
}

fn owner(a: &SubjectAnalysis, p: usize) -> &OwnerAnalysis {
    a.owners
        .iter()
        .find(|o| o.party == p)
        .unwrap_or_else(|| panic!("no owner {p}: {:?}", a.owners))
}

/// (chain, control, integrated, amlr)
fn rules(o: &OwnerAnalysis) -> (bool, bool, bool, bool) {
    (o.chain_rule, o.control_rule, o.integrated_rule, o.amlr_rule)
}

#[test]
fn equinor_four_level_chain() {
    // Kari Skarvholm 100 % of Skarven, Skarven 90 % of Brattli, Brattli 100 % of Vestfjord,
    // Vestfjord 100 % of Nordkapp, Nordkapp 29 % of the shares and 31 % of the votes of Equinor;
    // the state 67 %; Viktor Sanko (sanctioned) 10 % of Brattli.
    // Integrated: 1 · 0.9 · 1 · 1 · 29 = 26.1 % (> 25: integrated and AMLR).
    // Chain: 100, 90, 100, 100, 29 (31 votes): every step above 25 → chain rule.
    // Control: Kari controls Skarven (100 ≥ 50), Brattli (90), Vestfjord, Nordkapp; those hold
    // 29 % of the shares, 31 % of the votes → control rule.
    // Sanko: 10 · 1 · 1 · 0.29 = 2.9 %, no rule; Brattli is 10 % blocked-owned → not blocked.
    let mut g = G::new();
    let eq = g.entity("EQUINOR ASA");
    let state = g.state("NÆRINGS- OG FISKERIDEPARTEMENTET");
    let nordkapp = g.entity("NORDKAPP");
    let vestfjord = g.entity("VESTFJORD");
    let brattli = g.entity("BRATTLI");
    let skarven = g.entity("SKARVEN");
    let kari = g.person("Kari Skarvholm");
    let sanko = g.person("Viktor Sanko");
    g.0.parties[sanko].blocked = true;
    g.own(state, eq, 67.0);
    g.own_v(nordkapp, eq, 29.0, 31.0);
    g.own(vestfjord, nordkapp, 100.0);
    g.own(brattli, vestfjord, 100.0);
    g.own(skarven, brattli, 90.0);
    g.own(sanko, brattli, 10.0);
    g.own(kari, skarven, 100.0);
    let a = g.analyse(eq);
    let k = owner(&a, kari);
    assert!(close(k.integrated.lo, 26.1), "{:?}", k.integrated);
    assert!(k.integrated.is_exact());
    assert_eq!(rules(k), (true, true, true, true));
    assert_eq!(k.controlled.len(), 4);
    assert_eq!(k.paths.len(), 1);
    assert_eq!(
        k.paths[0].parties,
        vec![kari, skarven, brattli, vestfjord, nordkapp, eq]
    );
    let s = owner(&a, sanko);
    assert!(close(s.integrated.lo, 2.9));
    assert_eq!(rules(s), (false, false, false, false));
    assert_eq!(a.depth, 5);
    assert!(!a.sanctions.ofac50 && !a.sanctions.eu_sanctions50);
    assert!(
        a.simplified_due_diligence
            .iter()
            .any(|x| x.contains("State ownership")),
        "{:?}",
        a.simplified_due_diligence
    );
    // Kari's votes in the holding companies were not stated: taken as equal to the shares.
    assert!(
        k.assumed.iter().any(|x| x.contains("SKARVEN")),
        "{:?}",
        k.assumed
    );
    assert!(close(a.unlisted_percent, 4.0));
}

#[test]
fn telenor_two_paths() {
    // Lars Eikrem holds 100 % of Aurora (15 % of Telenor) and of Boreal (14 %).
    // Integrated 15 + 14 = 29 % → integrated, AMLR. No single chain has more than 25 % at every
    // step (15, 14) → no chain rule. He controls both, which hold 29 % together → control rule.
    let mut g = G::new();
    let tel = g.entity("TELENOR ASA");
    let state = g.state("STATE");
    let aurora = g.entity("AURORA");
    let boreal = g.entity("BOREAL");
    let lars = g.person("Lars Eikrem");
    g.own(state, tel, 54.0);
    g.own(aurora, tel, 15.0);
    g.own(boreal, tel, 14.0);
    g.own(lars, aurora, 100.0);
    g.own(lars, boreal, 100.0);
    let a = g.analyse(tel);
    let l = owner(&a, lars);
    assert!(close(l.integrated.lo, 29.0));
    assert_eq!(rules(l), (false, true, true, true));
    assert_eq!(l.paths.len(), 2);
    assert!(close(l.control_share.lo, 29.0));
}

#[test]
fn norsk_hydro_cycle() {
    // Hydra 22 % of Hydro; Ingrid Moe 40 % and Krysseie 60 % of Hydra; Hydra 35 % and Per Olav
    // Lunde 65 % of Krysseie. The loop Hydra → Krysseie → Hydra returns 0.6 · 0.35 = 21 %.
    // Ingrid: 22 · 0.4 / (1 − 0.21) = 11.139240506 %; Per: 22 · 0.6 · 0.65 / 0.79 =
    // 10.860759494 %; together the whole 22 %. Simple chains alone: 8.8 % and 8.58 %.
    // No one above 25 % by any rule; the state holds 34.3 % → simplified due diligence;
    // the CEO and chair are recorded as senior managing officials.
    let mut g = G::new();
    let hy = g.entity("NORSK HYDRO ASA");
    let state = g.state("STATE");
    let hydra = g.entity("HYDRA");
    let kryss = g.entity("KRYSSEIE");
    let ingrid = g.person("Ingrid Moe");
    let per = g.person("Per Olav Lunde");
    let ceo = g.person("Åse Strøm");
    let chair = g.person("Dag Mjølhus");
    g.own(state, hy, 34.3);
    g.own(hydra, hy, 22.0);
    g.own(kryss, hydra, 60.0);
    g.own(ingrid, hydra, 40.0);
    g.own(hydra, kryss, 35.0);
    g.own(per, kryss, 65.0);
    g.role(ceo, hy, RoleGround::SeniorManaging, "CEO");
    g.role(chair, hy, RoleGround::SeniorManaging, "Chair of the board");
    let a = g.analyse(hy);
    let i = owner(&a, ingrid);
    let p = owner(&a, per);
    assert!(
        (i.integrated.lo - 22.0 * 0.4 / 0.79).abs() < 1e-6,
        "{:?}",
        i.integrated
    );
    assert!(
        (p.integrated.lo - 22.0 * 0.6 * 0.65 / 0.79).abs() < 1e-6,
        "{:?}",
        p.integrated
    );
    assert!((i.integrated.lo + p.integrated.lo - 22.0).abs() < 1e-6);
    assert_eq!(rules(i), (false, false, false, false));
    assert_eq!(rules(p), (false, false, false, false));
    // The listed chains are the simple ones.
    assert!(close(i.paths[0].share.expect("share").lo, 8.8));
    assert!(a.no_natural_person);
    assert!(owner(&a, ceo).senior_managing_official);
    assert!(owner(&a, chair).senior_managing_official);
    assert!(!i.senior_managing_official);
    assert!(a
        .simplified_due_diligence
        .iter()
        .any(|x| x.contains("34.30 %")));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.message.contains("cross-holding")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn dnb_foundation() {
    // DNB ASA 100 % of DNB Bank; the state 34 % and Stiftelsen Nordlys 28 % of DNB ASA.
    // Henrik Aasen chairs and Marte Lind manages the foundation: a foundation role, then 28 %
    // and 100 % (each above 25 %) → chain rule (§ 14(3)) and AMLR (art. 58); they hold no
    // shares → integrated 0 %, no integrated rule, no control rule (28 % controls nothing).
    let mut g = G::new();
    let bank = g.entity("DNB BANK ASA");
    let asa = g.entity("DNB ASA");
    let state = g.state("STATE");
    let stift = g.entity("STIFTELSEN NORDLYS");
    let henrik = g.person("Henrik Aasen");
    let marte = g.person("Marte Lind");
    g.own(asa, bank, 100.0);
    g.own(state, asa, 34.0);
    g.own(stift, asa, 28.0);
    g.role(
        henrik,
        stift,
        RoleGround::TrustOrFoundation,
        "Chair of the board",
    );
    g.role(marte, stift, RoleGround::TrustOrFoundation, "CEO");
    let a = g.analyse(bank);
    for p in [henrik, marte] {
        let o = owner(&a, p);
        assert_eq!(rules(o), (true, false, false, true), "{o:?}");
        assert!(close(o.integrated.lo, 0.0));
        assert_eq!(o.paths[0].parties, vec![p, stift, asa, bank]);
        assert!(o.paths[0].share.is_none());
    }
    assert!(!a.no_natural_person);
}

#[test]
fn exactly_25_is_not_more_than_25_but_is_25_or_more() {
    // 10 + 10 + 5 in three direct holdings = 25 % exactly (floating point 25.000000000000004
    // or 24.999999999999996 for other splits): not "more than 25 %", but "25 % or more".
    for parts in [
        vec![10.0, 10.0, 5.0],
        vec![8.1, 8.2, 8.7],
        vec![0.1; 250],
        vec![12.3, 12.7],
    ] {
        let mut g = G::new();
        let s = g.entity("S");
        let p = g.person("P");
        for (i, x) in parts.iter().enumerate() {
            let h = g.entity(&format!("H{i}"));
            g.own(h, s, *x);
            g.own(p, h, 100.0);
        }
        let a = g.analyse(s);
        let o = owner(&a, p);
        assert!(!o.integrated_rule, "{parts:?} {:?}", o.integrated);
        assert!(o.amlr_rule, "{parts:?} {:?}", o.integrated);
        assert!(!o.control_rule, "{parts:?}");
        assert!(o.possibly.is_empty());
    }
}

#[test]
fn fifty_by_a_floating_point_sum_is_fifty() {
    // 37.66 + 5.94 + 6.4 = 49.99999999999999 in floating point: 50 %, so control (at least 50 %
    // of the votes) and OFAC-50 hold.
    let parts = [37.66, 5.94, 6.4];
    assert!(
        parts.iter().sum::<f64>() < 50.0,
        "floating point says 49.99999999999999"
    );
    let mut g = G::new();
    let s = g.entity("S");
    let c = g.entity("C");
    let p = g.person("P");
    let x = g.person("X");
    g.0.parties[x].blocked = true;
    for v in parts {
        g.0.links
            .push(Link::ownership(p, c, Some(Share::exact(v)), None));
        g.0.links
            .push(Link::ownership(x, s, Some(Share::exact(v)), None));
    }
    g.own(c, s, 26.0);
    let a = g.analyse(s);
    let o = owner(&a, p);
    // P controls C (50 % in three holdings added up), C holds 26 % of S → control rule; the
    // chain 50 % → 26 % has more than 25 % at every step → chain rule; integrated 13 % → no
    // integrated or AMLR rule.
    assert!(o.control_rule);
    assert_eq!(o.controlled, vec![c]);
    assert!(o.chain_rule);
    assert!(!o.integrated_rule && !o.amlr_rule);
    assert!(close(o.integrated.lo, 13.0));
    assert!(a.sanctions.ofac50, "{:?}", a.sanctions);
    assert!(a.sanctions.eu_sanctions50);
}

fn ofac_c(edges: &[(&str, &str, f64)], blocked: &[&str]) -> (bool, bool) {
    let mut g = G::new();
    let mut id = std::collections::HashMap::new();
    for (a, b, _) in edges {
        for n in [a, b] {
            if !id.contains_key(n) {
                let i = if n.starts_with('X') || n.starts_with('Y') {
                    g.person(n)
                } else {
                    g.entity(n)
                };
                id.insert(*n, i);
            }
        }
    }
    for b in blocked {
        g.0.parties[id[b]].blocked = true;
    }
    for (a, b, s) in edges {
        g.own(id[a], id[b], *s);
    }
    let s = g.0.sanctions();
    (s[id["C"]].ofac50, s[id["C"]].eu_sanctions50)
}

#[test]
fn ofac_faq_401_examples() {
    // FAQ 401 (1): X owns 50 % of A and of B; A and B own 25 % of C each. A and B are blocked
    // (50 % each), so C is 25 + 25 = 50 % blocked-owned: blocked.
    assert_eq!(
        ofac_c(
            &[
                ("X", "A", 50.0),
                ("X", "B", 50.0),
                ("A", "C", 25.0),
                ("B", "C", 25.0)
            ],
            &["X"]
        ),
        (true, true)
    );
    // FAQ 401 (2): X owns 25 % of A and of B, A and B own 50 % of C each: neither A nor B is
    // blocked, and X's indirect 12.5 + 12.5 % does not count: C is not blocked.
    assert_eq!(
        ofac_c(
            &[
                ("X", "A", 25.0),
                ("X", "B", 25.0),
                ("A", "C", 50.0),
                ("B", "C", 50.0)
            ],
            &["X"]
        ),
        (false, false)
    );
    // Aggregation over blocked persons (FAQ 398): X 25 % and Y 25 % of C directly → blocked.
    assert_eq!(
        ofac_c(&[("X", "C", 25.0), ("Y", "C", 25.0)], &["X", "Y"]),
        (true, true)
    );
    // 49.9 % is not 50 %.
    assert_eq!(ofac_c(&[("X", "C", 49.9)], &["X"]), (false, false));
}

#[test]
fn eu_control_is_a_separate_ground() {
    // X holds 10 % of C but may appoint its board: frozen under the EU's control test, not by
    // OFAC's ownership-only rule.
    let mut g = G::new();
    let c = g.entity("C");
    let x = g.person("X");
    g.0.parties[x].blocked = true;
    let mut l = Link::ownership(x, c, Some(Share::exact(10.0)), None);
    l.board = true;
    g.0.links.push(l);
    let s = g.0.sanctions();
    assert!(!s[c].ofac50);
    assert!(s[c].eu_sanctions50);
    assert!(s[c].grounds.iter().any(|x| x.contains("controlled")));
}

#[test]
fn ranges_straddling_a_threshold_are_possibly() {
    // 20–30 %: possibly more than 25 % (integrated, chain, control), not surely.
    let mut g = G::new();
    let s = g.entity("S");
    let p = g.person("P");
    g.0.links.push(Link::ownership(
        p,
        s,
        Some(Share::range(20.0, false, 30.0, false)),
        None,
    ));
    let a = g.analyse(s);
    let o = owner(&a, p);
    assert_eq!(rules(o), (false, false, false, false));
    assert_eq!(
        o.possibly,
        vec![
            RuleName::ChainRule,
            RuleName::ControlRule,
            RuleName::IntegratedRule,
            RuleName::AmlrRule
        ]
    );
    // "More than 25 % up to 50 %" (the UK's band): surely more than 25 %.
    let mut g = G::new();
    let s = g.entity("S");
    let p = g.person("P");
    g.0.links.push(Link::ownership(
        p,
        s,
        Some(Share::range(25.0, true, 50.0, false)),
        None,
    ));
    let a = g.analyse(s);
    let o = owner(&a, p);
    assert_eq!(rules(o), (true, true, true, true), "{o:?}");
    assert!(o.possibly.is_empty());
}

#[test]
fn one_known_other_assumed() {
    // Only votes known (40 %): shares taken as 40 %, and said so.
    let mut g = G::new();
    let s = g.entity("S");
    let p = g.person("P");
    g.0.links
        .push(Link::ownership(p, s, None, Some(Share::exact(40.0))));
    let a = g.analyse(s);
    let o = owner(&a, p);
    assert!(close(o.integrated.lo, 40.0));
    assert_eq!(rules(o), (true, true, true, true));
    assert_eq!(o.assumed.len(), 1);
    assert!(o.assumed[0].contains("shares"), "{:?}", o.assumed);
}

#[test]
fn closed_cycle_without_outside_owner_terminates_capped() {
    // A and B own each other wholly, A owns S: the walk sum diverges; capped and warned.
    let mut g = G::new();
    let s = g.entity("S");
    let a_ = g.entity("A");
    let b = g.entity("B");
    g.own(a_, s, 100.0);
    g.own(a_, b, 100.0);
    g.own(b, a_, 100.0);
    let a = g.analyse(s);
    assert!(a.owners.is_empty());
    assert!(a.no_natural_person);
}

#[test]
fn possibly_same_person_is_warned_never_merged() {
    let mut g = G::new();
    let mut a = Party::new("p1", "Kari  Nordmann", PartyKind::Person);
    a.birth_date = Some("1970-01-01".into());
    let b = Party::new("p2", "kari nordmann", PartyKind::Person);
    let mut c = Party::new("p3", "Kari Nordmann", PartyKind::Person);
    c.birth_date = Some("1980-01-01".into());
    g.0.add_party(a);
    g.0.add_party(b);
    g.0.add_party(c);
    // p1/p2 and p2/p3 may be one person; p1/p3 differ by birth date.
    assert_eq!(g.0.possibly_same_persons(), vec![(0, 1), (1, 2)]);
}

/// A random graph: `n` entities (0 = subject), `m` persons, links with shares whose inbound
/// total per node stays at most 100 %.
fn graph_strategy() -> impl Strategy<Value = RulesGraph> {
    (2usize..7, 1usize..4)
        .prop_flat_map(|(n, m)| {
            let links = proptest::collection::vec((0..n + m, 0..n, 0.0f64..=100.0), 0..16);
            (Just(n), Just(m), links)
        })
        .prop_map(|(n, m, raw)| {
            let mut g = RulesGraph::default();
            for i in 0..n {
                g.add_party(Party::new(
                    &format!("e{i}"),
                    &format!("E{i}"),
                    PartyKind::Entity,
                ));
            }
            for i in 0..m {
                g.add_party(Party::new(
                    &format!("p{i}"),
                    &format!("P{i}"),
                    PartyKind::Person,
                ));
            }
            let mut inbound = vec![0.0f64; n];
            for (from, to, share) in raw {
                if from == to {
                    continue;
                }
                let room = 100.0 - inbound[to];
                let share = share.min(room).max(0.0);
                inbound[to] += share;
                g.links
                    .push(Link::ownership(from, to, Some(Share::exact(share)), None));
            }
            g
        })
}

proptest! {
    #[test]
    fn no_owner_above_100_and_owners_sum_at_most_100(g in graph_strategy()) {
        let a = g.analyse(0);
        let mut total = 0.0;
        for o in &a.owners {
            prop_assert!(o.integrated.lo >= 0.0 && o.integrated.hi <= 100.0 + 1e-9, "{:?}", o);
            total += o.integrated.lo;
        }
        // Persons' integrated shares are probabilities of disjoint events: at most 100 % in all.
        prop_assert!(total <= 100.0 + 1e-6, "{total}");
    }

    #[test]
    fn a_single_path_chain_is_the_product(shares in proptest::collection::vec(0.0f64..=100.0, 1..7)) {
        let mut g = RulesGraph::default();
        let mut prev = g.add_party(Party::new("s", "S", PartyKind::Entity));
        let s = prev;
        for (i, x) in shares.iter().enumerate().skip(1) {
            let e = g.add_party(Party::new(&format!("e{i}"), "E", PartyKind::Entity));
            g.links.push(Link::ownership(e, prev, Some(Share::exact(*x)), None));
            prev = e;
        }
        let p = g.add_party(Party::new("p", "P", PartyKind::Person));
        g.links.push(Link::ownership(p, prev, Some(Share::exact(shares[0])), None));
        let a = g.analyse(s);
        let o = a.owners.iter().find(|o| o.party == p).expect("owner");
        let product = shares.iter().fold(100.0, |acc, x| acc * x / 100.0);
        prop_assert!((o.integrated.lo - product).abs() < 1e-9, "{} vs {}", o.integrated.lo, product);
        let chain = shares.iter().all(|&x| x > 25.0 + 1e-9);
        prop_assert_eq!(o.chain_rule, chain);
        prop_assert_eq!(o.integrated_rule, product > 25.0 + 1e-9);
    }

    #[test]
    fn a_zero_edge_changes_nothing(g in graph_strategy(), from in 0usize..9, to in 0usize..6) {
        let n = g.parties.len();
        let (from, to) = (from % n, to % n);
        prop_assume!(from != to && g.parties[to].kind == PartyKind::Entity);
        let before = g.analyse(0);
        let mut h = g.clone();
        h.links.push(Link::ownership(from, to, Some(Share::exact(0.0)), None));
        let after = h.analyse(0);
        let key = |a: &SubjectAnalysis| {
            let mut v: Vec<_> = a.owners.iter().filter(|o| o.integrated.lo > 0.0 || o.any_rule()).map(|o| {
                (o.party, (o.integrated.lo * 1e6).round() as i64, o.chain_rule, o.control_rule, o.integrated_rule, o.amlr_rule)
            }).collect();
            v.sort();
            v
        };
        prop_assert_eq!(key(&before), key(&after));
        prop_assert_eq!(before.sanctions.ofac50, after.sanctions.ofac50);
    }

    #[test]
    fn cycles_terminate_with_the_walk_sum(x in 1.0f64..=99.0, y in 1.0f64..=99.0, z in 1.0f64..=100.0) {
        // P holds x % of A, B holds the rest (100 − x) of A; A holds y % of B; A holds z % of S.
        // The loop A → B → A returns (100 − x)/100 · y/100 of A, so P holds
        // z · (x/100) / (1 − (100 − x)/100 · y/100) of S: the documented result.
        let mut g = RulesGraph::default();
        let s = g.add_party(Party::new("s", "S", PartyKind::Entity));
        let a = g.add_party(Party::new("a", "A", PartyKind::Entity));
        let b = g.add_party(Party::new("b", "B", PartyKind::Entity));
        let p = g.add_party(Party::new("p", "P", PartyKind::Person));
        let q = g.add_party(Party::new("q", "Q", PartyKind::Person));
        g.links.push(Link::ownership(p, a, Some(Share::exact(x)), None));
        g.links.push(Link::ownership(b, a, Some(Share::exact(100.0 - x)), None));
        g.links.push(Link::ownership(a, b, Some(Share::exact(y)), None));
        g.links.push(Link::ownership(q, b, Some(Share::exact(100.0 - y)), None));
        g.links.push(Link::ownership(a, s, Some(Share::exact(z)), None));
        let r = g.analyse(s);
        let o = r.owners.iter().find(|o| o.party == p).expect("P");
        let loop_back = (100.0 - x) / 100.0 * y / 100.0;
        let want = z * (x / 100.0) / (1.0 - loop_back);
        prop_assert!((o.integrated.lo - want).abs() < 1e-6, "{} vs {}", o.integrated.lo, want);
        let oq = r.owners.iter().find(|o| o.party == q).expect("Q");
        // Every share of A ends with P or Q: together they hold z %.
        prop_assert!((o.integrated.lo + oq.integrated.lo - z).abs() < 1e-6);
    }
}

/// The naive fixed point the control rule's worklist replaces (exact shares, votes = shares).
fn naive_control(g: &RulesGraph, p: usize, s: usize) -> bool {
    let g = g.merged();
    let n = g.parties.len();
    let mut ctrl = vec![false; n];
    ctrl[p] = true;
    loop {
        let mut changed = false;
        for v in 0..n {
            if ctrl[v] || g.parties[v].kind != PartyKind::Entity {
                continue;
            }
            let votes: f64 = g
                .links
                .iter()
                .filter(|l| l.owned == v && ctrl[l.owner] && l.owner != v)
                .filter_map(|l| l.shares.map(|x| x.lo))
                .sum();
            if votes >= 50.0 - 1e-9 {
                ctrl[v] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let held: f64 = g
        .links
        .iter()
        .filter(|l| l.owned == s && ctrl[l.owner] && l.owner != s)
        .filter_map(|l| l.shares.map(|x| x.lo))
        .sum();
    ctrl[s] || held > 25.0 + 1e-9
}

proptest! {
    #[test]
    fn control_rule_matches_the_naive_fixed_point(g in graph_strategy()) {
        let a = g.analyse(0);
        for o in &a.owners {
            prop_assert_eq!(o.control_rule, naive_control(&g, o.party, 0), "person {}", o.party);
        }
    }
}

#[test]
fn a_ladder_of_2_to_the_39_chains_lists_the_strongest_k_and_the_exact_integrated_share() {
    // Levels 1..=40 of two companies each, A_i and B_i; A_i holds 60 % and B_i 40 % of both
    // A_{i-1} and B_{i-1} (level 0 is the subject alone, held 60 % by A_1 and 40 % by B_1).
    // Kari holds 100 % of A_40, Per 100 % of B_40: 2^39 chains each, 41 links long.
    // Closed form: the integrated share of A_i is a·(a + b)^(i-1) with a = 0.6, b = 0.4, so
    // Kari holds 60 % and Per 40 % of the subject, exactly. Kari's strongest chain is all A
    // (0.6^40); the next 39 (one B) tie at 0.6^39 · 0.4. Every step is above 25 % → chain rule
    // for both; Kari controls A_40 (100 %), which controls A_39 and B_39 (60 % each), and so
    // on down → control rule; Per's B_40 holds 40 %, which controls nothing.
    const LEVELS: usize = 40;
    let mut g = G::new();
    let subject = g.entity("LADDER ASA");
    let mut below = vec![subject];
    let mut top = Vec::new();
    for i in 1..=LEVELS {
        let a = g.entity(&format!("A{i}"));
        let b = g.entity(&format!("B{i}"));
        for &d in &below {
            g.own(a, d, 60.0);
            g.own(b, d, 40.0);
        }
        below = vec![a, b];
        top = vec![a, b];
    }
    let kari = g.person("Kari");
    let per = g.person("Per");
    g.own(kari, top[0], 100.0);
    g.own(per, top[1], 100.0);
    let a = g.analyse(subject);
    let k = PATHS_PER_OWNER;
    let kari_o = owner(&a, kari);
    let per_o = owner(&a, per);
    assert!(
        (kari_o.integrated.lo - 60.0).abs() < 1e-9,
        "{:?}",
        kari_o.integrated
    );
    assert!(
        (per_o.integrated.lo - 40.0).abs() < 1e-9,
        "{:?}",
        per_o.integrated
    );
    assert_eq!(rules(kari_o), (true, true, true, true));
    assert_eq!(rules(per_o), (true, false, true, true));
    for o in [kari_o, per_o] {
        assert_eq!(o.paths.len(), k, "{:?}", o.paths.len());
        for p in &o.paths {
            assert_eq!(p.parties.len(), LEVELS + 2);
            assert_eq!(p.parties.first(), Some(&o.party));
            assert_eq!(p.parties.last(), Some(&subject));
        }
    }
    let shares: Vec<f64> = kari_o
        .paths
        .iter()
        .map(|p| p.share.expect("shares").lo)
        .collect();
    let best = 100.0 * 0.6f64.powi(40);
    let next = 100.0 * 0.6f64.powi(39) * 0.4;
    assert!(
        (shares[0] - best).abs() < 1e-12 * best.max(1.0),
        "{shares:?}"
    );
    assert!(
        shares[1..].iter().all(|s| (s - next).abs() < 1e-9 * next),
        "{shares:?}"
    );
    // The strongest is the chain through every A.
    assert!(kari_o.paths[0].parties[1..=LEVELS]
        .iter()
        .all(|&x| g.0.parties[x].name.starts_with('A')));
    assert_eq!(a.depth, LEVELS + 1);
    assert!(a.warnings.iter().any(|w| w.kind == WarningKind::PathLimit));
}
