//! Property tests: no input makes the readers or the graph panic, and the graph's numbers obey
//! the invariants the officer relies on.

use amldesk_core::model::amlyze::{AmlyzeBatchAnswer, CommunicationsEvents};
use amldesk_core::model::bo::BoResult;
use amldesk_core::model::org::OrgResult;
use amldesk_core::model::peer::{PeerCreateAnswer, PeerRespondAnswer};
use amldesk_core::ownership::{EdgeKind, OwnershipGraph};
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashSet;

const KEYS: &[&str] = &[
    "keyInformation",
    "name",
    "orgNumber",
    "organizationType",
    "code",
    "description",
    "address",
    "postalAddress",
    "ownership",
    "shareholders",
    "beneficials",
    "subsidiaries",
    "indicators",
    "keyIndicators",
    "percentage",
    "share",
    "type",
    "roles",
    "roleType",
    "person",
    "ceo",
    "sanction",
    "hits",
    "matchIndicator",
    "aliasList",
    "links",
    "reports",
    "financials",
    "accounting",
    "keyFigures",
    "accountingYears",
    "lei",
    "metadata",
    "sources",
    "dateOfBirth",
    "reason",
    "results",
    "resultType",
    "events",
    "data",
    "parametrRequest",
    "status",
    "type_request",
    "requestDetails",
    "beneficialOwners",
    "organization",
    "x",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        prop_oneof![
            Just("PERSON".to_owned()),
            Just("ORGANIZATION".to_owned()),
            Just("25,5".to_owned()),
            Just(String::new()),
            "[a-zA-Z0-9 %._-]{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..7).prop_map(|kv| {
                let mut m = Map::new();
                for (k, v) in kv {
                    m.insert(k.to_owned(), v);
                }
                Value::Object(m)
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn readers_never_panic_and_round_trip(v in json_value()) {
        if let Ok(org) = OrgResult::from_json(&v) {
            let again = OrgResult::from_json(&org.to_json());
            prop_assert_eq!(again.as_ref().ok(), Some(&org));
            let _ = org.summary();
            let _ = org.availability("ownership.shareholders", &["ownership".to_owned()]);
            let view = OwnershipGraph::from_results("923609016", &[&org], None).view();
            prop_assert!(view.nodes.iter().any(|n| n.is_subject));
        }
        if let Ok(bo) = BoResult::from_json(&v) {
            let out = serde_json::to_value(&bo).expect("serializes");
            prop_assert_eq!(BoResult::from_json(&out).ok(), Some(bo));
        }
        if let Ok(a) = AmlyzeBatchAnswer::from_json(&v) {
            let out = serde_json::to_value(&a).expect("serializes");
            prop_assert_eq!(AmlyzeBatchAnswer::from_json(&out).ok(), Some(a));
        }
        let _ = CommunicationsEvents::from_json(&v);
        let _ = PeerCreateAnswer::from_json(&v);
        if let Ok(r) = PeerRespondAnswer::from_json(&v) {
            let out = serde_json::to_value(&r).expect("serializes");
            prop_assert_eq!(PeerRespondAnswer::from_json(&out).ok(), Some(r));
        }
    }
}

#[derive(Debug, Clone)]
struct Spec {
    persons: Vec<bool>,
    edges: Vec<(usize, usize, Option<f64>)>,
    sanctioned: Vec<usize>,
}

fn spec(valid: bool) -> impl Strategy<Value = Spec> {
    (2usize..9).prop_flat_map(move |n| {
        let share = if valid {
            prop_oneof![Just(None), (0.0f64..=100.0).prop_map(Some)].boxed()
        } else {
            prop_oneof![Just(None), (-50.0f64..160.0).prop_map(Some)].boxed()
        };
        (
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec((0..n, 0..n, share), 0..(n * 3)),
            prop::collection::vec(0..n, 0..3),
        )
            .prop_map(|(persons, edges, sanctioned)| Spec {
                persons,
                edges,
                sanctioned,
            })
    })
}

fn build(s: &Spec) -> (OwnershipGraph, Vec<String>) {
    let mut g = OwnershipGraph::new("NO:000000000");
    let mut ids = vec![g.subject_id().to_owned()];
    for (i, &person) in s.persons.iter().enumerate().skip(1) {
        ids.push(if person {
            g.add_person(&format!("Person {i}"), Some("1970-01-01"))
        } else {
            g.add_company(&format!("{i}00"), &format!("Company {i}"))
        });
    }
    for &(a, b, share) in &s.edges {
        g.add_ownership(&ids[a], &ids[b], share, None);
    }
    for &i in &s.sanctioned {
        g.mark_sanctioned(&ids[i]);
    }
    (g, ids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn graphs_never_panic_and_paths_are_consistent(s in spec(false)) {
        let (g, _) = build(&s);
        let v = g.view();
        let subject = v.subject.clone();
        for f in &v.owners {
            let mut sum = 0.0;
            for p in &f.paths {
                let distinct: HashSet<&String> = p.nodes.iter().collect();
                prop_assert_eq!(distinct.len(), p.nodes.len(), "paths are simple");
                prop_assert_eq!(p.nodes.last(), Some(&subject));
                prop_assert_eq!(p.nodes.first(), Some(&f.node_id));
                prop_assert_eq!(p.steps.len() + 1, p.nodes.len());
                let product = p.steps.iter().fold(100.0, |acc, s| acc * s / 100.0);
                prop_assert!((product - p.share).abs() < 1e-9);
                prop_assert!(p.steps.iter().all(|s| (0.0..=100.0).contains(s)), "bad data is clamped");
                sum += p.share;
            }
            // The listed chains are simple and among the walks the integrated share sums; without
            // a cycle and with every chain listed, they are exactly it.
            // (With inconsistent data, owners above 100 %, the integrated share is capped at 100 %.)
            let consistent = v.warnings.iter().all(|w| w.code != amldesk_core::ownership::WarningCode::InboundOver100);
            if consistent {
                prop_assert!(sum <= f.integrated_share + 1e-9, "{sum} > {}", f.integrated_share);
            }
            let acyclic = v.nodes.iter().all(|n| !n.in_cycle);
            if consistent && acyclic && f.paths.len() < amldesk_core::ownership::rules::PATHS_PER_OWNER {
                prop_assert!((sum - f.integrated_share).abs() < 1e-9, "{sum} vs {}", f.integrated_share);
            }
            prop_assert!(f.integrated_share <= 100.0 + 1e-9);
            prop_assert!(f.integrated_share.is_finite() && f.integrated_share >= 0.0);
        }
        for e in v.edges.iter().filter(|e| e.in_cycle) {
            let on = |id: &str| v.nodes.iter().any(|n| n.id == id && n.in_cycle);
            prop_assert!(on(&e.from) && on(&e.to));
        }
        prop_assert!(v.edges.iter().all(|e| e.from != e.to));
        prop_assert!(v.edges.iter().all(|e| e.kind == EdgeKind::Ownership));
    }

    /// Without cycles and with no company over-subscribed, ultimate owners can never hold more
    /// than the whole subject between them.
    #[test]
    fn ultimate_owners_hold_at_most_everything(s in spec(true)) {
        // Keep only forward edges (acyclic) and scale each company's inbound shares to ≤ 100 %.
        let n = s.persons.len();
        let mut edges: Vec<(usize, usize, Option<f64>)> = s
            .edges
            .iter()
            .filter(|(a, b, _)| a > b)
            .copied()
            .collect();
        edges.sort_by_key(|(a, b, _)| (*a, *b));
        edges.dedup_by_key(|(a, b, _)| (*a, *b));
        for to in 0..n {
            let total: f64 = edges.iter().filter(|e| e.1 == to).map(|e| e.2.unwrap_or(0.0)).sum();
            if total > 100.0 {
                for e in edges.iter_mut().filter(|e| e.1 == to) {
                    e.2 = e.2.map(|x| x * 100.0 / total);
                }
            }
        }
        let (g, ids) = build(&Spec { edges: edges.clone(), ..s });
        let v = g.view();
        prop_assert!(v.nodes.iter().all(|x| !x.in_cycle));
        let roots: Vec<&String> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 0 && !edges.iter().any(|e| e.1 == *i))
            .map(|(_, id)| id)
            .collect();
        let total: f64 = v
            .nodes
            .iter()
            .filter(|x| roots.contains(&&x.id))
            .filter_map(|x| x.integrated_share)
            .sum();
        prop_assert!(total <= 100.0 + 1e-6, "roots hold {total}");
    }
}
