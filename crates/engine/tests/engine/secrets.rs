//! What IPC responses may carry.

use crate::common::*;

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
        .set_environment_secret(SecretChangeRequest {
            environment: EnvironmentKind::Test,
            name: "bankid.client_secret".into(),
            value: Some(stored.into()),
        })
        .await
        .expect("secret stored");
    assert!(
        status
            .secrets
            .iter()
            .any(|s| s.name == "bankid.client_secret" && s.stored),
        "the status says it is stored"
    );

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
    for env in amldesk_engine::ENVIRONMENTS {
        push(serde_json::to_string(
            &engine
                .get_environment_config(env)
                .await
                .expect("environment settings"),
        ));
        push(serde_json::to_string(
            &engine.test_connection(env).await.expect("test connection"),
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
