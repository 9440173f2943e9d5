//! Done-when of issue 10: a section that drifted or is missing from the answer is never shown
//! as "nothing found". The app runs against a sandbox whose every result document drifts in one
//! section (knob `shape_drift_rate` = 1); after an Equinor lookup, every drifted section of the
//! organization answer that the overview shows is a warning ("could not be read" / "not in the
//! answer"), no card the engine judged unreadable or missing says "nothing found", and a drifted
//! screening never reads "No hits".

use amldesk_e2e::{app_binary, screenshot_dir, Driver, TempHome};
use amldesk_sandbox::{Knobs, SandboxConfig};
use serde_json::{json, Value};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(120);

/// The overview card that draws a section (`core::model::accepted::section_of` paths).
fn card_of(section: &str) -> Option<&'static str> {
    Some(match section {
        "keyInformation" => "Key information",
        "address" => "Addresses",
        "roles" => "Roles",
        "authorities" => "Signature rights and procuration",
        "financials.keyFigures" => "Financial key figures",
        "ownership.shareholders" => "Ownership",
        "ownership.subsidiaries" => "Subsidiaries",
        "ownership.indicators" => "Ownership indicators",
        "sanction" => "Screening",
        _ => return None,
    })
}

/// `ownership.shareholders[2].name` → `ownership.shareholders`; `roles[0]` → `roles`.
fn section_of(path: &str) -> String {
    let keys: Vec<&str> = path
        .split('.')
        .map(|k| k.split('[').next().unwrap_or(k))
        .collect();
    match keys.as_slice() {
        [top @ ("ownership" | "financials"), second, ..] => format!("{top}.{second}"),
        [top, ..] => (*top).to_string(),
        [] => String::new(),
    }
}

#[test]
fn drifted_sections_are_never_nothing_found() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = rt
        .block_on(amldesk_sandbox::start(SandboxConfig {
            knobs: Knobs {
                shape_drift_rate: 1.0,
                latency_scale: 0.2,
                ..Knobs::default()
            },
            ..SandboxConfig::default()
        }))
        .expect("sandbox");
    let home = TempHome::new("drift");
    let mut env = home.env();
    env.push(("AMLDESK_SANDBOX_URL", sandbox.base_url()));
    let driver = Driver::start(&app_binary(), &env).expect("app session");

    let submit = driver
        .fill_lookup("923609016", LONG)
        .expect("lookup dialog accepts Equinor's number");
    driver.click(&submit).expect("start");
    driver
        .wait_for("details[data-testid=session-progress]", None, LONG)
        .expect("every session of the lookup finished");
    driver.wait_settled(LONG).expect("overview settled");

    let stats = rt.block_on(sandbox.stats());
    assert!(
        !stats.drifted.is_empty(),
        "the sandbox drifted nothing at rate 1"
    );
    let cards: Value = driver
        .execute(
            r#"return [...document.querySelectorAll('section.card')].map((c) => ({
                 title: c.getAttribute('aria-label'), availability: c.getAttribute('data-availability'), text: c.innerText }));"#,
            json!([]),
        )
        .expect("cards");
    let cards = cards.as_array().expect("list of cards");
    assert!(!cards.is_empty(), "the overview shows cards");
    let card = |title: &str| cards.iter().find(|c| c["title"] == title);

    // The organization answer's sessions: those that also served an organization report.
    let org_sessions: Vec<&str> = stats
        .entities
        .iter()
        .filter(|e| e.entity == "aml-report" || e.entity == "certificate-of-registration-report")
        .map(|e| e.session_id.as_str())
        .collect();
    assert!(
        !org_sessions.is_empty(),
        "an organization session: {:?}",
        stats.entities
    );
    // What the sandbox drifted in the organization answer, and where the overview shows it.
    let mut checked = 0;
    for d in stats
        .drifted
        .iter()
        .filter(|d| org_sessions.contains(&d.session_id.as_str()))
    {
        let section = section_of(&d.path);
        let Some(title) = card_of(&section) else {
            eprintln!(
                "drift {} at {} ({section}): no overview card",
                d.shape, d.path
            );
            continue;
        };
        let c =
            card(title).unwrap_or_else(|| panic!("no card {title:?} for the drift at {}", d.path));
        let want = if d.shape == "absent" {
            "missing"
        } else {
            "unreadable"
        };
        let text = c["text"].as_str().unwrap_or_default();
        assert_eq!(
            c["availability"], want,
            "drift {} at {}: card {title:?} reads {:?}: {text}",
            d.shape, d.path, c["availability"]
        );
        assert!(
            text.contains("could not be read") || text.contains("not in the answer"),
            "card {title:?} warns about the drift at {}: {text}",
            d.path
        );
        eprintln!(
            "drift {} at {} → card {title:?}: {}",
            d.shape, d.path, c["availability"]
        );
        checked += 1;
    }
    // Whatever drifted: no card judged unreadable or missing says "nothing found".
    for c in cards {
        let text = c["text"].as_str().unwrap_or_default().to_lowercase();
        if matches!(c["availability"].as_str(), Some("unreadable" | "missing")) {
            assert!(!text.contains("searched, nothing found"), "{c}");
            assert!(!text.contains("no hits"), "{c}");
        }
    }
    if stats
        .drifted
        .iter()
        .any(|d| section_of(&d.path) == "sanction")
    {
        let s = card("Screening").expect("screening card");
        assert!(
            !s["text"].as_str().unwrap_or_default().contains("No hits"),
            "{s}"
        );
    }
    eprintln!(
        "{checked} drifted section(s) checked on the overview; drifts: {:?}",
        stats.drifted
    );
    driver
        .screenshot(&screenshot_dir().join("17-drifted-section.png"))
        .expect("screenshot");
    driver.quit();
    rt.block_on(sandbox.shutdown());
}
