//! The register-discrepancy notice (RRH-0120) on the sandbox: Telenor's register entry omits Lars
//! Eikrem, who controls AURORA INVEST and BOREAL KAPITAL (100 % each) and so holds 15 + 14 = 29 %
//! of Telenor in aggregate — more than 25 %, a beneficial owner under NO-REG, although no single
//! chain has more than 25 % at every step (the register's vendor lists only those). Equinor's
//! register names Kari Skarvholm, and with the four holding companies looked up NO-REG gives her
//! too (she controls each, 100 % → 100 % → 90 % → 100 %, then 29 % shares / 31 % votes): no
//! discrepancy. Without the register's list, or with it unreadable, the case says so and never
//! "no discrepancy".

use crate::common::*;
use amldesk_store::results::{self, NewResult};

async fn idle(engine: &Engine) {
    tokio::time::timeout(Duration::from_secs(60), engine.wait_idle())
        .await
        .expect("idle in time");
}

/// An organization lookup with the ownership sections, no report, no beneficial-owners session.
fn org(id: &str, beneficials: bool) -> LookupRequest {
    let mut expands = vec!["ownership.shareholders".to_owned(), "roles".to_owned()];
    if beneficials {
        expands.push("ownership.beneficials".into());
    }
    LookupRequest {
        case_id: None,
        country: amldesk_core::Country::No,
        identifier: id.into(),
        duns: false,
        expands,
        reports: vec![],
        beneficial: false,
        beneficial_expands: vec![],
        skip_organization: false,
    }
}

/// Exports `case` into `dir` from the window's door; the summary's HTML.
async fn summary_html(engine: &Engine, case: &str, dir: &std::path::Path) -> String {
    let file = engine
        .export_case(ExportRequest {
            case_id: case.to_owned(),
            zip: false,
            directory: Some(dir.display().to_string()),
        })
        .await
        .expect("exported");
    assert!(std::path::Path::new(&file.path).starts_with(dir));
    std::fs::read_to_string(std::path::Path::new(&file.path).join("summary.html"))
        .expect("summary.html")
}

