//! Every client against the sandbox over real loopback sockets: success paths and every error
//! class.

mod common;

use std::sync::Arc;
use std::time::Duration;

use amldesk_core::model::amlyze::AmlyzeResultType;
use amldesk_core::model::bo::RegistryAccess;
use amldesk_core::model::peer::PeerStatus;
use amldesk_core::model::session::{EntityStatus, SessionState};
use amldesk_core::Country;
use amldesk_providers::{
    CreateBoSession, Credentials, ErrorKind, Http, HttpConfig, OrgReport, ProviderError, Providers,
    Secret, SCOPE_BASIC, SCOPE_OFAC,
};
use amldesk_sandbox::credentials as cred;
use common::*;
use serde_json::json;

#[tokio::test]
async fn organization_full_flow_with_idempotent_create() {
    // The [assumed] de-duplication by client reference, declared: the client finds the
    // session again.
    let sb = sandbox_with(|k| k.client_reference_dedup = true).await;
    let p = providers(&sb);

    let created = p
        .org
        .create_session(Country::No, &equinor(Some("case-1/org-1")))
        .await
        .expect("created");
    assert!(!created.reused);
    let again = p
        .org
        .create_session(Country::No, &equinor(Some("case-1/org-1")))
        .await
        .expect("idempotent create");
    assert!(again.reused);
    assert_eq!(again.session_id, created.session_id);
    assert_eq!(
        p.org
            .find_by_client_reference("case-1/org-1")
            .await
            .expect("lookup"),
        Some(created.session_id.clone())
    );
    assert_eq!(
        p.org
            .find_by_client_reference("never-used")
            .await
            .expect("lookup"),
        None
    );

    let id = created.session_id.clone();
    let status = poll_until(|| p.org.status(&id), all_ready).await;
    assert_eq!(status.state(), Some(&SessionState::Done));
    assert_eq!(status.entity("jsonData"), Some(&EntityStatus::Ready));
    assert_eq!(status.entity("aml-report"), Some(&EntityStatus::Ready));
    assert!(status.expires_at().is_some());
    assert!(status.unreadable_sections().is_empty());

    let json = p.org.json(&id).await.expect("json");
    assert_eq!(json.media_type, "application/json");
    assert_eq!(json.sha256.len(), 64);
    assert!(json.value.is_object());
    assert!(
        String::from_utf8_lossy(&json.bytes).contains("EQUINOR"),
        "the result names the company"
    );

    for r in [OrgReport::Aml, OrgReport::CertificateOfRegistration] {
        let pdf = p.org.report(&id, r).await.expect("pdf");
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(pdf.media_type, "application/pdf");
        assert_ne!(pdf.sha256, json.sha256);
    }
    // One token served the whole sequence.
    assert_eq!(sb.stats().await.tokens_issued, 1);
    assert_eq!(p.oidc.token_requests(), 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn beneficial_flow_and_access_rights() {
    // Also the [assumed] de-duplication by client reference, declared.
    let sb = sandbox_with(|k| {
        k.national_registry = "PENDING".into();
        k.client_reference_dedup = true;
    })
    .await;
    let p = providers(&sb);
    let rights = p.bo.access_rights().await.expect("rights");
    assert_eq!(rights.registry(), Some(&RegistryAccess::Pending));

    let req = CreateBoSession {
        identifier: "923609016".into(),
        expands: vec![],
        nationality: None,
        webhook: None,
        client_reference: Some("bo-ref".into()),
    };
    let created = p.bo.create_session(&req).await.expect("created");
    assert!(!created.reused);
    assert!(p.bo.create_session(&req).await.expect("again").reused);
    assert_eq!(
        p.bo.find_by_client_reference("bo-ref").await.expect("find"),
        Some(created.session_id.clone())
    );
    let id = created.session_id;
    poll_until(|| p.bo.status(&id), all_ready).await;
    assert!(p.bo.json(&id).await.expect("json").value.is_object());
    let pdf = p.bo.report(&id).await.expect("report");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    sb.shutdown().await;
}

fn individual(n: &str) -> serde_json::Value {
    json!({
        "communicationNumber": n, "requester": "AMLDESK", "action": "CREATE", "riskLevel": "LOW",
        "riskManagementCategory": "IND", "customerExtId": format!("ext-{n}"),
        "customerStatus": "ACTIVE", "entityType": "INDIVIDUAL", "applicationDate": "2024-01-01",
        "firstName": "Kari", "lastName": "Nordmann", "citizenshipCountry": "NO"
    })
}

#[tokio::test]
async fn amlyze_push_validate_and_events() {
    let sb = sandbox().await;
    let p = providers(&sb);
    let mut bad = individual("cn-2");
    bad.as_object_mut().expect("object").remove("customerExtId");
    let answer = p
        .amlyze
        .push(&[individual("cn-1"), bad.clone()], false)
        .await
        .expect("push");
    let rows = answer.rows();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].result_type, Some(AmlyzeResultType::Accepted));
    assert_eq!(rows[1].result_type, Some(AmlyzeResultType::Rejected));
    assert_eq!(rows[1].error_code.as_deref(), Some("C002"));
    assert!(answer.unreadable_sections().is_empty());
    assert!(answer.raw.get("results").is_some());

    let validated = p
        .amlyze
        .push(&[individual("cn-3")], true)
        .await
        .expect("validate");
    assert!(validated.rows()[0].is_accepted());

    let events = p.amlyze.events("cn-1").await.expect("events");
    assert!(events.error_list().is_empty());
    assert!(events.unreadable_sections().is_empty());
    let unknown = p.amlyze.events("never-imported").await.expect_err("404");
    assert_eq!(unknown.code(), ErrorKind::NotFound);

    // Wrong token: 401, not transient, tells the officer what to do.
    let mut c = creds();
    c.amlyze_token = Some(Secret::new("wrong"));
    let wrong = Providers::new(http(), env(&sb), c);
    let e = wrong
        .amlyze
        .push(&[individual("cn-9")], true)
        .await
        .expect_err("401");
    assert_eq!(e.code(), ErrorKind::Unauthenticated);
    assert!(!e.is_transient());
    assert!(e.user_message().contains("Amlyze"), "{}", e.user_message());

    let mut c = creds();
    c.amlyze_token = None;
    let none = Providers::new(http(), env(&sb), c);
    let e = none.amlyze.events("cn-1").await.expect_err("missing");
    assert_eq!(e.code(), ErrorKind::MissingCredential);
    sb.shutdown().await;
}

