use super::*;
use crate::model::org::{BoReason, OrgResult};
use serde_json::json;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn finding<'a>(v: &'a GraphView, id: &str) -> &'a BeneficialOwnerFinding {
    v.owners
        .iter()
        .find(|o| o.node_id == id)
        .unwrap_or_else(|| panic!("no finding for {id}: {:?}", v.owners))
}

fn node<'a>(v: &'a GraphView, id: &str) -> &'a GraphNodeView {
    v.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn four_level_chain_passes_chain_and_control_but_not_integrated() {
    let mut g = OwnershipGraph::new("NO:923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let b = g.add_company("222", "B AS");
    let c = g.add_company("333", "C AS");
    let p = g.add_person("Kari Nordmann", Some("1970-01-01"));
    assert!(g.add_ownership(&p, &a, Some(80.0), None));
    assert!(g.add_ownership(&a, &b, Some(60.0), None));
    assert!(g.add_ownership(&b, &c, Some(70.0), None));
    assert!(g.add_ownership(&c, &s, Some(50.0), None));
    let v = g.view();
    let f = finding(&v, &p);
    assert!(close(f.integrated_share, 0.8 * 0.6 * 0.7 * 0.5 * 100.0));
    assert_eq!(f.rules, vec![Rule::ChainOwnership, Rule::RegisterControl]);
    assert!(f.is_beneficial_owner);
    assert_eq!(f.paths.len(), 1);
    assert_eq!(
        f.paths[0].nodes,
        vec![p.clone(), a.clone(), b.clone(), c.clone(), s.clone()]
    );
    assert_eq!(f.paths[0].steps, vec![80.0, 60.0, 70.0, 50.0]);
    assert!(f.paths[0].every_step_above25);
    assert!(close(f.control_share, 50.0));
    assert_eq!(f.controlled_via, vec![a.clone(), b.clone(), c.clone()]);
    assert!(f
        .disagreements
        .iter()
        .any(|d| d.contains("Integrated ownership does not qualify")));
    assert_eq!(node(&v, &p).depth, Some(4));
    assert_eq!(node(&v, &c).depth, Some(1));
    assert!(node(&v, &s).is_subject);
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
}

#[test]
fn two_small_paths_qualify_only_by_integration_and_control() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let b = g.add_company("222", "B AS");
    let p = g.add_person("Per Olsen", Some("1960-02-02"));
    g.add_ownership(&p, &a, Some(100.0), None);
    g.add_ownership(&p, &b, Some(100.0), None);
    g.add_ownership(&a, &s, Some(15.0), None);
    g.add_ownership(&b, &s, Some(15.0), None);
    let v = g.view();
    let f = finding(&v, &p);
    assert!(close(f.integrated_share, 30.0));
    assert_eq!(f.paths.len(), 2);
    assert!(f
        .paths
        .iter()
        .all(|p| close(p.share, 15.0) && !p.every_step_above25));
    assert!(f.rules.contains(&Rule::IntegratedOwnership));
    assert!(!f.rules.contains(&Rule::ChainOwnership));
    assert!(f.rules.contains(&Rule::RegisterControl));
    assert!(f
        .disagreements
        .iter()
        .any(|d| d.contains("chain rule does not qualify")));
}

#[test]
fn without_control_the_register_rule_disagrees() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let b = g.add_company("222", "B AS");
    let p = g.add_person("Per Olsen", Some("1960-02-02"));
    // 49 % is not control (at least 50 % of the votes is); 49 → 26 keeps the chain rule.
    g.add_ownership(&p, &a, Some(49.0), None);
    g.add_ownership(&p, &b, Some(49.0), None);
    g.add_ownership(&a, &s, Some(26.0), None);
    g.add_ownership(&b, &s, Some(26.0), None);
    g.add_ownership(&p, &s, Some(20.0), None);
    let v = g.view();
    let f = finding(&v, &p);
    assert!(close(f.integrated_share, 0.49 * 26.0 * 2.0 + 20.0));
    assert_eq!(
        f.rules,
        vec![
            Rule::ChainOwnership,
            Rule::IntegratedOwnership,
            Rule::AmlrOwnership
        ]
    );
    assert!(close(f.control_share, 20.0));
    assert!(f.controlled_via.is_empty());
}