async fn look_up(engine: &Engine, req: LookupRequest) -> String {
    let started = engine.start_lookup(req).await.expect("lookup");
    idle(engine).await;
    started.case_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_discrepancy_notice_when_no_reg_differs_from_the_register() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;

    // Telenor with its two holding companies: Lars Eikrem differs (definite, not open).
    let mut telenor_req = org("982463718", true);
    telenor_req.reports = vec!["aml".into()];
    let telenor = look_up(&engine, telenor_req).await;
    for id in ["921111509", "921111606"] {
        look_up(&engine, org(id, false)).await;
    }
    let case = engine.get_case(&telenor).await.expect("case");
    let d = &case.discrepancy;
    assert_eq!(d.status, DiscrepancyStatus::Found, "{}", d.message);
    let n = d.notice.as_ref().expect("notice");
    assert_eq!(n.addressee, "Brønnøysundregistrene");
    assert_eq!(n.form, "RRH-0120");
    assert_eq!(n.subject.identifier_display, "982 463 718");
    let lars = n
        .differences
        .iter()
        .find(|x| x.person == "Lars Eikrem")
        .unwrap_or_else(|| panic!("Lars Eikrem differs: {:#?}", n.differences));
    assert_eq!(lars.kind, "notReported");
    assert!(!lars.open, "{lars:?}");
    assert_eq!(lars.register_says, "Not named as a beneficial owner.");
    assert!(
        lars.computed
            .starts_with("A beneficial owner under NO-REG: 29.00 % in aggregate"),
        "{}",
        lars.computed
    );
    assert!(
        lars.computed.contains("AURORA INVEST AS"),
        "{}",
        lars.computed
    );
    // Evidence: the register list read (Telenor's ownership.beneficials, with the AML report
    // fetched by the same lookup), Telenor's shareholders and both holding companies'.
    let sections: Vec<(String, Option<String>)> = lars
        .evidence
        .iter()
        .map(|e| (e.section.clone(), e.about.clone()))
        .collect();
    assert!(
        sections.contains(&("ownership.beneficials".into(), None)),
        "{sections:?}"
    );
    assert!(
        sections.contains(&("ownership.shareholders".into(), None)),
        "{sections:?}"
    );
    for about in [
        "AURORA INVEST AS (921111509)",
        "BOREAL KAPITAL AS (921111606)",
    ] {
        assert!(
            sections.contains(&("ownership.shareholders".into(), Some(about.into()))),
            "{about} in {sections:?}"
        );
    }
    let register = &lars.evidence[0];
    let pdf = case
        .documents
        .iter()
        .find(|x| x.media_type == "application/pdf" && x.session_id == register.session_id)
        .expect("the AML report of Telenor's lookup");
    assert_eq!(register.reports[0].sha256, pdf.sha256);
    let stored = case
        .organization
        .as_ref()
        .expect("organization result")
        .provenance
        .fetched_at
        .clone();
    assert_eq!(register.fetched_at, stored);
    assert!(
        n.text.contains("Lars Eikrem, born 1975-02-18"),
        "{}",
        n.text
    );
    assert!(n.text.contains(&pdf.sha256), "{}", n.text);
    assert!(n.text.contains("Sandbox case"), "{}", n.text);

    // The case file's summary holds the draft.
    let out = tempfile::tempdir().expect("tempdir");
    let html = summary_html(&engine, &telenor, out.path()).await;
    for want in [
        "Discrepancy with the register",
        "RRH-0120",
        "Brønnøysundregistrene",
        "Lars Eikrem",
        &pdf.sha256,
    ] {
        assert!(html.contains(want), "{want} in the summary");
    }
    // A folder that does not exist is refused, naming the field.
    let e = engine
        .export_case(ExportRequest {
            case_id: telenor.clone(),
            zip: true,
            directory: Some(out.path().join("nope").display().to_string()),
        })
        .await
        .expect_err("refused");
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().starts_with("Folder: "), "{e}");

    // Equinor with its four holding companies: the register and NO-REG agree.
    let equinor = look_up(&engine, org("923609016", true)).await;
    let before = engine.get_case(&equinor).await.expect("case").discrepancy;
    // Before the chain is looked up, Kari is not reached: a difference, marked open.
    assert_eq!(
        before.status,
        DiscrepancyStatus::Found,
        "{}",
        before.message
    );
    let kari = &before.notice.as_ref().expect("notice").differences[0];
    assert_eq!(kari.person, "Kari Skarvholm");
    assert!(kari.open, "{kari:?}");
    assert!(
        kari.computed.starts_with("Not reached"),
        "{}",
        kari.computed
    );
    for id in ["921111118", "921111207", "921111304", "921111401"] {
        look_up(&engine, org(id, false)).await;
    }
    let after = engine.get_case(&equinor).await.expect("case").discrepancy;
    assert_eq!(after.status, DiscrepancyStatus::NoneFound, "{after:#?}");
    assert!(after.notice.is_none());
    assert!(
        after.message.starts_with("No discrepancy"),
        "{}",
        after.message
    );
    let out2 = tempfile::tempdir().expect("tempdir");
    let html = summary_html(&engine, &equinor, out2.path()).await;
    assert!(html.contains("No discrepancy: the owners the register names"));

    // Hydro without ownership.beneficials: nothing to compare, never "no discrepancy".
    let hydro = look_up(&engine, org("914778271", false)).await;
    let d = engine.get_case(&hydro).await.expect("case").discrepancy;
    assert_eq!(
        d.status,
        DiscrepancyStatus::RegisterMissing,
        "{}",
        d.message
    );
    assert!(d.notice.is_none());

    // Telenor's register list made unreadable (a text where a list belongs): said as such.
    let id = telenor.clone();
    engine
        .store()
        .write(move |c| {
            let latest = results::latest_result(c, &id, "organization")?.expect("answer");
            let mut v: serde_json::Value = serde_json::from_slice(&latest.raw_json).expect("json");
            v["ownership"]["beneficials"] = serde_json::json!("see the register");
            let raw = serde_json::to_vec(&v).expect("bytes");
            results::put_result(
                c,
                &NewResult {
                    session_id: &latest.session_id,
                    case_id: &id,
                    kind: "organization",
                    raw_json: &raw,
                    requested: &latest.requested,
                    fetched_at: "2026-02-02T09:00:00.000Z",
                    environment: "sandbox",
                    extracts: &latest.extracts,
                },
            )
        })
        .await
        .expect("unreadable answer stored");
    let d = engine.get_case(&telenor).await.expect("case").discrepancy;
    assert_eq!(d.status, DiscrepancyStatus::RegisterUnreadable, "{d:#?}");
    assert!(d.notice.is_none());
    assert!(d.message.starts_with("UNREADABLE"), "{}", d.message);
    assert!(d.message.contains("ownership.beneficials"), "{}", d.message);

    engine.shutdown().await;
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_settings_are_checked_by_field_and_audited() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let s = engine.get_review_settings().await.expect("settings");
    assert_eq!(s, ReviewSettings::default());
    let e = engine
        .save_review_settings(ReviewSettings {
            retain_years: 0,
            ..s.clone()
        })
        .await
        .expect_err("refused");
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().starts_with("Retention years: 0"), "{e}");
    assert_eq!(e.to_dto().field.as_deref(), Some("retention years"));
    let e = engine
        .save_review_settings(ReviewSettings {
            reviewer: Some("x".repeat(101)),
            ..s.clone()
        })
        .await
        .expect_err("refused");
    assert!(e.to_string().starts_with("Reviewer name"), "{e}");
    let saved = engine
        .save_review_settings(ReviewSettings {
            four_eyes: FourEyes::Always,
            retain_years: 7,
            reviewer: Some("  kari.officer ".into()),
        })
        .await
        .expect("saved");
    assert_eq!(saved.reviewer.as_deref(), Some("kari.officer"));
    assert_eq!(
        engine.default_reviewer().await.expect("reviewer"),
        "kari.officer"
    );
    let audit = engine
        .store()
        .read(|c| amldesk_store::audit::list(c, None))
        .await
        .expect("audit");
    let row = audit
        .iter()
        .rev()
        .find(|a| a.action == "setting.changed")
        .expect("audited");
    assert!(
        row.detail_json.contains("review.settings"),
        "{}",
        row.detail_json
    );
    assert!(
        row.detail_json.contains("\"always\""),
        "{}",
        row.detail_json
    );
    assert!(
        row.detail_json.contains("kari.officer"),
        "{}",
        row.detail_json
    );
    engine.shutdown().await;
    sb.shutdown().await;
}
