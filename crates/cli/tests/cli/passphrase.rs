//! A machine without a keyring: the database key and the other secrets live in a file of the
//! data directory, encrypted under a passphrase; cases persist from one run to the next; with
//! neither keyring nor passphrase the CLI exits 2 and names both ways.

use crate::common::*;
use amldesk_providers::{PassphraseStore, Secret, SecretStore};
use amldesk_sandbox::{Knobs, SandboxConfig};
use amldesk_store::{DbKey, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASSPHRASE: &str = "a long passphrase for tests 7c1e";

/// The binary with no D-Bus session (no Secret Service reachable) and no passphrase unless
/// `passphrase_file` is given.
fn run(data: &Path, sandbox_url: &str, passphrase_file: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(BIN);
    c.arg("--data-dir")
        .arg(data)
        .arg("--sandbox-url")
        .arg(sandbox_url)
        .env_remove("AMLDESK_SECRET_STORE")
        .env_remove("AMLDESK_PASSPHRASE_FILE")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/amldesk-test-bus",
        )
        .env("AMLDESK_LOG", "debug")
        .stdin(Stdio::null());
    if let Some(f) = passphrase_file {
        c.env("AMLDESK_PASSPHRASE_FILE", f);
    }
    c.args(args).output().expect("the amldesk binary runs")
}

