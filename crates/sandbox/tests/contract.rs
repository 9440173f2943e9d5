//! Contract tests: every endpoint, error and knob over real sockets.

use amldesk_sandbox::{
    contract as c, credentials as cred, start, Knobs, SandboxConfig, SandboxHandle,
};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

/// Shape drift (`shape_drift_rate`), in this same test binary.
#[path = "contract/drift.rs"]
mod drift;

/// The benchmarks' stats, in this same test binary.
#[path = "contract/stats.rs"]
mod stats;

async fn sandbox() -> SandboxHandle {
    start(SandboxConfig::fast()).await.expect("sandbox starts")
}

/// One client for every request: building a client loads the OS certificate store (reqwest's
/// native roots), which takes long enough in a debug build to let the sandbox's clock run past
/// the states these tests look at.
fn http() -> Client {
    static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            Client::builder()
                .timeout(Duration::from_secs(10))
                // Each test has its own runtime: keep no connection past the request.
                .pool_max_idle_per_host(0)
                .build()
                .expect("client")
        })
        .clone()
}

async fn token_for(sb: &SandboxHandle, client: &str, scope: Option<&str>) -> String {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(s) = scope {
        form.push(("scope", s));
    }
    let r = http()
        .post(format!("{}{}", sb.base_url(), c::TOKEN))
        .basic_auth(client, Some(cred::OIDC_CLIENT_SECRET))
        .form(&form)
        .send()
        .await
        .expect("token request");
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    v["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

async fn token(sb: &SandboxHandle) -> String {
    token_for(sb, cred::OIDC_CLIENT_ID, None).await
}

async fn create_org(
    sb: &SandboxHandle,
    tok: &str,
    country: &str,
    body: Value,
) -> reqwest::Response {
    http()
        .post(format!("{}/organization/session/{country}", sb.base_url()))
        .bearer_auth(tok)
        .json(&body)
        .send()
        .await
        .expect("create")
}

async fn get(sb: &SandboxHandle, tok: &str, path: &str) -> reqwest::Response {
    http()
        .get(format!("{}{path}", sb.base_url()))
        .bearer_auth(tok)
        .send()
        .await
        .expect("get")
}

/// Polls the status document until `entity` leaves NOT_STARTED/IN_PROGRESS.
async fn wait_entity(sb: &SandboxHandle, tok: &str, status_path: &str, entity: &str) -> Value {
    for _ in 0..200 {
        let v: Value = get(sb, tok, status_path)
            .await
            .json()
            .await
            .expect("status json");
        let s = v[entity].as_str().unwrap_or("");
        if s == "READY" || s == "FAILED" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{entity} never finished at {status_path}");
}

const ALL_EXPANDS: [&str; 9] = [
    "address",
    "roles",
    "authorities",
    "financials.keyFigures",
    "ownership.shareholders",
    "ownership.beneficials",
    "ownership.subsidiaries",
    "ownership.indicators",
    "sanction",
];

#[tokio::test]
async fn discovery_and_token_endpoint() {
    let sb = sandbox().await;
    let d: Value = http()
        .get(sb.discovery_url())
        .send()
        .await
        .expect("d")
        .json()
        .await
        .expect("j");
    assert_eq!(
        d["token_endpoint"],
        format!("{}{}", sb.base_url(), c::TOKEN)
    );
    assert_eq!(d["aml-baseurl"], sb.base_url());

    let url = format!("{}{}", sb.base_url(), c::TOKEN);
    // client_secret_post with an explicit scope set
    let r = http()
        .post(&url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", cred::OIDC_CLIENT_ID),
            ("client_secret", cred::OIDC_CLIENT_SECRET),
            ("scope", "aml_organization/basic aml_organization/OFAC"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["expires_in"], 300);
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["scope"], "aml_organization/basic aml_organization/OFAC");

    // errors: wrong secret, unknown grant, missing grant, scope not granted, unknown scope
    type Case<'a> = (
        Vec<(&'a str, &'a str)>,
        Option<(&'a str, &'a str)>,
        u16,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            vec![("grant_type", "client_credentials")],
            Some((cred::OIDC_CLIENT_ID, "wrong")),
            401,
            "invalid_client",
        ),
        (
            vec![("grant_type", "client_credentials")],
            None,
            401,
            "invalid_client",
        ),
        (
            vec![("grant_type", "password")],
            Some((cred::OIDC_CLIENT_ID, cred::OIDC_CLIENT_SECRET)),
            400,
            "unsupported_grant_type",
        ),
        (
            vec![],
            Some((cred::OIDC_CLIENT_ID, cred::OIDC_CLIENT_SECRET)),
            400,
            "invalid_request",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("scope", c::SCOPE_OFAC),
            ],
            Some((cred::BASIC_CLIENT_ID, cred::OIDC_CLIENT_SECRET)),
            400,
            "invalid_scope",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("scope", "aml_organization/everything"),
            ],
            Some((cred::OIDC_CLIENT_ID, cred::OIDC_CLIENT_SECRET)),
            400,
            "invalid_scope",
        ),
    ];
    for (form, auth, status, error) in cases {
        let mut rb = http().post(&url).form(&form);
        if let Some((u, p)) = auth {
            rb = rb.basic_auth(u, Some(p));
        }
        let r = rb.send().await.expect("post");
        assert_eq!(r.status().as_u16(), status, "{form:?}");
        let v: Value = r.json().await.expect("json");
        assert_eq!(v["error"], error, "{form:?}");
        assert!(v["error_description"]
            .as_str()
            .is_some_and(|s| !s.is_empty()));
    }
    let st = sb.stats().await;
    assert_eq!(st.tokens_issued, 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn organization_session_full_walk_for_equinor() {
    let sb = sandbox().await;
    let tok = token(&sb).await;
    let r = create_org(
        &sb,
        &tok,
        "no",
        json!({"identifier": "923609016", "nationality": "NO", "expands": ALL_EXPANDS,
               "reports": ["aml", "certificate-of-registration"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("sid")
        .to_string();

    // Immediately: JSON in progress, reports not started (the seed's example).
    let first: Value = get(&sb, &tok, &format!("/organization/session/{sid}"))
        .await
        .json()
        .await
        .expect("j");
    assert_eq!(first["status"], "IN_PROGRESS");
    assert_eq!(first["aml-report"], "NOT_STARTED");
    // The expiry counts from availability: not told while nothing is available (counted from
    // a pending entity, it would tell the client when that entity will be ready).
    assert!(first.get("expiresAt").is_none(), "{first}");
    // Not ready yet: 409
    let early = get(
        &sb,
        &tok,
        &format!("/organization/session/{sid}/report/aml"),
    )
    .await;
    assert_eq!(early.status(), 409);

    let path = format!("/organization/session/{sid}");
    wait_entity(&sb, &tok, &path, "jsonData").await;
    let j: Value = get(&sb, &tok, &format!("{path}/json"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(j["sandbox"], true);
    assert_eq!(j["keyInformation"]["name"], "EQUINOR ASA");
    let holders = j["ownership"]["shareholders"]
        .as_array()
        .expect("shareholders");
    let state = holders
        .iter()
        .find(|h| h["organizationNumber"] == "912660680")
        .expect("state owner");
    assert!(state["percentage"].as_f64().expect("pct") > 50.0);
    let chain = holders
        .iter()
        .find(|h| h["organizationNumber"] == "921111118")
        .expect("chain");
    assert_eq!(chain["type"], "organization");
    assert!(chain["votingPercentage"].is_number());
    let bos = j["ownership"]["beneficials"]
        .as_array()
        .expect("beneficials");
    assert!(bos
        .iter()
        .any(|b| b["reason"] == "INDIRECT_OWNERSHIP" && b["reasonPhrase"].is_string()));
    let hits = j["sanction"]["hits"].as_array().expect("hits");
    assert!(hits
        .iter()
        .any(|h| h["category"] == "SANCTION" && h["matchIndicator"].as_u64() >= Some(450)));
    assert!(hits.iter().any(|h| h["category"] == "PEP"));
    // the full client has the OFAC scope: OFAC hit included
    assert!(hits.iter().any(|h| h["source"] == "OFAC_SDN"));
    assert!(j["financials"]["keyFigures"]["years"]
        .as_array()
        .is_some_and(|y| y.len() == 3));
    assert!(j["roles"]["ceo"].as_array().is_some_and(|r| !r.is_empty()));
    assert!(j["address"]["visitingAddress"]["city"] == "STAVANGER");

    // Walk the chain: each intermediate holding company is served with its own shareholders.
    let mut id = "921111118".to_string();
    let mut levels = 0;
    while levels < 10 {
        let r = create_org(
            &sb,
            &tok,
            "no",
            json!({"identifier": id, "expands": ["ownership.shareholders"]}),
        )
        .await;
        let s = r.json::<Value>().await.expect("j")["sessionId"]
            .as_str()
            .expect("sid")
            .to_string();
        wait_entity(&sb, &tok, &format!("/organization/session/{s}"), "jsonData").await;
        let v: Value = get(&sb, &tok, &format!("/organization/session/{s}/json"))
            .await
            .json()
            .await
            .expect("j");
        levels += 1;
        let next = v["ownership"]["shareholders"]
            .as_array()
            .expect("holders")
            .iter()
            .find(|h| h["type"] == "organization")
            .map(|h| h["organizationNumber"].as_str().expect("nr").to_string());
        match next {
            Some(n) => id = n,
            None => break,
        }
    }
    assert!(levels >= 4, "the chain has {levels} holding levels");

    // PDFs: real, several pages, byte-identical on repeat.
    wait_entity(&sb, &tok, &path, "aml-report").await;
    let a = get(&sb, &tok, &format!("{path}/report/aml")).await;
    assert_eq!(a.headers()["content-type"], "application/pdf");
    let a = a.bytes().await.expect("pdf");
    let b = get(&sb, &tok, &format!("{path}/report/aml"))
        .await
        .bytes()
        .await
        .expect("pdf");
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b);
    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("/Count 7"),
        "one page per section for the AML report"
    );
    wait_entity(&sb, &tok, &path, "certificate-of-registration-report").await;
    let cert = get(
        &sb,
        &tok,
        &format!("{path}/report/certificate-of-registration"),
    )
    .await;
    assert_eq!(cert.status(), 200);
    let done: Value = get(&sb, &tok, &path).await.json().await.expect("j");
    assert_eq!(done["status"], "DONE");
    let expires = chrono::DateTime::parse_from_rfc3339(
        done["expiresAt"].as_str().expect("expiresAt once done"),
    )
    .expect("RFC 3339");
    assert!(
        expires > chrono::Utc::now(),
        "results downloadable for a while after availability"
    );
    let unknown = get(&sb, &tok, &format!("{path}/report/balance-sheet")).await;
    assert_eq!(unknown.status(), 404);

    let st = sb.stats().await;
    assert_eq!(st.sessions_created.organization.get("923609016"), Some(&1));
    assert!(
        st.requests
            .get("POST /organization/session/{country}")
            .copied()
            .unwrap_or(0)
            >= 5
    );
    assert!(st
        .requests
        .contains_key("GET /organization/session/{sessionId}/report/{report}"));
    let ent = st
        .entities
        .iter()
        .find(|e| e.session_id == sid && e.entity == "aml-report")
        .expect("entity");
    assert!(ent.first_download_at.is_some());
    sb.shutdown().await;
}

#[tokio::test]
async fn scopes_gate_ofac_and_credit() {
    let sb = sandbox().await;
    let basic = token_for(&sb, cred::BASIC_CLIENT_ID, None).await;
    for (expand, scope) in [
        ("sanction.ofac", c::SCOPE_OFAC),
        ("financials.credit", c::SCOPE_CREDIT),
    ] {
        let r = create_org(
            &sb,
            &basic,
            "no",
            json!({"identifier": "923609016", "expands": [expand]}),
        )
        .await;
        assert_eq!(r.status(), 403);
        let v: Value = r.json().await.expect("j");
        assert_eq!(v["error"], "insufficient_scope");
        assert_eq!(v["requiredScope"], scope);
    }
    // plain "sanction" works without OFAC, and leaves the OFAC hits out
    let r = create_org(
        &sb,
        &basic,
        "no",
        json!({"identifier": "923609016", "expands": ["sanction"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    wait_entity(
        &sb,
        &basic,
        &format!("/organization/session/{sid}"),
        "jsonData",
    )
    .await;
    let v: Value = get(&sb, &basic, &format!("/organization/session/{sid}/json"))
        .await
        .json()
        .await
        .expect("j");
    let hits = v["sanction"]["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["source"] != "OFAC_SDN"));
    assert_eq!(v["sanction"]["ofacIncluded"], false);
    // A token with only OFAC scope and no basic cannot use the API at all.
    let ofac_only = token_for(&sb, cred::OIDC_CLIENT_ID, Some(c::SCOPE_OFAC)).await;
    let r = create_org(&sb, &ofac_only, "no", json!({"identifier": "923609016"})).await;
    assert_eq!(r.status(), 403);
    // credit with the full client works
    let full = token(&sb).await;
    let r = create_org(
        &sb,
        &full,
        "no",
        json!({"identifier": "982463718", "expands": ["financials.credit"]}),
    )
    .await;
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    wait_entity(
        &sb,
        &full,
        &format!("/organization/session/{sid}"),
        "jsonData",
    )
    .await;
    let v: Value = get(&sb, &full, &format!("/organization/session/{sid}/json"))
        .await
        .json()
        .await
        .expect("j");
    assert!(v["financials"]["credit"]["score"].is_number());
    sb.shutdown().await;
}

#[tokio::test]
async fn request_errors_are_clear() {
    let sb = sandbox().await;
    let tok = token(&sb).await;
    let cases = [
        (
            "no",
            json!({"identifier": "988077918"}),
            400,
            "invalid_identifier",
        ),
        ("no", json!({}), 400, "invalid_identifier"),
        (
            "se",
            json!({"identifier": "1234567891"}),
            400,
            "invalid_identifier",
        ),
        (
            "no",
            json!({"identifier": "923609016", "expands": ["everything"]}),
            400,
            "invalid_expand",
        ),
        (
            "no",
            json!({"identifier": "923609016", "reports": ["balance"]}),
            400,
            "invalid_report",
        ),
        (
            "xx",
            json!({"identifier": "923609016"}),
            404,
            "unknown_country",
        ),
    ];
    for (country, body, status, code) in cases {
        let r = create_org(&sb, &tok, country, body.clone()).await;
        assert_eq!(r.status().as_u16(), status, "{body}");
        let v: Value = r.json().await.expect("j");
        assert_eq!(v["error"], code, "{body}");
        assert!(v["message"].as_str().is_some_and(|m| m.len() > 10));
    }
    // no token, wrong token
    let r = http()
        .post(format!("{}/organization/session/no", sb.base_url()))
        .json(&json!({"identifier": "923609016"}))
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    let r = create_org(&sb, "not-a-token", "no", json!({"identifier": "923609016"})).await;
    assert_eq!(r.status(), 401);
    // another client's session is not visible
    let r = create_org(&sb, &tok, "no", json!({"identifier": "923609016"})).await;
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    let other = token_for(&sb, cred::BASIC_CLIENT_ID, None).await;
    assert_eq!(
        get(&sb, &other, &format!("/organization/session/{sid}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        get(&sb, &tok, "/organization/session/nope").await.status(),
        404
    );
    // unknown path
    assert_eq!(get(&sb, &tok, "/nothing/here").await.status(), 404);
    sb.shutdown().await;
}

#[tokio::test]
async fn country_variants_and_synthetic_companies() {
    let sb = sandbox().await;
    let tok = token(&sb).await;
    for (country, id, field) in [
        ("se", "5560160680", "vatNumber"),
        ("fi", "0112038-9", "businessId"),
        ("no", "123456785", "previousNames"),
        ("dk", "12345678", "cvr"),
    ] {
        let r = create_org(
            &sb,
            &tok,
            country,
            json!({"identifier": id, "expands": ["ownership.shareholders"]}),
        )
        .await;
        assert_eq!(r.status(), 201, "{country} {id}");
        let sid = r.json::<Value>().await.expect("j")["sessionId"]
            .as_str()
            .expect("s")
            .to_string();
        wait_entity(
            &sb,
            &tok,
            &format!("/organization/session/{sid}"),
            "jsonData",
        )
        .await;
        let v: Value = get(&sb, &tok, &format!("/organization/session/{sid}/json"))
            .await
            .json()
            .await
            .expect("j");
        assert!(
            v["keyInformation"].get(field).is_some(),
            "{country}: {field}"
        );
        assert_eq!(v["sandbox"], true);
    }
    // Nokia keeps its registry facts
    let r = create_org(
        &sb,
        &tok,
        "fi",
        json!({"identifier": "0112038-9", "expands": ["address"]}),
    )
    .await;
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    wait_entity(
        &sb,
        &tok,
        &format!("/organization/session/{sid}"),
        "jsonData",
    )
    .await;
    let v: Value = get(&sb, &tok, &format!("/organization/session/{sid}/json"))
        .await
        .json()
        .await
        .expect("j");
    assert_eq!(v["keyInformation"]["name"], "Nokia Oyj");
    assert_eq!(v["address"]["visitingAddress"]["city"], "ESPOO");
    sb.shutdown().await;
}

#[tokio::test]
async fn failing_subject_fails_and_sends_failed_webhook() {
    let sb = sandbox().await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Value>();
    let app = axum::Router::new().route(
        "/hooks/bankid",
        axum::routing::post(move |axum::Json(v): axum::Json<Value>| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(v);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let hook_url = format!(
        "http://{}/hooks/bankid",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move { axum::serve(listener, app).await });

    let tok = token(&sb).await;
    let r = create_org(
        &sb,
        &tok,
        "no",
        json!({"identifier": "999999999", "reports": ["aml"], "webhook": {"url": hook_url}}),
    )
    .await;
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    let st = wait_entity(
        &sb,
        &tok,
        &format!("/organization/session/{sid}"),
        "jsonData",
    )
    .await;
    assert_eq!(st["jsonData"], "FAILED");
    assert_eq!(st["status"], "FAILED");
    let j = get(&sb, &tok, &format!("/organization/session/{sid}/json")).await;
    assert_eq!(j.status(), 409);
    let ev = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("webhook in time")
        .expect("event");
    assert_eq!(ev["event"], "Failed");
    assert_eq!(ev["sessionId"], sid.as_str());

    // a good session sends JsonDataReady, ReportReady, AllDone
    let r = create_org(
        &sb,
        &tok,
        "no",
        json!({"identifier": "923609016", "reports": ["aml"], "webhook": {"url": hook_url}}),
    )
    .await;
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    let mut got = Vec::new();
    while got.len() < 3 {
        let ev = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("webhook in time")
            .expect("event");
        assert_eq!(ev["sessionId"], sid.as_str());
        got.push(ev["event"].as_str().expect("event").to_string());
    }
    assert_eq!(got, ["JsonDataReady", "ReportReady", "AllDone"]);
    // the sender counts after the receiver answered: give it a moment
    let mut sent = 0;
    for _ in 0..100 {
        sent = sb.stats().await.webhooks_sent;
        if sent == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sent, 4);
    sb.shutdown().await;
}

#[tokio::test]
async fn without_dedup_a_repeated_reference_creates_again_and_is_not_found() {
    let sb = sandbox().await;
    let tok = token(&sb).await;
    let body = json!({"identifier": "982463718", "clientReference": "case-8/lookup-1"});
    let a = create_org(&sb, &tok, "no", body.clone()).await;
    assert_eq!(a.status(), 201);
    let b = create_org(&sb, &tok, "no", body).await;
    assert_eq!(
        b.status(),
        201,
        "off by default: no vendor promises de-duplication"
    );
    assert_eq!(
        get(
            &sb,
            &tok,
            "/organization/session?clientReference=case-8%2Flookup-1"
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        sb.stats().await.sessions_created.organization["982463718"],
        2
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn idempotent_create_by_client_reference() {
    let sb = sandbox().await;
    sb.set_knobs(Knobs {
        client_reference_dedup: true,
        ..sb.knobs()
    });
    let tok = token(&sb).await;
    let body = json!({"identifier": "982463718", "clientReference": "case-7/lookup-1"});
    let a = create_org(&sb, &tok, "no", body.clone()).await;
    assert_eq!(a.status(), 201);
    let a: Value = a.json().await.expect("j");
    let b = create_org(&sb, &tok, "no", body).await;
    assert_eq!(b.status(), 200);
    let b: Value = b.json().await.expect("j");
    assert_eq!(a["sessionId"], b["sessionId"]);
    // header form
    let r = http()
        .post(format!("{}/organization/session/no", sb.base_url()))
        .bearer_auth(&tok)
        .header("X-Client-Reference", "case-7/lookup-1")
        .json(&json!({"identifier": "982463718"}))
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 200);
    let found = get(
        &sb,
        &tok,
        "/organization/session?clientReference=case-7%2Flookup-1",
    )
    .await;
    assert_eq!(found.status(), 200);
    assert_eq!(
        found.json::<Value>().await.expect("j")["sessionId"],
        a["sessionId"]
    );
    assert_eq!(
        get(&sb, &tok, "/organization/session?clientReference=nope")
            .await
            .status(),
        404
    );
    assert_eq!(
        sb.stats()
            .await
            .sessions_created
            .organization
            .get("982463718"),
        Some(&1)
    );
    // beneficial too
    let mk = || async {
        http()
            .post(format!("{}/beneficial/session/", sb.base_url()))
            .bearer_auth(&tok)
            .json(&json!({"identifier": "984851006", "clientReference": "b-1"}))
            .send()
            .await
            .expect("r")
    };
    assert_eq!(mk().await.status(), 201);
    assert_eq!(mk().await.status(), 200);
    assert_eq!(
        get(&sb, &tok, "/beneficial/session?clientReference=b-1")
            .await
            .status(),
        200
    );
    assert_eq!(
        sb.stats()
            .await
            .sessions_created
            .beneficial
            .get("984851006"),
        Some(&1)
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn beneficial_owners_and_national_registry() {
    let sb = sandbox().await;
    let tok = token(&sb).await;
    let ar: Value = get(&sb, &tok, "/beneficial/access-rights")
        .await
        .json()
        .await
        .expect("j");
    assert_eq!(ar["nationalRegistry"], "NOT_GRANTED");
    let run = |sb: &SandboxHandle, tok: String| {
        let base = sb.base_url();
        async move {
            let r = http()
                .post(format!("{base}/beneficial/session/"))
                .bearer_auth(&tok)
                .json(&json!({"identifier": "984851006", "expands": ["citizenship", "birthplace"]}))
                .send()
                .await
                .expect("r");
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.expect("j")["sessionId"]
                .as_str()
                .expect("s")
                .to_string()
        }
    };
    let sid = run(&sb, tok.clone()).await;
    let path = format!("/beneficial/session/{sid}");
    wait_entity(&sb, &tok, &path, "jsonData").await;
    let v: Value = get(&sb, &tok, &format!("{path}/json"))
        .await
        .json()
        .await
        .expect("j");
    let bos = v["beneficialOwners"].as_array().expect("bos");
    assert!(bos.iter().any(
        |b| b["reason"] == "INDIRECT_CONTROL_THROUGH_ROLE_IN_FOUNDATION"
            && b["percentageControl"].is_null()
    ));
    assert!(bos
        .iter()
        .all(|b| b.get("citizenship").is_none() && b.get("birthplace").is_none()));
    wait_entity(&sb, &tok, &path, "report").await;
    let pdf = get(&sb, &tok, &format!("{path}/report"))
        .await
        .bytes()
        .await
        .expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));

    sb.set_knobs(Knobs {
        national_registry: "GRANTED".into(),
        ..sb.knobs()
    });
    let sid = run(&sb, tok.clone()).await;
    wait_entity(&sb, &tok, &format!("/beneficial/session/{sid}"), "jsonData").await;
    let v: Value = get(&sb, &tok, &format!("/beneficial/session/{sid}/json"))
        .await
        .json()
        .await
        .expect("j");
    assert!(v["beneficialOwners"]
        .as_array()
        .expect("bos")
        .iter()
        .all(|b| b["citizenship"].is_string()));
    sb.shutdown().await;
}

#[tokio::test]
async fn amlyze_batch_validate_and_events() {
    let sb = sandbox().await;
    let good_ind = json!({"communicationNumber": "cn-1", "requester": "AMLDESK", "action": "CREATE", "riskLevel": "LOW",
        "riskManagementCategory": "IND", "customerExtId": "ext-1", "customerStatus": "ACTIVE", "entityType": "INDIVIDUAL",
        "applicationDate": "2026-01-01", "firstName": "Viktor", "lastName": "Sanko", "citizenshipCountry": "CY"});
    let good_org = json!({"communicationNumber": "cn-2", "action": "CREATE", "riskLevel": "MEDIUM", "riskManagementCategory": "ORG",
        "customerExtId": "ext-2", "customerStatus": "ACTIVE", "entityType": "ORGANIZATION", "applicationDate": "2026-01-01",
        "title": "EQUINOR ASA", "registrationCountry": "NO", "legalForm": "ASA"});
    let mut no_ext = good_org.clone();
    no_ext["communicationNumber"] = json!("cn-3");
    no_ext.as_object_mut().expect("o").remove("customerExtId");
    let mut ind_with_title = good_ind.clone();
    ind_with_title["communicationNumber"] = json!("cn-4");
    ind_with_title["title"] = json!("Dr");
    let mut bad_date = good_org.clone();
    bad_date["communicationNumber"] = json!("cn-5");
    bad_date["applicationDate"] = json!("01.01.2026");
    let mut dup = good_org.clone();
    dup["customerExtId"] = json!("ext-9");
    let url = |p: &str| format!("{}{p}", sb.base_url());
    let body = json!({"customers": [good_ind, good_org, no_ext, ind_with_title, bad_date, dup]});

    let unauth = http()
        .post(url(c::AMLYZE_BATCH))
        .json(&body)
        .send()
        .await
        .expect("r");
    assert_eq!(unauth.status(), 401);

    let v: Value = http()
        .post(url(c::AMLYZE_VALIDATE))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    let codes: Vec<Value> = v["results"]
        .as_array()
        .expect("r")
        .iter()
        .map(|r| r["errorCode"].clone())
        .collect();
    assert_eq!(
        codes,
        [
            Value::Null,
            Value::Null,
            json!("C002"),
            json!("C014"),
            json!("C012"),
            json!("O005")
        ]
    );

    let r = http()
        .post(url(c::AMLYZE_BATCH))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .json(&body)
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 200, "a 200 can hold rejected rows");
    let v: Value = r.json().await.expect("j");
    let types: Vec<&str> = v["results"]
        .as_array()
        .expect("r")
        .iter()
        .map(|r| r["resultType"].as_str().expect("t"))
        .collect();
    assert_eq!(
        types,
        [
            "REQUEST_ACCEPTED",
            "REQUEST_ACCEPTED",
            "REQUEST_REJECTED",
            "REQUEST_REJECTED",
            "REQUEST_REJECTED",
            "REQUEST_REJECTED"
        ]
    );
    // saved now: importing cn-1 again is O005
    let again: Value = http()
        .post(url(c::AMLYZE_BATCH))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .json(&json!({"customers": [body["customers"][0]]}))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    assert_eq!(again["results"][0]["errorCode"], "O005");

    // events arrive some time after the import
    let mut events = Vec::new();
    for _ in 0..300 {
        let v: Value = http()
            .get(url(
                "/api/integration-services/v1/communications-events/cn-1",
            ))
            .bearer_auth(cred::AMLYZE_TOKEN)
            .send()
            .await
            .expect("r")
            .json()
            .await
            .expect("j");
        events = v["events"].as_array().cloned().unwrap_or_default();
        if events.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(events[0]["type"], c::EVENT_KYC_SCORING);
    assert_eq!(events[0]["data"]["initialRiskLevel"], "LOW");
    assert_eq!(events[1]["type"], c::EVENT_SCREENING);
    assert_eq!(events[1]["data"]["result"], "POTENTIAL_MATCH");
    // UPDATE of an existing customer is accepted and starts a new assessment; the earlier
    // events stay listed. UPDATE of an unknown number is refused (O006, ours).
    let mut update = body["customers"][0].clone();
    update["action"] = json!("UPDATE");
    let mut unknown = update.clone();
    unknown["communicationNumber"] = json!("cn-never");
    let v: Value = http()
        .post(url(c::AMLYZE_BATCH))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .json(&json!({"customers": [update, unknown]}))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    assert_eq!(v["results"][0]["resultType"], "REQUEST_ACCEPTED", "{v}");
    assert_eq!(v["results"][1]["errorCode"], "O006", "{v}");
    let mut all = Vec::new();
    for _ in 0..300 {
        let v: Value = http()
            .get(url(
                "/api/integration-services/v1/communications-events/cn-1",
            ))
            .bearer_auth(cred::AMLYZE_TOKEN)
            .send()
            .await
            .expect("r")
            .json()
            .await
            .expect("j");
        all = v["events"].as_array().cloned().unwrap_or_default();
        if all.len() == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(
        all[..2],
        events[..],
        "the first assessment's events stay as they were"
    );
    assert_ne!(
        all[2]["id"], events[0]["id"],
        "a new assessment has new event ids"
    );
    let missing = http()
        .get(url(
            "/api/integration-services/v1/communications-events/nope",
        ))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .send()
        .await
        .expect("r");
    assert_eq!(missing.status(), 404);
    // whole-request failure
    let bad = http()
        .post(url(c::AMLYZE_BATCH))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .body("not json")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("r");
    assert_eq!(bad.status(), 400);
    sb.shutdown().await;
}

#[tokio::test]
async fn peer_request_reaches_done() {
    let sb = sandbox().await;
    let url = |p: &str| format!("{}{p}", sb.base_url());
    let bad = http()
        .get(url(c::PEER_TOKEN))
        .basic_auth("sandbox", Some("nope"))
        .send()
        .await
        .expect("r");
    assert_eq!(bad.status(), 401);
    let t: Value = http()
        .get(url(c::PEER_TOKEN))
        .basic_auth(cred::PEER_USER, Some(cred::PEER_PASSWORD))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    let key = t["token"].as_str().expect("token").to_string();
    assert!(t["expiresAt"].is_string());
    let noauth = http()
        .post(url(c::PEER_CREATE))
        .json(&json!({}))
        .send()
        .await
        .expect("r");
    assert_eq!(noauth.status(), 401);
    let badphone = http().post(url(c::PEER_CREATE)).header("Authorization", &key)
        .json(&json!({"type_request": "Identity", "value": [{"IdDocument": "AB123", "PhoneNumber": "+38050123"}]})).send().await.expect("r");
    assert_eq!(badphone.status(), 400);
    let v: Value = http().post(url(c::PEER_CREATE)).header("Authorization", &key)
        .json(&json!({"type_request": ["All categories"], "value": [{"IdDocument": "AB123456", "PhoneNumber": "0501234567"}]}))
        .send().await.expect("r").json().await.expect("j");
    let id = v["parametrRequest"][0]["idRequest"]
        .as_str()
        .expect("id")
        .to_string();
    let first: Value = http()
        .post(url(c::PEER_RESPOND))
        .header("Authorization", &key)
        .json(&json!({"type_request": "All categories", "idRequest": [id]}))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    assert_eq!(first["parametrRequest"][0]["status"], "Panding");
    let mut last = Value::Null;
    for _ in 0..300 {
        last = http()
            .post(url(c::PEER_RESPOND))
            .header("Authorization", &key)
            .json(&json!({"type_request": "All categories", "period": 5}))
            .send()
            .await
            .expect("r")
            .json()
            .await
            .expect("j");
        if last["parametrRequest"][0]["status"] == "Done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(last["parametrRequest"][0]["status"], "Done");
    let details = last["parametrRequest"][0]["requestDetails"]
        .as_array()
        .expect("details");
    let groups: Vec<&str> = details
        .iter()
        .map(|d| d["groupData"].as_str().expect("g"))
        .collect();
    let mut sorted = groups.clone();
    sorted.dedup();
    assert!(sorted.len() >= 5, "grouped by groupData");
    // each group is contiguous
    let mut seen = Vec::new();
    for g in &groups {
        if seen.last() != Some(g) {
            assert!(!seen.contains(g), "group {g} is split");
            seen.push(*g);
        }
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn knobs_faults_and_control() {
    let sb = sandbox().await;
    let url = |p: &str| format!("{}{p}", sb.base_url());
    let tok = token(&sb).await;
    let set = |patch: Value| {
        let u = url(c::CONTROL_KNOBS);
        async move { http().post(u).json(&patch).send().await.expect("knobs") }
    };
    // invalid knobs are refused with the name of the knob
    let r = set(json!({"reset_rate": 3})).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.expect("t").contains("reset_rate"));

    // 5xx, and never on /_sandbox
    assert_eq!(set(json!({"error_5xx_rate": 1.0})).await.status(), 200);
    let r = http().get(sb.discovery_url()).send().await.expect("r");
    assert!(r.status().is_server_error());
    assert_eq!(
        http()
            .get(url(c::CONTROL_STATS))
            .send()
            .await
            .expect("r")
            .status(),
        200
    );
    // resets: the connection drops without an answer
    set(json!({"error_5xx_rate": 0.0, "reset_rate": 1.0})).await;
    let e = http()
        .get(sb.discovery_url())
        .send()
        .await
        .expect_err("connection dropped");
    assert!(!e.is_status());
    assert_eq!(
        http()
            .get(url(c::CONTROL_KNOBS))
            .send()
            .await
            .expect("r")
            .status(),
        200
    );
    // malformed JSON
    set(json!({"reset_rate": 0.0, "malformed_json_rate": 1.0})).await;
    let body = http()
        .get(sb.discovery_url())
        .send()
        .await
        .expect("r")
        .bytes()
        .await
        .expect("b");
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    // truncated PDF
    set(json!({"malformed_json_rate": 0.0})).await;
    let r = create_org(
        &sb,
        &tok,
        "no",
        json!({"identifier": "974760673", "reports": ["certificate-of-registration"]}),
    )
    .await;
    let sid = r.json::<Value>().await.expect("j")["sessionId"]
        .as_str()
        .expect("s")
        .to_string();
    wait_entity(
        &sb,
        &tok,
        &format!("/organization/session/{sid}"),
        "certificate-of-registration-report",
    )
    .await;
    let full = get(
        &sb,
        &tok,
        &format!("/organization/session/{sid}/report/certificate-of-registration"),
    )
    .await
    .bytes()
    .await
    .expect("b");
    set(json!({"truncated_pdf_rate": 1.0})).await;
    let cut = get(
        &sb,
        &tok,
        &format!("/organization/session/{sid}/report/certificate-of-registration"),
    )
    .await
    .bytes()
    .await
    .expect("b");
    assert!(cut.len() < full.len());
    assert!(full.ends_with(b"%%EOF") || full.ends_with(b"%%EOF\n"));
    // rate limit
    set(json!({"truncated_pdf_rate": 0.0, "rate_limit_per_sec": 2, "retry_after_s": 7})).await;
    let mut limited = None;
    for _ in 0..6 {
        let r = http().get(sb.discovery_url()).send().await.expect("r");
        if r.status() == 429 {
            limited = Some(r);
            break;
        }
    }
    let limited = limited.expect("a 429 within 6 requests");
    assert_eq!(limited.headers()["retry-after"], "7");
    // token lifetime
    set(json!({"rate_limit_per_sec": null, "token_lifetime_s": 1})).await;
    let short = token(&sb).await;
    assert_eq!(
        get(&sb, &short, "/beneficial/access-rights").await.status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = get(&sb, &short, "/beneficial/access-rights").await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.expect("t").contains("expired"));
    // result lifetime: 410 Gone
    set(json!({"result_lifetime_s": 0})).await;
    let r = get(&sb, &tok, &format!("/organization/session/{sid}/json")).await;
    assert_eq!(r.status(), 410);
    // max concurrent sessions
    set(json!({"result_lifetime_s": 7200, "max_concurrent_sessions": 1, "latency_scale": 10.0}))
        .await;
    let a = create_org(&sb, &tok, "no", json!({"identifier": "923609016"})).await;
    assert_eq!(a.status(), 201);
    let b = create_org(&sb, &tok, "no", json!({"identifier": "923609016"})).await;
    assert_eq!(b.status(), 429);
    assert!(b.headers().contains_key("retry-after"));
    // reset clears state and knobs
    let r: Value = http()
        .post(url(c::CONTROL_RESET))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    assert_eq!(r["knobs"]["max_concurrent_sessions"], Value::Null);
    let st = sb.stats().await;
    assert!(st.requests.is_empty() && st.entities.is_empty() && st.tokens_issued == 0);
    assert_eq!(
        get(&sb, &tok, "/beneficial/access-rights").await.status(),
        401,
        "tokens are forgotten"
    );
    let k: Value = http()
        .get(url(c::CONTROL_KNOBS))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    assert_eq!(k["latency_scale"], 0.01);
    sb.shutdown().await;
}

#[tokio::test]
async fn same_seed_same_run() {
    async fn run() -> (String, String) {
        let sb = sandbox().await;
        let tok = token(&sb).await;
        let r = create_org(&sb, &tok, "no", json!({"identifier": "923609016"})).await;
        let sid = r.json::<Value>().await.expect("j")["sessionId"]
            .as_str()
            .expect("s")
            .to_string();
        sb.shutdown().await;
        (tok, sid)
    }
    let a = run().await;
    let b = run().await;
    assert_eq!(a, b);
}
