//! Knob `shape_drift_rate`: result documents drift in exactly the section `drifted` names,
//! control documents never do, a drift is never an accepted variant, and a seed repeats itself.

use super::{create_org, get, http, token, wait_entity, ALL_EXPANDS};
use amldesk_core::model::accepted::{accepts, section_of, Document, Shape};
use amldesk_sandbox::{
    contract as c, credentials as cred, start, DriftStat, Knobs, SandboxArgs, SandboxConfig,
    SandboxHandle,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;

/// How a probe authenticates.
#[derive(Clone)]
enum Auth {
    Bearer(String),
    /// The peer API's key, sent as the whole `Authorization` header.
    Raw(String),
}

/// One request that answers a result document.
#[derive(Clone)]
struct Probe {
    document: Document,
    /// The `sessionId` the drift must be recorded under.
    id: String,
    method: &'static str,
    path: String,
    auth: Auth,
    body: Option<Value>,
}

async fn fetch(sb: &SandboxHandle, p: &Probe) -> Value {
    let url = format!("{}{}", sb.base_url(), p.path);
    let mut rb = if p.method == "POST" {
        http().post(url)
    } else {
        http().get(url)
    };
    rb = match &p.auth {
        Auth::Bearer(t) => rb.bearer_auth(t),
        Auth::Raw(k) => rb.header("Authorization", k),
    };
    if let Some(b) = &p.body {
        rb = rb.json(b);
    }
    let r = rb.send().await.expect("request");
    assert_eq!(r.status(), 200, "{} {}", p.method, p.path);
    let mut v: Value = r.json().await.expect("json");
    strip_elapsed(&mut v);
    v
}

/// `timeElapsedMs` is a wall-clock measurement: removed before comparing.
fn strip_elapsed(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.shift_remove("timeElapsedMs");
            m.values_mut().for_each(strip_elapsed);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_elapsed),
        _ => {}
    }
}

/// `a.b[2]` → the node.
fn node_at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(v, |n, part| match part.split_once('[') {
            Some((k, i)) => n
                .get(k)?
                .get(i.trim_end_matches(']').parse::<usize>().ok()?),
            None => n.get(part),
        })
}

fn keys(a: &Value, b: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for v in [a, b] {
        if let Some(m) = v.as_object() {
            out.extend(m.keys().cloned());
        }
    }
    out
}

const BOOKKEEPING: [&str; 4] = ["sandbox", "metadata", "sessionId", "timeElapsedMs"];

/// `drifted` differs from `clean` in exactly the section `d` names, as `d` says.
fn check_drift(document: Document, clean: &Value, drifted: &Value, d: &DriftStat) {
    let ctx = format!("{document:?} {} {}", d.path, d.shape);
    let sec = section_of(&d.path);
    let sk: Vec<&str> = sec.split('.').collect();
    assert!(
        !BOOKKEEPING.contains(&sk[0]),
        "bookkeeping key drifted: {ctx}"
    );
    assert!(
        sk.len() == 1 || !BOOKKEEPING.contains(&sk[1]),
        "bookkeeping key drifted: {ctx}"
    );
    // Never deeper than one list item below the section.
    assert!(
        d.path == sec || (d.path.starts_with(&format!("{sec}[")) && d.path.ends_with(']')),
        "drift below one list item: {ctx}"
    );
    // Everything outside the section is unchanged.
    for k in keys(clean, drifted) {
        if k != sk[0] {
            assert_eq!(clean.get(&k), drifted.get(&k), "{k} changed: {ctx}");
        } else if sk.len() == 2 {
            for k2 in keys(&clean[&k], &drifted[&k]) {
                if k2 != sk[1] {
                    assert_eq!(
                        clean[&k].get(&k2),
                        drifted[&k].get(&k2),
                        "{k}.{k2} changed: {ctx}"
                    );
                }
            }
        }
    }
    let before = node_at(clean, &sec).unwrap_or_else(|| panic!("section not present: {ctx}"));
    let after = node_at(drifted, &sec);
    assert_ne!(Some(before), after, "section unchanged: {ctx}");
    match d.shape.as_str() {
        "absent" => {
            assert_eq!(d.path, sec, "{ctx}");
            assert!(after.is_none(), "absent section still there: {ctx}");
        }
        "type" => {
            let was = node_at(clean, &d.path).expect("node was there");
            let now = node_at(drifted, &d.path).expect("node is there");
            let shape = Shape::of(now);
            assert_ne!(Shape::of(was), shape, "same JSON type: {ctx}");
            assert!(
                ![json!(null), json!({}), json!([]), json!("")].contains(now),
                "empty or null node {now}: {ctx}"
            );
            assert!(
                !accepts(document, &d.path, shape),
                "drifted to an accepted variant {shape:?}: {ctx}"
            );
            if d.path != sec {
                // One list item: the list keeps its length and its other items.
                let (b, a) = (
                    before.as_array().expect("list"),
                    after.and_then(Value::as_array).expect("still a list"),
                );
                assert_eq!(b.len(), a.len(), "{ctx}");
                let changed = b.iter().zip(a).filter(|(x, y)| x != y).count();
                assert_eq!(changed, 1, "{ctx}");
            }
        }
        other => panic!("unknown drift shape {other}: {ctx}"),
    }
}

