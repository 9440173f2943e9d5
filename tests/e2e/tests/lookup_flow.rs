//! The officer's main path in the real app against the embedded sandbox: new lookup of
//! NO 923609016 → progress visible → overview shows EQUINOR ASA → the ownership graph has nodes and
//! a highlighted beneficial owner → the AML report's first page renders → restart with the sandbox
//! unreachable and the case is still fully readable from the encrypted cache.

use amldesk_e2e::{app_binary, screenshot_dir, Driver, TempHome};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(90);

fn number_attr(driver: &Driver, el: &str, name: &str) -> u64 {
    driver
        .attr(el, name)
        .expect("attribute")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Waits until the element's numeric attribute is at least `min`.
fn wait_attr_at_least(driver: &Driver, css: &str, name: &str, min: u64) -> u64 {
    let deadline = std::time::Instant::now() + LONG;
    loop {
        if let Ok(el) = driver.find(css) {
            let v = number_attr(driver, &el, name);
            if v >= min {
                return v;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never got {name} >= {min}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn open_tab(driver: &Driver, id: &str) {
    let tab = driver
        .wait_for(&format!("[data-testid={id}]"), None, LONG)
        .expect("tab");
    driver.click(&tab).expect("click tab");
}

/// Saves the graph as SVG and PNG from the window; both land in the export folder as real images.
fn export_graph(driver: &Driver, home: &TempHome) {
    for (id, ext, magic) in [
        ("graph-export-svg", "svg", &b"<svg"[..]),
        ("graph-export-png", "png", &b"\x89PNG"[..]),
    ] {
        let button = driver
            .find(&format!("[data-testid={id}]"))
            .expect("export button");
        driver.click(&button).expect("export");
        driver
            .wait_for(
                "[data-testid=graph-export-status]",
                Some(&format!("Saved {}", ext.to_uppercase())),
                LONG,
            )
            .expect("the window says where the image went");
        let dir = home.root.join("exports");
        let file = std::fs::read_dir(&dir)
            .expect("export folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()));
        let bytes = std::fs::read(&file).expect("read export");
        let head = &bytes[..bytes.len().min(512)];
        assert!(
            head.windows(magic.len()).any(|w| w == magic),
            "{} is not a {ext} image",
            file.display()
        );
    }
}

fn check_case_readable(driver: &Driver, shots: &std::path::Path, prefix: &str) {
    // The finished overview: EQUINOR ASA, roles in words and the share capital.
    driver
        .wait_overview("EQUINOR ASA", LONG)
        .expect("Equinor's overview with roles in words");
    driver
        .wait_for(
            "section[aria-label='Financial key figures']",
            Some("5 976 872 600 NOK"),
            LONG,
        )
        .expect("share capital");
    driver.wait_settled(LONG).expect("overview settled");
    driver
        .screenshot(&shots.join(format!("{prefix}-overview.png")))
        .expect("screenshot");

    open_tab(driver, "tab-ownership");
    let nodes = wait_attr_at_least(
        driver,
        "[data-testid=ownership-graph]",
        "data-node-count",
        2,
    );
    let bos = wait_attr_at_least(driver, "[data-testid=ownership-graph]", "data-bo-count", 1);
    assert!(
        nodes >= 2 && bos >= 1,
        "graph: {nodes} nodes, {bos} beneficial owners"
    );
    driver.wait_settled(LONG).expect("graph settled");
    driver
        .screenshot(&shots.join(format!("{prefix}-ownership.png")))
        .expect("screenshot");

    open_tab(driver, "tab-reports");
    let aml = driver
        .wait_for("[data-doc-kind=aml]", Some("AML report"), LONG)
        .expect("the AML report is stored");
    driver.click(&aml).expect("select the AML report");
    driver
        .wait_for("[data-doc-kind=aml][aria-pressed=true]", None, LONG)
        .expect("AML report selected");
    wait_attr_at_least(driver, "[data-testid=pdf-viewer]", "data-rendered-page", 1);
    let pages = wait_attr_at_least(driver, "[data-testid=pdf-viewer]", "data-page-count", 2);
    assert!(
        pages >= 2,
        "the AML report has several pages, viewer says {pages}"
    );
    driver
        .screenshot(&shots.join(format!("{prefix}-report.png")))
        .expect("screenshot");
}

#[test]
fn lookup_review_and_offline_restart() {
    let home = TempHome::new("lookup-flow");
    let shots = screenshot_dir();

    // 1. Online, on the embedded sandbox.
    let driver = Driver::start(&app_binary(), &home.env()).expect("app session");
    driver
        .wait_for("[data-testid=env-badge]", None, LONG)
        .expect("sandbox badge");
    let new = driver
        .wait_for("[data-testid=new-lookup-button]", None, LONG)
        .expect("new lookup button");
    driver.click(&new).expect("open new lookup");

    // A wrong check digit is refused before anything is sent.
    let input = driver
        .wait_for("[data-testid=lookup-identifier]", None, LONG)
        .expect("identifier field");
    driver.type_text(&input, "988077918").expect("type");
    driver
        .wait_for(
            "[data-testid=lookup-error]",
            Some("check digit does not match"),
            LONG,
        )
        .expect("live validation message");
    driver.clear(&input).expect("clear");
    driver.type_text(&input, "923609016").expect("type");
    let submit = driver.find("[data-testid=lookup-submit]").expect("submit");
    driver.click(&submit).expect("start lookup");

    // Live progress: a session still running (the panel folds into a summary once all are done).
    driver
        .wait_for(
            "section[data-testid=session-progress]",
            Some("in progress"),
            LONG,
        )
        .expect("live progress");
    driver
        .screenshot(&shots.join("02-progress.png"))
        .expect("screenshot");
    // Every session done: the progress panel folds into a summary of the last lookup.
    driver
        .wait_for("details[data-testid=session-progress]", None, LONG)
        .expect("all sessions of the lookup finished");
    check_case_readable(&driver, &shots, "03-online");
    open_tab(&driver, "tab-ownership");
    export_graph(&driver, &home);
    driver.quit();

    // 2. Restart with the sandbox unreachable: everything comes from the local store.
    let mut env = home.env();
    env.push(("AMLDESK_SANDBOX_URL", "http://127.0.0.1:9".to_string()));
    let driver = Driver::start(&app_binary(), &env).expect("app session, offline");
    let list = driver
        .wait_for(
            "[data-testid=case-list] [data-case-id]",
            Some("EQUINOR ASA"),
            LONG,
        )
        .expect("the cached case is listed");
    driver
        .wait_for("[data-testid=offline-indicator]", None, LONG)
        .expect("the window says it is offline");
    driver.wait_settled(LONG).expect("case list settled");
    driver
        .screenshot(&shots.join("04-offline-cases.png"))
        .expect("screenshot");
    let row = driver
        .find("[data-testid=case-list] [data-case-id]")
        .unwrap_or(list);
    driver.click(&row).expect("open the case");
    check_case_readable(&driver, &shots, "05-offline");
    driver.quit();
}