fn db_key(data: &Path) -> String {
    let store = PassphraseStore::open(PassphraseStore::file_in(data), &Secret::new(PASSPHRASE))
        .expect("the secret file opens with the passphrase");
    store
        .get(
            amldesk_providers::KEYRING_SERVICE,
            &amldesk_engine::db_key_account(data),
        )
        .expect("readable")
        .expect("the CLI stored a database key")
        .expose()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_keyring_a_passphrase_file_keeps_cases_and_secrets_encrypted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data: PathBuf = dir.path().join("data");
    let pass_file = dir.path().join("passphrase.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).expect("passphrase file");
    let sb = amldesk_sandbox::start(SandboxConfig {
        knobs: Knobs {
            latency_scale: 0.02,
            ..Knobs::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let url = sb.base_url();

    // Neither keyring nor passphrase: exit 2, and both ways are named.
    let out = tokio::task::block_in_place(|| run(&data, &url, None, &["cases", "list"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let msg = text(&out);
    assert!(msg.contains("keyring"), "names the keyring: {msg}");
    assert!(
        msg.contains("AMLDESK_PASSPHRASE_FILE"),
        "names the passphrase: {msg}"
    );
    assert!(
        !data.join("profile.db").exists(),
        "nothing is created without a place for the key"
    );

    // With the passphrase: a lookup, then a new process lists the case.
    let out = tokio::task::block_in_place(|| {
        run(
            &data,
            &url,
            Some(&pass_file),
            &["lookup", "org", "NO", "923609016", "--report", "aml"],
        )
    });
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut outputs = vec![text(&out)];
    assert!(outputs[0].contains("EQUINOR ASA"), "{}", outputs[0]);
    let out = tokio::task::block_in_place(|| {
        run(&data, &url, Some(&pass_file), &["--json", "cases", "list"])
    });
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    outputs.push(text(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON list");
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert!(list.to_string().contains("923609016"), "{list}");

    // The profile has a passphrase now: without it, exit 2 and what to do.
    let out = tokio::task::block_in_place(|| run(&data, &url, None, &["cases", "list"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("AMLDESK_PASSPHRASE_FILE"),
        "{}",
        text(&out)
    );
    // A wrong passphrase: exit 2, and says so.
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not it").expect("write");
    let out = tokio::task::block_in_place(|| run(&data, &url, Some(&wrong), &["cases", "list"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("wrong passphrase"), "{}", text(&out));

    // No secret in clear: not in the secret file, the database, the logs or the output.
    let key = db_key(&data);
    let secret_file = std::fs::read(PassphraseStore::file_in(&data)).expect("secret file");
    let raw_db = std::fs::read(data.join("profile.db")).expect("db file");
    let logs = std::fs::read_to_string(data.join("logs/amldesk.log")).unwrap_or_default();
    assert!(logs.contains("upstream answer"), "debug logs were written");
    let store = Store::open(data.join("profile.db"), &DbKey::new(key.clone())).expect("opens");
    let cells = all_cells(&store);
    store.close();
    assert!(cells.len() > 20, "the database was read");
    for s in [
        key.as_str(),
        PASSPHRASE,
        amldesk_sandbox::credentials::OIDC_CLIENT_SECRET,
        amldesk_sandbox::credentials::AMLYZE_TOKEN,
    ] {
        assert!(
            !contains(&secret_file, s),
            "the secret file holds a secret in clear"
        );
        assert!(
            !contains(&raw_db, s),
            "the database file holds a secret in clear"
        );
        assert!(!logs.contains(s), "the log holds a secret");
        for o in &outputs {
            assert!(!o.contains(s), "the output holds a secret");
        }
        for c in &cells {
            assert!(!contains(c, s), "a database cell holds a secret");
        }
    }
    assert!(!contains(&raw_db, "EQUINOR"), "the database is encrypted");
    // The engine downloaded the report from the link the session status gave, not the template.
    let req = sb.stats().await.requests;
    let count = |k: &str| req.get(k).copied().unwrap_or(0);
    assert_eq!(
        count("GET /organization/documents/{sessionId}/{report}"),
        1,
        "{req:?}"
    );
    assert_eq!(
        count("GET /organization/session/{sessionId}/report/{report}"),
        0,
        "{req:?}"
    );
    sb.shutdown().await;
}

#[test]
fn memory_mode_says_so_on_every_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    for _ in 0..2 {
        let out = Command::new(BIN)
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--sandbox-url")
            .arg("http://127.0.0.1:9")
            .env("AMLDESK_SECRET_STORE", "memory")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/amldesk-test-bus",
            )
            .args(["cases", "list"])
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("AMLDESK_SECRET_STORE=memory") && err.contains("this run only"),
            "{err}"
        );
    }
}

/// A keyring profile moves to a passphrase (its key comes along, then it works without D-Bus),
/// and back to the keyring (`AMLDESK_SECRET_STORE=keyring` with the passphrase at hand).
#[test]
fn a_profile_moves_from_the_keyring_to_a_passphrase_and_back() {
    let profile = Profile::new(); // needs the test's keyring
    let nowhere = "http://127.0.0.1:9";
    let data = profile.path();
    let out = profile.run(nowhere, &["cases", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    {
        let store = profile.store();
        let subject = amldesk_store::Subject::Organization {
            id: amldesk_core::id::OrgId::parse(amldesk_core::id::Country::No, "923609016")
                .expect("valid"),
            name: None,
        };
        store
            .write_blocking(move |c| amldesk_store::cases::create_case(c, &subject, "sandbox"))
            .expect("case");
        store.close();
    }
    let key = profile.db_key();
    let pass_file = profile.dir.path().join("pass.txt");
    std::fs::write(&pass_file, PASSPHRASE).expect("write");

    // To the passphrase: with the keyring still reachable, the key is copied over.
    let out = profile
        .cmd(nowhere)
        .env("AMLDESK_PASSPHRASE_FILE", &pass_file)
        .args(["cases", "list"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        db_key(&data),
        key,
        "the same key, now in the passphrase file"
    );
    // Now without any D-Bus: the passphrase alone opens it.
    let out = run(&data, nowhere, Some(&pass_file), &["cases", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("923"), "{}", text(&out));

    // Back to the keyring: its copy is gone; the passphrase file gives it back.
    let account = amldesk_engine::db_key_account(&data);
    amldesk_providers::KeyringStore::new()
        .delete(amldesk_providers::KEYRING_SERVICE, &account)
        .expect("deleted");
    let out = profile
        .cmd(nowhere)
        .env("AMLDESK_SECRET_STORE", "keyring")
        .env("AMLDESK_PASSPHRASE_FILE", &pass_file)
        .args(["cases", "list"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(profile.db_key(), key, "the key is back in the keyring");
    let out = profile
        .cmd(nowhere)
        .env("AMLDESK_SECRET_STORE", "keyring")
        .args(["cases", "list"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}
