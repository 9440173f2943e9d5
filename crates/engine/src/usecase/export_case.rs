use super::prelude::*;
use crate::casefile::{bods, doc, graph_svg, summary};
use amldesk_casefile::{archive, manifest, typeset, CaseFileEntry, Manifest};
use std::path::PathBuf;

/// Where a case file goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// A new or empty folder (the CLI's `<DIR>`).
    Folder(PathBuf),
    /// A new ZIP file.
    Zip(PathBuf),
    /// A new folder (or ZIP) named after the subject in `dir`, an existing folder (default: the
    /// export folder) — the window.
    ExportFolder { zip: bool, dir: Option<PathBuf> },
}

pub const GRAPH_FILE: &str = "ownership.svg";
pub const BODS_FILE: &str = "ownership.bods.json";
pub const AUDIT_FILE: &str = "audit-log.json";
/// The audit action of an export; its detail holds the manifest's SHA-256.
pub const EXPORTED_ACTION: &str = "casefile.exported";

/// Writes the case file of `case_id`: `summary.html` and `summary.pdf` from the window's typed
/// views, every stored report byte for byte, every stored answer as raw JSON, the ownership as
/// an SVG and as BODS 0.4, the case's audit log, and `manifest.json` with the SHA-256 of every
/// file. The manifest's own hash is returned and recorded in the audit log
/// (`casefile.exported`), so a manifest rewritten later is caught against it.
///
/// Dated by the case's last audit entry other than an export (not the wall clock): exporting an
/// unchanged case again gives the same summary (HTML and PDF), statements and graph; only the
/// audit log (which then holds the earlier export) and the manifest differ.
pub async fn export_case(
    ctx: &Arc<Ctx>,
    case_id: &str,
    target: Target,
) -> Result<CaseFileExported> {
    if let Target::ExportFolder { dir: Some(d), .. } = &target {
        check_folder(d)?;
    }
    let case = super::get_case::get_case(ctx, case_id).await?;
    let graph = super::get_ownership::get_ownership(ctx, case_id)
        .await
        .map_err(|e| e.to_string());
    let id = case_id.to_owned();
    let docs = case.documents.clone();
    let (doc_bytes, raw_results, audit_rows) = ctx
        .store
        .read(move |c| {
            let mut bytes = Vec::new();
            for d in &docs {
                bytes.push(documents::get_document(c, &d.sha256)?);
            }
            Ok((
                bytes,
                results::list_results(c, &id, None)?,
                audit::list(c, Some(&id))?,
            ))
        })
        .await?;
    // The case's last action other than an export: exporting again changes nothing else.
    let as_of = audit_rows
        .iter()
        .rev()
        .find(|a| a.action != EXPORTED_ACTION)
        .map_or_else(|| case.summary.updated_at.clone(), |a| a.at.clone());
    let mut files: Vec<CaseFileEntry> = Vec::new();

    // Reports, byte for byte as downloaded.
    let mut reports = Vec::new();
    for (d, bytes) in case.documents.iter().zip(doc_bytes) {
        let ext = match d.media_type.as_str() {
            "application/pdf" => "pdf",
            "application/json" => "json",
            "text/html" => "html",
            _ => "bin",
        };
        let path = format!(
            "reports/{}-{}-{}.{ext}",
            export::safe_file_stem(&d.kind),
            compact_time(&d.fetched_at),
            d.sha256.get(..12).unwrap_or(&d.sha256)
        );
        reports.push((d.clone(), path.clone()));
        files.push(CaseFileEntry { path, bytes });
    }
    // Every stored answer, raw.
    let mut raw = Vec::new();
    for (n, r) in raw_results.iter().enumerate() {
        let path = format!(
            "raw/{:02}-{}-{}.json",
            n + 1,
            export::safe_file_stem(&r.kind),
            compact_time(&r.fetched_at)
        );
        raw.push(summary::RawFile {
            path: path.clone(),
            kind: r.kind.clone(),
            fetched_at: r.fetched_at.clone(),
            sha256: amldesk_casefile::sha256_hex(&r.raw_json),
        });
        files.push(CaseFileEntry {
            path,
            bytes: r.raw_json.clone(),
        });
    }
    // The ownership: image and BODS statements.
    let svg = graph
        .as_ref()
        .ok()
        .filter(|g| !g.nodes.is_empty())
        .map(graph_svg::svg);
    if let Some(svg) = &svg {
        files.push(CaseFileEntry {
            path: GRAPH_FILE.into(),
            bytes: svg.clone().into_bytes(),
        });
    }
    if let Ok(g) = &graph {
        let used: Vec<&amldesk_store::results::ResultRow> = raw_results
            .iter()
            .filter(|r| r.kind == "organization" || r.kind == "beneficial")
            .collect();
        let retrieved = used
            .iter()
            .map(|r| r.fetched_at.clone())
            .max()
            .unwrap_or_else(|| as_of.clone());
        let sandbox = case.summary.environment == EnvironmentKind::Sandbox;
        let ctx_b = bods::BodsContext {
            case_id,
            as_of: &as_of,
            statement_date: retrieved.get(..10).unwrap_or(&retrieved),
            retrieved_at: &retrieved,
            source_description: format!(
                "BankID AML Organization API and Beneficial owners API ({} environment{}), \
                 beneficial owners computed by AML Desk",
                crate::open::environment_name(case.summary.environment),
                if sandbox { ": invented data" } else { "" }
            ),
        };
        files.push(CaseFileEntry {
            path: BODS_FILE.into(),
            bytes: bods::statements(g, &ctx_b),
        });
    }
    // The case's audit log, every row with its chain hashes.
    let audit_json: Vec<serde_json::Value> = audit_rows
        .iter()
        .map(|a| {
            serde_json::json!({
                "seq": a.seq,
                "at": a.at,
                "action": a.action,
                // The detail as the store holds it (a JSON text), so its hash can be recomputed.
                "detail": a.detail_json,
                "prevHash": a.prev_hash,
                "hash": a.hash,
            })
        })
        .collect();
    let mut audit_bytes =
        serde_json::to_vec_pretty(&audit_json).map_err(|e| EngineError::Internal(e.to_string()))?;
    audit_bytes.push(b'\n');
    files.push(CaseFileEntry {
        path: AUDIT_FILE.into(),
        bytes: audit_bytes,
    });

    // The summary, twice from the same blocks.
    let version = env!("CARGO_PKG_VERSION");
    let blocks = summary::blocks(&summary::SummaryInput {
        case: &case,
        graph: graph.as_ref().map_err(Clone::clone),
        graph_svg: svg.as_deref().map(|s| (GRAPH_FILE, s)),
        reports: &reports,
        raw: &raw,
        as_of: &as_of,
        app_version: version,
    });
    let subject = summary::subject_name(&case);
    let title = format!("Case file: {subject}");
    let footer = format!(
        "AML Desk case file · {subject} · case {case_id} · as of {}",
        summary::when(&as_of)
    );
    files.push(CaseFileEntry {
        path: "summary.html".into(),
        bytes: doc::html(&title, &blocks).into_bytes(),
    });
    let typst_src = doc::typst(&title, &footer, &blocks);
    let date = doc_date(&as_of);
    let svg_for_pdf = svg.clone();
    let ident = case_id.to_owned();
    let pdf = tokio::task::spawn_blocking(move || {
        let images: Vec<(&str, &[u8])> = svg_for_pdf
            .as_deref()
            .map(|s| vec![(GRAPH_FILE, s.as_bytes())])
            .unwrap_or_default();
        typeset::pdf(&typst_src, &images, date, &ident)
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))?
    .map_err(|e| EngineError::Internal(e.to_string()))?;
    files.push(CaseFileEntry {
        path: "summary.pdf".into(),
        bytes: pdf,
    });

    let manifest = Manifest::new(
        case_id,
        &subject,
        &as_of,
        &format!("AML Desk {version}"),
        &files,
    );
    let (path, zip) = match target {
        Target::Folder(p) => (p, false),
        Target::Zip(p) => (p, true),
        Target::ExportFolder { zip, dir } => {
            let stem = format!("{subject} case file {}", as_of.get(..10).unwrap_or(&as_of));
            let dir = dir.unwrap_or_else(export::export_dir);
            (export::new_path(&dir, &stem, zip.then_some("zip")), zip)
        }
    };
    let total: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    let count = files.len() as u32 + 1;
    let write_path = path.clone();
    let manifest_bytes = tokio::task::spawn_blocking(move || {
        if zip {
            archive::write_zip(&write_path, &files, &manifest)
        } else {
            manifest::write_dir(&write_path, &files, &manifest)
        }
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))?
    .map_err(|e| EngineError::Validation {
        field: "dir".into(),
        message: e.to_string(),
    })?;
    let manifest_sha256 = amldesk_casefile::sha256_hex(&manifest_bytes);
    let detail = serde_json::json!({
        "manifestSha256": manifest_sha256,
        "files": count,
        "format": if zip { "zip" } else { "folder" },
        "path": path.display().to_string(),
        "asOf": as_of,
    })
    .to_string();
    let audit_case = case_id.to_owned();
    ctx.store
        .write(move |c| audit::append(c, Some(&audit_case), EXPORTED_ACTION, &detail).map(|_| ()))
        .await?;
    ctx.announce_case(case_id);
    Ok(CaseFileExported {
        path: path.display().to_string(),
        manifest_sha256,
        files: count,
        bytes: total + manifest_bytes.len() as u64,
        as_of,
    })
}

