//! `manifest.json`: the SHA-256 and size of every other file of the case file, written last.
//! [`verify`] recomputes them from a folder or a ZIP and names every file that differs, is
//! missing or is not listed. The manifest's own hash is what the exporter prints and records in
//! the audit log: a manifest rewritten to match altered files is caught by comparing it.

use crate::{sha256_hex, CaseFileEntry, CasefileError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const FORMAT: &str = "amldesk-case-file/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// `amldesk-case-file/1`.
    pub format: String,
    pub case_id: String,
    /// The subject as the summary names it.
    pub subject: String,
    /// The case as it stood at this moment (its last audit entry), RFC 3339 UTC.
    pub as_of: String,
    /// The producing program and version.
    pub generator: String,
    /// Every file but the manifest, sorted by path.
    pub files: Vec<ManifestEntry>,
}

impl Manifest {
    pub fn new(
        case_id: &str,
        subject: &str,
        as_of: &str,
        generator: &str,
        files: &[CaseFileEntry],
    ) -> Manifest {
        let mut entries: Vec<ManifestEntry> = files
            .iter()
            .map(|f| ManifestEntry {
                path: f.path.clone(),
                sha256: sha256_hex(&f.bytes),
                bytes: f.bytes.len() as u64,
            })
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest {
            format: FORMAT.into(),
            case_id: case_id.into(),
            subject: subject.into(),
            as_of: as_of.into(),
            generator: generator.into(),
            files: entries,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// A path safe to write under the case-file folder: relative, forward slashes, no `..`, no
/// empty or hidden segment.
pub fn check_path(p: &str) -> Result<(), CasefileError> {
    let ok = !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.starts_with('.'));
    if ok {
        Ok(())
    } else {
        Err(CasefileError::NotACaseFile {
            path: p.into(),
            message: "a case-file path must be relative, with no '..' or hidden parts".into(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ProblemKind {
    /// The file's SHA-256 is not the one the manifest lists.
    Mismatch,
    /// Listed in the manifest, not in the case file.
    Missing,
    /// In the case file, not listed in the manifest.
    Unlisted,
    /// The manifest itself is not the one recorded at export.
    ManifestChanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub kind: ProblemKind,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (e, a) = (
            self.expected.as_deref().unwrap_or("?"),
            self.actual.as_deref().unwrap_or("?"),
        );
        match self.kind {
            ProblemKind::Mismatch => write!(
                f,
                "{}: changed (SHA-256 {a}, the manifest lists {e})",
                self.path
            ),
            ProblemKind::Missing => write!(f, "{}: missing (listed in the manifest)", self.path),
            ProblemKind::Unlisted => {
                write!(
                    f,
                    "{}: not listed in the manifest (an extra file)",
                    self.path
                )
            }
            ProblemKind::ManifestChanged => write!(
                f,
                "{}: not the manifest written at export (SHA-256 {a}, expected {e})",
                self.path
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub manifest_sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    /// Files listed and found with the listed hash.
    pub files_ok: u32,
    pub problems: Vec<Problem>,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Recomputes every hash of the case file at `path` (a folder, or a `.zip` file).
/// `expected_manifest_sha256`: the manifest hash printed at export (or in the audit log).
pub fn verify(
    path: &Path,
    expected_manifest_sha256: Option<&str>,
) -> Result<Verification, CasefileError> {
    let files = if path.is_dir() {
        read_dir_files(path)?
    } else {
        crate::archive::read_zip(path)?
    };
    verify_files(&path.display().to_string(), files, expected_manifest_sha256)
}

fn verify_files(
    label: &str,
    mut files: BTreeMap<String, Vec<u8>>,
    expected_manifest_sha256: Option<&str>,
) -> Result<Verification, CasefileError> {
    let raw = files
        .remove(MANIFEST_FILE)
        .ok_or_else(|| CasefileError::NotACaseFile {
            path: label.into(),
            message: format!("it holds no {MANIFEST_FILE}"),
        })?;
    let manifest_sha256 = sha256_hex(&raw);
    let manifest: Manifest =
        serde_json::from_slice(&raw).map_err(|e| CasefileError::NotACaseFile {
            path: format!("{label}/{MANIFEST_FILE}"),
            message: format!("the manifest is not valid ({e}); expected {FORMAT} JSON"),
        })?;
    let mut problems = Vec::new();
    if let Some(want) = expected_manifest_sha256 {
        if !want.trim().eq_ignore_ascii_case(&manifest_sha256) {
            problems.push(Problem {
                kind: ProblemKind::ManifestChanged,
                path: MANIFEST_FILE.into(),
                expected: Some(want.trim().to_ascii_lowercase()),
                actual: Some(manifest_sha256.clone()),
            });
        }
    }
    let mut ok = 0u32;
    for entry in &manifest.files {
        match files.remove(&entry.path) {
            None => problems.push(Problem {
                kind: ProblemKind::Missing,
                path: entry.path.clone(),
                expected: Some(entry.sha256.clone()),
                actual: None,
            }),
            Some(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual.eq_ignore_ascii_case(&entry.sha256) {
                    ok += 1;
                } else {
                    problems.push(Problem {
                        kind: ProblemKind::Mismatch,
                        path: entry.path.clone(),
                        expected: Some(entry.sha256.clone()),
                        actual: Some(actual),
                    });
                }
            }
        }
    }
    for (path, bytes) in files {
        problems.push(Problem {
            kind: ProblemKind::Unlisted,
            path,
            expected: None,
            actual: Some(sha256_hex(&bytes)),
        });
    }
    Ok(Verification {
        manifest_sha256,
        case_id: Some(manifest.case_id),
        files_ok: ok,
        problems,
    })
}

/// Every regular file under `dir`, by relative path with forward slashes. Hidden files count
/// too: an extra file is an extra file.
fn read_dir_files(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, CasefileError> {
    let mut out = BTreeMap::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| CasefileError::io(&d, e))?;
        for ent in rd {
            let ent = ent.map_err(|e| CasefileError::io(&d, e))?;
            let name = ent.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let p = ent.path();
            let ft = ent.file_type().map_err(|e| CasefileError::io(&p, e))?;
            if ft.is_dir() {
                stack.push((p, rel));
            } else {
                let bytes = std::fs::read(&p).map_err(|e| CasefileError::io(&p, e))?;
                out.insert(rel, bytes);
            }
        }
    }
    Ok(out)
}

/// Writes `files` and then their manifest into `dir`, which must not exist or be empty.
/// Returns the manifest's bytes.
pub fn write_dir(
    dir: &Path,
    files: &[CaseFileEntry],
    manifest: &Manifest,
) -> Result<Vec<u8>, CasefileError> {
    refuse_non_empty(dir)?;
    for f in files {
        check_path(&f.path)?;
    }
    std::fs::create_dir_all(dir).map_err(|e| CasefileError::io(dir, e))?;
    for f in files {
        let p = dir.join(&f.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CasefileError::io(parent, e))?;
        }
        std::fs::write(&p, &f.bytes).map_err(|e| CasefileError::io(&p, e))?;
    }
    let bytes = manifest.to_bytes();
    let p = dir.join(MANIFEST_FILE);
    std::fs::write(&p, &bytes).map_err(|e| CasefileError::io(&p, e))?;
    Ok(bytes)
}

/// An existing folder with anything in it (or an existing file) is refused: a case file is
/// never mixed with other files or written over another.
pub fn refuse_non_empty(dir: &Path) -> Result<(), CasefileError> {
    if dir.is_file() {
        return Err(CasefileError::Io {
            path: dir.display().to_string(),
            message: "a file of that name exists; choose a new folder for the case file".into(),
        });
    }
    if dir.is_dir() {
        let mut rd = std::fs::read_dir(dir).map_err(|e| CasefileError::io(dir, e))?;
        if rd.next().is_some() {
            return Err(CasefileError::Io {
                path: dir.display().to_string(),
                message: "the folder is not empty; a case file is written to a new or empty folder"
                    .into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn files() -> Vec<CaseFileEntry> {
        vec![
            CaseFileEntry {
                path: "summary.html".into(),
                bytes: b"<html></html>".to_vec(),
            },
            CaseFileEntry {
                path: "reports/aml.pdf".into(),
                bytes: b"%PDF-1.7 ...".to_vec(),
            },
        ]
    }

    #[test]
    fn a_written_folder_verifies_and_each_kind_of_tampering_is_named() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("case");
        let fs = files();
        let m = Manifest::new("c1", "EQUINOR ASA", "2026-12-01T12:00:00Z", "test", &fs);
        let raw = write_dir(&dir, &fs, &m).unwrap();
        let sha = sha256_hex(&raw);
        let v = verify(&dir, Some(&sha)).unwrap();
        assert!(v.passed(), "{:?}", v.problems);
        assert_eq!(v.files_ok, 2);

        assert!(
            write_dir(&dir, &fs, &m).is_err(),
            "a non-empty folder is refused"
        );

        std::fs::write(dir.join("reports/aml.pdf"), b"%PDF-1.7 ..!").unwrap();
        std::fs::remove_file(dir.join("summary.html")).unwrap();
        std::fs::write(dir.join("extra.txt"), b"x").unwrap();
        let v = verify(&dir, Some(&sha)).unwrap();
        let got: Vec<(ProblemKind, &str)> = v
            .problems
            .iter()
            .map(|p| (p.kind, p.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (ProblemKind::Mismatch, "reports/aml.pdf"),
                (ProblemKind::Missing, "summary.html"),
                (ProblemKind::Unlisted, "extra.txt"),
            ]
        );

        // A manifest rewritten to match: every file agrees, the manifest's hash does not.
        let t2 = tempfile::tempdir().unwrap();
        let d2 = t2.path().join("case");
        let mut fs2 = fs.clone();
        fs2[0].bytes = b"<html>forged</html>".to_vec();
        let m2 = Manifest::new("c1", "EQUINOR ASA", "2026-12-01T12:00:00Z", "test", &fs2);
        write_dir(&d2, &fs2, &m2).unwrap();
        assert!(verify(&d2, None).unwrap().passed());
        let v = verify(&d2, Some(&sha)).unwrap();
        assert_eq!(v.problems.len(), 1);
        assert_eq!(v.problems[0].kind, ProblemKind::ManifestChanged);
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        for p in ["../x", "/etc/passwd", "a/../b", ".hidden", "a\\b", ""] {
            assert!(check_path(p).is_err(), "{p}");
        }
        assert!(check_path("reports/aml-2026.pdf").is_ok());
    }

    #[test]
    fn a_folder_without_a_manifest_or_with_a_broken_one_is_not_a_case_file() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a.txt"), b"x").unwrap();
        let e = verify(t.path(), None).unwrap_err();
        assert!(e.to_string().contains("holds no manifest.json"), "{e}");
        std::fs::write(t.path().join(MANIFEST_FILE), b"{\"format\": 1").unwrap();
        let e = verify(t.path(), None).unwrap_err();
        assert!(e.to_string().contains("manifest is not valid"), "{e}");
    }
}
