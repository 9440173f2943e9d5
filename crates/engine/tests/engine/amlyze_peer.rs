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