/// The window's chosen folder: an existing folder given in full (checked before any work).
fn check_folder(d: &std::path::Path) -> Result<()> {
    let refuse = |why: &str| {
        Err(EngineError::validation(
            "directory",
            format!(
                "Folder: {} {why}. Give the full path of an existing folder; the case file is \
                 written as a new folder (or .zip file) inside it.",
                d.display()
            ),
        ))
    };
    if d.as_os_str().is_empty() {
        return Err(EngineError::validation(
            "directory",
            "Folder: none given. Give the full path of an existing folder.",
        ));
    }
    if !d.is_absolute() {
        return refuse("is not a full path (it must start at the root, e.g. /home/… or C:\\…)");
    }
    match std::fs::metadata(d) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => refuse("is a file, not a folder"),
        Err(_) => refuse("does not exist"),
    }
}

/// `2026-12-01T12:03:04.123Z` → `20261201-120304` (file names).
fn compact_time(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y%m%d-%H%M%S")
                .to_string()
        })
        .unwrap_or_else(|_| export::safe_file_stem(s))
}

fn doc_date(s: &str) -> typeset::DocDate {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    // chrono's fields are in range by construction.
    typeset::DocDate {
        year: t.year(),
        month: t.month() as u8,
        day: t.day() as u8,
        hour: t.hour() as u8,
        minute: t.minute() as u8,
        second: t.second() as u8,
    }
}
