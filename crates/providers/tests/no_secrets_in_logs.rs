//! Runs a full flow with every tracing event (ours, reqwest's, hyper's, rustls' via `log`) at
//! TRACE written to a buffer, then checks that no secret appears in it.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use amldesk_core::Country;
use amldesk_providers::{OrgReport, SCOPE_BASIC, SCOPE_CREDIT, SCOPE_OFAC};
use amldesk_sandbox::credentials as cred;
use base64::Engine;
use common::*;
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs_at_trace_level() {
    let buf = Buf::default();
    let writer = buf.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber in this test binary");

    let sb = sandbox_with(|k| k.token_lifetime_s = 1).await;
    let p = providers(&sb);
    let c = creds();
    tracing::trace!(credentials = ?c, "credentials in use");

    let created = p
        .org
        .create_session(Country::No, &equinor(Some("log-test")))
        .await
        .expect("created");
    let id = created.session_id;
    poll_until(|| p.org.status(&id), all_ready).await;
    p.org.json(&id).await.expect("json");
    p.org.report(&id, OrgReport::Aml).await.expect("pdf");
    p.bo.access_rights().await.expect("rights");
    // A 401 and its retry are logged too.
    sb.reset();
    p.bo.access_rights().await.expect("rights after retry");
    p.amlyze
        .push(
            &[json!({"communicationNumber": "log-1", "customerExtId": "x"})],
            true,
        )
        .await
        .expect("amlyze");
    let created = p
        .peer
        .create_request("Name", &[("AB123456".into(), "+380501234567".into())])
        .await
        .expect("peer");
    let ids: Vec<String> = created
        .requests()
        .iter()
        .filter_map(|r| r.id_request.clone())
        .collect();
    p.peer.respond("Name", &ids, 5).await.expect("respond");

    // The secrets actually used on the wire.
    let org_scopes = [SCOPE_BASIC, SCOPE_OFAC, SCOPE_CREDIT]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let bo_scopes = [SCOPE_BASIC.to_string()].into_iter().collect();
    let org_token = p.oidc.token(&org_scopes).await.expect("org token");
    let bo_token = p.oidc.token(&bo_scopes).await.expect("bo token");
    let peer_key = p.peer.auth().key().await.expect("peer key");
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let secrets = [
        cred::OIDC_CLIENT_SECRET.to_string(),
        cred::AMLYZE_TOKEN.to_string(),
        org_token.expose().to_string(),
        bo_token.expose().to_string(),
        peer_key.expose().to_string(),
        b64(&format!(
            "{}:{}",
            cred::OIDC_CLIENT_ID,
            cred::OIDC_CLIENT_SECRET
        )),
        b64(&format!("{}:{}", cred::PEER_USER, cred::PEER_PASSWORD)),
    ];
    sb.shutdown().await;

    let logs = String::from_utf8(buf.0.lock().expect("log buffer").clone()).expect("utf-8 logs");
    assert!(
        logs.lines().count() > 20,
        "the subscriber captured the flow:\n{logs}"
    );
    assert!(
        logs.contains("upstream answer"),
        "our own events are captured"
    );
    assert!(logs.contains("credentials in use"));
    assert!(
        logs.contains("hyper_util") && logs.contains("reqwest"),
        "the HTTP stack's own trace events are captured too"
    );
    for s in &secrets {
        assert!(s.len() >= 8, "a secret worth looking for");
        assert!(
            !logs.contains(s.as_str()),
            "a secret leaked into the logs:\n{logs}"
        );
    }
}
