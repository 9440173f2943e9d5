//! Answers shaped exactly as the sandbox serves them (crates/sandbox/src/model.rs, the curated
//! Equinor case: a four-level private chain beside the state), copied by hand so core does not
//! depend on the sandbox crate.

use amldesk_core::model::bo::{BoResult, RegistryAccess};
use amldesk_core::model::org::{BoReason, OrgResult, RoleType, SanctionSource};
use amldesk_core::model::{present, Availability};
use amldesk_core::ownership::{company_id, person_id, OwnershipGraph, Rule};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture readable"))
        .expect("fixture is JSON")
}

#[test]
fn sandbox_organization_answer_reads() {
    let org = OrgResult::from_json(&fixture("sandbox-equinor-org.json")).expect("reads");
    let s = org.summary();
    assert_eq!(s.name.as_deref(), Some("EQUINOR ASA"));
    assert_eq!(
        s.org_number.as_deref(),
        Some("923609016"),
        "organizationNumber is read"
    );
    assert_eq!(s.legal_form.as_deref(), Some("Allmennaksjeselskap"));
    assert_eq!((s.sanction_hits, s.pep_hits), (Some(1), Some(1)));
    assert_eq!(s.pep_count, Some(1));
    assert_eq!(
        org.sanction_hits()[0].source,
        Some(SanctionSource::EuGlobal)
    );

    let roles = org.role_list();
    let kinds: Vec<&RoleType> = roles.iter().filter_map(|r| r.role_type.as_ref()).collect();
    assert_eq!(
        kinds,
        vec![
            &RoleType::Ceo,
            &RoleType::Chairman,
            &RoleType::DeputyChairman,
            &RoleType::BoardMember,
            &RoleType::BoardMember,
            &RoleType::ContactPerson,
            &RoleType::Auditor,
        ],
        "the grouping key is the role, `type` is the holder's kind"
    );
    assert_eq!(roles[6].org_number.as_deref(), Some("921112009"));

    let auth = present(&org.authorities).expect("authorities");
    assert!(present(&auth.signature_rights)
        .and_then(|a| a.description.as_deref())
        .is_some_and(|d| d.starts_with("Styrets leder")));
    assert!(present(&auth.power_of_procuration).is_some());

    let fin = present(&org.financials).expect("financials");
    let kf = present(&fin.key_figures).expect("key figures");
    let years: Vec<Option<i64>> = kf.accounting_years.iter().map(|y| y.year).collect();
    assert_eq!(years, vec![Some(2025), Some(2024), Some(2023)]);
    assert_eq!(kf.years[0].turnover, Some(1_080_000_000_000.0));
    assert_eq!(
        present(&fin.auditor).and_then(|a| a.org_number.as_deref()),
        Some("921112009")
    );
    let req: Vec<String> = vec!["financials".into(), "ownership".into()];
    assert_eq!(
        org.availability("financials.accountant", &req),
        Availability::Missing
    );
    assert_eq!(
        org.availability("ownership.subsidiaries", &req),
        Availability::Empty
    );
    assert_eq!(org.shareholders()[1].voting_percentage, Some(31.0));
    assert_eq!(
        org.beneficials()[0].reason,
        Some(BoReason::IndirectOwnership)
    );
}

#[test]
fn sandbox_beneficial_answer_builds_the_whole_chain() {
    let org = OrgResult::from_json(&fixture("sandbox-equinor-org.json")).expect("org");
    let bo = BoResult::from_json(&fixture("sandbox-equinor-bo.json")).expect("bo");
    assert_eq!(bo.org_number(), Some("923609016"));
    assert_eq!(
        bo.registry_access().cloned(),
        Some(RegistryAccess::NotGranted)
    );
    assert_eq!(bo.map().map(|m| m.edges.len()), Some(7));

    let v = OwnershipGraph::from_results("NO:923609016", &[&org], Some(&bo)).view();
    let kari_id = person_id("Kari Skarvholm", "1968-04-12");
    let kari = v
        .owners
        .iter()
        .find(|o| o.node_id == kari_id)
        .expect("Kari found");
    assert!(
        (kari.integrated_share - 26.1).abs() < 1e-9,
        "{}",
        kari.integrated_share
    );
    assert_eq!(
        kari.rules,
        vec![
            Rule::ChainOwnership,
            Rule::RegisterControl,
            Rule::IntegratedOwnership,
            Rule::AmlrOwnership
        ]
    );
    assert!(kari.chain_rule && kari.control_rule && kari.integrated_rule && kari.amlr_rule);
    assert_eq!(kari.integrated_percent, Some(kari.integrated_share));
    assert_eq!(kari.paths.len(), 1);
    assert_eq!(kari.paths[0].nodes.len(), 6);
    assert!(kari.disagreements.is_empty(), "{:?}", kari.disagreements);
    assert_eq!(
        kari.upstream.as_ref().map(|u| u.source.as_str()),
        Some("beneficialOwners")
    );

    let sanko_id = person_id("Viktor Sanko", "1961-09-30");
    let sanko_node = v
        .nodes
        .iter()
        .find(|n| n.id == sanko_id)
        .expect("Sanko node");
    assert!(sanko_node.sanctioned, "the hit names him");
    let sanko = v
        .owners
        .iter()
        .find(|o| o.node_id == sanko_id)
        .expect("Sanko finding");
    assert!(!sanko.is_beneficial_owner);
    assert!((sanko.integrated_share - 2.9).abs() < 1e-9);
    // 10 % is far from 50 %: nothing is flagged through ownership.
    assert!(v.nodes.iter().all(|n| !n.sanctioned_by_ownership));
    // The subject was not named by the hit.
    let subject = v.nodes.iter().find(|n| n.is_subject).expect("subject");
    assert_eq!(subject.id, company_id("923609016"));
    assert!(!subject.sanctioned);
    assert_eq!(
        v.nodes
            .iter()
            .find(|n| n.id == kari_id)
            .and_then(|n| n.depth),
        Some(5)
    );
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);

    // Issue #10 item 3: the PEP who chairs an intermediate company is drawn, attached by that
    // role to the company the hit names (VESTFJORD KAPITAL AS, 921111207).
    let astrid = v
        .nodes
        .iter()
        .find(|n| n.label == "Astrid Haugland")
        .expect("the PEP is drawn");
    assert!(astrid.pep);
    assert!(v.edges.iter().any(|e| e.from == astrid.id
        && e.to == company_id("921111207")
        && e.role.as_deref() == Some("Chair of the board")));
    // A chair of an intermediate is no owner of the subject.
    assert!(v.owners.iter().all(|o| o.name != "Astrid Haugland"));
    // The state's 67 %: simplified due diligence is flagged.
    assert!(
        v.simplified_due_diligence
            .iter()
            .any(|x| x.contains("67.00 %")),
        "{:?}",
        v.simplified_due_diligence
    );
    assert!(!v.sanctions_ownership.ofac50 && !v.sanctions_ownership.eu_sanctions50);
}
