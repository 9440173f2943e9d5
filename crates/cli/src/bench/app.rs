//! `bench app`: the built desktop app (bundled UI, `--features custom-protocol`) under a display,
//! driven as the end-to-end tests drive it (tauri-driver + WebKitWebDriver, `amldesk-e2e`'s
//! client), each start with a fresh data directory, fresh XDG directories and the memory secret
//! store.
//!
//! 1. On the embedded sandbox, as a new user starts it: the cold start (the app process's start
//!    time in `/proc` → the first screen: the case list's empty state in the DOM, at the next
//!    animation frame, as the page's clock saw it), then, `--idle` after it, the proportional set
//!    size (`/proc/PID/smaps_rollup`) of the app and every process below it (WebKit's web and
//!    network processes), summed and one by one.
//! 2. Against a sandbox in this process whose synthetic companies have 198 owners: the same
//!    idle figure (what the embedded sandbox costs is the difference), then one lookup through
//!    the engine and the time from clicking the Ownership tab to the graph's `data-node-count`
//!    (set when Cytoscape's layout has stopped), first and warm.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use amldesk_e2e::{Driver, TempHome};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::figure;
use super::upstream::org_numbers;

/// The app's binary name (`src-tauri`).
const APP_NAME: &str = "amldesk-desktop";
/// Owners of each synthetic company in the graph run: with the chair, 200 parties.
pub(super) const GRAPH_OWNERS: u32 = 198;
/// Warm redraws of the graph (median).
const WARM_RUNS: usize = 3;
const START_TIMEOUT: Duration = Duration::from_secs(90);
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(120);
/// Linux's USER_HZ: `/proc/PID/stat` counts a process's start in these ticks since boot.
const TICKS_PER_SEC: f64 = 100.0;

/// The app binary: `--app-bin`, else the copy the end-to-end tests run (`<target>/e2e/`, next
/// to this binary's `<target>/debug/` or under `$CARGO_TARGET_DIR`), else `amldesk-desktop`
/// beside this binary (an installed package).
pub(super) fn find_app(arg: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = arg {
        if !p.is_file() {
            bail!("--app-bin: {} is not a file", p.display());
        }
        return Ok(p.to_path_buf());
    }
    let mut tried = Vec::new();
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf));
    if let Some(d) = &exe_dir {
        tried.push(d.join("../e2e").join(APP_NAME));
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        tried.push(PathBuf::from(t).join("e2e").join(APP_NAME));
    }
    if let Some(d) = &exe_dir {
        tried.push(d.join(APP_NAME));
    }
    if let Some(p) = tried.iter().find(|p| p.is_file()) {
        return Ok(p.clone());
    }
    bail!(
        "--app-bin: no built desktop app found (looked at {}); build it with the bundled UI \
         (`cd ui && npm run build`, then `cargo build -p amldesk-desktop --features \
         custom-protocol`) and pass --app-bin PATH",
        tried
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Refuses to start without a display, and with variables that would point the first run
/// away from the embedded sandbox.
pub(super) fn check_environment() -> Result<()> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
        bail!(
            "bench app needs a display (DISPLAY is not set): run it under \
             `xvfb-run -a -s \"-screen 0 1280x800x24\" dbus-run-session -- amldesk bench app`"
        );
    }
    for k in ["AMLDESK_SANDBOX_URL", "AMLDESK_ENV"] {
        if set(k) {
            bail!("bench app measures the app on its embedded sandbox: unset {k}");
        }
    }
    Ok(())
}

/// One process as `/proc` lists it.
#[derive(Debug, Clone, PartialEq)]
struct Proc {
    pid: u32,
    ppid: u32,
    /// The executable's file name (`/proc/PID/exe`), else `comm`.
    name: String,
}

/// `(pid, ppid, comm)` from the text of `/proc/PID/stat` (`comm` may hold spaces and
/// parentheses: it ends at the last `)`).
fn parse_stat(stat: &str) -> Option<(u32, u32, String, u64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let pid = stat.get(..open)?.trim().parse().ok()?;
    let comm = stat.get(open + 1..close)?.to_owned();
    let rest: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    // After comm: state (field 3), ppid (4), …, starttime (22).
    let ppid = rest.get(1)?.parse().ok()?;
    let start = rest.get(19)?.parse().ok()?;
    Some((pid, ppid, comm, start))
}

fn processes() -> Vec<Proc> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (pid, ppid, comm, _) = parse_stat(&stat)?;
            let name = std::fs::read_link(format!("/proc/{pid}/exe"))
                .ok()
                .and_then(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
                .unwrap_or(comm);
            Some(Proc { pid, ppid, name })
        })
        .collect()
}

