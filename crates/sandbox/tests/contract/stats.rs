//! `/_sandbox/stats`: the benchmarks' figures (lag, requests per entity, latency model, lower
//! bound, polling optimum) over HTTP.

use super::*;

async fn stats_json(sb: &SandboxHandle, query: &str) -> Value {
    let url = format!("{}/_sandbox/stats{query}", sb.base_url());
    let r = http().get(url).send().await.expect("stats");
    r.json().await.expect("json")
}

#[tokio::test]
async fn stats_report_lag_bound_and_latency_model() {
    let sb = sandbox().await;
    let tok = token(&sb).await;
    let mut sids = Vec::new();
    for id in ["923609016", "988077917"] {
        let r = create_org(
            &sb,
            &tok,
            "no",
            json!({"identifier": id, "reports": ["aml"]}),
        )
        .await;
        assert_eq!(r.status(), 201);
        sids.push(
            r.json::<Value>().await.expect("j")["sessionId"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    // Fast latencies: everything is ready within 0.14 s.
    tokio::time::sleep(Duration::from_millis(400)).await;
    for sid in &sids {
        let base = format!("{}/organization/session/{sid}", sb.base_url());
        for url in [
            base.clone(),
            format!("{base}/json"),
            format!("{base}/report/aml"),
        ] {
            let r = http()
                .get(&url)
                .bearer_auth(&tok)
                .send()
                .await
                .expect("get");
            assert_eq!(r.status(), 200, "{url}");
        }
    }
    let v = stats_json(&sb, "?concurrency=1").await;
    let lag = &v["lag"];
    assert_eq!(lag["entities"], 4, "{v}");
    assert_eq!(lag["downloaded"], 4, "{v}");
    assert_eq!(lag["statusRequests"], 2, "{v}");
    assert_eq!(lag["pollsPerEntity"], 0.5, "{v}");
    // Downloaded ~0.26 s or more after the last readiness.
    assert!(lag["p50Ms"].as_f64().expect("p50") >= 200.0, "{v}");
    assert!(
        lag["optimalMeanLagMs"].is_null(),
        "under one request per entity: {v}"
    );
    let lb = v["lowerBoundMs"].as_f64().expect("lowerBoundMs");
    // One slot: the two sessions' durations in a row (each at most 40 + 100 ms).
    assert!(lb > 0.0 && lb <= 280.0, "{v}");
    assert_eq!(v["latency"]["kind"], "uniform");
    assert_eq!(v["latency"]["jsonMaxMs"], 40.0, "{v}");
    assert_eq!(v["latency"]["reportMinMs"], 30.0, "{v}");
    // Without the query: no bound.
    let v = stats_json(&sb, "").await;
    assert!(v.get("lowerBoundMs").is_none(), "{v}");
    for bad in ["0", "many"] {
        let r = http()
            .get(format!(
                "{}/_sandbox/stats?concurrency={bad}",
                sb.base_url()
            ))
            .send()
            .await
            .expect("stats");
        assert_eq!(r.status(), 400, "{bad}");
        let e: Value = r.json().await.expect("json");
        assert!(e.to_string().contains("concurrency"), "{e}");
    }
    sb.shutdown().await;
}
