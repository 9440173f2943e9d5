//! The case file as one ZIP: entries sorted by path, each dated 1980-01-01 (the ZIP epoch) with
//! mode 0644, so the same files give the same archive bytes; the manifest is the last entry.

use crate::manifest::{check_path, refuse_non_empty, Manifest, MANIFEST_FILE};
use crate::{CaseFileEntry, CasefileError};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

/// Writes `files` and their manifest as a ZIP at `path` (a new file); returns the manifest bytes.
pub fn write_zip(
    path: &Path,
    files: &[CaseFileEntry],
    manifest: &Manifest,
) -> Result<Vec<u8>, CasefileError> {
    refuse_non_empty(path)?;
    if path.exists() {
        return Err(CasefileError::Io {
            path: path.display().to_string(),
            message: "it exists; a case file is written to a new file".into(),
        });
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| CasefileError::io(parent, e))?;
    }
    let manifest_bytes = manifest.to_bytes();
    let mut sorted: Vec<&CaseFileEntry> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let z = |e: zip::result::ZipError| CasefileError::io(path, e);
        for f in sorted {
            check_path(&f.path)?;
            zip.start_file(f.path.as_str(), opts).map_err(z)?;
            zip.write_all(&f.bytes)
                .map_err(|e| CasefileError::io(path, e))?;
        }
        zip.start_file(MANIFEST_FILE, opts).map_err(z)?;
        zip.write_all(&manifest_bytes)
            .map_err(|e| CasefileError::io(path, e))?;
        zip.finish().map_err(z)?;
    }
    // Through a temporary name: a crash never leaves half an archive under the final name.
    let tmp = path.with_extension("zip.part");
    std::fs::write(&tmp, buf.get_ref()).map_err(|e| CasefileError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| CasefileError::io(path, e))?;
    Ok(manifest_bytes)
}

/// Every file entry of the ZIP at `path`, by name. A name that would leave the folder is an
/// error (the archive was not written by us).
pub fn read_zip(path: &Path) -> Result<BTreeMap<String, Vec<u8>>, CasefileError> {
    let not = |m: String| CasefileError::NotACaseFile {
        path: path.display().to_string(),
        message: m,
    };
    let file = std::fs::File::open(path).map_err(|e| CasefileError::io(path, e))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| not(format!("expected a folder or a ZIP archive ({e})")))?;
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip
            .by_index(i)
            .map_err(|e| not(format!("entry {i} cannot be read ({e})")))?;
        if f.is_dir() {
            continue;
        }
        let name = f
            .name()
            .map_err(|e| not(format!("entry {i} has no readable name ({e})")))?
            .into_owned();
        check_path(&name)?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)
            .map_err(|e| not(format!("{name} cannot be read ({e})")))?;
        if out.insert(name.clone(), bytes).is_some() {
            return Err(not(format!("{name} appears twice")));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{sha256_hex, verify};

    #[test]
    fn a_zip_is_reproducible_verifies_and_a_flipped_byte_is_named() {
        let files = vec![
            CaseFileEntry {
                path: "summary.html".into(),
                bytes: b"<html>Equinor</html>".repeat(50),
            },
            CaseFileEntry {
                path: "raw/1-organization.json".into(),
                bytes: b"{\"a\":1}".to_vec(),
            },
        ];
        let m = Manifest::new("c1", "EQUINOR ASA", "2026-12-01T12:00:00Z", "test", &files);
        let t = tempfile::tempdir().unwrap();
        let a = t.path().join("a.zip");
        let b = t.path().join("b.zip");
        let raw = write_zip(&a, &files, &m).unwrap();
        write_zip(&b, &files, &m).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(
            write_zip(&a, &files, &m).is_err(),
            "never over an existing file"
        );
        let v = verify(&a, Some(&sha256_hex(&raw))).unwrap();
        assert!(v.passed(), "{:?}", v.problems);

        // Rewrite the archive with one byte of one entry flipped.
        let mut forged = files.clone();
        forged[1].bytes[2] ^= 1;
        let c = t.path().join("c.zip");
        write_zip(&c, &forged, &m).unwrap();
        let v = verify(&c, None).unwrap();
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
        assert_eq!(v.problems[0].path, "raw/1-organization.json");

        std::fs::write(t.path().join("junk.zip"), b"not a zip").unwrap();
        let e = verify(&t.path().join("junk.zip"), None).unwrap_err();
        assert!(e.to_string().contains("expected a folder or a ZIP"), "{e}");
    }
}
