//! Files the officer asks to save (the ownership graph as an image). Written in clear on purpose,
//! to the export folder: `AMLDESK_EXPORT_DIR`, else the user's Downloads folder, else home.

use crate::error::{EngineError, Result};
use std::path::{Path, PathBuf};

/// Env var overriding the export folder (tests, kiosk setups).
pub const EXPORT_DIR_ENV: &str = "AMLDESK_EXPORT_DIR";

pub fn export_dir() -> PathBuf {
    if let Some(d) = std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    directories::UserDirs::new()
        .and_then(|u| {
            u.download_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A file name safe on every desktop OS: letters, digits, `.`, `-`, `_`; the rest becomes `-`.
pub fn safe_file_stem(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = if c.is_alphanumeric() || c == '.' || c == '_' || c == '-' {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let t = out.trim_matches(|c| c == '-' || c == '.').to_string();
    if t.is_empty() {
        "export".into()
    } else {
        t.chars().take(80).collect()
    }
}

/// Writes `bytes` as `stem.ext` in `dir` without overwriting anything (`stem (2).ext`, …), through a
/// temporary file renamed into place, so a crash never leaves half a file under the final name.
pub fn save_new_file(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let stem = safe_file_stem(stem);
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem} ({n}).{ext}")
        };
        let path = dir.join(name);
        if path.exists() {
            continue;
        }
        let tmp = dir.join(format!(".{stem}.{ext}.part"));
        std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io_error(&path, e))?;
        return Ok(path);
    }
    Err(EngineError::Validation {
        field: "file".into(),
        message: format!(
            "{} already holds 999 files named {stem}; remove some and export again.",
            dir.display()
        ),
    })
}

/// A path in `dir` named `stem` (with `.ext` when given) that does not exist yet: `stem`,
/// `stem (2)`, … (a case file is never written over another).
pub fn new_path(dir: &Path, stem: &str, ext: Option<&str>) -> PathBuf {
    let stem = safe_file_stem(stem);
    let name = |n: u32| {
        let base = if n == 1 {
            stem.clone()
        } else {
            format!("{stem} ({n})")
        };
        match ext {
            Some(e) => format!("{base}.{e}"),
            None => base,
        }
    };
    (1..)
        .map(|n| dir.join(name(n)))
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(name(1)))
}

fn io_error(p: &Path, e: std::io::Error) -> EngineError {
    EngineError::Storage {
        message: format!(
            "The file could not be written to {}: {e}. Check that the folder exists and is writable.",
            p.display()
        ),
        not_found: false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_never_overwrite() {
        assert_eq!(
            safe_file_stem("EQUINOR ASA / ownership"),
            "EQUINOR-ASA-ownership"
        );
        assert_eq!(safe_file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_stem("///"), "export");
        let dir = tempfile::tempdir().unwrap();
        let a = save_new_file(dir.path(), "Equinør ownership", "svg", b"<svg/>").unwrap();
        let b = save_new_file(dir.path(), "Equinør ownership", "svg", b"<svg>2</svg>").unwrap();
        assert_eq!(a.file_name().unwrap(), "Equinør-ownership.svg");
        assert_eq!(b.file_name().unwrap(), "Equinør-ownership (2).svg");
        assert_eq!(std::fs::read(&a).unwrap(), b"<svg/>");
        assert_eq!(std::fs::read(&b).unwrap(), b"<svg>2</svg>");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
    }
}