/// `root` and every process below it.
fn tree(root: u32, all: &[Proc]) -> Vec<Proc> {
    let mut out: Vec<Proc> = all.iter().filter(|p| p.pid == root).cloned().collect();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].pid;
        out.extend(all.iter().filter(|p| p.ppid == parent).cloned());
        i += 1;
    }
    out
}

/// The app process among tauri-driver's descendants (tauri-driver → WebKitWebDriver → app).
fn find_app_pid(driver_pid: u32, app: &Path) -> Result<u32> {
    let deadline = Instant::now() + START_TIMEOUT;
    let name = app
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        if let Some(p) = tree(driver_pid, &processes())
            .into_iter()
            .find(|p| p.name == name || (p.name.len() == 15 && name.starts_with(&p.name)))
        {
            return Ok(p.pid);
        }
        if Instant::now() > deadline {
            bail!("no process named {name} appeared under tauri-driver (pid {driver_pid})");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `(Pss, Rss)` in kB from the text of `/proc/PID/smaps_rollup`.
fn parse_rollup(text: &str) -> Option<(u64, u64)> {
    let field = |name: &str| -> Option<u64> {
        text.lines()
            .find_map(|l| l.strip_prefix(name))?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    };
    Some((field("Pss:")?, field("Rss:")?))
}

/// One process's memory: its name, PSS and RSS in kB.
struct Memory {
    name: String,
    pss_kb: u64,
    rss_kb: u64,
}

fn memory_of_tree(app_pid: u32) -> Result<Vec<Memory>> {
    let procs = tree(app_pid, &processes());
    if procs.is_empty() {
        bail!("the app (pid {app_pid}) is gone: it exited before its memory was read");
    }
    Ok(procs
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(format!("/proc/{}/smaps_rollup", p.pid)).ok()?;
            let (pss_kb, rss_kb) = parse_rollup(&text)?;
            Some(Memory {
                name: if p.pid == app_pid {
                    "app".into()
                } else {
                    p.name
                },
                pss_kb,
                rss_kb,
            })
        })
        .collect())
}

fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// A figure's name part from a process name: `WebKitWebProcess` → `webkitwebprocess`.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Prints the summed PSS as `name` and, with `each`, every process's PSS (summed by name, the
/// app's own as `app`) and the summed RSS; returns the summed PSS in MiB.
fn print_memory(name: &str, m: &[Memory], each: bool) -> f64 {
    let pss: u64 = m.iter().map(|x| x.pss_kb).sum();
    figure(name, mib(pss), "MiB");
    if each {
        let mut names: Vec<&str> = m.iter().map(|x| x.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for n in names {
            let kb: u64 = m.iter().filter(|x| x.name == n).map(|x| x.pss_kb).sum();
            figure(&format!("idle_pss_mb_{}", slug(n)), mib(kb), "MiB");
        }
        figure(
            "idle_rss_summed_mb",
            mib(m.iter().map(|x| x.rss_kb).sum()),
            "MiB",
        );
    }
    mib(pss)
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// When `pid` started, in milliseconds since the Unix epoch (10 ms resolution): its start in
/// ticks since boot (`/proc/PID/stat`), the boot's time from `/proc/uptime`.
fn process_start_epoch_ms(pid: u32) -> Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("/proc/{pid}/stat"))?;
    let (_, _, _, ticks) = parse_stat(&stat).context("unreadable /proc/PID/stat")?;
    let now = epoch_ms();
    let uptime = std::fs::read_to_string("/proc/uptime").context("/proc/uptime")?;
    let up_s: f64 = uptime
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .context("unreadable /proc/uptime")?;
    Ok(now - up_s * 1000.0 + ticks as f64 / TICKS_PER_SEC * 1000.0)
}

/// Resolves at the first animation frame after the case list's empty state is in the DOM (a
/// MutationObserver, so no polling delay), with the page's clock then and its navigation start.
const FIRST_SCREEN_JS: &str = r#"
const done = arguments[arguments.length - 1];
const sel = "[data-testid=cases-empty]";
const nav = () => ({ origin: performance.timeOrigin });
const finish = (already) => requestAnimationFrame(() =>
  done(Object.assign(nav(), { at: performance.timeOrigin + performance.now(), already })));
if (location.protocol === "about:" || !document.getElementById("root")) {
  done({ notYet: location.href });
} else if (document.querySelector(sel)) {
  finish(true);
} else {
  const mo = new MutationObserver(() => {
    if (document.querySelector(sel)) { mo.disconnect(); clearTimeout(t); finish(false); }
  });
  const t = setTimeout(() => { mo.disconnect(); done({ timeout: true }); }, 20000);
  mo.observe(document, { subtree: true, childList: true });
}"#;

