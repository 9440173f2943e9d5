//! `bench export`: the sandbox's Equinor (NO 923609016) looked up through the engine as the
//! export test does (`amldesk lookup org NO 923609016` with roles, sanctions, authorities,
//! shareholders, address and the AML report, plus the beneficial owners), then the case file
//! written to a fresh folder again and again, timed (`export_ms`: the median, `export_first_ms`
//! the first of the process; the summary PDF typeset, the graph, the BODS statements, every
//! report, the manifest).

use std::time::Instant;

use amldesk_engine::api::{Country, LookupRequest};
use amldesk_engine::usecase::export_case::Target;
use amldesk_engine::Engine;
use anyhow::{bail, Context, Result};

use super::upstream::{engine_on, Upstream};
use super::{figure, BenchArgs};

const EQUINOR: &str = "923609016";

/// The expands of the export test's Equinor lookup.
const EXPANDS: [&str; 5] = [
    "roles",
    "sanction",
    "authorities",
    "ownership.shareholders",
    "address",
];

pub(super) async fn run(up: &Upstream, a: &BenchArgs) -> Result<()> {
    let runs = if a.quick { 3 } else { 5 };
    up.reset().await?;
    let dir = tempfile::tempdir().context("temp dir")?;
    let engine = engine_on(up, dir.path().join("data")).await?;
    let r = exports(&engine, dir.path(), runs).await;
    engine.shutdown().await;
    let (times, bytes) = r?;
    figure("export_runs", runs as f64, "count");
    // The first export of a process also loads the typesetter's fonts: what `amldesk export`,
    // one process per export, pays every time.
    figure(
        "export_first_ms",
        times.first().copied().unwrap_or(0.0),
        "ms",
    );
    figure("export_ms", quantile(&times, 0.5), "ms");
    figure("export_p95_ms", quantile(&times, 0.95), "ms");
    figure("export_bytes", bytes as f64, "bytes");
    Ok(())
}

/// The lookup, then `runs` exports, each to a new folder: (milliseconds each, bytes written).
async fn exports(engine: &Engine, work: &std::path::Path, runs: usize) -> Result<(Vec<f64>, u64)> {
    let started = engine
        .start_lookup(LookupRequest {
            case_id: None,
            country: Country::No,
            identifier: EQUINOR.to_owned(),
            duns: false,
            expands: EXPANDS.iter().map(|e| e.to_string()).collect(),
            reports: vec!["aml".into()],
            beneficial: true,
            beneficial_expands: Vec::new(),
            skip_organization: false,
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    engine.wait_idle().await;
    let case = engine
        .get_case(&started.case_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if case.documents.is_empty() {
        bail!(
            "the Equinor lookup downloaded no report: nothing like the case the export test writes"
        );
    }
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for i in 0..runs {
        let target = Target::Folder(work.join(format!("export-{i}")));
        let t = Instant::now();
        let out = engine
            .export_case_to(&started.case_id, target)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        bytes = out.bytes;
    }
    Ok((times, bytes))
}

fn quantile(v: &[f64], q: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    amldesk_sandbox::timing::quantile(&v, q)
}
