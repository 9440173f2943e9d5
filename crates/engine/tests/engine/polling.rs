//! The poll policy: a fixed interval is a knob (not a code fork), and with the webhook receiver
//! on, status requests follow the hooks.

use crate::common::*;
use amldesk_engine::PollPolicy;

fn csv(n: usize, start: u32) -> String {
    let mut csv = String::from("country,identifier,name\n");
    for id in org_numbers(n, start) {
        csv.push_str(&format!("NO,{id},\n"));
    }
    csv
}

async fn batch(engine: &Engine, n: usize, start: u32) -> BatchView {
    let started = engine
        .start_batch(BatchRequest {
            csv: csv(n, start),
            file_name: None,
            expands: vec![],
            reports: vec!["aml".into()],
            concurrency: Some(50),
        })
        .await
        .expect("batch");
    tokio::time::timeout(Duration::from_secs(120), engine.wait_idle())
        .await
        .expect("batch finishes");
    let view = engine.get_batch(&started.batch_id).await.expect("view");
    let c = &view.counts;
    assert_eq!(c.done + c.failed, n as u32, "every subject settled: {c:?}");
    view
}

/// Everything is ready within 0.1 s; a fixed 1 s interval waits it once, then finds it all:
/// one status request per session (half a request per entity), each entity downloaded after
/// at least the jittered interval.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_interval_is_a_knob() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    // No webhook receiver: a hook would wake the sessions early.
    let engine = Engine::open(EngineConfig {
        data_dir: dir.path().to_path_buf(),
        environment: EnvironmentKind::Sandbox,
        sandbox_url: Some(sb.base_url()),
        secret_store: Some(Arc::new(MemoryStore::new())),
        webhooks: false,
    })
    .await
    .expect("engine opens");
    engine.set_poll_policy(PollPolicy::Fixed {
        interval: Duration::from_secs(1),
    });
    batch(&engine, 10, 91_000_000).await;
    let lag = sb.stats_for(50).await.lag;
    assert_eq!(lag.status_requests, 10, "{lag:?}");
    assert!(
        lag.p50_ms >= 650.0,
        "a 1 s interval (±20 %) cannot notice sooner: {lag:?}"
    );
    engine.shutdown().await;
    sb.shutdown().await;
}

/// With the receiver on (the test helpers open with it) and hooks arriving, the adaptive policy
/// asks once per hook: about one status request per entity, nothing left undownloaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_webhooks_status_requests_follow_the_hooks() {
    let sb = sandbox(Knobs {
        latency_scale: 0.05,
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    batch(&engine, 20, 91_100_000).await;
    let stats = sb.stats_for(50).await;
    let lag = &stats.lag;
    assert_eq!(lag.downloaded, lag.entities, "{lag:?}");
    assert!(stats.webhooks_sent > 0);
    assert!(lag.polls_per_entity <= 1.5, "{lag:?}");
    engine.shutdown().await;
    sb.shutdown().await;
}
