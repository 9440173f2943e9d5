//! `bench cache`: cases written through the engine's own write path (a batch of lookups
//! against the sandbox at tiny latencies, in this process, the memory secret store), then the
//! officer's reads timed one by one: opening a case (everything the case view needs) and
//! searching names, numbers and people. Also the database's size per case.

use std::time::{Duration, Instant};

use amldesk_engine::api::{BatchRequest, CaseQuery};
use amldesk_engine::Engine;
use anyhow::{Context, Result};

use super::upstream::{csv_of, engine_on, org_numbers, Upstream};
use super::{figure, BenchArgs};

/// Surnames the sandbox's invented people are likely to carry (people search).
const SURNAMES: [&str; 8] = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg",
];

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    amldesk_sandbox::timing::quantile(&v, 0.95)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(super) async fn run(up: &Upstream, a: &BenchArgs) -> Result<()> {
    let n = a.subjects.unwrap_or(if a.quick { 100 } else { 10_000 });
    up.reset().await?;
    up.set_knobs(serde_json::json!({ "latency_scale": 0.001 }))
        .await?;
    let dir = tempfile::tempdir().context("temp dir")?;
    let engine = engine_on(up, dir.path().to_path_buf()).await?;
    let ids = org_numbers(n, 94_000_000 + a.seed * 10_000);
    let started = Instant::now();
    let r = write_cases(&engine, &ids).await;
    up.reset().await?;
    r?;
    figure("cases", n as f64, "count");
    figure("write_ms_per_case", ms(started.elapsed()) / n as f64, "ms");

    let cases = engine
        .list_cases(CaseQuery::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let step = (cases.len() / 500).max(1);
    let mut open = Vec::new();
    for c in cases.iter().step_by(step) {
        let t = Instant::now();
        engine
            .get_case(&c.id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        open.push(ms(t.elapsed()));
    }
    figure("open_case_p95_ms", p95(open), "ms");

    let mut queries: Vec<String> = Vec::new();
    for c in cases.iter().step_by((cases.len() / 40).max(1)) {
        if let Some(word) = c
            .subject_name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
        {
            queries.push(word.to_owned());
        }
        queries.push(c.identifier.clone());
    }
    queries.extend(SURNAMES.iter().map(|s| s.to_string()));
    let mut search = Vec::new();
    for q in &queries {
        let t = Instant::now();
        engine.search(q).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        search.push(ms(t.elapsed()));
    }
    figure("search_p95_ms", p95(search), "ms");
    engine.shutdown().await;

    let mut bytes = 0u64;
    for entry in std::fs::read_dir(dir.path())?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("profile") {
            bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    figure(
        "db_bytes_per_case",
        (bytes / n.max(1) as u64) as f64,
        "bytes",
    );
    Ok(())
}

/// The engine's batch, as the officer starts it: the organization with every expand and the
/// AML report.
async fn write_cases(engine: &Engine, ids: &[String]) -> Result<()> {
    for chunk in ids.chunks(2_000) {
        engine
            .start_batch(BatchRequest {
                csv: csv_of(chunk),
                file_name: Some("bench-cache.csv".into()),
                // Every expand: the largest case a lookup makes.
                expands: amldesk_engine::plan::ORG_EXPANDS
                    .iter()
                    .map(|e| e.to_string())
                    .collect(),
                reports: vec!["aml".into()],
                concurrency: Some(64),
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        engine.wait_idle().await;
    }
    Ok(())
}
