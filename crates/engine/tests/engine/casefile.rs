//! The case file's ownership outputs on a small graph: BODS statements in order (records before
//! the relationships naming them), reproducible, the beneficial owner declared with the path;
//! the graph image escaped and formatted.

use amldesk_core::ownership::GraphView;
use amldesk_engine::casefile::bods::{statements, BodsContext};

fn chain() -> GraphView {
    use amldesk_core::ownership::OwnershipGraph;
    let mut g = OwnershipGraph::new("NO:923609016");
    let subject = g.subject_id().to_owned();
    let hold = g.add_company("921111118", "HOLDING <&> AS");
    let kari = g.add_person("Kari Skarvholm", Some("1968-04-12"));
    assert!(g.add_ownership(&hold, &subject, Some(40.0), Some(45.0)));
    assert!(g.add_ownership(&kari, &hold, Some(100.0), None));
    g.view()
}

fn ctx() -> BodsContext<'static> {
    BodsContext {
        case_id: "case-1",
        as_of: "2026-12-01T12:00:00.000Z",
        statement_date: "2026-12-01",
        retrieved_at: "2026-12-01T11:59:00.000Z",
        source_description: "test".into(),
    }
}

#[test]
fn records_come_before_the_relationships_naming_them_and_the_owner_is_declared() {
    let g = chain();
    let bytes = statements(&g, &ctx());
    assert_eq!(bytes, statements(&g, &ctx()), "reproducible");
    let v: Vec<serde_json::Value> = serde_json::from_slice(&bytes).expect("as built");
    let mut seen = std::collections::HashSet::new();
    for s in &v {
        let id = s["statementId"].as_str().expect("as built");
        assert_eq!(id.len(), 64);
        if s["recordType"] == "relationship" {
            let d = &s["recordDetails"];
            for k in ["subject", "interestedParty"] {
                assert!(
                    seen.contains(d[k].as_str().expect("as built")),
                    "{k} stated before: {s}"
                );
            }
        }
        seen.insert(s["recordId"].as_str().expect("as built").to_owned());
    }
    assert_eq!(v[0]["recordId"], g.subject, "the subject first");
    let hold = v
        .iter()
        .find(|s| s["recordDetails"]["name"] == "HOLDING <&> AS")
        .expect("as built");
    assert_eq!(hold["recordDetails"]["identifiers"][0]["scheme"], "NO-BRC");
    assert_eq!(hold["recordDetails"]["identifiers"][0]["id"], "921111118");
    let bo = v
        .iter()
        .find(|s| s["recordId"].as_str().expect("as built").starts_with("bo:"))
        .expect("an indirect beneficial-owner relationship");
    let i = &bo["recordDetails"]["interests"][0];
    assert_eq!(i["beneficialOwnershipOrControl"], true);
    assert_eq!(i["directOrIndirect"], "indirect");
    assert_eq!(i["share"]["exact"], 40.0);
    assert!(i["details"]
        .as_str()
        .expect("as built")
        .contains("Kari Skarvholm → HOLDING <&> AS"));
    let votes = v
        .iter()
        .filter(|s| s["recordType"] == "relationship")
        .flat_map(|s| {
            s["recordDetails"]["interests"]
                .as_array()
                .expect("as built")
                .clone()
        })
        .find(|i| i["type"] == "votingRights")
        .expect("as built");
    assert_eq!(votes["share"]["exact"], 45.0);
}

#[test]
fn the_graph_image_escapes_names_and_formats_org_numbers() {
    let svg = amldesk_engine::casefile::graph_svg::svg(&chain());
    assert!(svg.contains("HOLDING &lt;&amp;&gt; AS"), "{svg}");
    assert!(svg.contains("921 111 118"), "{svg}");
    assert!(svg.contains("40 % (votes 45 %)"), "{svg}");
    assert!(svg.contains("born 1968-04-12"), "{svg}");
    assert!(!svg.contains("<&>"), "{svg}");
}
