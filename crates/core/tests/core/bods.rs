//! The BODS 0.4 reader and `analyse` on files of every shape the standard shows
//! (`tests/fixtures/bods/*.json`, written from the 0.4 schema by `generate.py`; each passes
//! `libcovebods jsv` with `[]`), and on statements it must refuse.

use amldesk_core::bods::{analyse, read, read_blocked, EntityReport, OwnerReport, UboReport};
use std::collections::BTreeSet;

fn run(name: &str) -> (UboReport, Vec<String>) {
    let path = format!(
        "{}/tests/fixtures/bods/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let file = read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    analyse(&file, &BTreeSet::new())
}

fn entity<'a>(r: &'a UboReport, id: &str) -> &'a EntityReport {
    r.entities
        .iter()
        .find(|e| e.record_id == id)
        .unwrap_or_else(|| panic!("no entity {id}: {r:?}"))
}

fn owner<'a>(e: &'a EntityReport, id: &str) -> &'a OwnerReport {
    e.owners
        .iter()
        .find(|o| o.record_id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no owner {id}: {:?}", e.owners))
}

fn all_rules(o: &OwnerReport) -> [bool; 4] {
    [o.chain_rule, o.control_rule, o.integrated_rule, o.amlr_rule]
}

#[test]
fn direct() {
    // Anna Berg: 60 % of the shares and votes, declared → every rule, declared 60 %.
    let (r, w) = run("direct");
    assert!(w.is_empty(), "{w:?}");
    let e = entity(&r, "no-923000001");
    let o = owner(e, "p-anna");
    assert_eq!(all_rules(o), [true; 4]);
    assert_eq!(o.integrated_percent, Some(60.0));
    assert!(o.declared);
    assert_eq!(o.declared_percent, Some(60.0));
    assert_eq!(
        o.paths,
        vec![vec!["p-anna".to_owned(), "no-923000001".to_owned()]]
    );
    assert!(e.differences.is_empty());
}

#[test]
fn joint() {
    // Two joint holders of 30 % each qualify; the 10 % holder by no rule.
    let (r, _) = run("joint");
    let e = entity(&r, "no-923000002");
    assert_eq!(all_rules(owner(e, "p-ola")), [true; 4]);
    assert_eq!(all_rules(owner(e, "p-eva")), [true; 4]);
    let minor = owner(e, "p-minor");
    assert_eq!(all_rules(minor), [false; 4]);
    assert!(!minor.declared);
}

#[test]
fn indirect_with_unknown_component_shares() {
    // Kari Lund declared with 60 % indirectly through Mellom Holding, whose two component
    // links give no share: declared 60 %, integrated unknown (null), every rule only possibly;
    // the primary indirect relationship is not counted beside its components.
    let (r, w) = run("indirect");
    assert!(w.is_empty(), "{w:?}");
    let e = entity(&r, "no-923000003");
    let o = owner(e, "p-kari");
    assert!(o.declared);
    assert_eq!(o.declared_percent, Some(60.0));
    assert_eq!(o.integrated_percent, None);
    assert_eq!(all_rules(o), [false; 4]);
    assert_eq!(
        o.possibly,
        vec!["chainRule", "controlRule", "integratedRule", "amlrRule"]
    );
    assert_eq!(
        o.paths,
        vec![vec![
            "p-kari".to_owned(),
            "e-mellom".to_owned(),
            "no-923000003".to_owned()
        ]]
    );
    assert_eq!(e.owners.len(), 1);
    assert!(e
        .differences
        .iter()
        .any(|d| d.message.contains("leaves it open")));
}

#[test]
fn declared_unknown_owners() {
    // An unknown person declared with 50–75 %: every rule holds for the whole range; an
    // unspecified interested party is listed with its reason and no recordId.
    let (r, _) = run("declared-unknown");
    let e = entity(&r, "no-923000004");
    let u = owner(e, "p-unknown");
    assert_eq!(u.name, "(unknown person)");
    assert_eq!(all_rules(u), [true; 4]);
    assert!(u.declared);
    assert_eq!(u.declared_percent, None);
    assert_eq!(u.declared_range, Some([50.0, 75.0]));
    assert_eq!(u.integrated_percent, None);
    let none = e
        .owners
        .iter()
        .find(|o| o.record_id.is_none())
        .expect("the unspecified party");
    assert_eq!(
        none.unspecified_reason.as_deref(),
        Some("informationUnknownToPublisher")
    );
    assert_eq!(none.integrated_percent, None);
}

#[test]
fn pep_declaration() {
    let (r, _) = run("pep");
    let o = owner(entity(&r, "no-923000005"), "p-pep");
    assert!(o.pep);
    assert_eq!(all_rules(o), [true; 4]);
}

#[test]
fn annotations_are_read_past() {
    let (r, w) = run("annotations");
    assert!(w.is_empty(), "{w:?}");
    let o = owner(entity(&r, "no-923000006"), "p-jon");
    assert_eq!(o.integrated_percent, Some(26.0));
    assert_eq!(all_rules(o), [true; 4]);
}

