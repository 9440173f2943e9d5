//! Settings in the window: any environment's settings and secrets through the same functions as
//! `amldesk config` / `amldesk secret` (same keys, same audit rows), and Test connection for any
//! environment against a second sandbox standing in for the vendor's test environment.

use crate::common::*;
use amldesk_sandbox::credentials as sc;
use amldesk_store::audit;

fn change(key: &str, value: &str) -> SettingChange {
    SettingChange {
        key: key.into(),
        value: value.into(),
    }
}

fn entry<'a>(v: &'a EnvironmentConfig, key: &str) -> &'a SettingEntry {
    v.entries.iter().find(|e| e.key == key).expect(key)
}

async fn set_config(
    engine: &Engine,
    environment: EnvironmentKind,
    changes: Vec<SettingChange>,
) -> amldesk_engine::Result<EnvironmentConfig> {
    engine
        .set_environment_config(ConfigChangeRequest {
            environment,
            changes,
        })
        .await
}

async fn set_secret(
    engine: &Engine,
    environment: EnvironmentKind,
    name: &str,
    value: Option<&str>,
) -> EnvironmentConfig {
    engine
        .set_environment_secret(SecretChangeRequest {
            environment,
            name: name.into(),
            value: value.map(str::to_owned),
        })
        .await
        .expect("secret changed")
}

async fn open_offline_env(
    dir: &std::path::Path,
    secrets: &Arc<dyn SecretStore>,
    env: EnvironmentKind,
) -> Engine {
    Engine::open_offline(EngineConfig {
        data_dir: dir.to_path_buf(),
        environment: env,
        sandbox_url: None,
        secret_store: Some(secrets.clone()),
        webhooks: false,
    })
    .await
    .expect("opens offline")
}

/// Audit rows of one environment's database (opened offline, as the CLI does).
async fn audit_rows(
    dir: &std::path::Path,
    secrets: &Arc<dyn SecretStore>,
    env: EnvironmentKind,
) -> Vec<audit::AuditRow> {
    let e = open_offline_env(dir, secrets, env).await;
    let rows = e
        .store()
        .read(|c| audit::list(c, None))
        .await
        .expect("audit");
    e.shutdown().await;
    rows
}

