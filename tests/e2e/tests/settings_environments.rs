//! Environments from Settings, in the built app: a second sandbox stands in for the vendor's
//! test environment and is configured through the Settings screen only (addresses, client id,
//! scopes incl. OFAC, the secrets); switching to it reopens the engine; a lookup of NO 923609016
//! with the sanction screening goes to it and shows the OFAC list's hit; the app reopens on the
//! saved environment; back on the sandbox, its case list does not show that case.

use amldesk_e2e::{app_binary, screenshot_dir, Driver, TempHome};
use amldesk_sandbox::credentials as sc;
use amldesk_sandbox::{Knobs, SandboxConfig};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(90);

/// Finds `css`, or saves a screenshot of the window and the page's text, then fails.
fn find(driver: &Driver, css: &str) -> String {
    driver.wait_for(css, None, LONG).unwrap_or_else(|e| {
        let _ = driver.screenshot(&screenshot_dir().join("settings-failure.png"));
        let page = driver.page_text().unwrap_or_default();
        panic!("{css}: {e}\npage: {page}")
    })
}

fn click(driver: &Driver, css: &str) {
    let el = find(driver, css);
    driver
        .click(&el)
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

fn fill(driver: &Driver, css: &str, text: &str) {
    let el = find(driver, css);
    driver.clear(&el).expect("clear");
    driver
        .type_text(&el, text)
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Waits until the header's environment badge names `name` (the badge is upper-cased by CSS).
fn badge(driver: &Driver, name: &str) {
    let deadline = std::time::Instant::now() + LONG;
    let mut seen = String::new();
    while std::time::Instant::now() < deadline {
        if let Ok(el) = driver.find("[data-testid=env-badge]") {
            seen = driver.text(&el).unwrap_or_default();
            if seen.trim().eq_ignore_ascii_case(name) {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("the header shows {name}; last seen: {seen:?}");
}

fn open_settings_tab(driver: &Driver, env: &str) {
    click(driver, "nav.rail a[href='#/settings']");
    click(driver, &format!("[data-testid=env-tab-{env}]"));
    driver
        .wait_for(&format!("[data-testid=env-panel-{env}]"), None, LONG)
        .expect("the environment's panel");
}

/// Saves a screenshot of what the DOM holds: the webview under Xvfb can hand back a frame from
/// before the last changes (seen: the lookup dialog, long closed), so a repaint is forced first.
fn shot(driver: &Driver, name: &str) {
    std::thread::sleep(Duration::from_millis(500));
    driver
        .execute(
            "document.body.style.opacity = '0.999'; void document.body.offsetHeight; \
             setTimeout(() => { document.body.style.opacity = ''; }, 50); return true;",
            serde_json::json!([]),
        )
        .expect("repaint");
    std::thread::sleep(Duration::from_millis(700));
    driver
        .screenshot(&screenshot_dir().join(name))
        .expect("screenshot");
}

#[test]
fn test_environment_configured_in_settings_screens_ofac_and_stays_apart() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let vendor = rt
        .block_on(amldesk_sandbox::start(SandboxConfig {
            knobs: Knobs {
                latency_scale: 0.05,
                ..Knobs::default()
            },
            ..SandboxConfig::default()
        }))
        .expect("the vendor's stand-in sandbox");
    let t = vendor.base_url();
    let home = TempHome::new("settings-environments");

    let driver = Driver::start(&app_binary(), &home.env()).expect("app session");
    badge(&driver, "Sandbox");

    // 1. Configure "test" through the Settings screen only.
    open_settings_tab(&driver, "test");
    driver
        .wait_for("[data-testid=env-missing]", Some("bankid.client_id"), LONG)
        .expect("test says what it lacks");
    let discovery = format!("{t}{}", amldesk_sandbox::contract::DISCOVERY);
    // Plain http outside loopback is refused, naming the field.
    fill(
        &driver,
        "[data-testid='setting-bankid.discovery_url']",
        "http://auth.example/.well-known/openid-configuration",
    );
    click(&driver, "[data-testid=settings-save]");
    driver
        .wait_for(
            "[data-testid=settings-error]",
            Some("bankid.discovery_url"),
            LONG,
        )
        .expect("the refusal names the field");
    for (key, value) in [
        ("bankid.discovery_url", discovery.as_str()),
        ("bankid.client_id", sc::OIDC_CLIENT_ID),
        ("amlyze.base_url", t.as_str()),
        ("peer.base_url", t.as_str()),
        ("peer.user", sc::PEER_USER),
    ] {
        fill(&driver, &format!("[data-testid='setting-{key}']"), value);
    }
    click(&driver, "[data-testid=scope-OFAC]");
    click(&driver, "[data-testid=settings-save]");
    driver
        .wait_for("[data-testid=settings-saved]", Some("Saved"), LONG)
        .expect("saved");
    for (name, value) in [
        ("bankid.client_secret", sc::OIDC_CLIENT_SECRET),
        ("amlyze.token", sc::AMLYZE_TOKEN),
        ("peer.password", sc::PEER_PASSWORD),
    ] {
        // A keyring kept from an earlier run may hold it already: then it is replaced.
        let field = find(&driver, &format!("[data-secret='{name}']"));
        if !driver.text(&field).expect("secret").contains("not set") {
            click(&driver, &format!("[data-testid='secret-replace-{name}']"));
        }
        fill(&driver, &format!("[data-testid='secret-{name}']"), value);
        click(&driver, &format!("[data-testid='secret-store-{name}']"));
        // Stored: the field folds back to Replace / Delete and says where it is kept.
        find(&driver, &format!("[data-testid='secret-replace-{name}']"));
        let field = find(&driver, &format!("[data-secret='{name}']"));
        let said = driver.text(&field).expect("secret");
        assert!(said.contains("stored in the OS keyring"), "{name}: {said}");
    }
    assert!(
        !driver
            .page_text()
            .expect("page")
            .contains(sc::OIDC_CLIENT_SECRET),
        "a secret is shown back"
    );
    click(&driver, "[data-testid=test-connection]");
    let steps = driver
        .wait_for("[data-testid=connection-steps]", None, LONG)
        .expect("connection test steps");
    let steps_text = driver.text(&steps).expect("steps");
    assert_eq!(
        driver.attr(&steps, "data-ok").expect("attr").as_deref(),
        Some("true"),
        "every step passes: {steps_text}"
    );
    assert!(
        steps_text.contains("token aml_organization/OFAC ok"),
        "{steps_text}"
    );
    shot(&driver, "20-settings-test-environment.png");

    // 2. Switch to test: the engine reopens on it, the header says so.
    click(&driver, "[data-testid=switch-environment]");
    badge(&driver, "Test");
    shot(&driver, "21-switched-to-test.png");

    // 3. Look up NO 923609016 with the sanction screening (a default choice) in test, from
    // test's (empty) case list.
    click(&driver, "nav.rail a[href='#/cases']");
    driver
        .wait_for("[data-testid=cases-empty]", None, LONG)
        .expect("test has no case yet");
    click(&driver, "[data-testid=new-lookup-button]");
    fill(&driver, "[data-testid=lookup-identifier]", "923609016");
    driver
        .wait_for("body", Some("Valid number 923 609 016"), LONG)
        .expect("validated");
    click(&driver, "[data-testid=lookup-submit]");
    driver
        .wait_for("[data-testid=case-title]", Some("EQUINOR ASA"), LONG)
        .expect("the case");
    driver
        .wait_for("details[data-testid=session-progress]", None, LONG)
        .expect("every session of the lookup finished");
    click(&driver, "[data-testid=tab-sanctions]");
    let panel = driver
        .wait_for("[role=tabpanel]", Some("OFAC_SDN"), LONG)
        .expect("the lists searched include OFAC_SDN");
    let text = driver.text(&panel).expect("panel");
    assert!(
        text.contains("OFAC included") && text.contains("SBX-OFAC"),
        "the OFAC list's hit is shown: {text}"
    );
    shot(&driver, "22-test-environment-case.png");
    let stats = rt.block_on(vendor.stats());
    assert!(
        stats
            .token_scopes
            .get("aml_organization/OFAC")
            .copied()
            .unwrap_or(0)
            >= 1,
        "the vendor's stand-in was asked for the OFAC scope: {:?}",
        stats.token_scopes
    );
    driver.quit();

    // 4. The app opens on the saved environment: test, with its case.
    let driver = Driver::start(&app_binary(), &home.env()).expect("app session, restarted");
    badge(&driver, "Test");
    driver
        .wait_for("[data-testid=case-list]", Some("EQUINOR ASA"), LONG)
        .expect("test's case is listed");

    // 5. Back to the sandbox: its case list does not show test's case.
    open_settings_tab(&driver, "sandbox");
    click(&driver, "[data-testid=switch-environment]");
    badge(&driver, "Sandbox");
    click(&driver, "nav.rail a[href='#/cases']");
    driver
        .wait_for("[data-testid=cases-empty]", None, LONG)
        .expect("the sandbox has no case");
    assert!(
        !driver.page_text().expect("page").contains("EQUINOR"),
        "the test environment's case shows in the sandbox"
    );
    driver.quit();
    rt.block_on(vendor.shutdown());
}
