//! Shared helpers for CLI tests: the built binary, a private keyring-backed data dir, the store.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use amldesk_providers::{KeyringStore, SecretStore};
use amldesk_store::{DbKey, Store};

pub const BIN: &str = env!("CARGO_BIN_EXE_amldesk");

/// The sandbox on an ephemeral loopback port, at `latency_scale`.
pub async fn sandbox_at(latency_scale: f64) -> amldesk_sandbox::SandboxHandle {
    amldesk_sandbox::start(amldesk_sandbox::SandboxConfig {
        knobs: amldesk_sandbox::Knobs {
            latency_scale,
            ..amldesk_sandbox::Knobs::default()
        },
        ..amldesk_sandbox::SandboxConfig::default()
    })
    .await
    .expect("sandbox")
}

/// The CLI keeps its database key in the OS keyring. Without one these tests cannot run: fail
/// loudly, never skip.
pub fn require_keyring() {
    if let Err(e) = KeyringStore::probe() {
        panic!(
            "these CLI tests need an unlocked OS keyring (Secret Service). Run them through \
             scripts/test-inner.sh, or: dbus-run-session -- sh -c 'echo -n pw | \
             gnome-keyring-daemon --replace --unlock --components=secrets --daemonize; cargo \
             test -p amldesk-cli'. Keyring error: {e}"
        );
    }
}

pub struct Profile {
    pub dir: tempfile::TempDir,
}

impl Profile {
    pub fn new() -> Profile {
        require_keyring();
        Profile {
            dir: tempfile::tempdir().expect("temp data dir"),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn cmd(&self, sandbox_url: &str) -> Command {
        let mut c = Command::new(BIN);
        c.arg("--data-dir")
            .arg(self.path())
            .arg("--sandbox-url")
            .arg(sandbox_url)
            .env_remove("AMLDESK_SECRET_STORE")
            .env("AMLDESK_LOG", "debug")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, sandbox_url: &str, args: &[&str]) -> Output {
        self.cmd(sandbox_url)
            .args(args)
            .output()
            .expect("the amldesk binary runs")
    }

    pub fn db_key(&self) -> String {
        let account = amldesk_engine::db_key_account(&self.path());
        KeyringStore::new()
            .get(amldesk_providers::KEYRING_SERVICE, &account)
            .expect("keyring readable")
            .expect("the CLI stored a database key")
            .expose()
            .to_owned()
    }

    pub fn store(&self) -> Store {
        let path = amldesk_engine::db_path(&self.path(), "keyring");
        Store::open(path, &DbKey::new(self.db_key())).expect("store opens with the keyring key")
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.path().join("logs/amldesk.log")).unwrap_or_default()
    }
}

/// Equinor with ownership, sanctions, roles, signature rights, address and the AML report.
pub const EQUINOR_LOOKUP: &[&str] = &[
    "lookup",
    "org",
    "NO",
    "923609016",
    "--expand",
    "roles",
    "--expand",
    "sanction",
    "--expand",
    "authorities",
    "--expand",
    "ownership.shareholders",
    "--expand",
    "address",
    "--report",
    "aml",
];

/// A sandbox on an ephemeral port, 100 times faster than its realistic latencies.
pub async fn fast_sandbox() -> amldesk_sandbox::SandboxHandle {
    amldesk_sandbox::start(amldesk_sandbox::SandboxConfig {
        knobs: amldesk_sandbox::Knobs {
            latency_scale: 0.01,
            ..amldesk_sandbox::Knobs::default()
        },
        ..amldesk_sandbox::SandboxConfig::default()
    })
    .await
    .expect("sandbox")
}

/// Runs `amldesk` from a multi-threaded test: (exit code, stdout + stderr, stdout).
pub fn run_blocking(profile: &Profile, url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    tokio::task::block_in_place(|| {
        let o = profile.run(url, args);
        (
            o.status.code(),
            text(&o),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    })
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `n` distinct valid Norwegian organization numbers (MOD11).
pub fn org_numbers(n: usize, start: u32) -> Vec<String> {
    let w = [3, 2, 7, 6, 5, 4, 3, 2];
    let mut out = Vec::new();
    let mut body = start;
    while out.len() < n {
        let s = format!("{body:08}");
        let sum: u32 = s.bytes().zip(w).map(|(b, w)| u32::from(b - b'0') * w).sum();
        let k = match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        };
        if let Some(k) = k {
            out.push(format!("{s}{k}"));
        }
        body += 1;
    }
    out
}

pub fn write_csv(dir: &Path, ids: &[String]) -> PathBuf {
    let mut s = String::from("country,identifier\n");
    for id in ids {
        s.push_str(&format!("NO,{id}\n"));
    }
    let p = dir.join("subjects.csv");
    std::fs::write(&p, s).expect("csv written");
    p
}

/// Every text and blob cell of every table, decrypted.
pub fn all_cells(store: &Store) -> Vec<Vec<u8>> {
    store
        .read_blocking(|c| {
            let tables: Vec<String> = c
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut out = Vec::new();
            for t in tables {
                let mut stmt = match c.prepare(&format!("SELECT * FROM \"{t}\"")) {
                    Ok(s) => s,
                    Err(_) => continue,
                };
                let n = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..n {
                        use rusqlite::types::ValueRef;
                        if let ValueRef::Text(b) | ValueRef::Blob(b) = row.get_ref(i)? {
                            out.push(b.to_vec());
                        }
                    }
                }
            }
            Ok(out)
        })
        .expect("database readable")
}

pub fn contains(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty() && hay.windows(n.len()).any(|w| w == n)
}
