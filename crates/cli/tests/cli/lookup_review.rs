//! The CLI surface: validation exit codes, a lookup end to end, offline review, and no secret in
//! the database, the logs or the output.

use crate::common::*;
use amldesk_sandbox::{Knobs, SandboxConfig};

#[test]
fn invalid_number_exits_2_without_a_request() {
    let profile = Profile::new();
    // A port nothing listens on: any request would fail, and none is made.
    let out = profile.run("http://127.0.0.1:9", &["lookup", "org", "NO", "988077918"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains(
            "Norwegian organization number 988 077 918 is not valid: its check digit does not match"
        ),
        "{}",
        text(&out)
    );
    let out = profile.run(
        "http://127.0.0.1:9",
        &["lookup", "org", "NO", "923609016", "--report", "x"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = profile.run("http://127.0.0.1:9", &["lookup", "nope"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_then_offline_review_and_no_secret_anywhere() {
    let profile = Profile::new();
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
    let run = |args: Vec<&'static str>| {
        let p = &profile;
        let u = url.clone();
        let o = p.run(&u, &args);
        (
            o.status.code(),
            text(&o),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (code, out, _) = tokio::task::block_in_place(|| {
        run(vec![
            "lookup",
            "org",
            "NO",
            "923609016",
            "--expand",
            "address",
            "--expand",
            "roles",
            "--report",
            "aml",
        ])
    });
    assert_eq!(code, Some(0), "{out}");
    for want in [
        "EQUINOR ASA",
        "923 609 016",
        "Allmennaksjeselskap",
        "ACTIVE",
        "STAVANGER",
    ] {
        assert!(out.contains(want), "missing {want}: {out}");
    }
    let mut outputs = vec![out];
    let (code, json, stdout) = tokio::task::block_in_place(|| run(vec!["--json", "cases", "list"]));
    assert_eq!(code, Some(0), "{json}");
    let list: serde_json::Value = serde_json::from_str(&stdout).expect("cases list JSON");
    let case_id = list[0]["id"].as_str().expect("case id").to_owned();
    outputs.push(json);
    let case_static: &'static str = Box::leak(case_id.clone().into_boxed_str());
    let (code, out, _) = tokio::task::block_in_place(|| run(vec!["amlyze", "push", case_static]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("REQUEST_ACCEPTED"), "{out}");
    outputs.push(out);
    let (code, out, _) = tokio::task::block_in_place(|| {
        run(vec![
            "peer",
            "request",
            "Identity",
            "--id-document",
            "AB123456",
            "--phone",
            "0501234567",
        ])
    });
    assert_eq!(code, Some(0), "{out}");
    outputs.push(out);

    // Offline: the sandbox is gone; the cache answers.
    sb.shutdown().await;
    let (code, out, _) = tokio::task::block_in_place(|| run(vec!["cases", "show", case_static]));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("EQUINOR ASA") && out.contains("AML report"),
        "{out}"
    );
    outputs.push(out);
    let (code, out, _) = tokio::task::block_in_place(|| run(vec!["cases", "search", "equinor"]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains(&case_id), "{out}");
    outputs.push(out);
    let (code, out, _) =
        tokio::task::block_in_place(|| run(vec!["--json", "cases", "show", case_static]));
    assert_eq!(code, Some(0), "{out}");
    outputs.push(out);

    // No secret of the run in the decrypted database, the logs or the output.
    let db_key = profile.db_key();
    let secrets = [
        amldesk_sandbox::credentials::OIDC_CLIENT_SECRET,
        amldesk_sandbox::credentials::AMLYZE_TOKEN,
        db_key.as_str(),
    ];
    let store = profile.store();
    let cells = all_cells(&store);
    assert!(
        cells.len() > 50,
        "the database was read ({} cells)",
        cells.len()
    );
    let logs = profile.log_text();
    assert!(
        logs.contains("upstream answer"),
        "debug logs were written: {logs}"
    );
    let raw_db =
        std::fs::read(amldesk_engine::db_path(&profile.path(), "keyring")).expect("db file");
    for s in secrets {
        for (i, c) in cells.iter().enumerate() {
            assert!(!contains(c, s), "a database cell ({i}) holds a secret");
        }
        assert!(!logs.contains(s), "the log holds a secret");
        for o in &outputs {
            assert!(!o.contains(s), "the CLI output holds a secret");
        }
        assert!(
            !contains(&raw_db, s),
            "the database file holds a secret in clear"
        );
    }
    assert!(
        !contains(&raw_db, "EQUINOR"),
        "the database file is encrypted"
    );
}
