//! Crash safety: a batch of 40 against a separately started sandbox whose creates hold their
//! answer (`create_delay_ms`), so kills land between the upstream's commit and ours; the CLI is
//! killed with SIGKILL three times and restarted with `amldesk resume`. Without de-duplication
//! every duplicate the sandbox counts is warned in its case; with it declared there are none.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use crate::common::*;
use amldesk_sandbox::{Knobs, SandboxConfig};
use rand::Rng;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_survives_sigkill_and_resumes_without_duplicates() {
    crash_run(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_survives_sigkill_without_dedup_and_warns_of_every_duplicate() {
    crash_run(false).await;
}

const N: usize = 40;

async fn crash_run(dedup: bool) {
    let profile = Profile::new();
    let sb = amldesk_sandbox::start(SandboxConfig {
        knobs: Knobs {
            latency_scale: 0.3,
            client_reference_dedup: dedup,
            create_delay_ms: 700,
            ..Knobs::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let url = sb.base_url();
    let declare = if dedup { "true" } else { "false" };
    let ids = org_numbers(N, 91_000_000);
    let csv = write_csv(profile.dir.path(), &ids);
    let started = Instant::now();
    let mut rng = rand::thread_rng();

    // First run: wait until the batch is stored, then kill it mid-flight.
    let mut child = profile
        .cmd(&url)
        .env("AMLDESK_SANDBOX_CLIENT_REFERENCE_DEDUP", declare)
        .args([
            "batch",
            csv.to_str().expect("utf-8 path"),
            "--report",
            "aml",
            "--concurrency",
            "16",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn batch");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut l = String::new();
        BufReader::new(stdout).read_line(&mut l).map(|_| l)
    })
    .await
    .expect("join")
    .expect("read line");
    assert!(line.starts_with("batch "), "unexpected first line: {line}");
    tokio::time::sleep(Duration::from_millis(rng.gen_range(500..3000))).await;
    child.kill().expect("SIGKILL");
    let _ = child.wait();

    // Several restarts, each killed at a random moment.
    for _ in 0..3 {
        let mut c = profile
            .cmd(&url)
            .env("AMLDESK_SANDBOX_CLIENT_REFERENCE_DEDUP", declare)
            .arg("resume")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn resume");
        tokio::time::sleep(Duration::from_millis(rng.gen_range(300..3000))).await;
        let _ = c.kill();
        let _ = c.wait();
    }

    // Last restart runs to the end.
    let out = tokio::task::spawn_blocking({
        let mut c = profile.cmd(&url);
        c.env("AMLDESK_SANDBOX_CLIENT_REFERENCE_DEDUP", declare)
            .arg("resume");
        move || c.output()
    })
    .await
    .expect("join")
    .expect("resume runs");
    assert!(out.status.success(), "final resume failed: {}", text(&out));
    eprintln!("crash run took {:?}", started.elapsed());

    // Every subject was created upstream; each duplicate creation is warned in its case.
    let stats = sb.stats().await;
    assert_eq!(
        stats.sessions_created.organization.len(),
        N,
        "{:?}",
        stats.sessions_created
    );
    sb.shutdown().await;
    let store = profile.store();
    let warned: std::collections::HashMap<String, (String, i64)> = store
        .read_blocking(|c| {
            Ok(c.prepare(
                "SELECT s.identifier, c.id, (SELECT count(*) FROM audit_log a
                     WHERE a.case_id = c.id AND a.action = 'case.warning')
                 FROM cases c JOIN subjects s ON s.id = c.subject_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<Result<_, rusqlite::Error>>()?)
        })
        .expect("warnings");
    let mut dups = 0;
    for (id, n) in &stats.sessions_created.organization {
        let (case, w) = warned.get(id).cloned().unwrap_or_default();
        if dedup {
            assert_eq!(*n, 1, "{id} was created {n} times");
            assert_eq!(w, 0, "{id}: no warning when the upstream de-duplicates");
        } else {
            assert!(
                (*n as i64) - 1 <= w,
                "{id} was created {n} times, {w} warning(s) in case {case}"
            );
        }
        dups += n - 1;
    }
    eprintln!("dedup={dedup}: {dups} duplicate creation(s) upstream");
    // The case view carries the warnings, and they do not make the case need attention.
    if let Some((case, w)) = warned.values().find(|(_, w)| *w > 0) {
        let out = profile.run(&url, &["--json", "cases", "show", case]);
        assert!(out.status.success(), "{}", text(&out));
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("cases show prints JSON");
        let list = v["warnings"].as_array().expect("a warnings array");
        assert_eq!(list.len() as i64, *w);
        assert_eq!(list[0]["kind"], "possible_upstream_duplicate");
        assert!(list[0]["sessionId"].is_string() && list[0]["earlierAttempt"].is_string());
    }

    // Everything is in the store, verified by SHA-256, and the file is sound.
    let check = store
        .read_blocking(|c| {
            let done: i64 = c.query_row(
                "SELECT count(*) FROM sessions WHERE state = 'done'",
                [],
                |r| r.get(0),
            )?;
            let total: i64 = c.query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))?;
            let bad_results: i64 = c.query_row(
                "SELECT count(*) FROM results WHERE kind = 'organization'",
                [],
                |r| r.get(0),
            )?;
            let shas: Vec<String> = c
                .prepare("SELECT sha256 FROM documents")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for s in &shas {
                amldesk_store::documents::get_document(c, s)?;
            }
            let pdfs: i64 = c.query_row(
                "SELECT count(*) FROM documents WHERE media_type = 'application/pdf'",
                [],
                |r| r.get(0),
            )?;
            Ok((done, total, bad_results, shas.len(), pdfs))
        })
        .expect("queries");
    assert_eq!(check.0, N as i64, "done sessions");
    assert_eq!(check.1, N as i64, "no session row was duplicated");
    assert_eq!(check.2, N as i64, "one organization result per subject");
    assert!(check.3 >= 2 * N, "documents: {}", check.3);
    assert_eq!(check.4, N as i64, "one AML report per subject");
    assert_eq!(
        store
            .read_blocking(|c| amldesk_store::integrity_check(c))
            .expect("integrity check"),
        "ok"
    );
    store
        .read_blocking(|c| amldesk_store::audit::verify_chain(c))
        .expect("read")
        .expect("audit chain intact");
}
