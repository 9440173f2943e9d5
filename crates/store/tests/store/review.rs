//! Hit reviews, four-eyes decisions, retention: a purge deletes the case with its peer data,
//! tombstones its audit payloads, and the chain still verifies; a forged tombstone does not.

use super::*;
use amldesk_store::{retention, review};

fn person() -> Subject {
    Subject::Person {
        id_document: Some("AB998877".into()),
        phone_original: Some("0509876543".into()),
        phone_e164: Some("+380509876543".into()),
        name: Some("Olena Testova".into()),
    }
}

fn hit_review(case: &str, reviewer: &str) -> review::NewHitReview {
    review::NewHitReview {
        case_id: case.into(),
        hit_id: "h-0123456789ab".into(),
        fingerprint: "f".repeat(64),
        disposition: "false-positive".into(),
        reason_code: "different_date_of_birth".into(),
        note: "Born 1961, the subject's shareholder 1975".into(),
        reviewer: reviewer.into(),
        list_name: "EU_GLOBAL".into(),
        list_date: Some("2025-11-02T00:00:00".into()),
        hit_name: Some("Viktor Sanko".into()),
        result_sha256: None,
    }
}

fn decision(case: &str, d: &str, four_eyes: bool) -> review::NewDecision {
    review::NewDecision {
        case_id: case.into(),
        decision: d.into(),
        reason: "All hits reviewed".into(),
        preparer: "anna".into(),
        four_eyes,
        snapshot_json: r#"{"hits":[]}"#.into(),
        reader_version: "amldesk-core 0.1.0".into(),
    }
}

#[test]
fn four_eyes_decision_is_final_only_when_a_different_reviewer_confirms() {
    let db = open();
    let s = &db.store;
    let case = s
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("case");
    let id = case.clone();
    s.write_blocking(move |c| review::add_hit_review(c, &hit_review(&id, "anna")))
        .expect("review");
    let id = case.clone();
    let bad = s.write_blocking(move |c| {
        let mut r = hit_review(&id, "anna");
        r.reason_code = "looks_fine".into();
        review::add_hit_review(c, &r)
    });
    assert!(
        matches!(&bad, Err(StoreError::Invalid { field, message }) if field == "reason" && message.contains("name_only_match")),
        "{bad:?}"
    );
    let id = case.clone();
    let d = s
        .write_blocking(move |c| review::decide(c, &decision(&id, "approve", true)))
        .expect("decide");
    assert_eq!(d.state, "pending");
    let id = case.clone();
    let summary = s
        .read_blocking(move |c| cases::get_case(c, &id))
        .expect("case");
    assert_eq!(summary.summary.decision, None, "pending is not decided");
    let id = case.clone();
    let own = s.write_blocking(move |c| review::confirm(c, &id, " Anna "));
    assert!(
        matches!(&own, Err(StoreError::Invalid { field, .. }) if field == "reviewer"),
        "the preparer cannot confirm: {own:?}"
    );
    let id = case.clone();
    let ok = s
        .write_blocking(move |c| review::confirm(c, &id, "bjorn"))
        .expect("confirmed");
    assert_eq!(
        (ok.state.as_str(), ok.confirmed_by.as_deref()),
        ("final", Some("bjorn"))
    );
    let id = case.clone();
    assert!(s
        .write_blocking(move |c| review::confirm(c, &id, "carl"))
        .is_err());
    let id = case.clone();
    let summary = s
        .read_blocking(move |c| cases::get_case(c, &id))
        .expect("case");
    assert_eq!(summary.summary.decision.as_deref(), Some("approve"));
    // A new decision supersedes the final one; the case is undecided until confirmed again.
    let id = case.clone();
    s.write_blocking(move |c| review::decide(c, &decision(&id, "reject", true)))
        .expect("again");
    let id = case.clone();
    let all = s
        .read_blocking(move |c| review::list_decisions(c, &id))
        .expect("list");
    assert_eq!(
        all.iter().map(|d| d.state.as_str()).collect::<Vec<_>>(),
        ["superseded", "pending"]
    );
    assert_eq!(
        s.read_blocking(|c| Ok(audit::verify_chain(c)??))
            .expect("chain"),
        5,
        "created, reviewed, decided, confirmed, decided again"
    );
}

