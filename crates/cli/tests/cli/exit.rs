//! Orderly exit: the binary never aborts at exit, even when the machine is busy. A process that
//! exits while a thread holding SQLCipher/OpenSSL state still runs can abort in OpenSSL's
//! exit-time cleanup (`double free or corruption (fasttop)`, SIGABRT / exit 134); the issue saw
//! it in 2 of 300 runs of `amldesk cases list` beside a busy loop.

use crate::common::*;
use amldesk_core::id::{Country, OrgId};
use amldesk_store::{cases, Subject};
use std::os::unix::process::ExitStatusExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Runs of `cases list`; `AMLDESK_EXIT_RUNS` overrides (e.g. 3000 for a long soak).
fn runs() -> usize {
    std::env::var("AMLDESK_EXIT_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn three_hundred_cases_list_runs_beside_a_busy_loop_never_abort() {
    let profile = Profile::new();
    // Nothing listens on port 9: no request is needed to list cases, and none succeeds.
    let nowhere = "http://127.0.0.1:9";
    // Prepare the data dir: the CLI creates the profile and its key, then a few cases go in.
    let out = profile.run(nowhere, &["cases", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    {
        let store = profile.store();
        for id in ["923609016", "984851006", "982463718"] {
            let subject = Subject::Organization {
                id: OrgId::parse(Country::No, id).expect("valid"),
                name: None,
            };
            store
                .write_blocking(move |c| cases::create_case(c, &subject, "sandbox"))
                .expect("case created");
        }
        store.close();
    }

    // A CPU-bound loop on every core, for as long as the runs last.
    let stop = Arc::new(AtomicBool::new(false));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let spinners: Vec<_> = (0..cores)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut x: u64 = 1;
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..10_000 {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    }
                    std::hint::black_box(x);
                }
            })
        })
        .collect();

    let n = runs();
    let started = Instant::now();
    let mut failures = Vec::new();
    for i in 0..n {
        let out = profile.run(nowhere, &["cases", "list"]);
        let listed = String::from_utf8_lossy(&out.stdout).contains("923 609 016")
            || String::from_utf8_lossy(&out.stdout).contains("923609016");
        if out.status.code() != Some(0) || !listed {
            failures.push(format!(
                "run {i}: code {:?}, signal {:?}: {}",
                out.status.code(),
                out.status.signal(),
                text(&out)
            ));
        }
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for s in spinners {
        let _ = s.join();
    }
    eprintln!(
        "{n} runs of `amldesk cases list` beside {cores} busy threads: {:.1} s ({:.0} ms a run)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / n as f64
    );
    assert!(
        failures.is_empty(),
        "{} of {n} runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
