//! Environments from settings and kept apart: a second sandbox stands in for the vendor's test
//! environment, configured through `amldesk config` and `amldesk secret` only.

use std::io::Write;
use std::process::Stdio;

use crate::common::*;
use amldesk_sandbox::credentials as sc;
use amldesk_sandbox::{Knobs, SandboxConfig};
use amldesk_store::{audit, DbKey, Store};

fn fast() -> SandboxConfig {
    SandboxConfig {
        knobs: Knobs {
            latency_scale: 0.02,
            ..Knobs::default()
        },
        ..SandboxConfig::default()
    }
}

/// Runs `amldesk <args>` with `input` on standard input.
fn run_with_stdin(
    profile: &Profile,
    url: &str,
    args: &[&str],
    input: &str,
) -> std::process::Output {
    let mut child = profile
        .cmd(url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("amldesk runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("secret written");
    child.wait_with_output().expect("amldesk ends")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sandbox_configured_as_test_screens_ofac_and_stays_apart() {
    let profile = Profile::new();
    let sandbox = amldesk_sandbox::start(fast()).await.expect("sandbox");
    let vendor_test = amldesk_sandbox::start(fast())
        .await
        .expect("second sandbox");
    let url = sandbox.base_url();
    let t = vendor_test.base_url();
    let run = |args: &[&str]| tokio::task::block_in_place(|| profile.run(&url, args));

    // Configure "test" through the CLI only.
    let discovery = format!("{t}{}", amldesk_sandbox::contract::DISCOVERY);
    for (key, value) in [
        ("test.bankid.discovery_url", discovery.as_str()),
        ("test.bankid.client_id", sc::OIDC_CLIENT_ID),
        (
            "test.bankid.scopes",
            "aml_organization/basic aml_organization/OFAC",
        ),
        ("test.bankid.client_reference_dedup", "false"),
        ("test.amlyze.base_url", t.as_str()),
        ("test.peer.base_url", t.as_str()),
        ("test.peer.user", sc::PEER_USER),
    ] {
        let o = run(&["config", "set", key, value]);
        assert_eq!(o.status.code(), Some(0), "{key}: {}", text(&o));
    }
    for (name, value) in [
        ("bankid.client_secret", sc::OIDC_CLIENT_SECRET),
        ("amlyze.token", sc::AMLYZE_TOKEN),
        ("peer.password", sc::PEER_PASSWORD),
    ] {
        let o = tokio::task::block_in_place(|| {
            run_with_stdin(
                &profile,
                &url,
                &["secret", "set", "test", name],
                &format!("{value}\n"),
            )
        });
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o));
        assert!(!text(&o).contains(value), "the secret is never echoed");
    }

    // Bad keys and values: exit 2, naming the key and what is expected.
    let o = run(&["config", "set", "test.bankid.nope", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("bankid.client_id"), "{}", text(&o));
    let o = run(&[
        "config",
        "set",
        "test.amlyze.base_url",
        "http://amlyze.example",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("amlyze.base_url") && text(&o).contains("loopback"),
        "{}",
        text(&o)
    );
    let o = run(&["config", "set", "test.bankid.client_reference_dedup", "yes"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("true or false"), "{}", text(&o));
    let o = run(&[
        "config",
        "set",
        "sandbox.amlyze.base_url",
        "http://127.0.0.1:1",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("sandbox.amlyze.base_url"), "{}", text(&o));
    let o = run(&["config", "set", "staging.bankid.client_id", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = run(&["secret", "set", "test", "bankid.password"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    // Show and list: settings yes, secret values never.
    let o = run(&["config", "show", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("aml_organization/basic aml_organization/OFAC")
            && text(&o).contains("profile-test.db"),
        "{}",
        text(&o)
    );
    let o = run(&["secret", "list", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let listed = text(&o);
    assert!(
        listed.contains("bankid.client_secret") && listed.contains("stored"),
        "{listed}"
    );
    assert!(
        !listed.contains(sc::OIDC_CLIENT_SECRET) && !listed.contains(sc::AMLYZE_TOKEN),
        "{listed}"
    );

    // Test connection, step by step, with the saved settings.
    let o = run(&["config", "test", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("token aml_organization/OFAC") && !text(&o).contains("FAILED"),
        "{}",
        text(&o)
    );
    let o = run(&["config", "test", "production"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("bankid.client_id"), "{}", text(&o));

    // The lookup in "test" asks the second sandbox for the OFAC scope and shows the OFAC hit.
    let o = run(&[
        "--env",
        "test",
        "--json",
        "lookup",
        "org",
        "NO",
        "923609016",
        "--expand",
        "sanction",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let case: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON case");
    let case_id = case["summary"]["id"].as_str().expect("case id").to_owned();
    assert_eq!(case["summary"]["environment"], "test");
    let st = vendor_test.stats().await;
    assert!(
        st.token_scopes
            .get(amldesk_providers::SCOPE_OFAC)
            .copied()
            .unwrap_or(0)
            >= 1,
        "the test client asked for the OFAC scope: {:?}",
        st.token_scopes
    );
    assert_eq!(
        st.sessions_created.organization.get("923609016").copied(),
        Some(1)
    );
    assert!(
        sandbox
            .stats()
            .await
            .sessions_created
            .organization
            .is_empty(),
        "nothing went to the sandbox environment"
    );
    let o = run(&["--env", "test", "cases", "show", &case_id]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let shown = text(&o);
    assert!(
        shown.contains("list OFAC"),
        "the OFAC hit is shown: {shown}"
    );
    assert!(
        shown.contains("WARNING: this answer is marked as invented sandbox data"),
        "{shown}"
    );
    // The stored answer is the upstream's: its OFAC hit carries source OFAC_SDN.
    let key = DbKey::new(profile.db_key());
    let test_db = Store::open(
        amldesk_engine::env_db_path(
            &profile.path(),
            "keyring",
            amldesk_engine::api::EnvironmentKind::Test,
        ),
        &key,
    )
    .expect("test database");
    assert!(
        all_cells(&test_db)
            .iter()
            .any(|c| contains(c, "\"OFAC_SDN\"")),
        "the OFAC_SDN hit is stored"
    );

    // Kept apart: the sandbox does not list it, the all-environments list does.
    let o = run(&["--env", "sandbox", "cases", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains(&case_id), "{}", text(&o));
    let o = run(&["cases", "list", "--all-environments"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let line = text(&o)
        .lines()
        .find(|l| l.contains(&case_id))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("listed: {}", text(&o)));
    assert!(line.starts_with("test "), "{line}");
    // A lookup into the test case from the sandbox is refused, naming the environment.
    let o = run(&[
        "--env",
        "sandbox",
        "lookup",
        "org",
        "NO",
        "923609016",
        "--case",
        &case_id,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("belongs to the test environment"),
        "{}",
        text(&o)
    );

    // Every change is audited by key, never by value.
    let rows = test_db
        .read_blocking(|c| audit::list(c, None))
        .expect("audit log");
    let changes: Vec<&audit::AuditRow> = rows
        .iter()
        .filter(|r| r.action == "setting.changed" || r.action == "secret.changed")
        .collect();
    assert_eq!(changes.len(), 7 + 3, "{changes:?}");
    for r in &changes {
        assert!(r.detail_json.contains("\"by\""), "{}", r.detail_json);
        for v in [
            discovery.as_str(),
            t.as_str(),
            sc::OIDC_CLIENT_SECRET,
            sc::AMLYZE_TOKEN,
        ] {
            assert!(
                !r.detail_json.contains(v),
                "value in the audit: {}",
                r.detail_json
            );
        }
    }
    assert!(changes
        .iter()
        .any(|r| r.detail_json.contains("\"key\":\"bankid.scopes\"")));
    drop(test_db);
    sandbox.shutdown().await;
    vendor_test.shutdown().await;
}
