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

/// `amldesk review-settings show|set`: each field through the engine, bad values exit 2 naming
/// the field and what it takes, `--json` prints the settings; a set is audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_settings_show_and_set_from_the_cli() {
    let profile = Profile::new();
    let sb = sandbox_at(0.02).await;
    let url = sb.base_url();
    let run = |args: &[&str]| tokio::task::block_in_place(|| profile.run(&url, args));
    let s = json_of(&run(&["--json", "review-settings", "show"]));
    assert_eq!(s["fourEyes"], "pepOrSanction", "{s}");
    assert_eq!(s["retainYears"], 5, "{s}");
    for (args, want) in [
        (["four-eyes", "sometimes"], "always, pep-or-sanction or off"),
        (["retention-years", "five"], "Retention years"),
        (["retention-years", "0"], "from 1 to 100"),
        (["colour", "blue"], "four-eyes, retention-years, reviewer"),
    ] {
        let o = run(&["review-settings", "set", args[0], args[1]]);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(want), "{args:?}: {}", text(&o));
    }
    let o = run(&["review-settings", "set", "four-eyes", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("four-eyes        off"), "{}", text(&o));
    let o = run(&["review-settings", "set", "retention-years", "10"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let s = json_of(&run(&[
        "--json",
        "review-settings",
        "set",
        "reviewer",
        "kari.officer",
    ]));
    assert_eq!(s["fourEyes"], "off", "{s}");
    assert_eq!(s["retainYears"], 10, "{s}");
    assert_eq!(s["reviewer"], "kari.officer", "{s}");
    let o = run(&["review-settings", "show"]);
    assert!(
        text(&o).contains("reviewer         kari.officer"),
        "{}",
        text(&o)
    );
    let store = profile.store();
    let audit = store
        .read(|c| amldesk_store::audit::list(c, None))
        .await
        .expect("audit");
    let changes: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "setting.changed" && a.detail_json.contains("review.settings"))
        .collect();
    assert_eq!(changes.len(), 3, "one audit row per change");
    store.close();
    sb.shutdown().await;
}

/// `amldesk cases show` prints the register-discrepancy notice of Telenor (Lars Eikrem, by NO-REG
/// through two companies he controls, is not in the register), and `--json` holds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_discrepancy_notice_in_cases_show() {
    let profile = Profile::new();
    let sb = sandbox_at(0.02).await;
    let url = sb.base_url();
    let run = |args: &[&str]| tokio::task::block_in_place(|| profile.run(&url, args));
    let o = run(&[
        "lookup",
        "org",
        "NO",
        "982463718",
        "--expand",
        "ownership.shareholders",
        "--expand",
        "ownership.beneficials",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let list = json_of(&run(&["--json", "cases", "list"]));
    let telenor = list[0]["id"].as_str().expect("case id").to_owned();
    for id in ["921111509", "921111606"] {
        let o = run(&[
            "lookup",
            "org",
            "NO",
            id,
            "--expand",
            "ownership.shareholders",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let o = run(&["cases", "show", &telenor]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    for want in [
        "Discrepancy with the register",
        "Draft notice (RRH-0120) to Brønnøysundregistrene",
        "1. Lars Eikrem, born 1975-02-18",
        "Register: Not named as a beneficial owner.",
        "Determined (NO-REG): A beneficial owner under NO-REG: 29.00 % in aggregate",
        "Evidence: BankID AML Organization API, section ownership.beneficials",
    ] {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
    let j = json_of(&run(&["--json", "cases", "show", &telenor]));
    assert_eq!(j["discrepancy"]["status"], "found", "{}", j["discrepancy"]);
    assert_eq!(
        j["discrepancy"]["notice"]["differences"][0]["person"],
        "Lars Eikrem"
    );
    sb.shutdown().await;
}
