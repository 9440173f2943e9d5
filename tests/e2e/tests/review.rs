//! Reviewing in the real app on the embedded sandbox: look up Equinor with sanctions, review each
//! hit (disposition, reason code, reviewer), decide Approve (pending under four-eyes), see the
//! preparer refused as confirmer, confirm as a second reviewer, export the case file from the
//! button into a typed folder, then check on disk that it holds the summary PDF, the BODS
//! statements and a manifest that `amldesk verify`'s code accepts, with the SHA-256 the window
//! showed. Screenshots of each step.

use amldesk_e2e::{app_binary, screenshot_dir, Driver, TempHome};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(90);
const PREPARER: &str = "anna.first";

fn click(driver: &Driver, css: &str) {
    let el = driver
        .wait_for(css, None, LONG)
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    driver
        .click(&el)
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

#[test]
fn review_each_hit_decide_and_confirm_as_a_second_reviewer() {
    let home = TempHome::new("review");
    let shots = screenshot_dir();
    let driver = Driver::start(&app_binary(), &home.env()).expect("app session");
    click(&driver, "[data-testid=new-lookup-button]");
    let input = driver
        .wait_for("[data-testid=lookup-identifier]", None, LONG)
        .expect("identifier field");
    driver.type_text(&input, "923609016").expect("type");
    click(&driver, "[data-testid=lookup-submit]");
    driver
        .wait_for("details[data-testid=session-progress]", None, LONG)
        .expect("all sessions of the lookup finished");
    driver
        .wait_for("[data-testid=case-title]", Some("EQUINOR ASA"), LONG)
        .expect("Equinor's case");

    // Every session of the case ended (the case leaves "Running"): no answer arrives mid-review.
    let deadline = std::time::Instant::now() + LONG;
    while driver
        .find("[data-testid=case-title]")
        .ok()
        .and_then(|_| driver.page_text().ok())
        .is_none_or(|t| t.contains("Running"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the case is still running"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    click(&driver, "[data-testid=tab-sanctions]");
    driver
        .wait_for("[data-testid=hits-unreviewed]", Some("not reviewed"), LONG)
        .expect("the hits are listed as not reviewed");
    let ids: Vec<String> = driver
        .execute(
            "return [...document.querySelectorAll('[data-testid^=hit-review-]')].map(e => e.dataset.testid);",
            serde_json::json!([]),
        )
        .expect("hit ids")
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert!(ids.len() >= 2, "Equinor's chain has hits: {ids:?}");
    for (i, id) in ids.iter().enumerate() {
        let box_ = format!("[data-testid={id}]");
        click(&driver, &format!("{box_} .hit-review-open"));
        click(&driver, &format!("{box_} input[value=false-positive]"));
        // Choose the reason as the select's own change (WebDriver clicks on options are unreliable
        // in WebKit).
        let select = driver.find(&format!("{box_} select")).expect("reason list");
        driver
            .execute(
                "const s = arguments[0]; \
                 Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, 'different_date_of_birth'); \
                 s.dispatchEvent(new Event('change', { bubbles: true }));",
                serde_json::json!([{ "element-6066-11e4-a52e-4f735466cecf": select }]),
            )
            .expect("choose the reason");
        let note = driver
            .find(&format!("{box_} textarea"))
            .expect("note field");
        driver
            .type_text(&note, "Different date of birth in the register")
            .expect("note");
        // The declared reviewer (the app runs without an OS user name in its environment here,
        // so the field starts empty and the window asks for it).
        let who = driver
            .find(&format!("{box_} input:not([type=radio])"))
            .expect("reviewer field");
        driver.clear(&who).expect("clear");
        driver.type_text(&who, PREPARER).expect("reviewer");
        if i == 0 {
            driver
                .screenshot(&shots.join("review-01-hit-form.png"))
                .expect("screenshot");
        }
        click(&driver, &format!("{box_} button[type=submit]"));
        driver
            .wait_for(&box_, Some("Review again"), LONG)
            .unwrap_or_else(|e| panic!("{id} reviewed: {e}"));
    }
    driver
        .wait_for("[data-testid=hits-unreviewed]", Some("hits reviewed"), LONG)
        .expect("every hit reviewed");
    driver
        .screenshot(&shots.join("review-02-hits-reviewed.png"))
        .expect("screenshot");

    // Decide: Approve is possible now; four-eyes makes it pending.
    click(&driver, "[data-testid=decide-button]");
    let dialog = driver
        .wait_for("[data-testid=decide-dialog]", Some("reviewed"), LONG)
        .expect("decide dialog");
    let _ = dialog;
    click(&driver, "[data-testid=decide-dialog] input[value=approve]");
    let reason = driver
        .find("[data-testid=decide-dialog] textarea")
        .expect("reason");
    driver
        .type_text(
            &reason,
            "Every hit is a false positive (different dates of birth).",
        )
        .expect("reason");
    let who = driver
        .find("[data-testid=decide-dialog] input:not([type=radio])")
        .expect("reviewer field");
    driver.clear(&who).expect("clear");
    driver.type_text(&who, PREPARER).expect("reviewer");
    driver
        .screenshot(&shots.join("review-03-decide.png"))
        .expect("screenshot");
    click(&driver, "[data-testid=decide-dialog] button[type=submit]");
    let panel = driver
        .wait_for(
            "[data-testid=decision-panel]",
            Some("Awaiting second reviewer"),
            LONG,
        )
        .expect("pending decision");
    let _ = panel;
    // The preparer cannot confirm: refused until another name is given.
    let who = driver
        .find("[data-testid=decision-panel] input")
        .expect("second reviewer field");
    driver.clear(&who).expect("clear");
    driver.type_text(&who, PREPARER).expect("type");
    driver
        .wait_for("[data-testid=confirm-why]", Some("cannot confirm"), LONG)
        .expect("the preparer cannot confirm");
    driver
        .screenshot(&shots.join("review-04-pending.png"))
        .expect("screenshot");
    driver.clear(&who).expect("clear");
    driver.type_text(&who, "second.reviewer").expect("type");
    click(&driver, "[data-testid=decision-panel] button[type=submit]");
    driver
        .wait_for(
            "[data-testid=decision-panel]",
            Some("confirmed by second.reviewer"),
            LONG,
        )
        .expect("final decision");
    driver
        .screenshot(&shots.join("review-05-confirmed.png"))
        .expect("screenshot");

    // Export from the button into a folder typed in the dialog.
    let out = home.root.join("case files");
    std::fs::create_dir_all(&out).expect("export folder");
    click(&driver, "[data-testid=export-case]");
    let dir = driver
        .wait_for("[data-testid=export-dir]", None, LONG)
        .expect("export folder field");
    driver.clear(&dir).expect("clear");
    driver
        .type_text(&dir, &out.display().to_string())
        .expect("type the folder");
    click(&driver, "[data-testid=export-submit]");
    let result = driver
        .wait_for(
            "[data-testid=export-result]",
            Some("Case file written"),
            LONG,
        )
        .expect("the export's result");
    let shown = driver.text(&result).expect("result text");
    driver
        .screenshot(&shots.join("review-06-exported.png"))
        .expect("screenshot");
    let written: Vec<std::path::PathBuf> = std::fs::read_dir(&out)
        .expect("export folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(written.len(), 1, "one new case file folder: {written:?}");
    let folder = &written[0];
    assert!(folder.is_dir(), "{folder:?}");
    assert!(
        shown.contains(&folder.display().to_string()),
        "the window names {folder:?}: {shown}"
    );
    for f in [
        "manifest.json",
        "summary.pdf",
        "summary.html",
        "ownership.bods.json",
    ] {
        assert!(folder.join(f).is_file(), "{f} in {folder:?}");
    }
    let v = amldesk_casefile::verify(folder, None).expect("verify reads the case file");
    assert!(v.passed(), "verify: {:?}", v.problems);
    assert!(
        shown.contains(&v.manifest_sha256),
        "the window shows the manifest's SHA-256 {}: {shown}",
        v.manifest_sha256
    );
    let summary = std::fs::read_to_string(folder.join("summary.html")).expect("summary");
    for want in [
        "second.reviewer (declared reviewer, not authenticated)",
        "Discrepancy with the register",
        PREPARER,
    ] {
        assert!(summary.contains(want), "{want} in the summary");
    }
    click(&driver, "[data-testid=export-close]");
    driver
        .wait_for(
            "[data-testid=export-status]",
            Some("manifest SHA-256"),
            LONG,
        )
        .expect("the header keeps where it was written");
    driver.quit();
}