#[test]
fn cross_holding_terminates_with_simple_path_shares() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let b = g.add_company("222", "B AS");
    let p = g.add_person("Ola Hansen", Some("1950-03-03"));
    g.add_ownership(&p, &a, Some(60.0), None);
    g.add_ownership(&a, &b, Some(40.0), None);
    g.add_ownership(&b, &a, Some(30.0), None);
    g.add_ownership(&b, &s, Some(50.0), None);
    let v = g.view();
    let f = finding(&v, &p);
    // One simple path P → A → B → S (12 %) is listed; the integrated share counts the loop
    // A → B → A (which returns 0.4 · 0.3 = 12 % of A) as a geometric series:
    // 60 · 40 · 50 / (1 − 0.12) = 13.636… %.
    assert_eq!(f.paths.len(), 1);
    assert!(close(f.paths[0].share, 12.0));
    assert!(close(f.integrated_share, 0.6 * 0.4 * 0.5 / 0.88 * 100.0));
    assert_eq!(f.rules, vec![Rule::ChainOwnership]);
    assert!(v
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::CrossHolding));
    assert!(node(&v, &a).in_cycle && node(&v, &b).in_cycle);
    assert!(!node(&v, &p).in_cycle && !node(&v, &s).in_cycle);
    let cyc: Vec<(&str, &str)> = v
        .edges
        .iter()
        .filter(|e| e.in_cycle)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(cyc.len(), 2);
    assert!(cyc.contains(&(a.as_str(), b.as_str())) && cyc.contains(&(b.as_str(), a.as_str())));
    // A's integrated share in S: 40 · 50 / 0.88 = 22.727… %.
    assert!(node(&v, &a)
        .integrated_share
        .is_some_and(|x| close(x, 0.4 * 0.5 / 0.88 * 100.0)));
}

#[test]
fn cycle_through_the_subject_terminates() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let p = g.add_person("Ola Hansen", None);
    g.add_ownership(&s, &a, Some(30.0), None);
    g.add_ownership(&a, &s, Some(40.0), None);
    g.add_ownership(&p, &a, Some(70.0), None);
    let v = g.view();
    let f = finding(&v, &p);
    assert!(close(f.integrated_share, 28.0));
    assert!(node(&v, &s).in_cycle);
    assert_eq!(node(&v, &a).depth, Some(1));
}

#[test]
fn foundation_board_qualifies_through_role() {
    let subject = OrgResult::from_json(&json!({
        "keyInformation": {"name": "Eid AS", "orgNumber": "923609016"},
        "ownership": {
            "shareholders": [
                {"name": "Stiftelsen Fjord", "orgNumber": "998877665", "type": "ORGANIZATION", "percentage": 100}
            ],
            "beneficials": []
        }
    }))
    .expect("subject");
    let foundation = OrgResult::from_json(&json!({
        "keyInformation": {"name": "Stiftelsen Fjord", "orgNumber": "998877665",
                           "organizationType": {"code": "STI", "description": "Stiftelse"}},
        "roles": {
            "chairman": {"name": "Henrik Aasen", "dateOfBirth": "1955-08-14"},
            "ceo": {"name": "Marte Lind", "dateOfBirth": "1983-03-30"},
            "contactPerson": {"name": "Nina Solheim", "dateOfBirth": "1976-02-14"}
        }
    }))
    .expect("foundation");
    let g = OwnershipGraph::from_results("NO:923609016", &[&subject, &foundation], None);
    let v = g.view();
    let fid = company_id("998877665");
    assert_eq!(node(&v, &fid).kind, NodeKind::Foundation);
    let h = finding(&v, &person_id("Henrik Aasen", "1955-08-14"));
    // A foundation role, then 100 %: the chain rule (§ 14(3)) and the AMLR's.
    assert_eq!(
        h.rules,
        vec![
            Rule::ChainOwnership,
            Rule::AmlrOwnership,
            Rule::FoundationRole
        ]
    );
    assert_eq!(h.foundation_roles[0].foundation_id, fid);
    assert_eq!(h.foundation_roles[0].role, "Chair of the board");
    // Upstream delivered an empty list of beneficial owners: that disagreement is reported.
    assert!(h.disagreements.iter().any(|d| d.contains("does not name")));
    let m = finding(&v, &person_id("Marte Lind", "1983-03-30"));
    assert!(m.rules.contains(&Rule::FoundationRole));
    // A contact person has no control over a foundation.
    assert!(v.nodes.iter().all(|n| !n.label.contains("Nina")));
    assert!(v
        .edges
        .iter()
        .any(|e| e.kind == EdgeKind::Role && e.to == fid));
}

