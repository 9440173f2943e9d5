//! Requests per second the sandbox serves: `cargo run --release -p amldesk-sandbox --example bench
//! [seconds] [concurrency]`. Client and server share the machine, so this is a lower bound.

use amldesk_sandbox::{credentials as cred, start, SandboxConfig};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let conc: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let sb = start(SandboxConfig::fast()).await?;
    let base = sb.base_url();
    let client = reqwest::Client::new();
    let tok: Value = client
        .post(format!(
            "{base}/auth/realms/sandbox/protocol/openid-connect/token"
        ))
        .basic_auth(cred::OIDC_CLIENT_ID, Some(cred::OIDC_CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await?
        .json()
        .await?;
    let tok = tok["access_token"].as_str().unwrap_or_default().to_string();
    let sid: Value = client
        .post(format!("{base}/organization/session/no"))
        .bearer_auth(&tok)
        .json(&json!({"identifier": "923609016", "expands": ["ownership", "sanction", "roles"]}))
        .send()
        .await?
        .json()
        .await?;
    let sid = sid["sessionId"].as_str().unwrap_or_default().to_string();
    tokio::time::sleep(Duration::from_millis(100)).await;

    for (label, path) in [
        ("session status", format!("/organization/session/{sid}")),
        (
            "result JSON (Equinor, ownership+sanction+roles)",
            format!("/organization/session/{sid}/json"),
        ),
    ] {
        let count = Arc::new(AtomicU64::new(0));
        let errors = Arc::new(AtomicU64::new(0));
        let end = Instant::now() + Duration::from_secs(secs);
        let mut tasks = Vec::new();
        for _ in 0..conc {
            let (client, url, tok) = (client.clone(), format!("{base}{path}"), tok.clone());
            let (count, errors) = (count.clone(), errors.clone());
            tasks.push(tokio::spawn(async move {
                while Instant::now() < end {
                    match client.get(&url).bearer_auth(&tok).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let n = count.load(Ordering::Relaxed);
        println!(
            "{label}: {} req/s over {secs} s, {conc} concurrent, {} errors",
            n / secs.max(1),
            errors.load(Ordering::Relaxed)
        );
    }
    sb.shutdown().await;
    Ok(())
}
