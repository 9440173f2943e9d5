//! A tour of the real app on the embedded sandbox, one Equinor lookup and a small batch: every
//! screen is shot only once its finished state is on screen, checked by axe-core (WCAG 2 A/AA,
//! contrast included), and the ownership graph is measured: the smallest label on screen at the
//! default view is at least 12 px, a party is reached by keyboard and Enter opens its details,
//! and switching to the dark theme redraws the graph in dark colours.

use amldesk_e2e::{app_binary, screenshot_dir, Driver, TempHome};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const LONG: Duration = Duration::from_secs(120);
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ARROW_UP: &str = "\u{E013}";

/// Screens checked by axe-core, with their violations, reported together at the end.
#[derive(Default)]
struct Axe(Vec<String>);

impl Axe {
    fn check(&mut self, driver: &Driver, screen: &str) {
        match driver.axe_violations() {
            Ok(v) => {
                for line in v {
                    eprintln!("axe [{screen}] {line}");
                    self.0.push(format!("[{screen}] {line}"));
                }
            }
            Err(e) => self.0.push(format!("[{screen}] axe-core did not run: {e}")),
        }
    }
}

fn shot(driver: &Driver, name: &str) {
    driver
        .wait_settled(LONG)
        .expect("the window settles before the shot");
    driver
        .screenshot(&screenshot_dir().join(name))
        .expect("screenshot");
}

fn go(driver: &Driver, hash: &str) {
    driver
        .execute(
            &format!("window.location.hash = {hash:?}; return true;"),
            json!([]),
        )
        .expect("navigate");
}

fn open_tab(driver: &Driver, id: &str) {
    let tab = driver
        .wait_for(&format!("[data-testid={id}]"), None, LONG)
        .expect("tab");
    driver.click(&tab).expect("click tab");
}

/// The live Cytoscape instance behind the drawn graph (cytoscape registers it on its container).
const CY: &str = r#"const host = [...document.querySelectorAll('[data-testid=ownership-graph] .cy-host')].find((h) => h.style.display !== 'none');
const cy = host && host._cyreg && host._cyreg.cy;"#;

/// The smallest label on screen: each drawn element's label font size times the zoom, in CSS
/// pixels, read from the page's own Cytoscape instance.
fn graph_label_px(driver: &Driver) -> Value {
    driver
        .wait_until(
            "the graph's label sizes",
            &format!(
                r#"{CY}
if (!cy || !cy.nodes().length) return null;
const z = cy.zoom();
const sizes = cy.elements().filter((e) => String(e.data('label') || '') !== '').map((e) => parseFloat(e.style('font-size')) * z);
// Nodes not wholly inside the pane at the default view (their names).
const off = cy.nodes().filter((n) => {{ const b = n.renderedBoundingBox({{}}); return b.x1 < 0 || b.y1 < 0 || b.x2 > cy.width() || b.y2 > cy.height(); }}).map((n) => String(n.data('label')).split('\n')[0]);
return {{ zoom: z, minPx: Math.min(...sizes), labels: sizes.length, dpr: window.devicePixelRatio, nodes: cy.nodes().length, offScreen: off }};"#
            ),
            LONG,
        )
        .expect("graph measured")
}

fn graph_colors(driver: &Driver) -> Value {
    driver
        .execute(
            &format!(
                r#"{CY}
if (!cy) return null;
const n = cy.nodes().not('.subject').first();
return {{ fg: n.style('color'), bg: n.style('background-color') }};"#
            ),
            json!([]),
        )
        .expect("graph colours")
}

/// `rgb(r, g, b)` → relative brightness 0..255.
fn brightness(css: &str) -> f64 {
    let n: Vec<f64> = css
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match n.as_slice() {
        [r, g, b, ..] => 0.299 * r + 0.587 * g + 0.114 * b,
        _ => panic!("not an rgb colour: {css}"),
    }
}