#[tokio::test]
async fn peer_request_respond_and_key_renewal_after_401() {
    let sb = sandbox().await;
    let p = providers(&sb);
    let created = p
        .peer
        .create_request(
            "Address",
            &[
                ("AB123456".into(), "0501234567".into()),
                ("CD654321".into(), "380671234567".into()),
            ],
        )
        .await
        .expect("created");
    assert_eq!(created.requests().len(), 2);
    assert_eq!(
        created.requests()[0].phone_number.as_deref(),
        Some("+380501234567")
    );
    let ids: Vec<String> = created
        .requests()
        .iter()
        .filter_map(|r| r.id_request.clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| !i.is_empty()));

    let mut done = false;
    for _ in 0..300 {
        let answer = p.peer.respond("Address", &ids, 60).await.expect("respond");
        assert_eq!(answer.items().len(), 2);
        assert!(answer.unreadable_sections().is_empty());
        if answer
            .items()
            .iter()
            .all(|i| i.status == Some(PeerStatus::Done))
        {
            assert!(answer.items().iter().any(|i| !i.request_details.is_empty()));
            done = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert!(done, "peer requests never finished");
    let stats = sb.stats().await;
    assert_eq!(stats.requests.get("GET /auth/getToken").copied(), Some(1));

    // The sandbox forgets every key: the client gets a 401, renews the key once, succeeds.
    sb.reset();
    p.peer
        .respond("Address", &ids, 60)
        .await
        .expect("respond after renewal");
    assert_eq!(
        sb.stats().await.requests.get("GET /auth/getToken").copied(),
        Some(1)
    );

    // Bad input never leaves the machine.
    let e = p
        .peer
        .create_request("Address", &[("AB1".into(), "12345".into())])
        .await
        .expect_err("bad phone");
    assert_eq!(e.code(), ErrorKind::Validation);
    assert!(e.user_message().contains("phone"), "{}", e.user_message());

    let mut c = creds();
    c.peer_password = Some(Secret::new("nope"));
    let wrong = Providers::new(http(), env(&sb), c);
    let e = wrong
        .peer
        .respond("Address", &ids, 60)
        .await
        .expect_err("401");
    assert_eq!(e.code(), ErrorKind::Unauthenticated);
    sb.shutdown().await;
}

#[tokio::test]
async fn token_expiry_mid_sequence_and_401_retry() {
    let sb = sandbox_with(|k| k.token_lifetime_s = 1).await;
    let p = providers(&sb);
    let created = p
        .org
        .create_session(Country::No, &equinor(None))
        .await
        .expect("created");
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let id = created.session_id;
    poll_until(|| p.org.status(&id), all_ready).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    p.org.json(&id).await.expect("json after the token expired");
    let issued = sb.stats().await.tokens_issued;
    assert!(
        issued >= 3,
        "tokens were refreshed ahead of expiry: {issued}"
    );

    // Token forgotten upstream while still valid locally: a 401, one refresh, success.
    let sb2 = sandbox().await;
    let p2 = providers(&sb2);
    p2.bo.access_rights().await.expect("first");
    sb2.reset();
    p2.bo.access_rights().await.expect("after the 401 retry");
    assert_eq!(sb2.stats().await.tokens_issued, 1);
    assert_eq!(p2.oidc.token_requests(), 2);
    sb.shutdown().await;
    sb2.shutdown().await;
}

#[tokio::test]
async fn concurrent_callers_share_one_token_request() {
    let sb = sandbox().await;
    let p = Arc::new(providers(&sb));
    let calls = (0..16).map(|_| {
        let p = Arc::clone(&p);
        async move { p.bo.access_rights().await }
    });
    for r in futures::future::join_all(calls).await {
        r.expect("access rights");
    }
    assert_eq!(sb.stats().await.tokens_issued, 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn missing_scope_is_named() {
    let sb = sandbox().await;
    // The client may not ask for OFAC: the token endpoint refuses the scope.
    let mut e = env(&sb);
    e.oidc_client_id = cred::BASIC_CLIENT_ID.into();
    let p = Providers::new(http(), e, creds());
    let err = p
        .org
        .create_session(Country::No, &equinor(None))
        .await
        .expect_err("scope refused");
    assert_eq!(err.code(), ErrorKind::Forbidden);
    assert_eq!(
        err.user_message(),
        "BankID Organization API refused the request: the client lacks the scope \
         aml_organization/OFAC. Ask your BankID contact to grant it, or untick OFAC."
    );
    assert!(!err.is_transient());

    // The token lacks OFAC and the request wants OFAC data: a 403 from the API.
    let mut e = env(&sb);
    e.scopes = vec![SCOPE_BASIC.into()];
    let p = Providers::new(http(), e, creds());
    let mut req = equinor(None);
    req.expands.push("sanction.ofac".into());
    let err = p
        .org
        .create_session(Country::No, &req)
        .await
        .expect_err("403");
    match &err {
        ProviderError::Forbidden { scope, .. } => assert_eq!(scope.as_deref(), Some(SCOPE_OFAC)),
        other => panic!("expected Forbidden, got {other:?}"),
    }
    assert!(err.user_message().contains("untick OFAC"));
    sb.shutdown().await;
}

#[tokio::test]
async fn error_classes_from_the_sandbox() {
    let sb = sandbox().await;
    let p = providers(&sb);

    // 400 with the vendor's message.
    let mut req = equinor(None);
    req.expands.push("everything".into());
    let e = p
        .org
        .create_session(Country::No, &req)
        .await
        .expect_err("400");
    assert_eq!(e.code(), ErrorKind::Validation);
    assert!(
        e.user_message().contains("everything"),
        "{}",
        e.user_message()
    );
    assert!(!e.is_transient());

    // 401: wrong client secret.
    let mut c = creds();
    c.oidc_secret = Secret::new("wrong-secret");
    let wrong = Providers::new(http(), env(&sb), c);
    let e = wrong.bo.access_rights().await.expect_err("401");
    assert_eq!(e.code(), ErrorKind::Unauthenticated);
    assert!(e.user_message().contains("client secret"));

    // 404: unknown session.
    let e = p
        .org
        .status("00000000-0000-0000-0000-000000000000")
        .await
        .expect_err("404");
    assert_eq!(e.code(), ErrorKind::NotFound);

    // 409: not ready yet (slow JSON), transient.
    knobs(&sb, |k| {
        k.json_latency_ms = (60_000, 60_000);
        k.latency_scale = 1.0;
    });
    let slow = p
        .org
        .create_session(Country::No, &equinor(None))
        .await
        .expect("created");
    let e = p.org.json(&slow.session_id).await.expect_err("not ready");
    assert_eq!(e.code(), ErrorKind::NotReady);
    assert!(e.is_transient());

    // 410: results expired.
    knobs(&sb, |k| {
        k.json_latency_ms = (0, 0);
        k.pdf_latency_ms = (0, 0);
        k.result_lifetime_s = 0;
    });
    let gone = p
        .org
        .create_session(Country::No, &equinor(None))
        .await
        .expect("created");
    let id = gone.session_id;
    poll_until(|| p.org.status(&id), all_ready).await;
    let e = p.org.json(&id).await.expect_err("410");
    assert_eq!(e.code(), ErrorKind::Expired);
    assert!(!e.is_transient());
    assert!(e.user_message().contains("two hours"));
    knobs(&sb, |k| k.result_lifetime_s = 7200);

    // 5xx.
    knobs(&sb, |k| k.error_5xx_rate = 1.0);
    let e = p.org.status(&id).await.expect_err("5xx");
    assert_eq!(e.code(), ErrorKind::Upstream);
    assert!(e.is_transient());
    knobs(&sb, |k| k.error_5xx_rate = 0.0);

    // Connection reset.
    knobs(&sb, |k| k.reset_rate = 1.0);
    let e = p.org.status(&id).await.expect_err("reset");
    assert_eq!(e.code(), ErrorKind::Offline, "{e:?}");
    assert!(e.is_transient());
    knobs(&sb, |k| k.reset_rate = 0.0);

    // Malformed JSON.
    knobs(&sb, |k| k.malformed_json_rate = 1.0);
    let e = p.org.json(&id).await.expect_err("malformed");
    assert_eq!(e.code(), ErrorKind::Malformed, "{e:?}");
    assert!(e.is_transient());
    knobs(&sb, |k| k.malformed_json_rate = 0.0);

    // Truncated PDF.
    knobs(&sb, |k| k.truncated_pdf_rate = 1.0);
    let e = p
        .org
        .report(&id, OrgReport::Aml)
        .await
        .expect_err("truncated");
    assert_eq!(e.code(), ErrorKind::Malformed, "{e:?}");
    assert!(
        e.user_message().contains("truncated"),
        "{}",
        e.user_message()
    );
    knobs(&sb, |k| k.truncated_pdf_rate = 0.0);
    p.org
        .report(&id, OrgReport::Aml)
        .await
        .expect("whole again");

    // 429 with Retry-After.
    knobs(&sb, |k| {
        k.rate_limit_per_sec = Some(1);
        k.retry_after_s = 3;
    });
    let mut limited = None;
    for _ in 0..5 {
        if let Err(e) = p.org.status(&id).await {
            limited = Some(e);
            break;
        }
    }
    let e = limited.expect("rate limited");
    assert_eq!(e.code(), ErrorKind::RateLimited);
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
    assert!(e.is_transient());
    assert!(e.user_message().contains("3 s"));
    sb.shutdown().await;
}

#[tokio::test]
async fn timeouts_and_refused_connections() {
    // A listener that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            open.push(sock);
        }
    });
    let http = Http::new(HttpConfig {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(300),
        user_agent: "test".into(),
    })
    .expect("http");
    let base = format!("http://{addr}");
    let env = amldesk_providers::Environment::sandbox(format!("{base}/discovery"), base.clone());
    let p = Providers::new(http.clone(), env, creds());
    let e = p.org.status("x").await.expect_err("timeout");
    assert_eq!(e.code(), ErrorKind::Timeout, "{e:?}");
    assert!(e.is_transient());
    let e = p
        .amlyze
        .push(&[json!({})], true)
        .await
        .expect_err("timeout");
    assert_eq!(e.code(), ErrorKind::Timeout);
    hold.abort();

    // Nothing listens on this port any more.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let base = format!("http://127.0.0.1:{port}");
    let env = amldesk_providers::Environment::sandbox(format!("{base}/d"), base.clone());
    let p = Providers::new(http, env, Credentials { ..creds() });
    let e = p.bo.access_rights().await.expect_err("offline");
    assert_eq!(e.code(), ErrorKind::Offline);
    assert!(e.is_transient());
    assert!(e.user_message().contains("could not be reached"));
}

