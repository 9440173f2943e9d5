//! amlyze_push and peer_request.

use crate::common::*;

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

/// An organization case with its organization result, ready to push.
async fn pushable(engine: &Engine) -> String {
    let mut req = lookup("923609016");
    req.beneficial = false;
    let started = engine.start_lookup(req).await.expect("started");
    engine.wait_idle().await;
    started.case_id
}

async fn push(engine: &Engine, case_id: &str) -> AmlyzePushView {
    let v = engine
        .amlyze_push(AmlyzePushRequest {
            case_id: case_id.to_owned(),
            validate_only: false,
        })
        .await
        .expect("push");
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("assessment followed");
    let case = engine.get_case(case_id).await.expect("case");
    case.amlyze
        .into_iter()
        .find(|a| a.session_id == v.session_id)
        .expect("push view")
}

fn count(stats: &amldesk_sandbox::Stats, key: &str) -> u64 {
    stats.requests.get(key).copied().unwrap_or(0)
}

/// A minimal HTTP/1.1 POST over a plain socket (the tests have no HTTP client of their own).
async fn raw_post(base: &str, path: &str, bearer: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(host).await.expect("connect");
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {bearer}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    out
}

#[tokio::test]
async fn amlyze_repush_sends_update_and_follows_the_new_assessment() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let case_id = pushable(&engine).await;
    let first = push(&engine, &case_id).await;
    assert_eq!(first.action.as_deref(), Some("CREATE"), "{first:?}");
    assert_eq!(first.rows[0].result_type, "REQUEST_ACCEPTED", "{first:?}");
    assert_eq!(first.events.len(), 2, "{first:?}");
    let second = push(&engine, &case_id).await;
    assert_eq!(second.action.as_deref(), Some("UPDATE"), "{second:?}");
    assert_eq!(second.rows.len(), 1, "UPDATE sent directly, no O005 first");
    assert_eq!(second.rows[0].result_type, "REQUEST_ACCEPTED", "{second:?}");
    assert_eq!(
        second.events.len(),
        2,
        "only the new assessment's events: {second:?}"
    );
    assert_ne!(second.events[0].data, serde_json::Value::Null, "{second:?}");
    assert!(second.final_risk_level.is_some(), "{second:?}");
    assert!(second.errors.is_empty(), "{second:?}");
    let stats = sb.stats().await;
    assert_eq!(count(&stats, "POST /amlyze-ws-rest/batch-customers"), 2);
    engine.shutdown().await;
    sb.shutdown().await;
}

#[tokio::test]
async fn amlyze_o005_on_our_number_resends_as_update() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let case_id = pushable(&engine).await;
    // Our number is imported already (a push whose answer was lost), unknown to the engine.
    let n = amldesk_engine::amlyze::communication_number(&case_id);
    let body = serde_json::json!({"customers": [{
        "communicationNumber": n, "customerExtId": "NO-923609016", "action": "CREATE",
        "customerStatus": "PENDING", "entityType": "ORGANIZATION", "riskLevel": "LOW",
        "riskManagementCategory": "ORG", "applicationDate": "2026-01-01", "title": "EQUINOR ASA",
        "registrationCountry": "NO", "legalForm": "ASA"}]});
    let answer = raw_post(
        &sb.base_url(),
        "/amlyze-ws-rest/batch-customers",
        amldesk_sandbox::credentials::AMLYZE_TOKEN,
        &body.to_string(),
    )
    .await;
    assert!(answer.contains("REQUEST_ACCEPTED"), "{answer}");
    // Let that import's assessment arrive: it is not this push's.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let view = push(&engine, &case_id).await;
    assert_eq!(view.action.as_deref(), Some("UPDATE"), "{view:?}");
    assert_eq!(view.rows[0].result_type, "REQUEST_ACCEPTED", "{view:?}");
    assert_eq!(view.events.len(), 2, "the new assessment only: {view:?}");
    let case = engine.get_case(&case_id).await.expect("case");
    let s = case
        .sessions
        .iter()
        .find(|s| s.id == view.session_id)
        .expect("session");
    assert_eq!(s.state, SessionState::Done, "{s:?}");
    let stats = sb.stats().await;
    assert_eq!(
        count(&stats, "POST /amlyze-ws-rest/batch-customers"),
        3,
        "ours, the engine's CREATE (O005) and its UPDATE"
    );
    engine.shutdown().await;
    sb.shutdown().await;
}

