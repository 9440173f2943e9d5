//! Records the window's test data: the real engine on the sandbox, and what each platform method
//! of `ui/src/platform/index.ts` returns (serde_json of the engine's return types, exactly what
//! Tauri sends), written to `ui/src/platform/fixtures/recorded.json`.
//!
//! Normalized so that regenerating is byte-identical: case ids to named placeholders
//! (`c-equinor`), every other UUID to `id-0001…` by first appearance, every 64-hex digest to a
//! stable stand-in, times of this run onto a fixed clock (hours after `2026-01-15T09:00:00Z`
//! kept), elapsed milliseconds to 0, the sandbox's risk raise (by a hash of the random case
//! id) to none. `scripts/test-inner.sh` fails when the file changes.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::common::*;

const FIXED: &str = "2026-01-15T09:00:00Z";

/// The subjects recorded, as (placeholder, country, identifier).
const SUBJECTS: [(&str, amldesk_core::Country, &str); 8] = [
    ("c-equinor", amldesk_core::Country::No, "923609016"),
    ("c-telenor", amldesk_core::Country::No, "982463718"),
    ("c-hydro", amldesk_core::Country::No, "914778271"),
    ("c-dnb", amldesk_core::Country::No, "984851006"),
    ("c-registerenheten", amldesk_core::Country::No, "974760673"),
    ("c-failing", amldesk_core::Country::No, "999999999"),
    ("c-ericsson", amldesk_core::Country::Se, "556016-0680"),
    ("c-nokia", amldesk_core::Country::Fi, "0112038-9"),
];

fn rich(country: amldesk_core::Country, id: &str) -> LookupRequest {
    let mut r = lookup(id);
    r.country = country;
    r.expands = [
        "address",
        "roles",
        "sanction",
        "ownership.shareholders",
        "ownership.subsidiaries",
        "ownership.beneficials",
        "ownership.indicators",
        "financials.keyFigures",
        "authorities",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    r.beneficial = country == amldesk_core::Country::No;
    r
}

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializes")
}