#[test]
fn purge_deletes_a_due_case_with_its_peer_data_and_the_chain_still_verifies() {
    let db = open();
    let s = &db.store;
    let gone = s
        .write_blocking(|c| cases::create_case(c, &person(), "sandbox"))
        .expect("case");
    let kept = s
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("case");
    for id in [gone.clone(), kept.clone()] {
        let sid = plan(s, &id, &format!("ref-{id}"));
        put_org_result(s, &id, &sid, equinor_extracts());
        let i = id.clone();
        let text = if id == gone {
            "Olena Testova called"
        } else {
            "Called the CFO"
        };
        s.write_blocking(move |c| notes::add_note(c, &i, text))
            .expect("note");
        let i = id.clone();
        s.write_blocking(move |c| review::add_hit_review(c, &hit_review(&i, "anna")))
            .expect("review");
    }
    let bad = s.write_blocking({
        let id = gone.clone();
        move |c| retention::close_case(c, &id, "31.01.2020", "2025-01-31")
    });
    assert!(
        matches!(&bad, Err(StoreError::Invalid { field, message })
            if field == "relationship ended" && message.contains("YYYY-MM-DD")),
        "{bad:?}"
    );
    let id = gone.clone();
    s.write_blocking(move |c| retention::close_case(c, &id, "2020-01-31", "2025-01-31"))
        .expect("close");
    let id = kept.clone();
    s.write_blocking(move |c| retention::close_case(c, &id, "2026-01-31", "2031-01-31"))
        .expect("close");

    let dry = s
        .write_blocking(|c| retention::purge(c, "2026-12-01", true))
        .expect("dry run");
    assert_eq!(dry.len(), 1);
    assert_eq!(dry[0].case_id, gone);
    assert!(
        !holding(s, "AB998877").is_empty(),
        "a dry run deletes nothing"
    );

    let purged = s
        .write_blocking(|c| retention::purge(c, "2026-12-01", false))
        .expect("purge");
    assert_eq!(purged.len(), 1);
    assert!(
        purged[0].rows_deleted > 0 && purged[0].audit_tombstoned > 0,
        "{purged:?}"
    );
    for peer in ["AB998877", "0509876543", "+380509876543", "Olena Testova"] {
        let left = holding(s, peer);
        assert!(
            left.is_empty(),
            "{peer} is still in the database after the purge: {left:?}"
        );
    }
    let id = gone.clone();
    assert!(s.read_blocking(move |c| cases::get_case(c, &id)).is_err());
    let id = kept.clone();
    assert_eq!(
        s.read_blocking(move |c| review::list_hit_reviews(c, &id))
            .expect("kept")
            .len(),
        1,
        "the other case keeps its reviews"
    );
    let n = s
        .read_blocking(|c| Ok(audit::verify_chain(c)??))
        .expect("the chain verifies after the purge");
    assert!(n > 10, "{n}");
    let id = gone.clone();
    let rows = s
        .read_blocking(move |c| audit::list(c, Some(&id)))
        .expect("rows");
    let (last, before) = rows.split_last().expect("rows");
    assert_eq!(last.action, audit::PURGE_ACTION);
    assert!(before.iter().all(|r| r.detail_json == audit::TOMBSTONE));
    assert!(before.iter().all(|r| r.payload_digest.is_some()));
    // Nothing is due any more.
    assert!(s
        .write_blocking(|c| retention::purge(c, "2026-12-01", false))
        .expect("again")
        .is_empty());
}

#[test]
fn a_tombstone_without_a_recorded_purge_breaks_the_chain() {
    let db = open();
    let case = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("case");
    let id = case.clone();
    db.store
        .write_blocking(move |c| notes::add_note(c, &id, "a note"))
        .expect("note");
    let conn = raw_open(&db.path, &db.key);
    // The trigger still forbids any other edit.
    let edit = conn.execute(
        "UPDATE audit_log SET detail_json = '{\"text\":\"edited\"}' WHERE seq = 2",
        [],
    );
    assert!(edit.is_err_and(|e| e.to_string().contains("append-only")));
    // A tombstone is allowed by the trigger, but not vouched for by any purge.
    conn.execute(
        "UPDATE audit_log SET detail_json = ?1 WHERE seq = 2",
        [audit::TOMBSTONE],
    )
    .expect("tombstone");
    let err = db
        .store
        .read_blocking(|c| audit::verify_chain(c))
        .expect("query")
        .expect_err("broken");
    assert_eq!(err.seq, 2);
    assert!(err.reason.contains("no purge of its case"), "{err:?}");
}

#[test]
fn an_edited_payload_no_longer_matches_its_digest() {
    let db = open();
    let case = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("case");
    for i in 0..3 {
        let id = case.clone();
        db.store
            .write_blocking(move |c| notes::add_note(c, &id, &format!("note {i}")))
            .expect("note");
    }
    let conn = raw_open(&db.path, &db.key);
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET detail_json = '{\"text\":\"edited\"}' WHERE seq = 3;",
    )
    .expect("tamper");
    let err = db
        .store
        .read_blocking(|c| audit::verify_chain(c))
        .expect("query")
        .expect_err("broken");
    assert_eq!(err.seq, 3);
    assert_eq!(err.reason, "its payload does not match its digest");
}

/// The `table.column`s of the whole database (FTS shadow tables included) holding `needle`.
fn holding(store: &Store, needle: &str) -> Vec<String> {
    let needle = needle.to_owned();
    store
        .read_blocking(move |c| {
            let columns: Vec<(String, String)> = c
                .prepare(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                     WHERE m.type = 'table'",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut out = Vec::new();
            for (t, col) in columns {
                let sql = format!(
                    "SELECT count(*) FROM \"{t}\" WHERE instr(CAST(\"{col}\" AS BLOB), CAST(?1 AS BLOB)) > 0"
                );
                let Ok(n) = c.query_row(&sql, [&needle], |r| r.get::<_, i64>(0)) else {
                    continue;
                };
                if n > 0 {
                    out.push(format!("{t}.{col}"));
                }
            }
            Ok(out)
        })
        .expect("database readable")
}
