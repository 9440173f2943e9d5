//! start_batch, cancel_batch under faults.

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_of_200_completes_under_faults() {
    let dups = batch_under_faults(true, 0).await;
    assert_eq!(dups, 0, "de-duplication on and declared: no duplicate");
}

/// The twin: no de-duplication upstream, none declared; creates hold their answer long enough
/// for some to time out after the session was made. Every duplicate the sandbox counts is
/// matched by a warning in that subject's case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_of_200_without_dedup_warns_of_every_duplicate() {
    batch_under_faults(false, 0).await;
}

/// Runs the 200-subject batch under faults; returns the duplicates the sandbox counted.
async fn batch_under_faults(dedup: bool, create_delay_ms: u64) -> u64 {
    let sb = sandbox(Knobs {
        latency_scale: 0.02,
        error_5xx_rate: 0.10,
        reset_rate: 0.03,
        malformed_json_rate: 0.02,
        truncated_pdf_rate: 0.02,
        rate_limit_per_sec: Some(200),
        retry_after_s: 1,
        token_lifetime_s: 5,
        client_reference_dedup: dedup,
        create_delay_ms,
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open_declaring(
        dir.path(),
        &sb.base_url(),
        Arc::new(MemoryStore::new()),
        dedup,
    )
    .await;
    let mut csv = String::from("country,identifier,name\n");
    for id in org_numbers(200, 92_000_000) {
        csv.push_str(&format!("NO,{id},\n"));
    }
    csv.push_str("NO,988077918,bad\nXX,1,bad\n");
    let started = engine
        .start_batch(BatchRequest {
            csv,
            file_name: Some("faults.csv".into()),
            expands: vec!["address".into()],
            reports: vec!["aml".into()],
            concurrency: Some(32),
        })
        .await
        .expect("batch");
    assert_eq!(started.accepted, 200);
    assert_eq!(
        started
            .rejected
            .iter()
            .map(|r| (r.line, r.field.as_str()))
            .collect::<Vec<_>>(),
        vec![(202, "identifier"), (203, "country")]
    );
    tokio::time::timeout(Duration::from_secs(150), engine.wait_idle())
        .await
        .expect("batch finishes");
    let view = engine
        .get_batch(&started.batch_id)
        .await
        .expect("batch view");
    let c = &view.counts;
    assert_eq!(c.done + c.failed, 200, "{c:?}");
    assert!(
        c.done >= 190,
        "most subjects complete despite faults: {c:?}"
    );
    for r in view.rows.iter().filter(|r| r.state == SessionState::Failed) {
        let e = r.error.as_ref().expect("a failure says why");
        assert!(!e.message.is_empty());
    }
    let stats = sb.stats().await;
    assert!(stats.tokens_issued > 1, "short-lived tokens were renewed");
    let mut dups = 0;
    let mut warned = 0;
    for row in &view.rows {
        let case = engine.get_case(&row.case_id).await.expect("case");
        let digits: String = row
            .identifier_display
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let n = stats
            .sessions_created
            .organization
            .get(&digits)
            .copied()
            .unwrap_or(0);
        let w = case
            .warnings
            .iter()
            .filter(|w| w.kind == "possible_upstream_duplicate")
            .count() as u64;
        assert!(
            n.saturating_sub(1) <= w,
            "{digits} created {n} times upstream, {w} warning(s) in its case"
        );
        if dedup {
            assert_eq!(n, 1, "{digits} created {n} times");
            assert_eq!(
                w, 0,
                "{digits}: nothing to warn of when the upstream de-duplicates"
            );
        }
        for x in &case.warnings {
            assert!(case.sessions.iter().any(|s| s.id == x.session_id), "{x:?}");
            assert!(x.earlier_attempt.is_some(), "{x:?}");
        }
        dups += n.saturating_sub(1);
        warned += w;
    }
    eprintln!("dedup={dedup}: {dups} duplicate(s) upstream, {warned} warning(s)");
    assert_eq!(engine.store().integrity_check().await.expect("check"), "ok");
    engine.shutdown().await;
    sb.shutdown().await;
    dups
}

#[tokio::test]
async fn cancel_batch_marks_rows_cancelled() {
    let sb = sandbox(Knobs {
        latency_scale: 1.0,
        json_latency_ms: (5000, 5000),
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let csv = org_numbers(6, 93_000_000)
        .iter()
        .map(|i| format!("NO,{i}\n"))
        .collect::<String>();
    let started = engine
        .start_batch(BatchRequest {
            csv,
            file_name: None,
            expands: vec![],
            reports: vec![],
            concurrency: Some(2),
        })
        .await
        .expect("batch");
    tokio::time::sleep(Duration::from_millis(300)).await;
    engine
        .cancel_batch(&started.batch_id)
        .await
        .expect("cancel");
    tokio::time::timeout(Duration::from_secs(10), engine.wait_idle())
        .await
        .expect("stops promptly");
    let v = engine.get_batch(&started.batch_id).await.expect("view");
    assert_eq!(v.counts.cancelled, 6, "{:?}", v.counts);
    engine.shutdown().await;
    sb.shutdown().await;
}
