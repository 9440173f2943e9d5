//! End-to-end harness: drives the built desktop app through `tauri-driver` + `WebKitWebDriver`.
//!
//! A deliberately tiny W3C WebDriver client over HTTP/1.1 on loopback (no extra dependencies):
//! new session, find element, text, click, type, attribute, execute script, screenshot.
//!
//! Run by `scripts/test.sh` under `xvfb-run` + `dbus-run-session` with
//! `AMLDESK_APP_BIN` pointing at a binary built with the bundled UI (custom-protocol).

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, String>;

/// One HTTP/1.1 request, retried up to three times when the connection closes without an
/// answer (tauri-driver does that now and then while the webview is busy).
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value)> {
    let mut attempt = 0;
    loop {
        match http_once(port, method, path, body) {
            Err(e) if e.starts_with("no HTTP header") && attempt < 2 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(200 * attempt));
            }
            other => return other,
        }
    }
}

/// One HTTP/1.1 request to `127.0.0.1:port`, `Connection: close`; returns (status, JSON body).
fn http_once(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value)> {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect {port}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(req.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read {method} {path}: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no HTTP header in answer to {method} {path}"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line: {head}"))?;
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body)?;
    }
    let value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            format!(
                "{method} {path}: body is not JSON ({e}): {}",
                String::from_utf8_lossy(&body)
            )
        })?
    };
    Ok((status, value))
}