#[test]
fn exempt_listed_entity() {
    // A listed company exempt from disclosure: no natural person qualifies, the senior managing
    // official is recorded with that ground, simplified due diligence flagged.
    let (r, _) = run("exempt");
    let e = entity(&r, "no-923000007");
    assert!(e.no_natural_person);
    assert!(e
        .simplified_due_diligence
        .iter()
        .any(|s| s.contains("listed")));
    let ceo = owner(e, "p-ceo");
    assert!(ceo.senior_managing_official);
    assert_eq!(all_rules(ceo), [false; 4]);
    assert!(e
        .owners
        .iter()
        .any(|o| o.unspecified_reason.as_deref() == Some("subjectExemptFromDisclosure")));
}

#[test]
fn record_history_latest_statement_and_closed_relationship() {
    // r-tor: 40 % (2020) then 60 % (2024, earlier in the file): 60 %, never 100 %.
    // r-liv: new 2020, closed 2024-03-01 → only under formerOwners, with the end date.
    let (r, _) = run("history");
    let e = entity(&r, "no-923000008");
    let tor = owner(e, "p-tor");
    assert_eq!(tor.integrated_percent, Some(60.0));
    assert_eq!(tor.declared_percent, Some(60.0));
    assert!(e
        .owners
        .iter()
        .all(|o| o.record_id.as_deref() != Some("p-liv")));
    assert_eq!(e.former_owners.len(), 1);
    assert_eq!(e.former_owners[0].record_id, "p-liv");
    assert_eq!(e.former_owners[0].end_date.as_deref(), Some("2024-03-01"));
    assert!(e.former_owners[0].declared);
}

#[test]
fn trust_roles() {
    // The trust holds 100 %; settlor, trustee and beneficiary are owners by role (chain rule,
    // AMLR), holding no shares themselves.
    let (r, _) = run("trust");
    let e = entity(&r, "no-923000009");
    for p in ["p-settlor", "p-trustee", "p-benef"] {
        let o = owner(e, p);
        assert_eq!(all_rules(o), [true, false, false, true], "{p}");
        assert_eq!(o.paths[0].len(), 3);
    }
}

#[test]
fn ranges() {
    // More than 25 % up to 50 %: surely more than 25 %. 20–30 %: possibly. Board appointment:
    // chain and control rules, no share.
    let (r, _) = run("ranges");
    let e = entity(&r, "gb-00000010");
    let a = owner(e, "p-band1");
    assert_eq!(all_rules(a), [true; 4]);
    assert!(a.possibly.is_empty());
    assert_eq!(a.integrated_range, [25.0, 50.0]);
    let b = owner(e, "p-band2");
    assert_eq!(all_rules(b), [false; 4]);
    assert_eq!(b.possibly.len(), 4);
    let c = owner(e, "p-board");
    assert_eq!(all_rules(c), [true, true, false, false]);
}

#[test]
fn statements_that_cannot_be_read_are_errors_naming_them() {
    let e = read(r#"[{"recordId":"a","recordType":"entity","recordDetails":{}}, 5]"#)
        .expect_err("not an object");
    assert_eq!(e.index, Some(1));
    assert!(e.to_string().contains("statement 1"), "{e}");
    let e = read(r#"[{"recordId":"r-1","recordType":"relationship"}]"#).expect_err("no details");
    assert_eq!(e.record_id.as_deref(), Some("r-1"));
    assert!(e.to_string().contains("recordDetails"), "{e}");
    assert!(e.to_string().contains("\"r-1\""), "{e}");
    let e = read(r#"[{"recordType":"person","recordDetails":{}}]"#).expect_err("no recordId");
    assert!(e.to_string().contains("recordId"), "{e}");
    let e = read(r#"[{"recordId":"x","recordDetails":{}}]"#).expect_err("no recordType");
    assert!(e.to_string().contains("recordType"), "{e}");
    assert!(read("{not json").is_err());
    assert!(read("42").is_err());
}

#[test]
fn unknown_references_are_warnings() {
    let text = r#"[
      {"recordId":"s","recordType":"entity","statementDate":"2026-01-01","recordDetails":{"isComponent":false,"entityType":{"type":"registeredEntity"},"name":"S"}},
      {"recordId":"r","recordType":"relationship","statementDate":"2026-01-01","recordDetails":{"isComponent":false,"subject":"s","interestedParty":"ghost","interests":[{"type":"shareholding","share":{"exact":30}}]}}
    ]"#;
    let (r, w) = analyse(&read(text).expect("reads"), &BTreeSet::new());
    assert!(w.iter().any(|x| x.contains("\"ghost\"")), "{w:?}");
    assert_eq!(r.entities.len(), 1);
}

#[test]
fn blocked_file_lines() {
    let b = read_blocked("# SDN\nX\n\n  Y  \n");
    assert_eq!(b.into_iter().collect::<Vec<_>>(), vec!["X", "Y"]);
}
