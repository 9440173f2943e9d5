//! Engine use cases against the sandbox on an ephemeral loopback port (real sockets).

use std::sync::Arc;
use std::time::Duration;

use amldesk_engine::api::*;
use amldesk_engine::{Engine, EngineConfig};
use amldesk_providers::{MemoryStore, SecretStore};
use amldesk_sandbox::{Knobs, SandboxConfig};

async fn sandbox(knobs: Knobs) -> amldesk_sandbox::SandboxHandle {
    amldesk_sandbox::start(SandboxConfig {
        knobs,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

fn fast() -> Knobs {
    Knobs {
        latency_scale: 0.01,
        ..Knobs::default()
    }
}

async fn open(dir: &std::path::Path, url: &str, secrets: Arc<dyn SecretStore>) -> Engine {
    Engine::open(EngineConfig {
        data_dir: dir.to_path_buf(),
        environment: EnvironmentKind::Sandbox,
        sandbox_url: Some(url.to_owned()),
        secret_store: Some(secrets),
        webhooks: true,
    })
    .await
    .expect("engine opens")
}

fn lookup(id: &str) -> LookupRequest {
    LookupRequest {
        case_id: None,
        country: amldesk_core::Country::No,
        identifier: id.into(),
        duns: false,
        expands: vec!["address".into(), "roles".into(), "sanction".into()],
        reports: vec!["aml".into(), "certificate-of-registration".into()],
        beneficial: true,
        beneficial_expands: vec![],
        skip_organization: false,
    }
}

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
    assert!(sb.stats().await.requests.is_empty(), "no request was sent");
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

#[tokio::test]
async fn amlyze_push_follows_assessment_and_peer_request_completes() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let mut req = lookup("923609016");
    req.beneficial = false;
    let started = engine.start_lookup(req).await.expect("started");
    engine.wait_idle().await;
    let v = engine
        .amlyze_push(AmlyzePushRequest {
            case_id: started.case_id.clone(),
            validate_only: true,
        })
        .await
        .expect("validate");
    assert!(
        v.rows.iter().all(|r| r.result_type == "REQUEST_ACCEPTED"),
        "{v:?}"
    );
    let v = engine
        .amlyze_push(AmlyzePushRequest {
            case_id: started.case_id.clone(),
            validate_only: false,
        })
        .await
        .expect("push");
    assert_eq!(v.rows.len(), 1);
    assert_eq!(v.rows[0].result_type, "REQUEST_ACCEPTED", "{v:?}");
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("assessment followed");
    let case = engine.get_case(&started.case_id).await.expect("case");
    let push = case
        .amlyze
        .iter()
        .find(|a| a.session_id == v.session_id)
        .expect("push view");
    assert!(push.final_risk_level.is_some(), "{push:?}");

    let p = engine
        .peer_request(PeerRequest {
            case_id: None,
            type_request: "Identity".into(),
            id_document: "AB123456".into(),
            phone: "0501234567".into(),
        })
        .await
        .expect("peer");
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("peer done");
    let case = engine.get_case(&p.case_id).await.expect("case");
    assert_eq!(case.peer.len(), 1);
    assert_eq!(case.peer[0].phone, "+380501234567");
    assert_eq!(case.peer[0].status, "Done", "{:?}", case.sessions);
    engine.shutdown().await;
    sb.shutdown().await;
}

fn org_numbers(n: usize, start: u32) -> Vec<String> {
    let w = [3, 2, 7, 6, 5, 4, 3, 2];
    let mut out = Vec::new();
    let mut body = start;
    while out.len() < n {
        let s = format!("{body:08}");
        let sum: u32 = s.bytes().zip(w).map(|(b, w)| u32::from(b - b'0') * w).sum();
        match 11 - sum % 11 {
            10 => {}
            11 => out.push(format!("{s}0")),
            k => out.push(format!("{s}{k}")),
        }
        body += 1;
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_of_200_completes_under_faults() {
    let sb = sandbox(Knobs {
        latency_scale: 0.02,
        error_5xx_rate: 0.10,
        reset_rate: 0.03,
        malformed_json_rate: 0.02,
        truncated_pdf_rate: 0.02,
        rate_limit_per_sec: Some(200),
        retry_after_s: 1,
        token_lifetime_s: 5,
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
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
    for (id, n) in &stats.sessions_created.organization {
        assert_eq!(*n, 1, "{id} created {n} times");
    }
    assert_eq!(engine.store().integrity_check().await.expect("check"), "ok");
    engine.shutdown().await;
    sb.shutdown().await;
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

/// Everything the window can read over IPC, serialized as it crosses: no secret the run used
/// (stored credentials, the sandbox client secret and Amlyze token, the database key) appears.
#[tokio::test]
async fn ipc_responses_never_carry_secrets() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let engine = open(dir.path(), &sb.base_url(), secrets.clone()).await;

    let stored = "ipc-canary-client-secret-7f3a";
    let status = engine
        .set_secret(SecretRequest {
            environment: EnvironmentKind::Test,
            provider: Provider::Organization,
            value: stored.into(),
        })
        .await
        .expect("secret stored");
    assert!(status.stored, "the status says it is stored");

    let started = engine
        .start_lookup(lookup("923609016"))
        .await
        .expect("lookup");
    engine.wait_idle().await;
    let case_id = started.case_id.clone();

    let mut seen = Vec::new();
    let mut push = |v: serde_json::Result<String>| seen.push(v.expect("serializes"));
    push(serde_json::to_string(&status));
    push(serde_json::to_string(
        &engine.app_info().await.expect("app info"),
    ));
    push(serde_json::to_string(
        &engine.get_settings().await.expect("settings"),
    ));
    push(serde_json::to_string(
        &engine
            .list_cases(CaseQuery::default())
            .await
            .expect("cases"),
    ));
    push(serde_json::to_string(
        &engine.get_case(&case_id).await.expect("case"),
    ));
    push(serde_json::to_string(
        &engine.search("equinor").await.expect("search"),
    ));
    push(serde_json::to_string(
        &engine.get_ownership(&case_id).await.expect("graph"),
    ));
    for p in [Provider::Organization, Provider::Amlyze, Provider::Peer] {
        push(serde_json::to_string(
            &engine.test_connection(p).await.expect("test connection"),
        ));
    }
    let all = seen.join("\n");
    assert!(
        all.contains("EQUINOR ASA"),
        "the responses carry the case data"
    );

    let db_key = secrets
        .get("amldesk", &amldesk_engine::db_key_account(dir.path()))
        .expect("secret store answers")
        .expect("the database key was created");
    for secret in [
        stored,
        amldesk_sandbox::credentials::OIDC_CLIENT_SECRET,
        amldesk_sandbox::credentials::AMLYZE_TOKEN,
        db_key.expose(),
    ] {
        assert!(
            !all.contains(secret),
            "a secret crossed IPC: {}…",
            &secret[..4]
        );
    }
    engine.shutdown().await;
}