fn graph_checks(driver: &Driver, axe: &mut Axe) {
    open_tab(driver, "tab-ownership");
    driver
        .wait_for("[data-testid=ownership-graph][data-node-count]", None, LONG)
        .expect("graph laid out");
    driver.wait_settled(LONG).expect("graph settled");

    // 1. Legible at the default view.
    let m = graph_label_px(driver);
    let min_px = m["minPx"].as_f64().expect("minPx");
    eprintln!("graph at the default view: {m}");
    assert!(
        min_px >= 12.0,
        "the smallest graph label is {min_px:.1} px on screen at the default view (want >= 12): {m}"
    );
    // 2. Whole at the default view: no drawn party partly outside the pane (role holders of a
    //    large structure are folded into a count so that the chain fits).
    let off = m["offScreen"].as_array().expect("offScreen");
    assert!(
        off.is_empty(),
        "parties partly off-screen at the default view: {off:?} ({m})"
    );
    shot(driver, "10-ownership-graph.png");
    axe.check(driver, "ownership graph");

    // 3. By keyboard: focus the graph, Tab to the next party, back up, Enter opens its details.
    let graph = driver.find("[data-testid=ownership-graph]").expect("graph");
    driver
        .execute(
            "arguments[0].focus(); return true;",
            json!([{ "element-6066-11e4-a52e-4f735466cecf": graph }]),
        )
        .expect("focus graph");
    let first = driver
        .wait_until(
            "a party with the keyboard focus",
            "return document.querySelector('[data-testid=ownership-graph]').getAttribute('data-kbd-node');",
            LONG,
        )
        .expect("focused party");
    driver.keys(TAB).expect("Tab");
    let second = driver
        .wait_until(
            "Tab to move to another party",
            &format!("const k = document.querySelector('[data-testid=ownership-graph]').getAttribute('data-kbd-node'); return k && k !== {first} ? k : null;"),
            LONG,
        )
        .expect("Tab moves");
    let still_in_graph = driver
        .execute(
            "return document.activeElement === document.querySelector('[data-testid=ownership-graph]');",
            json!([]),
        )
        .expect("focus");
    assert_eq!(
        still_in_graph,
        Value::Bool(true),
        "Tab moved between parties inside the graph"
    );
    driver.keys(ARROW_UP).expect("arrow");
    driver.keys(ENTER).expect("Enter");
    let kbd = driver
        .execute(
            "return document.querySelector('[data-testid=ownership-graph]').getAttribute('data-kbd-node');",
            json!([]),
        )
        .expect("kbd");
    let ring = driver
        .execute(
            &format!("{CY}\nconst k = cy.$('.kbd'); return k.length === 1 ? {{ id: k.id(), outline: parseFloat(k.style('outline-width')), label: k.data('label') }} : null;"),
            json!([]),
        )
        .expect("focus ring");
    assert_eq!(
        ring["id"], kbd,
        "the focus ring is drawn on the focused party: {ring}"
    );
    assert!(
        ring["outline"].as_f64().unwrap_or(0.0) >= 2.0,
        "a visible ring: {ring}"
    );
    let name = ring["label"]
        .as_str()
        .and_then(|l| l.lines().next())
        .expect("label")
        .to_string();
    driver
        .wait_for(".side-panel .node-details h3", Some(&name), LONG)
        .expect("Enter opens the party's details in the side panel");
    eprintln!("keyboard: {first} → Tab → {second} → ↑ → {kbd}, Enter → details of {name}");
    shot(driver, "10-ownership-keyboard-details.png");

    // 4. Dark theme: the drawing follows.
    let light = graph_colors(driver);
    driver
        .execute(
            "document.documentElement.dataset.theme = 'dark'; return true;",
            json!([]),
        )
        .expect("dark theme");
    let dark = driver
        .wait_until(
            "the graph to redraw in dark colours",
            &format!(
                r#"{CY}
const n = cy.nodes().not('.subject').first();
const bg = n.style('background-color');
return bg !== {bg} ? {{ fg: n.style('color'), bg }} : null;"#,
                bg = light["bg"]
            ),
            LONG,
        )
        .expect("graph redrawn");
    let (lb, db) = (
        brightness(light["bg"].as_str().unwrap_or_default()),
        brightness(dark["bg"].as_str().unwrap_or_default()),
    );
    assert!(
        db < 80.0 && db < lb,
        "dark node ground {dark} (light was {light})"
    );
    assert!(
        brightness(dark["fg"].as_str().unwrap_or_default()) > 150.0,
        "light text on the dark ground: {dark}"
    );
    shot(driver, "14-dark-ownership.png");
    axe.check(driver, "ownership graph, dark theme");
    open_tab(driver, "tab-overview");
    driver
        .wait_for("section[aria-label='Roles']", None, LONG)
        .expect("overview");
    shot(driver, "15-dark-overview.png");
    axe.check(driver, "overview, dark theme");
    driver
        .execute(
            "document.documentElement.dataset.theme = 'light'; return true;",
            json!([]),
        )
        .expect("light theme");
}