fn dechunk(mut b: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunked body")?;
        let size_str = String::from_utf8_lossy(&b[..line_end]).to_string();
        let size = usize::from_str_radix(size_str.split(';').next().unwrap_or("0").trim(), 16)
            .map_err(|e| format!("bad chunk size {size_str}: {e}"))?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size {
            return Err("truncated chunk".into());
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2.min(b.len() - size)..];
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// `tauri-driver` plus one WebDriver session on the app.
pub struct Driver {
    port: u16,
    session: String,
    child: Child,
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    /// Starts `tauri-driver` and opens a session on `app` with the given environment.
    pub fn start(app: &Path, env: &[(&str, String)]) -> Result<Driver> {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ]);
        // Its own process group, so that stopping it stops everything it started.
        cmd.process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .map_err(|e| format!("tauri-driver could not start ({e}); run scripts/setup.sh"))?;
        let mut driver = Driver {
            port,
            session: String::new(),
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not listen within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app.to_string_lossy()}
        }}});
        let (status, v) = http(port, "POST", "/session", Some(&caps))?;
        if status != 200 {
            return Err(format!("new session failed ({status}): {v}"));
        }
        driver.session = v["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no sessionId in {v}"))?
            .to_string();
        Ok(driver)
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let full = format!("/session/{}{}", self.session, path);
        let (status, v) = http(self.port, method, &full, body.as_ref())?;
        if status >= 400 {
            return Err(format!("{method} {path} failed ({status}): {}", v["value"]));
        }
        Ok(v["value"].clone())
    }

    /// Finds one element by CSS selector, or an error.
    pub fn find(&self, css: &str) -> Result<String> {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        v[ELEMENT_KEY]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no element for {css}: {v}"))
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<String>> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Waits until `css` exists (and, when given, its text contains `text`).
    pub fn wait_for(&self, css: &str, text: Option<&str>, timeout: Duration) -> Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let last = match self.find(css) {
                Ok(el) => match text {
                    None => return Ok(el),
                    Some(t) => {
                        let seen = self.text(&el).unwrap_or_default();
                        if seen.contains(t) {
                            return Ok(el);
                        }
                        seen
                    }
                },
                Err(e) => e,
            };
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {css}{}; last seen: {last}",
                    text.map(|t| format!(" containing {t:?}"))
                        .unwrap_or_default()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The element's rendered text (`innerText`). WebDriver's own "get text" skips cells of a
    /// virtualized, transformed list that are plainly on screen, so the page is asked directly.
    pub fn text(&self, el: &str) -> Result<String> {
        let v = self.execute(
            "return arguments[0].innerText;",
            json!([{ ELEMENT_KEY: el }]),
        )?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub fn attr(&self, el: &str, name: &str) -> Result<Option<String>> {
        let v = self.cmd("GET", &format!("/element/{el}/attribute/{name}"), None)?;
        Ok(v.as_str().map(str::to_string))
    }

    pub fn click(&self, el: &str) -> Result<()> {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})))
            .map(|_| ())
    }

    pub fn clear(&self, el: &str) -> Result<()> {
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({})))
            .map(|_| ())
    }

    pub fn type_text(&self, el: &str, text: &str) -> Result<()> {
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        )
        .map(|_| ())
    }

    pub fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Runs an asynchronous script: it ends by calling `arguments[arguments.length - 1](value)`.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// Waits until `script` (a function body) returns something truthy; returns that value.
    pub fn wait_until(&self, what: &str, script: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.execute(script, json!([]));
            match &v {
                Ok(Value::Null) | Ok(Value::Bool(false)) | Err(_) => {}
                Ok(v) => return Ok(v.clone()),
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {what}: {v:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until the window shows no "Loading …" status and no graph still being laid out,
    /// so that what a screenshot or a check sees is the finished state.
    pub fn wait_settled(&self, timeout: Duration) -> Result<()> {
        self.wait_until(
            "the window to finish loading",
            r#"const t = document.body.innerText;
               return !/Loading [a-z]|Laying out the graph/.test(t) && document.readyState === "complete";"#,
            timeout,
        )
        .map(|_| ())?;
        // One more frame for the paint that follows the last update.
        std::thread::sleep(Duration::from_millis(300));
        Ok(())
    }

    /// Sends key strokes (WebDriver key codes, e.g. `"\u{E004}"` for Tab) to whatever element
    /// has focus, through the actions API.
    pub fn keys(&self, keys: &str) -> Result<()> {
        let mut actions = Vec::new();
        for k in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": k.to_string()}));
            actions.push(json!({"type": "keyUp", "value": k.to_string()}));
        }
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .map(|_| ())
    }

    /// Runs axe-core (from `ui/node_modules`) in the page against WCAG 2.0/2.1 A and AA and
    /// returns each violation as one line: rule, impact, help and the first offending elements.
    pub fn axe_violations(&self) -> Result<Vec<String>> {
        let loaded = self.execute("return typeof window.axe === 'object';", json!([]))?;
        if loaded != Value::Bool(true) {
            let src = std::fs::read_to_string(axe_source()).map_err(|e| {
                format!(
                    "axe-core not found at {} ({e}): run npm ci in ui/",
                    axe_source().display()
                )
            })?;
            // Run as a function body: `this` is not the window there, so hand it over.
            let script =
                format!("(function() {{ {src}\n }}).call(window); return typeof window.axe;");
            let t = self.execute(&script, json!([]))?;
            if t.as_str() != Some("object") {
                return Err(format!("axe-core did not load in the page: {t}"));
            }
        }
        let v = self.execute_async(
            r#"const done = arguments[arguments.length - 1];
               window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
                 .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ") + (n.failureSummary ? " [" + n.failureSummary.replace(/\s+/g, " ").slice(0, 160) + "]" : "")).join("; ")}`)))
                 .catch((e) => done(["axe-core failed: " + e]));"#,
            json!([]),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Opens the lookup dialog and types an organization number; returns once the dialog accepts
    /// it (no validation message, "Start lookup" enabled), with the submit button's element.
    pub fn fill_lookup(&self, identifier: &str, timeout: Duration) -> Result<String> {
        let new = self.wait_for("[data-testid=new-lookup-button]", None, timeout)?;
        self.click(&new)?;
        let input = self.wait_for("[data-testid=lookup-identifier]", None, timeout)?;
        self.type_text(&input, identifier)?;
        self.wait_until(
            "the identifier to be accepted",
            "return !document.querySelector('[data-testid=lookup-error]') && !document.querySelector('[data-testid=lookup-submit]').disabled;",
            timeout,
        )?;
        self.find("[data-testid=lookup-submit]")
    }

    /// Waits for a case's finished overview: its title, and the roles read in words.
    pub fn wait_overview(&self, title: &str, timeout: Duration) -> Result<()> {
        self.wait_for("[data-testid=case-title]", Some(title), timeout)?;
        self.wait_for(
            "section[aria-label='Roles']",
            Some("Chair of the board"),
            timeout,
        )?;
        Ok(())
    }

    /// Text of the whole page body.
    pub fn page_text(&self) -> Result<String> {
        let body = self.find("body")?;
        self.text(&body)
    }

    /// Saves a PNG screenshot of the window. WebKit under Xvfb can hand back the last frame it
    /// painted rather than the page as it is now (a first screen still "Loading cases…" after
    /// the list is there): wait for two animation frames, and take the picture twice, keeping
    /// the second.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        use base64::Engine as _;
        let _ = self.execute_async(
            r#"const done = arguments[arguments.length - 1];
               const t = setTimeout(() => done(false), 1500);
               requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); done(true); }));"#,
            json!([]),
        );
        let _ = self.cmd("GET", "/screenshot", None)?;
        std::thread::sleep(Duration::from_millis(400));
        let v = self.cmd("GET", "/screenshot", None)?;
        let b64 = v.as_str().ok_or("screenshot: no data")?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| format!("screenshot: {e}"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, png).map_err(|e| format!("write {}: {e}", path.display()))
    }

    /// The process id of `tauri-driver`: the app under test is one of its descendants
    /// (`amldesk bench app` finds it there to read its memory).
    pub fn driver_pid(&self) -> u32 {
        self.child.id()
    }

    /// Ends the session (the app exits) and stops tauri-driver.
    pub fn quit(self) {
        let _ = self.cmd("DELETE", "", None);
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole process group: tauri-driver, WebKitWebDriver and the app.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app binary under test, from `AMLDESK_APP_BIN`.
pub fn app_binary() -> PathBuf {
    let p = std::env::var("AMLDESK_APP_BIN").unwrap_or_else(|_| {
        panic!("AMLDESK_APP_BIN is not set: run the end-to-end tests through scripts/test.sh, which builds the app with the bundled UI first")
    });
    let p = PathBuf::from(p);
    assert!(p.is_file(), "AMLDESK_APP_BIN {} is not a file", p.display());
    p
}

/// axe-core's browser build, installed with the UI's dev dependencies.
pub fn axe_source() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js")
}

/// Where screenshots go: `AMLDESK_SCREENSHOT_DIR`, else `target/e2e-screenshots`.
pub fn screenshot_dir() -> PathBuf {
    std::env::var("AMLDESK_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots")
        })
}

/// A fresh, private data directory (and XDG dirs) for one app run; removed on drop unless kept.
pub struct TempHome {
    pub root: PathBuf,
}

impl TempHome {
    pub fn new(name: &str) -> TempHome {
        let root = std::env::temp_dir().join(format!(
            "amldesk-e2e-{name}-{}-{}",
            std::process::id(),
            Instant::now().elapsed().as_nanos()
        ));
        std::fs::create_dir_all(&root).expect("temp home");
        TempHome { root }
    }

    /// Environment for the app: its data dir and WebKit's XDG dirs inside this temp home.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let p = |s: &str| self.root.join(s).to_string_lossy().to_string();
        vec![
            ("AMLDESK_DATA_DIR", p("data")),
            ("XDG_CACHE_HOME", p("cache")),
            ("XDG_CONFIG_HOME", p("config")),
            ("AMLDESK_EXPORT_DIR", p("exports")),
        ]
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
