//! Crash safety: a batch of 100 against a separately started sandbox, the CLI killed with SIGKILL
//! at random moments and restarted with `amldesk resume`.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use crate::common::*;
use amldesk_sandbox::{Knobs, SandboxConfig};
use rand::Rng;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_survives_sigkill_and_resumes_without_duplicates() {
    let profile = Profile::new();
    let sb = amldesk_sandbox::start(SandboxConfig {
        knobs: Knobs {
            latency_scale: 0.3,
            ..Knobs::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let url = sb.base_url();
    let ids = org_numbers(100, 91_000_000);
    let csv = write_csv(profile.dir.path(), &ids);
    let started = Instant::now();
    let mut rng = rand::thread_rng();

    // First run: wait until the batch is stored, then kill it mid-flight.
    let mut child = profile
        .cmd(&url)
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
        c.arg("resume");
        move || c.output()
    })
    .await
    .expect("join")
    .expect("resume runs");
    assert!(out.status.success(), "final resume failed: {}", text(&out));
    eprintln!("crash run took {:?}", started.elapsed());

    // Exactly one creation per subject, and every entity was downloaded.
    let stats = sb.stats().await;
    assert_eq!(
        stats.sessions_created.organization.len(),
        100,
        "{:?}",
        stats.sessions_created
    );
    for (id, n) in &stats.sessions_created.organization {
        assert_eq!(*n, 1, "{id} was created {n} times");
    }
    assert_eq!(stats.entities.len(), 200, "JSON + AML report per subject");
    for e in &stats.entities {
        assert!(e.first_download_at.is_some(), "{e:?} never downloaded");
    }
    sb.shutdown().await;

    // Everything is in the store, verified by SHA-256, and the file is sound.
    let store = profile.store();
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
    assert_eq!(check.0, 100, "done sessions");
    assert_eq!(check.1, 100, "no session row was duplicated");
    assert_eq!(check.2, 100, "one organization result per subject");
    assert!(check.3 >= 200, "documents: {}", check.3);
    assert_eq!(check.4, 100, "one AML report per subject");
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