#[test]
fn sanctions_propagate_at_fifty_percent_aggregate() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let b = g.add_company("222", "B AS");
    let x = g.add_person("Viktor Sanko", Some("1961-09-30"));
    let y = g.add_person("Ivan Other", Some("1962-01-01"));
    let z = g.add_person("Clean Person", Some("1963-01-01"));
    assert!(g.mark_sanctioned(&x));
    assert!(g.mark_sanctioned(&y));
    g.add_ownership(&x, &a, Some(30.0), None);
    g.add_ownership(&y, &a, Some(20.0), None);
    g.add_ownership(&z, &a, Some(50.0), None);
    g.add_ownership(&a, &s, Some(60.0), None);
    g.add_ownership(&x, &b, Some(49.0), None);
    g.add_ownership(&z, &b, Some(51.0), None);
    let v = g.view();
    assert!(node(&v, &a).sanctioned && node(&v, &a).sanctioned_by_ownership);
    assert!(node(&v, &s).sanctioned && node(&v, &s).sanctioned_by_ownership);
    assert!(!node(&v, &b).sanctioned);
    assert!(node(&v, &x).sanctioned && !node(&v, &x).sanctioned_by_ownership);
    assert!(!node(&v, &z).sanctioned);
}

#[test]
fn bad_shares_are_warnings_not_panics() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let p = g.add_person("Kari", None);
    g.add_ownership(&a, &s, Some(150.0), None);
    g.add_ownership(&p, &s, Some(-5.0), None);
    g.add_ownership(&p, &a, None, None);
    g.add_ownership(&s, &s, Some(10.0), None);
    let v = g.view();
    let codes: Vec<WarningCode> = v.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&WarningCode::ShareOutOfRange));
    assert!(codes.contains(&WarningCode::MissingShare));
    assert!(codes.contains(&WarningCode::SelfOwnership));
    assert!(v.warnings.iter().any(|w| w.message.contains("150.00 %")));
    let e = v.edges.iter().find(|e| e.from == a).expect("edge");
    assert_eq!(e.share, Some(100.0));
    assert!(v.edges.iter().all(|e| e.from != e.to));
}

#[test]
fn inbound_over_100_is_reported() {
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let a = g.add_company("111", "A AS");
    let b = g.add_company("222", "B AS");
    g.add_ownership(&a, &s, Some(70.0), None);
    g.add_ownership(&b, &s, Some(70.0), None);
    let v = g.view();
    assert!(
        v.warnings
            .iter()
            .any(|w| w.code == WarningCode::InboundOver100
                && w.node_id.as_deref() == Some(s.as_str()))
    );
}

#[test]
fn votes_count_with_shares() {
    // 10 % of the shares, 40 % of the votes: more than 25 % of the votes at the one step (chain
    // rule) and held directly (control rule); multiplied shares 10 % (no integrated rule).
    let mut g = OwnershipGraph::new("923609016");
    let s = g.subject_id().to_owned();
    let p = g.add_person("Astrid Haugland", Some("1972-11-03"));
    g.add_ownership(&p, &s, Some(10.0), Some(40.0));
    let v = g.view();
    let f = finding(&v, &p);
    assert_eq!(f.rules, vec![Rule::ChainOwnership, Rule::RegisterControl]);
    assert!(close(f.control_share, 40.0));
    assert!(close(f.integrated_share, 10.0));
}

