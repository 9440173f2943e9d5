//! `amldesk export <CASE> <DIR> [--zip]` writes a case's case file; `amldesk verify <DIR|ZIP>`
//! recomputes every hash of one and names each file that changed, is missing or was added.

use std::path::{Path, PathBuf};

use amldesk_engine::usecase::export_case::Target;
use amldesk_engine::EngineError;
use clap::Args;

use crate::commands::{fail, open, refuse_foreign_case, Global};
use crate::output;

#[derive(Args, Debug)]
pub struct ExportArgs {
    pub case: String,
    /// A new or empty folder (created); with --zip, the ZIP file to create (`.zip` added).
    pub dir: PathBuf,
    /// Write one ZIP file instead of a folder.
    #[arg(long)]
    pub zip: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The case-file folder or ZIP.
    pub path: PathBuf,
    /// The manifest's SHA-256 as printed at export (and kept in the case's audit log): catches
    /// a manifest rewritten to match altered files.
    #[arg(long)]
    pub manifest_sha256: Option<String>,
}

fn target(a: &ExportArgs) -> Result<Target, EngineError> {
    let refuse = |p: &Path, why: &str| {
        Err(EngineError::validation(
            "dir",
            format!(
                "{} {why}; a case file is written to a new place",
                p.display()
            ),
        ))
    };
    if a.zip {
        let p = if a
            .dir
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            a.dir.clone()
        } else {
            let mut s = a.dir.clone().into_os_string();
            s.push(".zip");
            PathBuf::from(s)
        };
        if p.exists() {
            return refuse(&p, "exists");
        }
        return Ok(Target::Zip(p));
    }
    if a.dir.is_file() {
        return refuse(&a.dir, "is a file");
    }
    if a.dir.is_dir()
        && std::fs::read_dir(&a.dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return refuse(&a.dir, "is not empty");
    }
    Ok(Target::Folder(a.dir.clone()))
}

pub async fn export(g: &Global, a: ExportArgs) -> i32 {
    // Refused before anything is opened.
    let t = match target(&a) {
        Ok(t) => t,
        Err(e) => return fail(g, &e),
    };
    let engine = match open(g, false).await {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    let r = match refuse_foreign_case(&engine, &a.case).await {
        Ok(()) => engine.export_case_to(&a.case, t).await,
        Err(e) => Err(e),
    };
    engine.shutdown().await;
    match r {
        Ok(x) => {
            if g.json {
                output::print_json(&x);
            } else {
                println!(
                    "Case file written to {} ({} files, {} bytes)",
                    x.path, x.files, x.bytes
                );
                println!("manifest SHA-256 {}", x.manifest_sha256);
                println!(
                    "(kept in the case's audit log; `amldesk verify {} --manifest-sha256 {}` checks it)",
                    x.path, x.manifest_sha256
                );
            }
            0
        }
        Err(e) => fail(g, &e),
    }
}

pub fn verify(g: &Global, a: &VerifyArgs) -> i32 {
    if !a.path.exists() {
        return fail(
            g,
            &EngineError::validation(
                "path",
                format!(
                    "{} does not exist; give a case-file folder or ZIP",
                    a.path.display()
                ),
            ),
        );
    }
    match amldesk_casefile::verify(&a.path, a.manifest_sha256.as_deref()) {
        Err(e) => fail(g, &EngineError::validation("path", e.to_string())),
        Ok(v) => {
            if g.json {
                output::print_json(&serde_json::json!({
                    "passed": v.passed(),
                    "manifestSha256": v.manifest_sha256,
                    "caseId": v.case_id,
                    "filesOk": v.files_ok,
                    "problems": v.problems,
                }));
            } else {
                for p in &v.problems {
                    println!("FAIL {p}");
                }
                println!("manifest SHA-256 {}", v.manifest_sha256);
                if v.passed() {
                    println!(
                        "ok: all {} files match the manifest{}",
                        v.files_ok,
                        if a.manifest_sha256.is_some() {
                            ", and the manifest is the one given"
                        } else {
                            " (compare the manifest's hash with the one printed at export)"
                        }
                    );
                } else {
                    println!(
                        "verification FAILED: {} problem(s), {} files match",
                        v.problems.len(),
                        v.files_ok
                    );
                }
            }
            i32::from(!v.passed())
        }
    }
}