/// The first screen's time (page clock, ms since the epoch) and the page's navigation start.
struct FirstScreen {
    at: f64,
    origin: f64,
}

/// What [`FIRST_SCREEN_JS`] resolves with (our own page script's answer, read typed).
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct FirstScreenAnswer {
    at: Option<f64>,
    origin: Option<f64>,
    #[serde(default)]
    already: bool,
    /// The page is not the app's yet (the session opened before it navigated): its URL.
    not_yet: Option<String>,
}

fn wait_first_screen(d: &Driver) -> Result<FirstScreen> {
    let deadline = Instant::now() + START_TIMEOUT;
    let mut first_call = true;
    let mut last = Value::Null;
    while Instant::now() < deadline {
        let answer = d.execute_async(FIRST_SCREEN_JS, json!([]));
        let typed: FirstScreenAnswer = match &answer {
            Ok(v) => serde_json::from_value(v.clone()).unwrap_or_default(),
            Err(_) => FirstScreenAnswer::default(),
        };
        if let Some(at) = typed.at {
            if typed.already && first_call {
                eprintln!(
                    "bench app: the empty case list was already shown when the session \
                     opened: cold start is an upper bound"
                );
            }
            return Ok(FirstScreen {
                at,
                origin: typed.origin.unwrap_or(0.0),
            });
        }
        last = match answer {
            Ok(v) => v,
            Err(e) => json!(e),
        };
        if typed.not_yet.is_none() {
            first_call = false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    bail!(
        "the app did not show its first screen (the empty case list) within {START_TIMEOUT:?}; \
         last seen: {last}. A binary built without --features custom-protocol loads the Vite \
         dev server instead of the bundled UI"
    )
}

/// Clicks the Ownership tab, resolves when the graph's layout has stopped (`data-node-count`,
/// set by the tab after Cytoscape's `layoutstop`) and a frame later: the time in ms and the
/// parties and links drawn.
const GRAPH_JS: &str = r#"
const done = arguments[arguments.length - 1];
const tab = document.querySelector("[data-testid=tab-ownership]");
if (!tab) { done({ error: "no Ownership tab" }); return; }
const t0 = performance.now();
const drawn = () => document.querySelector("[data-testid=ownership-graph][data-node-count]");
const finish = (g) => requestAnimationFrame(() => done({
  ms: performance.now() - t0, nodes: Number(g.dataset.nodeCount), edges: Number(g.dataset.edgeCount) }));
const mo = new MutationObserver(() => {
  const g = drawn();
  if (g) { mo.disconnect(); clearTimeout(t); finish(g); }
});
const t = setTimeout(() => { mo.disconnect(); done({ error: "no graph within 25 s" }); }, 25000);
mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-node-count"] });
tab.click();"#;

struct GraphDrawn {
    ms: f64,
    nodes: f64,
    edges: f64,
}

fn draw_graph(d: &Driver) -> Result<GraphDrawn> {
    let v = d
        .execute_async(GRAPH_JS, json!([]))
        .map_err(anyhow::Error::msg)?;
    match (v["ms"].as_f64(), v["nodes"].as_f64(), v["edges"].as_f64()) {
        (Some(ms), Some(nodes), Some(edges)) => Ok(GraphDrawn { ms, nodes, edges }),
        _ => bail!("the ownership graph was not drawn: {v}"),
    }
}

/// Leaves the Ownership tab (the graph is destroyed) and waits until it is gone.
fn leave_graph(d: &Driver) -> Result<()> {
    let tab = d
        .find("[data-testid=tab-overview]")
        .map_err(anyhow::Error::msg)?;
    d.click(&tab).map_err(anyhow::Error::msg)?;
    d.wait_until(
        "the graph to close",
        "return !document.querySelector('[data-testid=ownership-graph]');",
        LOOKUP_TIMEOUT,
    )
    .map_err(anyhow::Error::msg)?;
    d.wait_settled(LOOKUP_TIMEOUT).map_err(anyhow::Error::msg)
}

/// Environment of one app start: a fresh home (data, cache, config, data of WebKit) and the
/// memory secret store.
fn app_env(home: &TempHome, extra: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut env = home.env();
    env.push((
        "XDG_DATA_HOME",
        home.root.join("xdg-data").to_string_lossy().into_owned(),
    ));
    env.push(("AMLDESK_SECRET_STORE", "memory".into()));
    env.extend_from_slice(extra);
    env
}

fn start(app: &Path, env: &[(&str, String)]) -> Result<(Driver, u32)> {
    let d = Driver::start(app, env).map_err(|e| anyhow::anyhow!("starting the app: {e}"))?;
    let pid = find_app_pid(d.driver_pid(), app)?;
    Ok((d, pid))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Runs both starts; `sandbox_url` is the in-process sandbox of the graph run.
pub(super) fn run(quick: bool, seed: u64, app: &Path, sandbox_url: &str) -> Result<()> {
    let idle = Duration::from_secs(if quick { 3 } else { 10 });
    eprintln!("bench app: {} (idle {idle:?})", app.display());

    // 1. Cold start and idle memory on the embedded sandbox, as a new user starts it.
    let home = TempHome::new("bench-app");
    let (d, pid) = start(app, &app_env(&home, &[]))?;
    let started = process_start_epoch_ms(pid)?;
    let first = wait_first_screen(&d)?;
    let shown = Instant::now();
    figure("cold_start_to_first_screen_ms", first.at - started, "ms");
    figure("cold_start_to_page_ms", first.origin - started, "ms");
    std::thread::sleep(idle.saturating_sub(shown.elapsed()));
    let idle_mib = print_memory("idle_rss_mb", &memory_of_tree(pid)?, true);
    d.quit();
    drop(home);

    // 2. The graph run: the app against this process's sandbox.
    let home = TempHome::new("bench-app-graph");
    let (d, pid) = start(
        app,
        &app_env(&home, &[("AMLDESK_SANDBOX_URL", sandbox_url.to_owned())]),
    )?;
    wait_first_screen(&d)?;
    let shown = Instant::now();
    std::thread::sleep(idle.saturating_sub(shown.elapsed()));
    let outside = print_memory("idle_rss_mb_sandbox_outside", &memory_of_tree(pid)?, false);
    figure("idle_rss_mb_embedded_sandbox", idle_mib - outside, "MiB");

    let id = org_numbers(1, 95_000_000 + seed)
        .pop()
        .context("an organization number")?;
    let submit = d
        .fill_lookup(&id, LOOKUP_TIMEOUT)
        .map_err(|e| anyhow::anyhow!("lookup of {id}: {e}"))?;
    d.click(&submit).map_err(anyhow::Error::msg)?;
    d.wait_for(
        "details[data-testid=session-progress]",
        None,
        LOOKUP_TIMEOUT,
    )
    .map_err(|e| anyhow::anyhow!("lookup of {id} did not finish: {e}"))?;
    d.wait_settled(LOOKUP_TIMEOUT).map_err(anyhow::Error::msg)?;

    let cold = draw_graph(&d)?;
    figure("graph_nodes", cold.nodes, "count");
    figure("graph_edges", cold.edges, "count");
    figure("graph_200_nodes_render_ms", cold.ms, "ms");
    let mut warm = Vec::new();
    for _ in 0..WARM_RUNS {
        leave_graph(&d)?;
        warm.push(draw_graph(&d)?.ms);
    }
    figure("graph_200_nodes_render_ms_warm", median(warm), "ms");
    print_memory("graph_rss_mb", &memory_of_tree(pid)?, false);
    d.quit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_with_spaces_and_parentheses_in_comm() {
        let s = "4242 (Web Content (x)) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 3 0 \
                 987654 1000 10 18446744073709551615";
        assert_eq!(
            parse_stat(s),
            Some((4242, 17, "Web Content (x)".to_owned(), 987_654))
        );
        assert_eq!(parse_stat("garbage"), None);
        assert_eq!(parse_stat("1 (x) S"), None);
    }

    #[test]
    fn rollup_reads_pss_and_rss() {
        let t = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:  1024 kB\nPss:  512 kB\n\
                 Pss_Anon:  100 kB\n";
        assert_eq!(parse_rollup(t), Some((512, 1024)));
        assert_eq!(parse_rollup("Rss: x kB"), None);
    }

    #[test]
    fn tree_follows_children_only() {
        let p = |pid, ppid| Proc {
            pid,
            ppid,
            name: format!("p{pid}"),
        };
        let all = [p(1, 0), p(10, 1), p(11, 10), p(12, 10), p(13, 11), p(20, 1)];
        let mut got: Vec<u32> = tree(10, &all).iter().map(|p| p.pid).collect();
        got.sort_unstable();
        assert_eq!(got, [10, 11, 12, 13]);
        assert!(tree(99, &all).is_empty());
    }

    #[test]
    fn slugs_are_figure_names() {
        assert_eq!(slug("WebKitWebProcess"), "webkitwebprocess");
        assert_eq!(slug("amldesk-desktop"), "amldesk_desktop");
    }

    #[test]
    fn a_missing_app_binary_names_the_flag() {
        let e = find_app(Some(Path::new("/nonexistent/amldesk-desktop")))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("--app-bin"), "{e}");
    }
}
