//! Reviewing from the CLI: approving with unreviewed hits is refused (exit 2), the preparer cannot
//! confirm, bad codes and dates name the argument, `audit verify` names the first broken row of a
//! tampered store, and passes after a retention purge.

use crate::common::*;
use serde_json::Value;

fn json_of(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}): {}", text(o)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_decide_confirm_verify_purge_from_the_cli() {
    let profile = Profile::new();
    let sb = sandbox_at(0.02).await;
    let url = sb.base_url();
    let run = |args: &[&str]| tokio::task::block_in_place(|| profile.run(&url, args));
    let o = run(&["lookup", "org", "NO", "923609016", "--expand", "sanction"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let list = json_of(&run(&["--json", "cases", "list"]));
    let case = list[0]["id"].as_str().expect("case id").to_owned();

    let hits = json_of(&run(&["--json", "hits", &case]));
    let ids: Vec<String> = hits["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            assert!(h["disposition"].is_null(), "unreviewed: {h}");
            h["id"].as_str().expect("id").to_owned()
        })
        .collect();
    assert!(ids.len() >= 2, "{hits}");

    // Approving with unreviewed hits: refused, exit 2, the reason on stderr.
    let o = run(&[
        "decide",
        &case,
        "approve",
        "--reason",
        "ok",
        "--reviewer",
        "anna",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("approve refused"), "{}", text(&o));
    assert!(text(&o).contains("not reviewed"), "{}", text(&o));

    // Bad disposition and reason code name the argument and the expected form.
    let o = run(&["review", &case, &ids[0], "maybe", "--reason", "other"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("true-match, false-positive or escalate"),
        "{}",
        text(&o)
    );
    let o = run(&[
        "review",
        &case,
        &ids[0],
        "false-positive",
        "--reason",
        "fine",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("--reason") && text(&o).contains("different_date_of_birth"),
        "{}",
        text(&o)
    );

    for id in &ids {
        let o = run(&[
            "--json",
            "review",
            &case,
            id,
            "false-positive",
            "--reason",
            "different_date_of_birth",
            "--note",
            "born 1961, not our person",
            "--reviewer",
            "anna",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let hits = json_of(&run(&["--json", "hits", &case]));
    for h in hits["hits"].as_array().expect("hits") {
        assert_eq!(h["disposition"], "false-positive", "{h}");
        assert_eq!(h["review"]["reviewer"], "anna", "{h}");
    }

    let d = json_of(&run(&[
        "--json",
        "decide",
        &case,
        "approve",
        "--reason",
        "All hits false positives",
        "--reviewer",
        "anna",
    ]));
    assert_eq!(d["decision"]["state"], "pending", "{d}");
    assert_eq!(
        d["decision"]["reviewers"],
        serde_json::json!(["anna"]),
        "{d}"
    );

    // The same reviewer cannot confirm their own decision.
    let o = run(&["confirm", &case, "--reviewer", "anna"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("cannot confirm"), "{}", text(&o));
    let d = json_of(&run(&["--json", "confirm", &case, "--reviewer", "bjorn"]));
    assert_eq!(d["decision"]["state"], "final", "{d}");
    assert_eq!(
        d["decision"]["reviewers"],
        serde_json::json!(["anna", "bjorn"]),
        "{d}"
    );

    let c = json_of(&run(&["--json", "changes", &case]));
    assert_eq!(c["changes"]["snapshots"], 1, "{c}");
    let o = run(&["changes", &case]);
    assert!(text(&o).contains("nothing to compare"), "{}", text(&o));

    // An intact chain, then a tampered one: the first broken row is named.
    let o = run(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("intact"), "{}", text(&o));

    // Retention: a bad date names the argument; a relationship ended long ago is due.
    let o = run(&[
        "cases",
        "close",
        &case,
        "--relationship-ended",
        "31/01/2015",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("relationship-ended") || text(&o).contains("YYYY-MM-DD"),
        "{}",
        text(&o)
    );
    let o = run(&[
        "--json",
        "cases",
        "close",
        &case,
        "--relationship-ended",
        "2015-01-31",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(json_of(&o)["retention"]["deleteAfter"], "2020-01-31");
    let dry = json_of(&run(&["--json", "retention", "purge", "--dry-run"]));
    assert_eq!(dry["cases"][0]["caseId"], case.as_str(), "{dry}");
    let o = run(&["retention", "purge"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("deleted"), "{}", text(&o));
    let o = run(&["--json", "audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "after a purge: {}", text(&o));
    assert_eq!(json_of(&o)["ok"], true);
    let o = run(&["cases", "show", &case]);
    assert_ne!(o.status.code(), Some(0), "the case is gone: {}", text(&o));

    // Tamper with one row through the keyed connection (triggers dropped).
    let store = profile.store();
    let seq: i64 = store
        .write_blocking(|c| {
            let seq: i64 = c.query_row(
                "SELECT seq FROM audit_log WHERE action = 'case.created' ORDER BY seq LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            c.execute_batch("DROP TRIGGER audit_log_no_update;")?;
            c.execute(
                "UPDATE audit_log SET detail_json = '{\"forged\":true}' WHERE seq = ?1",
                [seq],
            )?;
            Ok(seq)
        })
        .expect("tampered");
    store.close();
    let o = run(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "broken at entry {seq}: its payload does not match its digest"
        )),
        "{}",
        text(&o)
    );
    let v = json_of(&run(&["--json", "audit", "verify"]));
    assert_eq!(v["firstBroken"]["seq"], seq, "{v}");
    sb.shutdown().await;
}
