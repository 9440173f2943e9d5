//! start_lookup, get_case, search, get_ownership, rerun_session.

use crate::common::*;

#[tokio::test]
async fn organization_and_beneficial_lookup_end_to_end() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let engine = open(dir.path(), &sb.base_url(), secrets).await;
    let mut rx = engine.subscribe();
    let started = engine
        .start_lookup(lookup("923609016"))
        .await
        .expect("started");
    assert_eq!(started.session_ids.len(), 2);
    tokio::time::timeout(Duration::from_secs(30), engine.wait_idle())
        .await
        .expect("idle in time");
    let case = engine.get_case(&started.case_id).await.expect("case");
    assert!(
        case.sessions.iter().all(|s| s.state == SessionState::Done),
        "{:?}",
        case.sessions
    );
    let org = case.organization.expect("organization result");
    assert_eq!(
        org.data
            .pointer("/keyInformation/name")
            .and_then(|v| v.as_str()),
        Some("EQUINOR ASA")
    );
    assert!(case.beneficial.is_some());
    // JSON + 2 org reports + BO JSON + BO report.
    let pdfs: Vec<_> = case
        .documents
        .iter()
        .filter(|d| d.media_type == "application/pdf")
        .collect();
    assert_eq!(pdfs.len(), 3, "{:?}", case.documents);
    for d in &case.documents {
        let bytes = engine.get_document(&d.sha256).await.expect("document");
        use sha2::Digest;
        assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), d.sha256);
    }
    assert_eq!(case.summary.subject_name.as_deref(), Some("EQUINOR ASA"));
    // Progress events were sent.
    let mut saw_done = false;
    while let Ok(ev) = rx.try_recv() {
        if let EngineEvent::SessionUpdated { session } = ev {
            saw_done |= session.state == SessionState::Done;
        }
    }
    assert!(saw_done);
    // Exactly one creation per subject and API.
    let stats = sb.stats().await;
    assert_eq!(stats.sessions_created.organization.values().sum::<u64>(), 1);
    assert_eq!(stats.sessions_created.beneficial.values().sum::<u64>(), 1);
    // Search works from the cache.
    let hits = engine.search("equinor").await.expect("search");
    assert!(hits.iter().any(|h| h.case_id == started.case_id));
    // Ownership graph from the cache.
    let g = engine.get_ownership(&started.case_id).await.expect("graph");
    let _ = serde_json::to_value(&g).expect("graph serializes");
    // Core's rules through the engine: Kari Skarvholm, 1 · 0.9 · 1 · 1 · 29 % = 26.1 %, by
    // every rule side by side.
    let kari = g
        .owners
        .iter()
        .find(|o| o.name == "Kari Skarvholm")
        .expect("Kari Skarvholm");
    assert!((kari.integrated_share - 26.1).abs() < 1e-9, "{kari:?}");
    assert!(kari.chain_rule && kari.control_rule && kari.integrated_rule && kari.amlr_rule);
    engine.shutdown().await;
    sb.shutdown().await;
}

#[tokio::test]
async fn validation_happens_before_any_request() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let e = engine
        .start_lookup(lookup("988077918"))
        .await
        .expect_err("invalid number");
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("988 077 918 is not valid"), "{e}");
    let mut bad = lookup("923609016");
    bad.reports = vec!["nope".into()];
    let e = engine.start_lookup(bad).await.expect_err("bad report");
    assert_eq!(e.to_dto().field.as_deref(), Some("report"));
    // The connectivity probe may fetch the discovery document at start; nothing else is sent.
    let sent: Vec<String> = sb
        .stats()
        .await
        .requests
        .into_keys()
        .filter(|k| !k.contains("openid-configuration"))
        .collect();
    assert!(sent.is_empty(), "no lookup request was sent: {sent:?}");
    engine.shutdown().await;
    sb.shutdown().await;
}

