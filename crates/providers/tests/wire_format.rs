//! What goes on the wire, seen by a bare TCP listener: user agent, gzip, and the exact
//! `Authorization` headers (the peer key is sent without `Bearer`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use amldesk_providers::{Credentials, Environment, Http, HttpConfig, Providers, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Answers each request with the next canned JSON body and records every request head.
async fn fake_server(answers: Vec<&'static str>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    tokio::spawn(async move {
        for body in answers {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match sock.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            seen.lock()
                .expect("heads")
                .push(String::from_utf8_lossy(&buf).into_owned());
            let resp = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
        }
    });
    (base, heads)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn headers_on_the_wire() {
    let (base, heads) = fake_server(vec![
        r#"{"token":"peer-key-123","expiresAt":"2099-01-01T00:00:00Z"}"#,
        r#"{"response":{"status":"OK","message":""},"parametrRequest":[]}"#,
        r#"{"results":[],"timeElapsedMs":1}"#,
    ])
    .await;
    let http = Http::new(HttpConfig {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        user_agent: amldesk_providers::default_user_agent(),
    })
    .expect("http");
    let env = Environment::sandbox(format!("{base}/discovery"), base.clone());
    let creds = Credentials {
        oidc_secret: Secret::new("unused"),
        amlyze_token: Some(Secret::new("amlyze-tok")),
        peer_user: Some("user".into()),
        peer_password: Some(Secret::new("pass")),
    };
    let p = Providers::new(http, env, creds);
    p.peer
        .create_request("Name", &[("AB1".into(), "0501234567".into())])
        .await
        .expect("peer");
    p.amlyze
        .push(&[serde_json::json!({})], true)
        .await
        .expect("amlyze");

    let heads = heads.lock().expect("heads").clone();
    assert_eq!(heads.len(), 3);
    for h in &heads {
        assert_eq!(
            header(h, "user-agent"),
            Some(format!("AML-Desk/{}", env!("CARGO_PKG_VERSION")).as_str())
        );
        assert!(header(h, "accept-encoding").is_some_and(|v| v.contains("gzip")));
    }
    assert!(heads[0].starts_with("GET /auth/getToken "));
    // base64("user:pass")
    assert_eq!(
        header(&heads[0], "authorization"),
        Some("Basic dXNlcjpwYXNz")
    );
    assert!(heads[1].starts_with("POST /api/createrequest "));
    assert_eq!(header(&heads[1], "authorization"), Some("peer-key-123"));
    assert!(heads[2].starts_with("POST /amlyze-ws-rest/validate-batch-customers "));
    assert_eq!(
        header(&heads[2], "authorization"),
        Some("Bearer amlyze-tok")
    );
}