fn write_csv(dir: &Path) -> String {
    let p = dir.join("batch.csv");
    std::fs::write(
        &p,
        "NO,982463718,Telenor\nNO,914778271,Norsk Hydro\nNO,984851006,DNB\n",
    )
    .expect("csv");
    p.to_string_lossy().to_string()
}

#[test]
fn tour_of_every_screen_checked_and_shot() {
    let home = TempHome::new("tour");
    let driver = Driver::start(&app_binary(), &home.env()).expect("app session");
    let mut axe = Axe::default();

    driver
        .wait_for("[data-testid=cases-empty]", None, LONG)
        .expect("empty case list");
    axe.check(&driver, "empty case list");

    // The lookup dialog, filled in.
    let submit = driver
        .fill_lookup("923609016", LONG)
        .expect("lookup dialog accepts Equinor's number");
    shot(&driver, "08-lookup-dialog.png");
    axe.check(&driver, "lookup dialog");
    driver.click(&submit).expect("start");

    // Live progress: a session still running (the panel folds into a summary once all are done).
    driver
        .wait_for(
            "section[data-testid=session-progress]",
            Some("in progress"),
            LONG,
        )
        .expect("live progress");
    driver
        .screenshot(&screenshot_dir().join("09-live-progress.png"))
        .expect("screenshot");
    axe.check(&driver, "live progress");

    driver
        .wait_for("details[data-testid=session-progress]", None, LONG)
        .expect("all sessions done");
    driver
        .wait_overview("EQUINOR ASA", LONG)
        .expect("Equinor's overview with roles in words");
    driver.wait_settled(LONG).expect("overview settled");
    axe.check(&driver, "case overview");

    open_tab(&driver, "tab-beneficial");
    driver
        .wait_for("[role=tabpanel]", Some("Kari Skarvholm"), LONG)
        .expect("beneficial owners");
    shot(&driver, "11-beneficial-owners.png");
    axe.check(&driver, "beneficial owners");

    open_tab(&driver, "tab-sanctions");
    driver
        .wait_for("[role=tabpanel]", Some("Viktor Sanko"), LONG)
        .expect("sanction hits");
    shot(&driver, "12-sanctions.png");
    axe.check(&driver, "sanctions");

    open_tab(&driver, "tab-reports");
    driver
        .wait_for("[data-doc-kind=aml]", Some("AML report"), LONG)
        .expect("reports");
    axe.check(&driver, "reports");

    graph_checks(&driver, &mut axe);

    // A small batch from a CSV.
    go(&driver, "#/batch");
    let file = driver
        .wait_for("[data-testid=batch-file]", None, LONG)
        .expect("batch file input");
    driver
        .type_text(&file, &write_csv(&home.root))
        .expect("choose CSV");
    let start = driver
        .wait_for("[data-testid=batch-start]:not([disabled])", None, LONG)
        .expect("start enabled");
    driver.click(&start).expect("start batch");
    driver
        .wait_for("[data-testid=batch-rows]", Some("982 463 718"), LONG)
        .expect("batch rows");
    driver
        .wait_until(
            "the batch to finish",
            "const t = document.querySelector('[data-testid=batch-counts]'); return t && /3 of 3 finished/.test(t.innerText) ? t.innerText : null;",
            Duration::from_secs(240),
        )
        .unwrap_or_else(|e| {
            eprintln!("batch not finished in time ({e}); shooting as it is");
            Value::Null
        });
    shot(&driver, "13-batch.png");
    axe.check(&driver, "batch");

    // The case list with its rows (Equinor and the batch's three).
    go(&driver, "#/cases");
    // Any row, not the first: the batch's rows may sort above Equinor's.
    driver
        .wait_until(
            "Equinor's row in the case list",
            "const r = [...document.querySelectorAll('[data-testid=case-list] [data-case-id]')].find((e) => e.innerText.includes('EQUINOR ASA')); return r ? r.innerText : null;",
            LONG,
        )
        .expect("case list row");
    shot(&driver, "07-case-list.png");
    axe.check(&driver, "case list");

    go(&driver, "#/settings");
    driver
        .wait_for("h1", Some("Settings"), LONG)
        .expect("settings");
    shot(&driver, "16-settings.png");
    axe.check(&driver, "settings");

    driver.quit();
    assert!(
        axe.0.is_empty(),
        "WCAG 2 AA violations (axe-core):\n{}",
        axe.0.join("\n")
    );
}