#[tokio::test]
async fn amlyze_whole_request_500_is_retried_three_times_then_fails_with_the_reason() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let case_id = pushable(&engine).await;
    sb.set_knobs(Knobs {
        error_5xx_rate: 1.0,
        ..sb.knobs()
    });
    let before = count(&sb.stats().await, "POST /amlyze-ws-rest/batch-customers");
    let v = engine
        .amlyze_push(AmlyzePushRequest {
            case_id: case_id.clone(),
            validate_only: false,
        })
        .await
        .expect("push answered");
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("settles");
    let after = count(&sb.stats().await, "POST /amlyze-ws-rest/batch-customers");
    assert_eq!(after - before, 4, "one request and three retries");
    let case = engine.get_case(&case_id).await.expect("case");
    let s = case
        .sessions
        .iter()
        .find(|s| s.id == v.session_id)
        .expect("session");
    assert_eq!(s.state, SessionState::Failed, "{s:?}");
    let e = s.error.as_ref().expect("a reason");
    assert!(e.message.contains("Gave up after 3"), "{e:?}");
    assert!(
        e.message.contains("500") || e.message.contains("502") || e.message.contains("503"),
        "{e:?}"
    );
    engine.shutdown().await;
    sb.shutdown().await;
}

/// Starts a peer request whose create the sandbox holds, and shuts the engine down once the
/// sandbox has made the request (the row stays `sending`).
async fn peer_left_sending(
    sb: &amldesk_sandbox::SandboxHandle,
    dir: &std::path::Path,
    secrets: Arc<MemoryStore>,
) -> String {
    sb.set_knobs(Knobs {
        create_delay_ms: 5_000,
        ..sb.knobs()
    });
    let engine = open(dir, &sb.base_url(), secrets).await;
    let p = engine
        .peer_request(PeerRequest {
            case_id: None,
            type_request: "Identity".into(),
            id_document: "AB123456".into(),
            phone: "0501234567".into(),
        })
        .await
        .expect("peer");
    for _ in 0..200 {
        if count(&sb.stats().await, "POST /api/createrequest") == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(count(&sb.stats().await, "POST /api/createrequest"), 1);
    tokio::time::sleep(Duration::from_millis(100)).await;
    engine.shutdown().await;
    sb.set_knobs(Knobs {
        create_delay_ms: 0,
        ..sb.knobs()
    });
    p.case_id
}

#[tokio::test]
async fn peer_sending_row_is_reconciled_on_resume_without_a_second_request() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = Arc::new(MemoryStore::new());
    let case_id = peer_left_sending(&sb, dir.path(), secrets.clone()).await;
    let engine = open(dir.path(), &sb.base_url(), secrets).await;
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("peer done");
    let case = engine.get_case(&case_id).await.expect("case");
    assert_eq!(case.peer.len(), 1);
    assert_eq!(case.peer[0].status, "Done", "{:?}", case.sessions);
    assert!(!case.peer[0].details.is_empty());
    assert!(case.warnings.is_empty(), "{:?}", case.warnings);
    let stats = sb.stats().await;
    assert_eq!(
        count(&stats, "POST /api/createrequest"),
        1,
        "found, not created again"
    );
    engine.shutdown().await;
    sb.shutdown().await;
}

#[tokio::test]
async fn peer_sending_row_without_a_match_is_created_again_and_warned() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = Arc::new(MemoryStore::new());
    let case_id = peer_left_sending(&sb, dir.path(), secrets.clone()).await;
    // The upstream forgets the request: nothing to find, so the engine must create again.
    sb.reset();
    let engine = open(dir.path(), &sb.base_url(), secrets).await;
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("peer done");
    let case = engine.get_case(&case_id).await.expect("case");
    assert_eq!(case.peer[0].status, "Done", "{:?}", case.sessions);
    let w: Vec<_> = case
        .warnings
        .iter()
        .filter(|w| w.kind == "possible_upstream_duplicate")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", case.warnings);
    assert_eq!(w[0].session_id, case.peer[0].session_id);
    assert!(w[0].earlier_attempt.is_some());
    assert_eq!(count(&sb.stats().await, "POST /api/createrequest"), 1);
    engine.shutdown().await;
    sb.shutdown().await;
}