#[tokio::test]
async fn a_client_secret_with_reserved_characters_is_form_encoded_for_basic() {
    let sb = sandbox().await;
    let mut e = env(&sb);
    e.oidc_client_id = cred::SPECIAL_CLIENT_ID.into();
    let mut c = creds();
    c.oidc_secret = Secret::new(cred::SPECIAL_CLIENT_SECRET);
    let p = Providers::new(http(), e, c);
    let created = p
        .org
        .create_session(Country::No, &equinor(None))
        .await
        .expect("the special client authenticates");
    assert!(!created.session_id.is_empty());
    // The same secret sent raw (not form-encoded, as `reqwest`'s basic_auth does) is refused:
    // the sandbox reads `+` as a space, as an RFC 6749 server does.
    let raw = reqwest::Client::new()
        .post(format!(
            "{}/auth/realms/sandbox/protocol/openid-connect/token",
            sb.base_url()
        ))
        .basic_auth(cred::SPECIAL_CLIENT_ID, Some(cred::SPECIAL_CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("answer");
    assert_eq!(raw.status(), 401);
    // The documented credentials keep working.
    let p = providers(&sb);
    p.org
        .create_session(Country::No, &equinor(None))
        .await
        .expect("the documented client still authenticates");
    sb.shutdown().await;
}

#[tokio::test]
async fn beneficial_sessions_send_nationality_for_se_and_fi() {
    let sb = sandbox().await;
    let p = providers(&sb);
    for (country, id) in [("SE", "5560160680"), ("FI", "0112038-9")] {
        let req = CreateBoSession {
            identifier: id.into(),
            expands: vec![],
            nationality: Some(country.into()),
            webhook: None,
            client_reference: None,
        };
        let created =
            p.bo.create_session(&req)
                .await
                .unwrap_or_else(|e| panic!("{country} {id}: {}", e.user_message()));
        let sid = created.session_id.clone();
        let status = poll_until(|| p.bo.status(&sid), all_ready).await;
        assert_eq!(status.state(), Some(&SessionState::Done), "{country}");
        // Without the country the number is read as Norwegian and refused.
        let mut bare = req.clone();
        bare.nationality = None;
        let err =
            p.bo.create_session(&bare)
                .await
                .expect_err("no nationality");
        assert_eq!(
            err.code(),
            ErrorKind::Validation,
            "{country}: {}",
            err.user_message()
        );
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn the_peer_api_refuses_a_bearer_prefixed_key() {
    let sb = sandbox().await;
    let client = reqwest::Client::new();
    let token: serde_json::Value = client
        .get(format!("{}/auth/getToken", sb.base_url()))
        .basic_auth(cred::PEER_USER, Some(cred::PEER_PASSWORD))
        .send()
        .await
        .expect("getToken")
        .json()
        .await
        .expect("json");
    let key = token["token"].as_str().expect("token").to_owned();
    let body = json!({"type_request": "Identity", "idRequest": ["x"], "period": 5});
    for (header, ok) in [(format!("Bearer {key}"), false), (key.clone(), true)] {
        let r = client
            .post(format!("{}/api/respond", sb.base_url()))
            .header("Authorization", header)
            .json(&body)
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status() != 401, ok, "{:?}", r.text().await);
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn reports_are_downloaded_from_the_link_the_status_gives() {
    let sb = sandbox().await;
    let p = providers(&sb);
    let created = p
        .org
        .create_session(Country::No, &equinor(None))
        .await
        .expect("created");
    let id = created.session_id.clone();
    let status = poll_until(|| p.org.status(&id), all_ready).await;
    let link = status
        .link("aml-report")
        .expect("the status links the AML report");
    assert!(link.contains("/organization/documents/"), "{link}");
    for r in [OrgReport::Aml, OrgReport::CertificateOfRegistration] {
        let pdf = p.org.report(&id, r).await.expect("pdf");
        assert!(pdf.bytes.starts_with(b"%PDF-"));
    }
    let bo =
        p.bo.create_session(&CreateBoSession {
            identifier: "923609016".into(),
            expands: vec![],
            nationality: None,
            webhook: None,
            client_reference: None,
        })
        .await
        .expect("bo");
    let bid = bo.session_id.clone();
    poll_until(|| p.bo.status(&bid), all_ready).await;
    assert!(p
        .bo
        .report(&bid)
        .await
        .expect("bo pdf")
        .bytes
        .starts_with(b"%PDF-"));

    // Without a status first (another client), the path template is the fallback.
    let other = providers(&sb);
    other
        .org
        .report(&id, OrgReport::Aml)
        .await
        .expect("fallback pdf");

    let req = sb.stats().await.requests;
    let count = |k: &str| req.get(k).copied().unwrap_or(0);
    assert_eq!(
        count("GET /organization/documents/{sessionId}/{report}"),
        2,
        "{req:?}"
    );
    assert_eq!(count("GET /beneficial/documents/{sessionId}"), 1, "{req:?}");
    assert_eq!(
        count("GET /organization/session/{sessionId}/report/{report}"),
        1,
        "{req:?}"
    );
    assert_eq!(
        count("GET /beneficial/session/{sessionId}/report"),
        0,
        "{req:?}"
    );
    sb.shutdown().await;
}