async fn idle(engine: &Engine) {
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("idle in time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_ui_fixtures() {
    let start = Utc::now();
    let sb = sandbox(Knobs {
        latency_scale: 0.001,
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let mut names: Vec<(String, String)> = Vec::new();

    // One subject at a time: the order of cases, sessions and events is the same on every run.
    let mut lookup_events = Vec::new();
    for (i, (name, country, id)) in SUBJECTS.iter().enumerate() {
        let mut rx = engine.subscribe();
        // The organization first, then the beneficial owners: two sessions at once would
        // interleave their audit entries and documents differently on every run.
        let mut req = rich(*country, id);
        if *name == "c-failing" {
            // Which reports the failure names follows timing: ask for the data only.
            req.reports.clear();
            req.beneficial = false;
        }
        let beneficial = std::mem::replace(&mut req.beneficial, false);
        let started = engine.start_lookup(req).await.expect("started");
        idle(&engine).await;
        if beneficial {
            let mut req = rich(*country, id);
            req.case_id = Some(started.case_id.clone());
            req.skip_organization = true;
            engine.start_lookup(req).await.expect("beneficial started");
            idle(&engine).await;
        }
        names.push((started.case_id.clone(), (*name).to_owned()));
        if i == 0 {
            // Equinor's progress as the window receives it: the first and the last event of
            // each session (the steps between follow timing).
            let mut events = Vec::new();
            while let Ok(ev) = rx.try_recv() {
                if let EngineEvent::SessionUpdated { session } = &ev {
                    events.push((session.id.clone(), to_value(&ev)));
                }
            }
            for (i, (id, v)) in events.iter().enumerate() {
                let first = !events[..i].iter().any(|(j, _)| j == id);
                let last = !events[i + 1..].iter().any(|(j, _)| j == id);
                if first || last {
                    lookup_events.push(v.clone());
                }
            }
            lookup_events.insert(0, json!({"started": to_value(&started)}));
        }
        // Case `updated_at` ties are broken by time only: keep them apart.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let case_of = |n: &str| {
        names
            .iter()
            .find(|(_, m)| m == n)
            .map(|(id, _)| id.clone())
            .expect("case")
    };

    // An Amlyze push and a peer request on Equinor's case, a decision on DNB's.
    let equinor = case_of("c-equinor");
    let validation = engine
        .amlyze_push(AmlyzePushRequest {
            case_id: equinor.clone(),
            validate_only: true,
        })
        .await
        .expect("validate");
    // One session at a time: two at once interleave their audit entries differently per run.
    idle(&engine).await;
    engine
        .amlyze_push(AmlyzePushRequest {
            case_id: equinor.clone(),
            validate_only: false,
        })
        .await
        .expect("push");
    idle(&engine).await;
    let peer = engine
        .peer_request(PeerRequest {
            case_id: Some(equinor.clone()),
            type_request: "Identity".into(),
            id_document: "AB123456".into(),
            phone: "0501234567".into(),
        })
        .await
        .expect("peer");
    idle(&engine).await;
    let _ = peer;
    engine
        .set_decision(DecisionRequest {
            case_id: case_of("c-dnb"),
            decision: Decision::Approve,
            note: "Listed bank, no hits.".into(),
            reviewer: Some("kari.officer".into()),
        })
        .await
        .expect("decision");

    // A drifted answer: every result document of this sandbox has one section of another shape.
    let drift_sb = sandbox(Knobs {
        latency_scale: 0.001,
        shape_drift_rate: 1.0,
        ..Knobs::default()
    })
    .await;
    let drift_dir = tempfile::tempdir().expect("tempdir");
    let drift_engine = open(
        drift_dir.path(),
        &drift_sb.base_url(),
        Arc::new(MemoryStore::new()),
    )
    .await;
    let mut req = rich(amldesk_core::Country::No, "923609016");
    req.beneficial = false;
    // No reports: the sandbox's PDFs carry the minute of their session, so Equinor's and this
    // case's reports are byte-identical (one digest stand-in) or not depending on the clock,
    // and the recording would not regenerate byte-identically.
    req.reports = vec![];
    let drifted = drift_engine
        .start_lookup(req)
        .await
        .expect("drifted lookup");
    idle(&drift_engine).await;
    names.push((drifted.case_id.clone(), "c-drifted".into()));
    let drifted_case = drift_engine
        .get_case(&drifted.case_id)
        .await
        .expect("drifted case");
    assert!(
        !drifted_case.summary.unreadable.is_empty()
            || drifted_case
                .organization
                .iter()
                .chain(drifted_case.beneficial.iter())
                .flat_map(|r| r.sections.iter())
                .any(|s| s.availability == Availability::Missing),
        "the drifted case lists a drifted section: {:?}",
        drifted_case.summary
    );

    // What the window asks for.
    let mut cases = Map::new();
    let mut ownership = Map::new();
    for (id, name) in &names {
        if !name.starts_with("c-") || name == "c-drifted" {
            continue;
        }
        cases.insert(
            name.clone(),
            to_value(&engine.get_case(id).await.expect("case")),
        );
        ownership.insert(
            name.clone(),
            to_value(&engine.get_ownership(id).await.expect("graph")),
        );
    }
    cases.insert("c-drifted".into(), to_value(&drifted_case));
    ownership.insert(
        "c-drifted".into(),
        to_value(
            &drift_engine
                .get_ownership(&drifted.case_id)
                .await
                .expect("graph"),
        ),
    );
    // The batch after the case views: the graph is built across every cached case.
    // A batch with rejected lines.
    let batch = engine
        .start_batch(BatchRequest {
            csv: "country,identifier\nNO,923609016\nNO,988077918\nXX,1\nSE,5560160680\n".into(),
            file_name: Some("kyc.csv".into()),
            expands: vec!["address".into(), "sanction".into()],
            reports: vec![],
            concurrency: Some(1),
        })
        .await
        .expect("batch");
    idle(&engine).await;
    let batch_view = engine.get_batch(&batch.batch_id).await.expect("batch view");
    names.push((batch.batch_id.clone(), "b-kyc".into()));

    let mut validate = Vec::new();
    for (country, id) in [
        (amldesk_core::Country::No, "923609016"),
        (amldesk_core::Country::No, "988077918"),
        (amldesk_core::Country::Se, "5560160680"),
    ] {
        let req = ValidateRequest {
            subject_type: SubjectType::Organization,
            country,
            identifier: id.into(),
            kind: None,
        };
        let res = engine.validate_identifier(&req);
        validate.push(json!({"request": to_value(&req), "response": to_value(&res)}));
    }
    let mut search = Map::new();
    for text in ["equinor", "skarvholm"] {
        search.insert(
            text.into(),
            to_value(&engine.search(text).await.expect("search")),
        );
    }
    // Cases updated within one millisecond keep the store's order only by chance: by subject,
    // then in the order they were created.
    let mut list = engine
        .list_cases(CaseQuery::default())
        .await
        .expect("cases");
    list.sort_by(|a, b| {
        (&a.identifier, &a.created_at, &a.id).cmp(&(&b.identifier, &b.created_at, &b.id))
    });
    let list_cases = to_value(&list);
    let mut environment_configs = Map::new();
    for env in amldesk_engine::ENVIRONMENTS {
        environment_configs.insert(
            amldesk_engine::environment_name(env).into(),
            to_value(
                &engine
                    .get_environment_config(env)
                    .await
                    .expect("environment settings"),
            ),
        );
    }

    // Reviewing Equinor's hits, as the window does it: one hit reviewed, then every hit and an
    // approval awaiting the second reviewer, then confirmed by another reviewer. Last, because it
    // changes Equinor's case (the `cases` above are as looked up).
    let hit_ids: Vec<String> = engine
        .get_case(&equinor)
        .await
        .expect("case")
        .hits
        .hits
        .iter()
        .map(|h| h.id.clone())
        .collect();
    assert!(hit_ids.len() >= 2, "Equinor's chain has hits: {hit_ids:?}");
    let review_as = |hit: &str, d: Disposition, code: ReasonCode| HitReviewRequest {
        case_id: equinor.clone(),
        hit_id: hit.to_owned(),
        disposition: d,
        reason_code: code,
        note: Some("Checked against the register".into()),
        reviewer: Some("kari.officer".into()),
    };
    let one_reviewed = engine
        .review_hit(review_as(
            &hit_ids[0],
            Disposition::FalsePositive,
            ReasonCode::DifferentDateOfBirth,
        ))
        .await
        .expect("review");
    let refused = engine
        .set_decision(DecisionRequest {
            case_id: equinor.clone(),
            decision: Decision::Approve,
            note: "Looks fine".into(),
            reviewer: Some("kari.officer".into()),
        })
        .await
        .expect_err("approve refused with unreviewed hits");
    for h in &hit_ids[1..] {
        engine
            .review_hit(review_as(
                h,
                Disposition::FalsePositive,
                ReasonCode::NameOnlyMatch,
            ))
            .await
            .expect("review");
    }
    let pending = engine
        .set_decision(DecisionRequest {
            case_id: equinor.clone(),
            decision: Decision::Approve,
            note: "Every hit a false positive".into(),
            reviewer: Some("kari.officer".into()),
        })
        .await
        .expect("pending decision");
    let confirmed = engine
        .confirm_decision(ConfirmRequest {
            case_id: equinor.clone(),
            reviewer: Some("ola.second".into()),
        })
        .await
        .expect("confirmed");
    // What changed: the sandbox serves one state per company, so a later answer in which the
    // first hit's listed record was updated is stored as the engine would store a re-run.
    let id = equinor.clone();
    engine
        .store()
        .write(move |c| {
            let latest =
                amldesk_store::results::latest_result(c, &id, "organization")?.expect("answer");
            let text = String::from_utf8_lossy(&latest.raw_json).into_owned();
            let later = text.replacen("2025-11-02T00:00:00", "2026-01-10T00:00:00", 1);
            amldesk_store::results::put_result(
                c,
                &amldesk_store::results::NewResult {
                    session_id: &latest.session_id,
                    case_id: &id,
                    kind: "organization",
                    raw_json: later.as_bytes(),
                    requested: &latest.requested,
                    fetched_at: &chrono::Utc::now()
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    environment: "sandbox",
                    extracts: &latest.extracts,
                },
            )
        })
        .await
        .expect("later answer");
    let changed = engine.get_case(&equinor).await.expect("case");
    // Settings › Review: the defaults, one saved change, and one the engine refuses by field.
    let review_settings = engine.get_review_settings().await.expect("review settings");
    let settings_request = ReviewSettings {
        four_eyes: FourEyes::Always,
        retain_years: 7,
        reviewer: Some("kari.officer".into()),
    };
    let settings_saved = engine
        .save_review_settings(settings_request.clone())
        .await
        .expect("saved");
    let refused_request = ReviewSettings {
        reviewer: Some("x".repeat(101)),
        ..ReviewSettings::default()
    };
    let settings_refused = engine
        .save_review_settings(refused_request.clone())
        .await
        .expect_err("refused");
    let review = json!({
        "oneReviewed": to_value(&one_reviewed),
        "approveRefused": to_value(&refused.to_dto()),
        "pending": to_value(&pending),
        "confirmed": to_value(&confirmed),
        "changed": to_value(&changed),
        "defaultReviewer": "kari.officer",
        "settings": to_value(&review_settings),
        "settingsSaved": {"request": to_value(&settings_request), "response": to_value(&settings_saved)},
        "settingsRefused": {"request": to_value(&refused_request), "error": to_value(&settings_refused.to_dto())},
    });
    let recorded = json!({
        "appInfo": to_value(&AppInfo {
            // The machine's own Downloads folder differs from one run to the next.
            export_dir: "/home/officer/Downloads".into(),
            ..engine.app_info().await.expect("app info")
        }),
        "settings": to_value(&engine.get_settings().await.expect("settings")),
        "environmentConfigs": environment_configs,
        "listCases": list_cases,
        "cases": cases,
        "ownership": ownership,
        "search": search,
        "validate": validate,
        "lookupEvents": lookup_events,
        "amlyzeValidation": to_value(&validation),
        "batch": to_value(&batch_view),
        "batchStarted": to_value(&batch),
        "review": review,
    });
    let (base_url, drift_url) = (sb.base_url(), drift_sb.base_url());
    drift_engine.shutdown().await;
    drift_sb.shutdown().await;
    engine.shutdown().await;
    sb.shutdown().await;

    let mut norm = Normalizer::new(start, names);
    norm.literals = vec![
        (base_url, "http://127.0.0.1:47211".to_owned()),
        (drift_url, "http://127.0.0.1:47211".to_owned()),
        (
            dir.path().display().to_string(),
            "/home/officer/.local/share/no.amldesk.desktop".to_owned(),
        ),
        (
            drift_dir.path().display().to_string(),
            "/home/officer/.local/share/no.amldesk.desktop".to_owned(),
        ),
    ];
    let recorded = norm.value(recorded);

    let text = serde_json::to_string_pretty(&recorded).expect("json") + "\n";
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/platform/fixtures/recorded.json");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("fixtures dir");
    std::fs::write(&out, text).expect("write fixtures");
}

struct Normalizer {
    start: DateTime<Utc>,
    ids: HashMap<String, String>,
    digests: HashMap<String, String>,
    /// Run-specific literals (base URL, data dir) and their stand-ins.
    literals: Vec<(String, String)>,
}

impl Normalizer {
    fn new(start: DateTime<Utc>, names: Vec<(String, String)>) -> Normalizer {
        Normalizer {
            start,
            ids: names.into_iter().collect(),
            digests: HashMap::new(),
            literals: Vec::new(),
        }
    }

    fn value(&mut self, v: Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.string(&s)),
            Value::Array(a) => Value::Array(a.into_iter().map(|x| self.value(x)).collect()),
            Value::Object(mut o) => {
                // Reports of one session download at once: order them by kind.
                if let Some(Value::Array(docs)) = o.get_mut("documents") {
                    docs.sort_by_key(|d| d["kind"].as_str().unwrap_or_default().to_owned());
                }
                // The audit log's session steps and downloads follow timing (polling, parallel
                // downloads): keep the other entries, numbered from 1.
                if let Some(Value::Array(audit)) = o.get_mut("audit") {
                    audit.retain(|a| {
                        !matches!(
                            a["action"].as_str(),
                            Some("session.state" | "document.stored" | "result.stored")
                        )
                    });
                    audit.truncate(10);
                    for (i, a) in audit.iter_mut().enumerate() {
                        a["seq"] = json!(i + 1);
                    }
                }
                self.object(o)
            }
            other => other,
        }
    }

    fn object(&mut self, o: Map<String, Value>) -> Value {
        {
            Value::Object(
                o.into_iter()
                    .map(|(k, x)| {
                        let x = match (k.as_str(), &x) {
                            // The sandbox's assessment raises the pushed risk by one level or
                            // not by a hash of the communication number, which holds the random
                            // case id: recorded as not raised.
                            ("risk" | "finalRiskLevel", Value::String(r)) if r == "EXTREME" => {
                                json!("HIGH")
                            }
                            ("elapsedMs" | "timeElapsedMs" | "attempts", Value::Number(_)) => {
                                json!(0)
                            }
                            _ => self.value(x),
                        };
                        (k, x)
                    })
                    .collect(),
            )
        }
    }

    /// Replaces, inside one string, UUIDs, 64-hex digests and this run's timestamps.
    fn string(&mut self, s: &str) -> String {
        let mut s = s.to_owned();
        for (from, to) in &self.literals {
            s = s.replace(from.as_str(), to);
        }
        let s = s.as_str();
        let b = s.as_bytes();
        let mut out = String::new();
        let mut i = 0;
        while i < b.len() {
            if let Some(len) = uuid_at(b, i) {
                let id = &s[i..i + len];
                let n = self.ids.len() + 1;
                let name = self
                    .ids
                    .entry(id.to_owned())
                    .or_insert_with(|| format!("id-{n:04}"));
                out.push_str(name);
                i += len;
            } else if hex_run(b, i) == 64 {
                let d = &s[i..i + 64];
                let n = self.digests.len() + 1;
                let stand_in = self.digests.entry(d.to_owned()).or_insert_with(|| {
                    use sha2::Digest;
                    hex::encode(sha2::Sha256::digest(format!("fixture {n}")))
                });
                out.push_str(stand_in);
                i += 64;
            } else if let Some((len, t)) = time_at(s, i) {
                if (t - self.start).num_hours().abs() < 48 {
                    let hours = ((t - self.start).num_seconds() as f64 / 3600.0).round() as i64;
                    let fixed = DateTime::parse_from_rfc3339(FIXED).expect("fixed").to_utc()
                        + chrono::Duration::hours(hours);
                    out.push_str(&fixed.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
                } else {
                    out.push_str(&s[i..i + len]);
                }
                i += len;
            } else {
                let ch = s[i..].chars().next().expect("char");
                out.push(ch);
                i += ch.len_utf8();
            }
        }
        out
    }
}

fn hex_run(b: &[u8], i: usize) -> usize {
    if i > 0 && b[i - 1].is_ascii_hexdigit() {
        return 0;
    }
    b[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
        .count()
}

fn uuid_at(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && b[i - 1].is_ascii_hexdigit() {
        return None;
    }
    let groups = [8, 4, 4, 4, 12];
    let mut j = i;
    for (g, n) in groups.iter().enumerate() {
        for _ in 0..*n {
            if !b.get(j)?.is_ascii_hexdigit() {
                return None;
            }
            j += 1;
        }
        if g < 4 {
            if b.get(j)? != &b'-' {
                return None;
            }
            j += 1;
        }
    }
    if b.get(j).is_some_and(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(j - i)
}

/// An RFC 3339 time with a zone starting at `i` (`2026-01-15T09:00:00.123Z`, `…+01:00`).
fn time_at(s: &str, i: usize) -> Option<(usize, DateTime<Utc>)> {
    let b = s.as_bytes();
    if b.len() < i + 20 || !b[i].is_ascii_digit() || b.get(i + 10) != Some(&b'T') {
        return None;
    }
    if i > 0 && b[i - 1].is_ascii_digit() {
        return None;
    }
    let mut j = i + 19;
    if b.get(j) == Some(&b'.') {
        j += 1;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    match b.get(j) {
        Some(b'Z') => j += 1,
        Some(b'+' | b'-') => j += 6,
        _ => return None,
    }
    let t = DateTime::parse_from_rfc3339(s.get(i..j)?).ok()?.to_utc();
    Some((j - i, t))
}