#[tokio::test]
async fn expired_results_are_reported_expired_and_rerun_works() {
    let sb = sandbox(Knobs {
        latency_scale: 1.0,
        json_latency_ms: (600, 600),
        pdf_latency_ms: (600, 600),
        result_lifetime_s: 1,
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let engine = open(dir.path(), &sb.base_url(), secrets.clone()).await;
    let mut req = lookup("923609016");
    req.beneficial = false;
    let mut rx = engine.subscribe();
    let started = engine.start_lookup(req).await.expect("started");
    // Stop the app as soon as the session exists upstream, before anything is ready.
    loop {
        match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            Ok(Ok(EngineEvent::SessionUpdated { session })) if session.upstream_id.is_some() => {
                break
            }
            Ok(Ok(_)) => {}
            other => panic!("no creation event: {other:?}"),
        }
    }
    engine.shutdown().await;
    drop(engine);
    // Past ready (0.6 s) + lifetime (1 s).
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let engine = open(dir.path(), &sb.base_url(), secrets).await;
    tokio::time::timeout(Duration::from_secs(20), engine.wait_idle())
        .await
        .expect("idle");
    let case = engine.get_case(&started.case_id).await.expect("case");
    let s = &case.sessions[0];
    assert_eq!(s.state, SessionState::Expired, "{s:?}");
    let err = s.error.as_ref().expect("expiry explained");
    assert_eq!(err.code, ErrorCode::Expired);
    assert!(
        err.message.contains("expired") || err.message.contains("no longer available"),
        "{}",
        err.message
    );
    assert_eq!(case.summary.status, CaseStatus::Attention);
    // One action re-runs it.
    let again = engine.rerun_session(&s.id).await.expect("rerun");
    tokio::time::timeout(Duration::from_secs(20), engine.wait_idle())
        .await
        .expect("idle");
    let case = engine.get_case(&again.case_id).await.expect("case");
    let last = case.sessions.last().expect("session");
    assert_eq!(last.state, SessionState::Done, "{last:?}");
    assert!(case.organization.is_some());
    assert_eq!(case.summary.status, CaseStatus::Review);
    engine.shutdown().await;
    sb.shutdown().await;
}

/// A case's ownership graph merges only results of that case's environment (a profile from
/// before one database per environment may hold cases of several).
#[tokio::test]
async fn the_ownership_graph_merges_only_the_case_environment() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let org = |id: &str| LookupRequest {
        expands: vec!["ownership.shareholders".into()],
        reports: vec![],
        beneficial: false,
        ..lookup(id)
    };
    let eq = engine
        .start_lookup(org("923609016"))
        .await
        .expect("equinor");
    let holding = engine
        .start_lookup(org("921111118"))
        .await
        .expect("its owner");
    engine.wait_idle().await;
    let graph = |g: &amldesk_core::ownership::GraphView| serde_json::to_string(g).expect("json");
    let before = graph(&engine.get_ownership(&eq.case_id).await.expect("graph"));
    assert!(
        before.contains("921111207"),
        "the owner's cached result adds its own owner: {before}"
    );
    let other = holding.case_id.clone();
    engine
        .store()
        .write(move |c| {
            c.execute(
                "UPDATE cases SET environment = 'test' WHERE id = ?1",
                [&other],
            )?;
            Ok(())
        })
        .await
        .expect("case moved to test");
    let after = graph(&engine.get_ownership(&eq.case_id).await.expect("graph"));
    assert!(
        !after.contains("921111207"),
        "another environment's result is not merged: {after}"
    );
    // And a lookup into that case from the sandbox is refused, naming its environment.
    let e = engine
        .start_lookup(LookupRequest {
            case_id: Some(holding.case_id.clone()),
            ..org("921111118")
        })
        .await
        .expect_err("another environment's case");
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(
        e.to_string().contains("belongs to the test environment"),
        "{e}"
    );
    engine.shutdown().await;
    sb.shutdown().await;
}

/// Swedish and Finnish numbers: the beneficial-owner session carries the country as
/// `nationality` (without it the number is read as Norwegian and refused).
#[tokio::test]
async fn beneficial_lookups_of_swedish_and_finnish_organizations_complete() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let engine = open(dir.path(), &sb.base_url(), secrets).await;
    use amldesk_core::Country;
    for (country, id) in [(Country::Se, "5560160680"), (Country::Fi, "0112038-9")] {
        let mut req = lookup(id);
        req.country = country;
        let started = engine.start_lookup(req).await.expect("started");
        tokio::time::timeout(Duration::from_secs(30), engine.wait_idle())
            .await
            .expect("idle in time");
        let case = engine.get_case(&started.case_id).await.expect("case");
        assert!(
            case.sessions.iter().all(|s| s.state == SessionState::Done),
            "{country:?}: {:?}",
            case.sessions
        );
        assert!(case.beneficial.is_some(), "{country:?}");
    }
    engine.shutdown().await;
    sb.shutdown().await;
}