#[test]
fn upstream_reason_without_data_is_a_disagreement_and_same_names_stay_apart() {
    let subject = OrgResult::from_json(&json!({
        "keyInformation": {"name": "Eid AS", "orgNumber": "923 609 016"},
        "ownership": {
            "shareholders": [
                {"name": "Lars Eikrem", "type": "PERSON", "percentage": "40,5"},
                {"name": "Holding AS", "orgNumber": "111", "type": "ORGANIZATION", "percentage": 59.5}
            ],
            "beneficials": [
                {"name": "Lars Eikrem", "dateOfBirth": "1975-02-18", "ownerShare": 40.5,
                 "reason": "DIRECT_OWNERSHIP", "integratedOwnership": 40.5},
                {"name": "Ingrid Moe", "dateOfBirth": "1980-06-25", "reason": "VOTING_RIGHTS",
                 "reasonPhrase": "Voting rights over 25 %"}
            ]
        }
    }))
    .expect("subject");
    let v = OwnershipGraph::from_results("923609016", &[&subject], None).view();
    // The undated shareholder and the dated beneficial owner of one name are never merged by
    // name: two nodes, a "possibly the same person" warning.
    let lars_nodes: Vec<&GraphNodeView> = v
        .nodes
        .iter()
        .filter(|n| n.label == "Lars Eikrem")
        .collect();
    assert_eq!(lars_nodes.len(), 2);
    assert!(v
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::PossiblySamePerson && w.message.contains("Lars Eikrem")));
    let dated = finding(&v, &person_id("Lars Eikrem", "1975-02-18"));
    assert!(dated.is_beneficial_owner && dated.rules.is_empty());
    assert!(dated
        .upstream
        .as_ref()
        .is_some_and(|u| u.reason == Some(BoReason::DirectOwnership)));
    let undated = v
        .owners
        .iter()
        .find(|o| o.name == "Lars Eikrem" && o.date_of_birth.is_none())
        .expect("the shareholder");
    assert!(close(undated.integrated_share, 40.5));
    assert!(undated.chain_rule && undated.control_rule);
    let ingrid = finding(&v, &person_id("Ingrid Moe", "1980-06-25"));
    assert!(ingrid.is_beneficial_owner && ingrid.rules.is_empty());
    assert!(ingrid
        .disagreements
        .iter()
        .any(|d| d.contains("does not show it")));
    // Every difference from BankID's list under the register rule, for the discrepancy notice.
    let kinds: Vec<(&str, &str)> = v
        .differences
        .iter()
        .map(|d| (d.name.as_str(), d.kind.as_str()))
        .collect();
    assert!(kinds.contains(&("Lars Eikrem", "notComputed")), "{kinds:?}");
    assert!(kinds.contains(&("Ingrid Moe", "notComputed")), "{kinds:?}");
    assert!(kinds.contains(&("Lars Eikrem", "notReported")), "{kinds:?}");
}

#[test]
fn missing_subject_result_is_warned() {
    let v = OwnershipGraph::from_results("923609016", &[], None).view();
    assert_eq!(v.nodes.len(), 1);
    assert!(v
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::NoSubjectData));
    assert!(v.owners.is_empty());
}

#[test]
fn large_dense_structure_is_bounded() {
    // 60 companies each owning 10 % of the next ten: far more chains than the cap.
    let mut g = OwnershipGraph::new("0");
    let ids: Vec<String> = (1..=60)
        .map(|i| g.add_company(&format!("{i}"), &format!("C{i}")))
        .collect();
    let s = g.subject_id().to_owned();
    for (i, a) in ids.iter().enumerate() {
        for b in ids.iter().skip(i + 1).take(10) {
            g.add_ownership(b, a, Some(10.0), None);
        }
        if i < 10 {
            g.add_ownership(a, &s, Some(10.0), None);
        }
    }
    let p = g.add_person("Top", None);
    g.add_ownership(&p, &ids[59], Some(100.0), None);
    let v = g.view();
    assert!(v
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::PathLimitReached));
    assert_eq!(v.nodes.len(), 62);
}