/// Configures `env` to reach the sandbox at `t` as the CLI environments test does.
fn vendor_changes(t: &str, scopes: &str) -> Vec<SettingChange> {
    vec![
        change(
            "bankid.discovery_url",
            &format!("{t}{}", amldesk_sandbox::contract::DISCOVERY),
        ),
        change("bankid.client_id", sc::OIDC_CLIENT_ID),
        change("bankid.scopes", scopes),
        change("amlyze.base_url", t),
        change("peer.base_url", t),
        change("peer.user", sc::PEER_USER),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_edits_another_environment_with_the_cli_keys_and_audit() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let engine = open(dir.path(), &sb.base_url(), secrets.clone()).await;

    let fresh = engine
        .get_environment_config(EnvironmentKind::Test)
        .await
        .expect("test's settings");
    assert!(!fresh.active);
    assert!(
        fresh.missing.contains(&"bankid.client_id".to_owned())
            && fresh.missing.contains(&"bankid.client_secret".to_owned()),
        "{:?}",
        fresh.missing
    );
    assert!(fresh.secrets.iter().all(|s| !s.stored));
    assert_eq!(
        fresh
            .entries
            .iter()
            .map(|e| e.key.as_str())
            .collect::<Vec<_>>(),
        amldesk_engine::CONFIG_KEYS.to_vec()
    );

    // All or none: one bad value names its key, and nothing is written.
    let mut bad = vendor_changes("https://vendor.example", "aml_organization/basic");
    bad.push(change("peer.base_url", "http://peer.example"));
    let e = set_config(&engine, EnvironmentKind::Test, bad)
        .await
        .expect_err("plain http outside loopback");
    let dto = e.to_dto();
    assert_eq!(dto.code, ErrorCode::Validation);
    assert_eq!(dto.field.as_deref(), Some("peer.base_url"));
    assert!(dto.message.contains("loopback"), "{}", dto.message);
    let e = set_config(
        &engine,
        EnvironmentKind::Test,
        vec![change("bankid.scopes", "aml_organization/OFAC")],
    )
    .await
    .expect_err("scopes without basic");
    assert_eq!(e.to_dto().field.as_deref(), Some("bankid.scopes"));
    let unchanged = engine
        .get_environment_config(EnvironmentKind::Test)
        .await
        .expect("read");
    assert_eq!(unchanged, fresh, "a refused change writes nothing");

    let view = set_config(
        &engine,
        EnvironmentKind::Test,
        vendor_changes(
            "https://vendor.example",
            "aml_organization/basic aml_organization/OFAC",
        ),
    )
    .await
    .expect("saved");
    assert_eq!(
        entry(&view, "bankid.scopes").value.as_deref(),
        Some("aml_organization/basic aml_organization/OFAC")
    );
    assert_eq!(
        entry(&view, "amlyze.base_url").value.as_deref(),
        Some("https://vendor.example")
    );
    assert_eq!(view.missing, vec!["bankid.client_secret".to_owned()]);

    let canary = "window-canary-secret-81c2";
    let view = set_secret(
        &engine,
        EnvironmentKind::Test,
        "bankid.client_secret",
        Some(canary),
    )
    .await;
    let json = serde_json::to_string(&view).expect("serializes");
    assert!(!json.contains(canary), "the answer carries the secret");
    let s = view
        .secrets
        .iter()
        .find(|s| s.name == "bankid.client_secret")
        .expect("listed");
    assert!(s.stored && s.store == "memory", "{s:?}");
    assert!(view.missing.is_empty(), "{:?}", view.missing);

    // The CLI's door sees the same store keys: the test database's settings, the secret store's
    // account.
    let offline = open_offline_env(dir.path(), &secrets, EnvironmentKind::Test).await;
    let shown = offline.config_show().await.expect("config show");
    let peer = shown
        .entries
        .iter()
        .find(|e| e.key == "peer.user")
        .expect("peer.user");
    assert_eq!(peer.value.as_deref(), Some(sc::PEER_USER));
    offline.shutdown().await;
    assert_eq!(
        secrets
            .get("amldesk", "test/oidc-client-secret")
            .expect("store")
            .expect("stored")
            .expose(),
        canary
    );

    let view = set_secret(&engine, EnvironmentKind::Test, "bankid.client_secret", None).await;
    assert!(view.missing.contains(&"bankid.client_secret".to_owned()));

    // Audited in the test database by key, never by value.
    let rows = audit_rows(dir.path(), &secrets, EnvironmentKind::Test).await;
    let settings: Vec<&audit::AuditRow> = rows
        .iter()
        .filter(|r| r.action == "setting.changed")
        .collect();
    assert_eq!(settings.len(), 6, "one row per key changed");
    assert!(settings
        .iter()
        .any(|r| r.detail_json.contains("\"bankid.scopes\"")));
    let secret_rows: Vec<&audit::AuditRow> = rows
        .iter()
        .filter(|r| r.action == "secret.changed")
        .collect();
    assert_eq!(secret_rows.len(), 2, "set, then deleted");
    assert!(rows.iter().all(|r| !r.detail_json.contains(canary)));

    // The sandbox's addresses are its own.
    let e = set_config(
        &engine,
        EnvironmentKind::Sandbox,
        vec![change("amlyze.base_url", "https://x.example")],
    )
    .await
    .expect_err("fixed in the sandbox");
    assert_eq!(e.to_dto().field.as_deref(), Some("amlyze.base_url"));
    let sandbox = engine
        .get_environment_config(EnvironmentKind::Sandbox)
        .await
        .expect("sandbox");
    assert!(sandbox.active && entry(&sandbox, "amlyze.base_url").fixed);
    assert!(sandbox
        .secrets
        .iter()
        .all(|s| s.stored && s.store == "built-in"));
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_connection_of_another_environment_goes_step_by_step() {
    let sb = sandbox(fast()).await;
    let vendor = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets: Arc<dyn SecretStore> = Arc::new(MemoryStore::new());
    let engine = open(dir.path(), &sb.base_url(), secrets.clone()).await;
    set_config(
        &engine,
        EnvironmentKind::Test,
        vendor_changes(
            &vendor.base_url(),
            "aml_organization/basic aml_organization/OFAC",
        ),
    )
    .await
    .expect("configured");
    for (name, value) in [
        ("bankid.client_secret", "wrong-secret"),
        ("amlyze.token", sc::AMLYZE_TOKEN),
        ("peer.password", sc::PEER_PASSWORD),
    ] {
        set_secret(&engine, EnvironmentKind::Test, name, Some(value)).await;
    }
    let t = engine
        .test_connection(EnvironmentKind::Test)
        .await
        .expect("tested");
    let names: Vec<&str> = t.steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(
        names,
        [
            "discovery",
            "token aml_organization/basic",
            "token aml_organization/OFAC",
            "Beneficial owners",
            "Amlyze",
            "peer"
        ]
    );
    assert!(!t.ok);
    assert!(t.steps[0].ok, "discovery: {}", t.steps[0].message);
    assert!(!t.steps[1].ok, "a wrong secret gets no token");
    assert!(!t.steps[1].message.is_empty());
    assert!(t.steps[4].ok && t.steps[5].ok, "{:?}", t.steps);

    set_secret(
        &engine,
        EnvironmentKind::Test,
        "bankid.client_secret",
        Some(sc::OIDC_CLIENT_SECRET),
    )
    .await;
    let t = engine
        .test_connection(EnvironmentKind::Test)
        .await
        .expect("tested");
    assert!(t.ok, "{:?}", t.steps);
    assert_eq!(t.environment, EnvironmentKind::Test);
    // The vendor's sandbox issued the tokens, not ours.
    let st = vendor.stats().await;
    assert!(
        st.token_scopes
            .get(amldesk_providers::SCOPE_OFAC)
            .copied()
            .unwrap_or(0)
            >= 1,
        "the OFAC scope was asked of the vendor: {:?}",
        st.token_scopes
    );

    // Unconfigured production says what is missing, step by step.
    let t = engine
        .test_connection(EnvironmentKind::Production)
        .await
        .expect("tested");
    assert!(!t.ok);
    assert!(
        t.steps[0].message.contains("bankid.client_id"),
        "{:?}",
        t.steps[0]
    );
    assert!(t
        .steps
        .iter()
        .any(|s| s.step == "Amlyze" && s.message.contains("amlyze.base_url")));
    engine.shutdown().await;
}