async fn set_rate(sb: &SandboxHandle, rate: f64) {
    let r = http()
        .post(format!("{}{}", sb.base_url(), c::CONTROL_KNOBS))
        .json(&json!({"shape_drift_rate": rate}))
        .send()
        .await
        .expect("knobs");
    assert_eq!(r.status(), 200);
}

async fn org_session(sb: &SandboxHandle, tok: &str, country: &str, id: &str) -> String {
    let mut expands: Vec<&str> = ALL_EXPANDS.to_vec();
    expands.extend(["financials", "ownership", "keyInformation.lei"]);
    let r = create_org(
        sb,
        tok,
        country,
        json!({"identifier": id, "expands": expands, "reports": ["aml"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("j");
    let sid = v["sessionId"].as_str().expect("sid").to_string();
    wait_entity(sb, tok, &format!("/organization/session/{sid}"), "jsonData").await;
    sid
}

async fn ben_session(sb: &SandboxHandle, tok: &str, id: &str) -> String {
    let r = http()
        .post(format!("{}/beneficial/session/", sb.base_url()))
        .bearer_auth(tok)
        .json(&json!({"identifier": id}))
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("j");
    let sid = v["sessionId"].as_str().expect("sid").to_string();
    wait_entity(sb, tok, &format!("/beneficial/session/{sid}"), "jsonData").await;
    sid
}

fn customer(cn: &str, ext: &str) -> Value {
    json!({"communicationNumber": cn, "action": "CREATE", "riskLevel": "LOW", "riskManagementCategory": "IND",
        "customerExtId": ext, "customerStatus": "ACTIVE", "entityType": "INDIVIDUAL", "applicationDate": "2026-01-01",
        "firstName": "Viktor", "lastName": "Sanko", "citizenshipCountry": "CY"})
}

/// Every kind of result document, ready to be fetched again and again with the same answer.
async fn probes(sb: &SandboxHandle) -> Vec<Probe> {
    let tok = token(sb).await;
    let bearer = Auth::Bearer(tok.clone());
    let mut out = Vec::new();
    for (country, id) in [
        ("no", "923609016"),
        ("no", "974760673"),
        ("se", "556016-0680"),
        ("fi", "0112038-9"),
        ("no", "123456785"),
    ] {
        let sid = org_session(sb, &tok, country, id).await;
        out.push(Probe {
            document: Document::Organization,
            path: format!("/organization/session/{sid}/json"),
            id: sid,
            method: "GET",
            auth: bearer.clone(),
            body: None,
        });
    }
    let sid = ben_session(sb, &tok, "923609016").await;
    out.push(Probe {
        document: Document::BeneficialOwners,
        path: format!("/beneficial/session/{sid}/json"),
        id: sid,
        method: "GET",
        auth: bearer.clone(),
        body: None,
    });
    out.push(Probe {
        document: Document::AccessRights,
        id: cred::OIDC_CLIENT_ID.into(),
        method: "GET",
        path: c::BEN_ACCESS_RIGHTS.into(),
        auth: bearer,
        body: None,
    });

    // Amlyze: validation answers are repeatable; events once both are there.
    let amlyze = Auth::Bearer(cred::AMLYZE_TOKEN.into());
    out.push(Probe {
        document: Document::AmlyzeBatch,
        id: "cn-v1".into(),
        method: "POST",
        path: c::AMLYZE_VALIDATE.into(),
        auth: amlyze.clone(),
        body: Some(json!({"customers": [customer("cn-v1", "ext-v1"), customer("cn-v2", "")]})),
    });
    let saved = http()
        .post(format!("{}{}", sb.base_url(), c::AMLYZE_BATCH))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .json(&json!({"customers": [customer("cn-d1", "ext-d1")]}))
        .send()
        .await
        .expect("batch");
    assert_eq!(saved.status(), 200);
    let events = Probe {
        document: Document::AmlyzeEvents,
        id: "cn-d1".into(),
        method: "GET",
        path: "/api/integration-services/v1/communications-events/cn-d1".into(),
        auth: amlyze,
        body: None,
    };
    for _ in 0..300 {
        if fetch(sb, &events).await["events"]
            .as_array()
            .is_some_and(|a| a.len() == 2)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    out.push(events);

    // Peer: a request that is Done.
    let t: Value = http()
        .get(format!("{}{}", sb.base_url(), c::PEER_TOKEN))
        .basic_auth(cred::PEER_USER, Some(cred::PEER_PASSWORD))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    let key = t["token"].as_str().expect("token").to_string();
    let v: Value = http()
        .post(format!("{}{}", sb.base_url(), c::PEER_CREATE))
        .header("Authorization", &key)
        .json(&json!({"type_request": "Identity", "value": [{"IdDocument": "AB123456", "PhoneNumber": "0501234567"}]}))
        .send()
        .await
        .expect("r")
        .json()
        .await
        .expect("j");
    let rid = v["parametrRequest"][0]["idRequest"]
        .as_str()
        .expect("id")
        .to_string();
    let respond = Probe {
        document: Document::PeerRespond,
        method: "POST",
        path: c::PEER_RESPOND.into(),
        auth: Auth::Raw(key),
        body: Some(json!({"type_request": "Identity", "idRequest": [rid]})),
        id: rid,
    };
    for _ in 0..300 {
        if fetch(sb, &respond).await["parametrRequest"][0]["status"] == c::PEER_DONE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    out.push(respond);
    out
}

/// Documents that must never drift: discovery, token, session create, status, error bodies.
async fn control_documents(sb: &SandboxHandle, probes: &[Probe]) -> Vec<Value> {
    let mut out = vec![http()
        .get(sb.discovery_url())
        .send()
        .await
        .expect("d")
        .json::<Value>()
        .await
        .expect("j")];
    let tok = token(sb).await;
    for p in probes {
        if let Some(status) = p.path.strip_suffix("/json") {
            out.push(get(sb, &tok, status).await.json().await.expect("status"));
        }
    }
    let r = get(sb, &tok, "/organization/session/no-such-session/json").await;
    assert_eq!(r.status(), 404);
    out.push(r.json().await.expect("error body"));
    let r = http()
        .get(format!(
            "{}/api/integration-services/v1/communications-events/no-such-cn",
            sb.base_url()
        ))
        .bearer_auth(cred::AMLYZE_TOKEN)
        .send()
        .await
        .expect("r");
    assert_eq!(r.status(), 404);
    out.push(r.json().await.expect("error body"));
    out
}

#[tokio::test]
async fn shape_drift_changes_exactly_the_named_section_of_every_result_document() {
    let sb = start(SandboxConfig {
        seed: 11,
        ..SandboxConfig::fast()
    })
    .await
    .expect("sandbox starts");
    let probes = probes(&sb).await;
    let mut clean = Vec::new();
    for p in &probes {
        clean.push(fetch(&sb, p).await);
    }
    let control = control_documents(&sb, &probes).await;
    assert!(sb.stats().await.drifted.is_empty(), "0.0 never drifts");

    set_rate(&sb, 1.0).await;
    let mut seen = BTreeSet::new();
    let mut count = 0;
    for _round in 0..8 {
        for (p, clean) in probes.iter().zip(&clean) {
            let doc = fetch(&sb, p).await;
            let drifted = sb.stats().await.drifted;
            assert_eq!(drifted.len(), count + 1, "one drift per result document");
            count += 1;
            let d = drifted.last().expect("a drift");
            assert_eq!(d.session_id, p.id, "{:?}", p.document);
            check_drift(p.document, clean, &doc, d);
            let item = if d.path.ends_with(']') {
                "item"
            } else {
                "node"
            };
            seen.insert(format!("{}/{item}", d.shape));
        }
    }
    for kind in ["absent/node", "type/node", "type/item"] {
        assert!(seen.contains(kind), "no {kind} drift in {seen:?}");
    }

    // Control documents are never changed and never counted.
    assert_eq!(control_documents(&sb, &probes).await, control);
    let tok = token(&sb).await;
    let r = create_org(&sb, &tok, "no", json!({"identifier": "923609016"})).await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("j");
    assert!(v["sessionId"].is_string(), "{v}");
    assert_eq!(sb.stats().await.drifted.len(), count);

    // The stats document lists them with exactly sessionId, path and shape.
    let stats: Value = http()
        .get(format!("{}{}", sb.base_url(), c::CONTROL_STATS))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("j");
    let list = stats["drifted"].as_array().expect("drifted");
    assert_eq!(list.len(), count);
    let fields: BTreeSet<&String> = list[0].as_object().expect("o").keys().collect();
    assert_eq!(
        fields.into_iter().cloned().collect::<Vec<_>>(),
        ["path", "sessionId", "shape"]
    );
    sb.shutdown().await;
}

/// Creates sessions and fetches result documents in a fixed order; returns the drifts.
async fn drift_run(seed: u64, rate: f64) -> Vec<DriftStat> {
    let sb = start(SandboxConfig {
        seed,
        knobs: Knobs {
            shape_drift_rate: rate,
            ..SandboxConfig::fast().knobs
        },
        ..SandboxConfig::fast()
    })
    .await
    .expect("sandbox starts");
    let tok = token(&sb).await;
    let org = org_session(&sb, &tok, "no", "923609016").await;
    let ben = ben_session(&sb, &tok, "982463718").await;
    for _ in 0..10 {
        for path in [
            format!("/organization/session/{org}/json"),
            format!("/beneficial/session/{ben}/json"),
            c::BEN_ACCESS_RIGHTS.to_string(),
        ] {
            assert_eq!(get(&sb, &tok, &path).await.status(), 200);
        }
    }
    let drifted = sb.stats().await.drifted;
    sb.shutdown().await;
    drifted
}

#[tokio::test]
async fn shape_drift_same_seed_same_drifts_and_zero_never_drifts() {
    let a = drift_run(5, 0.5).await;
    let b = drift_run(5, 0.5).await;
    assert_eq!(a, b, "same seed, same drifts");
    assert!(
        !a.is_empty() && a.len() < 30,
        "0.5 drifts some of 30 documents: {}",
        a.len()
    );
    assert!(drift_run(5, 0.0).await.is_empty(), "0.0 never drifts");
    assert_eq!(drift_run(5, 1.0).await.len(), 30, "1.0 drifts every one");
}

#[tokio::test]
async fn shape_drift_rate_is_set_by_flag_env_and_http_and_validated() {
    // HTTP: out of range is a 400 naming the knob.
    let sb = start(SandboxConfig::fast()).await.expect("sandbox starts");
    for bad in [json!(1.5), json!(-0.1)] {
        let r = http()
            .post(format!("{}{}", sb.base_url(), c::CONTROL_KNOBS))
            .json(&json!({"shape_drift_rate": bad}))
            .send()
            .await
            .expect("knobs");
        assert_eq!(r.status(), 400);
        let v: Value = r.json().await.expect("j");
        assert!(
            v["message"]
                .as_str()
                .is_some_and(|m| m.contains("shape_drift_rate")),
            "{v}"
        );
    }
    set_rate(&sb, 0.25).await;
    assert_eq!(sb.knobs().shape_drift_rate, 0.25);
    sb.shutdown().await;

    // Flag.
    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        sandbox: SandboxArgs,
    }
    let cli = <Cli as clap::Parser>::try_parse_from(["amldesk", "--shape-drift-rate", "0.3"])
        .expect("flag parses");
    let config = cli.sandbox.into_config();
    assert_eq!(config.knobs.shape_drift_rate, 0.3);
    let cli = <Cli as clap::Parser>::try_parse_from(["amldesk", "--shape-drift-rate", "2"])
        .expect("flag parses");
    let err = start(cli.sandbox.into_config())
        .await
        .err()
        .expect("2 is out of range");
    assert!(err.to_string().contains("shape_drift_rate"), "{err}");

    // Environment (only this test reads it in this binary).
    std::env::set_var("AMLDESK_SANDBOX_SHAPE_DRIFT_RATE", "0.4");
    let k = Knobs::from_env();
    std::env::set_var("AMLDESK_SANDBOX_SHAPE_DRIFT_RATE", "7");
    let bad = Knobs::from_env();
    std::env::remove_var("AMLDESK_SANDBOX_SHAPE_DRIFT_RATE");
    assert_eq!(k.expect("valid").shape_drift_rate, 0.4);
    let e = bad.expect_err("7 is out of range").to_string();
    assert!(e.contains("shape_drift_rate"), "{e}");
}
