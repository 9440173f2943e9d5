//! Reviewing Equinor's screening on the sandbox: every hit reviewed, approve refused until then,
//! four-eyes (the preparer cannot confirm), carry-over to a re-run, a changed listing unreviewed
//! again, what changed in words, the snapshot kept with the decision, and a retention purge after
//! which the audit chain still verifies.

use crate::common::*;
use amldesk_store::results::{self, NewResult};
use amldesk_store::ResultExtracts;

async fn idle(engine: &Engine) {
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("idle in time");
}

fn decide(case: &str, d: Decision, reviewer: &str) -> DecisionRequest {
    DecisionRequest {
        case_id: case.into(),
        decision: d,
        note: "Hits reviewed one by one".into(),
        reviewer: Some(reviewer.into()),
    }
}

fn review(case: &str, hit: &str, reviewer: &str) -> HitReviewRequest {
    HitReviewRequest {
        case_id: case.into(),
        hit_id: hit.into(),
        disposition: Disposition::FalsePositive,
        reason_code: ReasonCode::DifferentDateOfBirth,
        note: Some("Born 1961; the shareholder is born 1975".into()),
        reviewer: Some(reviewer.into()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_each_hit_decide_confirm_rerun_and_purge() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let mut req = lookup("923609016");
    req.reports.clear();
    req.beneficial = false;
    let started = engine.start_lookup(req.clone()).await.expect("lookup");
    idle(&engine).await;
    let case_id = started.case_id.clone();
    let case = engine.get_case(&case_id).await.expect("case");

    // Viktor Sanko (EU) and Astrid Haugland (PEP) are in Equinor's chain.
    assert_eq!(case.hits.availability, HitsAvailability::Present);
    let names: Vec<_> = case
        .hits
        .hits
        .iter()
        .filter_map(|h| h.name.clone())
        .collect();
    assert!(names.contains(&"Viktor Sanko".to_owned()), "{names:?}");
    assert!(names.contains(&"Astrid Haugland".to_owned()), "{names:?}");
    let n = case.hits.hits.len();
    assert_eq!(case.hits.unreviewed as usize, n);
    assert!(case.four_eyes, "a case with hits needs a second reviewer");
    assert_eq!(case.changes.snapshots, 1);

    // Approve is refused while hits are unreviewed; the message counts them.
    let refused = engine
        .set_decision(decide(&case_id, Decision::Approve, "anna"))
        .await
        .expect_err("refused");
    assert_eq!(refused.code(), ErrorCode::Validation);
    assert!(
        refused
            .to_string()
            .contains(&format!("{n} hits of case {case_id} are not reviewed")),
        "{refused}"
    );
    // An unknown hit id names the known ones.
    let e = engine
        .review_hit(review(&case_id, "h-nope", "anna"))
        .await
        .expect_err("unknown hit");
    assert!(e.to_string().contains(&case.hits.hits[0].id), "{e}");

    for h in &case.hits.hits {
        engine
            .review_hit(review(&case_id, &h.id, "anna"))
            .await
            .expect("reviewed");
    }
    let case = engine.get_case(&case_id).await.expect("case");
    assert_eq!(case.hits.unreviewed, 0);
    let d = case.hits.hits[0].disposition.as_ref().expect("disposition");
    assert_eq!(
        (d.reviewer.as_str(), d.disposition, d.reason_code),
        (
            "anna",
            Disposition::FalsePositive,
            ReasonCode::DifferentDateOfBirth
        )
    );
    assert!(!d.list.is_empty() && d.list_date.is_some(), "{d:?}");

    // Approve now: pending until a different reviewer confirms.
    let case = engine
        .set_decision(decide(&case_id, Decision::Approve, "anna"))
        .await
        .expect("decided");
    let dv = case.decision.clone().expect("decision");
    assert_eq!(dv.state, DecisionState::Pending);
    assert_eq!(dv.reviewers, ["anna"]);
    assert_eq!(dv.reviewer_note, "declared reviewer, not authenticated");
    assert_eq!(case.summary.decision, None, "not decided until confirmed");
    let own = engine
        .confirm_decision(ConfirmRequest {
            case_id: case_id.clone(),
            reviewer: Some("anna".into()),
        })
        .await
        .expect_err("the preparer cannot confirm");
    assert!(own.to_string().contains("cannot confirm"), "{own}");
    let case = engine
        .confirm_decision(ConfirmRequest {
            case_id: case_id.clone(),
            reviewer: Some("bjorn".into()),
        })
        .await
        .expect("confirmed");
    let dv = case.decision.clone().expect("decision");
    assert_eq!(dv.state, DecisionState::Final);
    assert_eq!(dv.reviewers, ["anna", "bjorn"]);
    assert_eq!(case.summary.decision, Some(Decision::Approve));
    // The case file draws each hit's review and both reviewers from the case view.
    let out = tempfile::tempdir().expect("tempdir");
    std::env::set_var("AMLDESK_EXPORT_DIR", out.path());
    let file = engine
        .export_case(amldesk_engine::api::ExportRequest {
            case_id: case_id.clone(),
            zip: false,
            directory: None,
        })
        .await
        .expect("exported");
    let html = std::fs::read_to_string(std::path::Path::new(&file.path).join("summary.html"))
        .expect("summary.html");
    for want in [
        "Review of each hit",
        "false-positive",
        "Different date of birth",
        "anna (declared reviewer, not authenticated)",
        "bjorn (declared reviewer, not authenticated)",
        &case.hits.hits[0].id,
    ] {
        assert!(html.contains(want), "{want} in the summary");
    }
    assert!(!html.contains("not reviewed"), "every hit was reviewed");
    // The snapshot decided on is kept with the reader's version.
    let id = case_id.clone();
    let (snapshot, version) = engine
        .store()
        .read(move |c| {
            let d = amldesk_store::review::current_decision(c, &id)?.expect("row");
            Ok((d.snapshot_json, d.reader_version))
        })
        .await
        .expect("row");
    assert!(version.starts_with("amldesk-core "), "{version}");
    let shown: CaseDetail = serde_json::from_str(&snapshot).expect("the views as shown");
    assert_eq!(shown.hits.unreviewed, 0);
    assert_eq!(shown.hits.hits.len(), n);

    // A re-run: the same listings carry their dispositions over; nothing changed.
    let mut again = req.clone();
    again.case_id = Some(case_id.clone());
    engine.start_lookup(again).await.expect("re-run");
    idle(&engine).await;
    let case = engine.get_case(&case_id).await.expect("case");
    assert_eq!(case.changes.snapshots, 2);
    assert_eq!(
        case.changes.changes,
        vec![],
        "the sandbox answered the same"
    );
    assert_eq!(case.hits.unreviewed, 0, "carried over");

    // A later answer where Sanko's listing was updated: that hit is unreviewed again and the
    // change says so; the other hits keep their disposition.
    let id = case_id.clone();
    engine
        .store()
        .write(move |c| {
            let latest = results::latest_result(c, &id, "organization")?.expect("answer");
            let text = String::from_utf8(latest.raw_json.clone()).expect("utf-8");
            let changed = text.replacen("2025-11-02T00:00:00", "2026-02-01T00:00:00", 1);
            assert_ne!(changed, text, "the sandbox's listing date is in the answer");
            results::put_result(
                c,
                &NewResult {
                    session_id: &latest.session_id,
                    case_id: &id,
                    kind: "organization",
                    raw_json: changed.as_bytes(),
                    requested: &latest.requested,
                    fetched_at: "2026-02-02T09:00:00.000Z",
                    environment: "sandbox",
                    extracts: &ResultExtracts::default(),
                },
            )
        })
        .await
        .expect("changed answer stored");
    let case = engine.get_case(&case_id).await.expect("case");
    assert_eq!(case.hits.unreviewed, 1, "{:?}", case.hits);
    let changed = case
        .hits
        .hits
        .iter()
        .find(|h| h.disposition.is_none())
        .expect("one unreviewed");
    assert_eq!(changed.name.as_deref(), Some("Viktor Sanko"));
    assert!(
        changed.previous.is_some(),
        "the old review is shown as no longer holding"
    );
    assert_eq!(
        case.changes
            .changes
            .iter()
            .map(|c| c.kind)
            .collect::<Vec<_>>(),
        [ChangeKind::HitChanged]
    );
    let refused = engine
        .set_decision(decide(&case_id, Decision::Approve, "anna"))
        .await
        .expect_err("approve refused again");
    assert!(refused.to_string().contains("1 hit of case"), "{refused}");
    // Reject and escalate are allowed with unreviewed hits (with a reason).
    let case = engine
        .set_decision(decide(&case_id, Decision::Escalate, "anna"))
        .await
        .expect("escalated");
    assert_eq!(case.decision.map(|d| d.state), Some(DecisionState::Pending));
    let e = engine
        .set_decision(DecisionRequest {
            note: "  ".into(),
            ..decide(&case_id, Decision::Reject, "anna")
        })
        .await
        .expect_err("a reason is required");
    assert!(e.to_string().contains("reason"), "{e}");

    // Retention: closed with a relationship that ended long ago, purged, chain intact.
    let e = engine
        .close_case(CloseCaseRequest {
            case_id: case_id.clone(),
            relationship_ended: "1.1.2015".into(),
            retain_years: None,
        })
        .await
        .expect_err("bad date");
    assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
    let case = engine
        .close_case(CloseCaseRequest {
            case_id: case_id.clone(),
            relationship_ended: "2015-01-31".into(),
            retain_years: None,
        })
        .await
        .expect("closed");
    assert_eq!(case.retention.delete_after.as_deref(), Some("2020-01-31"));
    let dry = engine.retention_purge(true).await.expect("dry run");
    assert_eq!(dry.cases.len(), 1);
    assert!(
        engine.get_case(&case_id).await.is_ok(),
        "a dry run deletes nothing"
    );
    let done = engine.retention_purge(false).await.expect("purge");
    assert_eq!(done.cases[0].case_id, case_id);
    assert!(engine.get_case(&case_id).await.is_err());
    let report = engine.verify_audit().await.expect("verify");
    assert!(report.ok, "{report:?}");
    assert!(report.entries > 10);

    engine.shutdown().await;
    sb.shutdown().await;
}
