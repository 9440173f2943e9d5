//! `amldesk export` and `amldesk verify` over the sandbox's Equinor case (ownership, sanctions,
//! roles, the AML report, beneficial owners): the files of the case file, reports byte for
//! byte, the BODS statements naming Kari Skarvholm and her four holding companies (validated
//! with Open Ownership's `libcovebods jsv` where installed), no secret anywhere, and every
//! kind of tampering caught.

use crate::common::*;
use sha2::Digest;
use std::path::{Path, PathBuf};

fn sha(b: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(b))
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .expect("under dir")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// `libcovebods` from the project's venv (scripts/setup.sh) or PATH. Missing: a failure under
/// CI / `AMLDESK_REQUIRE_VALIDATORS=1`, a loud skip otherwise.
fn libcovebods() -> Option<PathBuf> {
    let venv = std::env::var_os("AMLDESK_VENV")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/amldesk-venv")));
    let candidates = venv.map(|v| v.join("bin/libcovebods")).into_iter().chain(
        std::env::var_os("PATH").into_iter().flat_map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("libcovebods"))
                .collect::<Vec<_>>()
        }),
    );
    for c in candidates {
        if c.is_file() {
            return Some(c);
        }
    }
    let required = std::env::var_os("CI").is_some()
        || std::env::var("AMLDESK_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "libcovebods is required here (CI / AMLDESK_REQUIRE_VALIDATORS=1) but was not found: run \
         scripts/setup.sh (it installs it into ${{AMLDESK_VENV:-$HOME/.cache/amldesk-venv}})"
    );
    eprintln!(
        "\n\n!!!!! SKIPPED: libcovebods not found (run scripts/setup.sh); the exported BODS was \
         NOT validated against the BODS 0.4 schema in this run !!!!!\n\n"
    );
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn equinor_case_file_exports_verifies_and_every_tampering_is_named() {
    let profile = Profile::new();
    let sb = fast_sandbox().await;
    let url = sb.base_url();
    let block = |args: &[&str]| run_blocking(&profile, &url, args);
    let (code, out, _) = block(EQUINOR_LOOKUP);
    assert_eq!(code, Some(0), "{out}");
    let (_, _, stdout) = block(&["--json", "cases", "list"]);
    let list: serde_json::Value = serde_json::from_str(&stdout).expect("cases list JSON");
    let case = list[0]["id"].as_str().expect("case id").to_owned();
    let (code, out, _) = block(&["lookup", "bo", "923609016", "--case", &case]);
    assert_eq!(code, Some(0), "{out}");
    sb.shutdown().await;

    // Offline from here: the export needs only the store.
    let work = tempfile::tempdir().expect("temp");
    let dir = work.path().join("equinor-case-file");
    let d = dir.to_str().expect("utf-8 path");
    let (code, out, stdout) = block(&["export", &case, d]);
    assert_eq!(code, Some(0), "{out}");
    let printed = stdout
        .lines()
        .find_map(|l| l.strip_prefix("manifest SHA-256 "))
        .unwrap_or_else(|| panic!("the manifest hash is printed: {stdout}"))
        .trim()
        .to_owned();
    assert_eq!(printed.len(), 64, "{printed}");
    let manifest_bytes = std::fs::read(dir.join("manifest.json")).expect("manifest");
    assert_eq!(
        sha(&manifest_bytes),
        printed,
        "the printed hash is the manifest's"
    );

    // An existing non-empty folder is refused (exit 2), and nothing in it changes.
    let (code, out, _) = block(&["export", &case, d]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("not empty"), "{out}");
    assert_eq!(
        std::fs::read(dir.join("manifest.json")).expect("m"),
        manifest_bytes
    );

    let files = files_under(&dir);
    for want in [
        "summary.html",
        "summary.pdf",
        "ownership.bods.json",
        "ownership.svg",
        "audit-log.json",
        "manifest.json",
    ] {
        assert!(files.iter().any(|f| f == want), "{want} in {files:?}");
    }
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("raw/") && f.contains("organization")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("raw/") && f.contains("beneficial")),
        "{files:?}"
    );

    // Every stored document, byte for byte: its exported file hashes to the stored SHA-256.
    let store = profile.store();
    let docs = store
        .read_blocking({
            let case = case.clone();
            move |c| amldesk_store::documents::list_documents(c, &case)
        })
        .expect("documents");
    assert!(
        docs.iter().any(|x| x.media_type == "application/pdf"),
        "the AML report was downloaded"
    );
    for doc in &docs {
        let exported: Vec<&String> = files
            .iter()
            .filter(|f| f.starts_with("reports/"))
            .filter(|f| sha(&std::fs::read(dir.join(f)).expect("read")) == doc.sha256)
            .collect();
        assert_eq!(
            exported.len(),
            1,
            "{} exported byte-identical once: {files:?}",
            doc.title
        );
        let bytes = std::fs::read(dir.join(exported[0])).expect("read");
        let stored = store
            .read_blocking({
                let s = doc.sha256.clone();
                move |c| amldesk_store::documents::get_document(c, &s)
            })
            .expect("stored bytes");
        assert_eq!(bytes, stored, "{}", doc.title);
        if doc.media_type == "application/pdf" {
            assert!(
                exported[0].ends_with(".pdf") && bytes.starts_with(b"%PDF"),
                "{}",
                exported[0]
            );
        }
    }

    // The manifest's hash is in the case's audit log.
    let audit = store
        .read_blocking({
            let case = case.clone();
            move |c| amldesk_store::audit::list(c, Some(&case))
        })
        .expect("audit");
    let exported = audit
        .iter()
        .rfind(|a| a.action == "casefile.exported")
        .expect("an audit entry for the export");
    assert!(
        exported.detail_json.contains(&printed),
        "{}",
        exported.detail_json
    );

    // BODS: Kari Skarvholm and the four holding companies, Kari a beneficial owner of Equinor.
    let bods_raw = std::fs::read(dir.join("ownership.bods.json")).expect("bods");
    let bods: serde_json::Value = serde_json::from_slice(&bods_raw).expect("BODS is JSON");
    let statements = bods.as_array().expect("a JSON array of statements");
    let names: Vec<String> = statements
        .iter()
        .filter_map(|s| {
            let d = &s["recordDetails"];
            d["name"]
                .as_str()
                .or_else(|| d["names"][0]["fullName"].as_str())
                .map(str::to_owned)
        })
        .collect();
    for want in [
        "Kari Skarvholm",
        "NORDKAPP ENERGI HOLDING AS",
        "VESTFJORD KAPITAL AS",
        "BRATTLI INVEST AS",
        "SKARVEN FAMILIEHOLDING AS",
        "EQUINOR ASA",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} in the BODS: {names:?}"
        );
    }
    let kari = statements
        .iter()
        .find(|s| s["recordDetails"]["names"][0]["fullName"] == "Kari Skarvholm")
        .expect("Kari's person statement");
    let kari_id = kari["recordId"].as_str().expect("recordId");
    let equinor_id = statements
        .iter()
        .find(|s| s["recordDetails"]["name"] == "EQUINOR ASA")
        .and_then(|s| s["recordId"].as_str())
        .expect("Equinor's recordId");
    assert!(
        statements.iter().any(|s| {
            s["recordType"] == "relationship"
                && s["recordDetails"]["subject"] == equinor_id
                && s["recordDetails"]["interestedParty"] == kari_id
                && s["recordDetails"]["interests"][0]["beneficialOwnershipOrControl"] == true
                && s["recordDetails"]["interests"][0]["directOrIndirect"] == "indirect"
        }),
        "Kari is declared Equinor's indirect beneficial owner"
    );
    for s in statements {
        assert_eq!(s["publicationDetails"]["bodsVersion"], "0.4");
        let id = s["statementId"].as_str().expect("statementId");
        assert!((32..=64).contains(&id.len()), "{id}");
    }
    if let Some(cove) = libcovebods() {
        let o = std::process::Command::new(&cove)
            .arg("jsv")
            .arg(dir.join("ownership.bods.json"))
            .output()
            .expect("libcovebods runs");
        assert!(o.status.success(), "{}", text(&o));
        let errors: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("jsv JSON: {}", text(&o)));
        assert_eq!(
            errors,
            serde_json::json!([]),
            "libcovebods jsv: schema errors"
        );
    }

    // The summary names what the case holds; the PDF is a PDF/A document with the same text.
    let html = std::fs::read_to_string(dir.join("summary.html")).expect("html");
    for want in [
        "EQUINOR ASA",
        "923 609 016",
        "Kari Skarvholm",
        "Viktor Sanko",
        "Chair of the board",
        "UTC",
        "<svg",
        "Review of each hit",
        "not reviewed",
        "declared reviewer, not authenticated",
        "Changes since the previous snapshot",
    ] {
        assert!(html.contains(want), "{want} in summary.html");
    }
    let pdf = std::fs::read(dir.join("summary.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"), "summary.pdf is a PDF");
    assert!(contains(&pdf, "pdfaid"), "PDF/A identification");
    if let Ok(o) = std::process::Command::new("pdftotext")
        .arg(dir.join("summary.pdf"))
        .arg("-")
        .output()
    {
        let t = String::from_utf8_lossy(&o.stdout);
        for want in ["EQUINOR ASA", "Kari Skarvholm", "Beneficial owners by rule"] {
            assert!(t.contains(want), "{want} in the PDF's text: {t}");
        }
    } else {
        eprintln!("!!!!! SKIPPED: pdftotext not found; the PDF's text was not checked !!!!!");
    }

    // No secret of the profile in any file.
    let db_key = profile.db_key();
    for f in &files {
        let b = std::fs::read(dir.join(f)).expect("read");
        for s in [
            amldesk_sandbox::credentials::OIDC_CLIENT_SECRET,
            amldesk_sandbox::credentials::SPECIAL_CLIENT_SECRET,
            amldesk_sandbox::credentials::AMLYZE_TOKEN,
            db_key.as_str(),
        ] {
            assert!(!contains(&b, s), "{f} holds a secret");
        }
    }

    // Verify passes; then one flipped byte in each file fails it, naming that file.
    let (code, out, _) = block(&["verify", d, "--manifest-sha256", &printed]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("ok: all"), "{out}");
    for f in &files {
        let p = dir.join(f);
        let orig = std::fs::read(&p).expect("read");
        let mut bad = orig.clone();
        let at = bad.len() / 2;
        bad[at] ^= 0x01;
        std::fs::write(&p, &bad).expect("write");
        let (code, out, _) = block(&["verify", d, "--manifest-sha256", &printed]);
        assert_ne!(
            code,
            Some(0),
            "a flipped byte in {f} must fail verify: {out}"
        );
        assert!(out.contains(f.as_str()), "verify names {f}: {out}");
        std::fs::write(&p, &orig).expect("restore");
    }
    // A missing file and an extra file are named too.
    let summary = std::fs::read(dir.join("summary.html")).expect("read");
    std::fs::remove_file(dir.join("summary.html")).expect("rm");
    std::fs::write(dir.join("notes.txt"), b"added later").expect("write");
    let (code, out, _) = block(&["verify", d]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("summary.html: missing"), "{out}");
    assert!(out.contains("notes.txt: not listed"), "{out}");
    std::fs::remove_file(dir.join("notes.txt")).expect("rm");

    // A manifest rewritten to match a forged summary: the files agree with it, its hash does
    // not agree with the one printed at export and kept in the audit log.
    let forged = String::from_utf8(summary.clone())
        .expect("utf-8")
        .replace("EQUINOR ASA", "EQUINOX ASA");
    std::fs::write(dir.join("summary.html"), &forged).expect("write");
    let mut m: serde_json::Value = serde_json::from_slice(&manifest_bytes).expect("manifest JSON");
    for e in m["files"].as_array_mut().expect("files") {
        if e["path"] == "summary.html" {
            e["sha256"] = sha(forged.as_bytes()).into();
            e["bytes"] = forged.len().into();
        }
    }
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec_pretty(&m).expect("json"),
    )
    .expect("write");
    let (code, out, _) = block(&["verify", d]);
    assert_eq!(
        code,
        Some(0),
        "the rewritten manifest agrees with the files: {out}"
    );
    assert!(
        !out.contains(&printed),
        "its hash is not the one printed: {out}"
    );
    let (code, out, _) = block(&["verify", d, "--manifest-sha256", &printed]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("manifest.json: not the manifest written at export"),
        "{out}"
    );

    // The same case again, as a ZIP: the summary is the same bytes (dated by the case, not the
    // clock); the ZIP verifies, and a flipped byte in it fails.
    let z = work.path().join("again");
    let (code, out, stdout) = block(&["export", &case, z.to_str().expect("utf-8"), "--zip"]);
    assert_eq!(code, Some(0), "{out}");
    let zip = work.path().join("again.zip");
    assert!(zip.is_file(), "{stdout}");
    let zip_sha = stdout
        .lines()
        .find_map(|l| l.strip_prefix("manifest SHA-256 "))
        .expect("printed")
        .trim()
        .to_owned();
    let zp = zip.to_str().expect("utf-8");
    let (code, out, _) = block(&["verify", zp, "--manifest-sha256", &zip_sha]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = block(&["--json", "verify", zp]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = block(&["export", &case, zp, "--zip"]);
    assert_eq!(code, Some(2), "an existing ZIP is refused: {out}");
    let mut zb = std::fs::read(&zip).expect("zip");
    let at = zb.len() / 3;
    zb[at] ^= 0x01;
    std::fs::write(&zip, &zb).expect("write");
    let (code, out, _) = block(&["verify", zp, "--manifest-sha256", &zip_sha]);
    assert_ne!(code, Some(0), "a flipped byte in the ZIP fails: {out}");

    let again = work.path().join("third");
    let (code, out, _) = block(&["export", &case, again.to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{out}");
    for f in [
        "summary.pdf",
        "summary.html",
        "ownership.bods.json",
        "ownership.svg",
    ] {
        let first = if f == "summary.html" {
            summary.clone()
        } else {
            std::fs::read(dir.join(f)).expect("first")
        };
        assert_eq!(
            sha(&std::fs::read(again.join(f)).expect("again")),
            sha(&first),
            "{f} is the same for the same case state"
        );
    }
}
