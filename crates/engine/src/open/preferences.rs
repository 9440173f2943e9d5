//! The window's preferences, outside every environment's database: which environment the app
//! opens (it must be known before a database is opened), the theme, and when results are stale.
//! Kept as `preferences.json` in the data directory (nothing secret in it).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::EnvironmentKind;
use crate::error::{EngineError, Result};

/// The file name in the data directory.
pub const PREFERENCES_FILE: &str = "preferences.json";

const THEMES: [&str; 3] = ["system", "light", "dark"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Preferences {
    pub active_environment: EnvironmentKind,
    pub theme: String,
    pub stale_after_days: u32,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            active_environment: EnvironmentKind::Sandbox,
            theme: "system".into(),
            stale_after_days: 90,
        }
    }
}

pub fn preferences_path(data_dir: &Path) -> PathBuf {
    data_dir.join(PREFERENCES_FILE)
}

impl Preferences {
    /// Checks the values; an error names the field and what is expected.
    pub fn check(&self) -> Result<()> {
        if !THEMES.contains(&self.theme.as_str()) {
            return Err(EngineError::validation(
                "theme",
                format!(
                    "theme must be one of {}; got \"{}\"",
                    THEMES.join(", "),
                    self.theme
                ),
            ));
        }
        if !(1..=3650).contains(&self.stale_after_days) {
            return Err(EngineError::validation(
                "stale after days",
                format!(
                    "stale after days must be from 1 to 3650; got {}",
                    self.stale_after_days
                ),
            ));
        }
        Ok(())
    }
}

/// Reads the preferences; a missing file gives the defaults (the sandbox). A file that cannot be
/// read is an error naming it and what is wrong (it is never overwritten silently).
pub fn read_preferences(data_dir: &Path) -> Result<Preferences> {
    let path = preferences_path(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Preferences::default()),
        Err(e) => {
            return Err(EngineError::validation(
                PREFERENCES_FILE,
                format!("{} cannot be read ({e})", path.display()),
            ))
        }
    };
    let p: Preferences = serde_json::from_str(&text).map_err(|e| {
        EngineError::validation(
            PREFERENCES_FILE,
            format!(
                "{} is not valid: {e}; expected {{\"activeEnvironment\": \"sandbox\"|\"test\"|\"production\", \"theme\": \"system\"|\"light\"|\"dark\", \"staleAfterDays\": 1..3650}}",
                path.display()
            ),
        )
    })?;
    p.check()?;
    Ok(p)
}

/// Writes the preferences (checked) atomically: a temporary file renamed over the old one.
pub fn write_preferences(data_dir: &Path, p: &Preferences) -> Result<()> {
    p.check()?;
    std::fs::create_dir_all(data_dir).map_err(|e| {
        EngineError::validation(
            "data directory",
            format!("{} cannot be created ({e})", data_dir.display()),
        )
    })?;
    let path = preferences_path(data_dir);
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(p).map_err(|e| EngineError::Internal(e.to_string()))?;
    std::fs::write(&tmp, text + "\n")
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            EngineError::validation(
                PREFERENCES_FILE,
                format!("{} cannot be written ({e})", path.display()),
            )
        })
}

/// Saves which environment the app opens next.
pub fn save_active_environment(data_dir: &Path, environment: EnvironmentKind) -> Result<()> {
    let mut p = read_preferences(data_dir).unwrap_or_default();
    p.active_environment = environment;
    write_preferences(data_dir, &p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_the_sandbox_and_a_write_reads_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(
            read_preferences(dir.path()).expect("defaults"),
            Preferences::default()
        );
        save_active_environment(dir.path(), EnvironmentKind::Production).expect("saved");
        let p = read_preferences(dir.path()).expect("read");
        assert_eq!(p.active_environment, EnvironmentKind::Production);
        assert_eq!(p.theme, "system");
    }

    #[test]
    fn a_bad_file_is_refused_naming_it_and_the_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = preferences_path(dir.path());
        std::fs::write(
            &path,
            r#"{"activeEnvironment": "staging", "theme": "system", "staleAfterDays": 9}"#,
        )
        .expect("write");
        let e = read_preferences(dir.path()).expect_err("bad environment");
        assert!(e.to_string().contains(PREFERENCES_FILE), "{e}");
        assert!(e.to_string().contains("staging"), "{e}");
        std::fs::write(
            &path,
            r#"{"activeEnvironment": "test", "theme": "pink", "staleAfterDays": 9}"#,
        )
        .expect("write");
        let e = read_preferences(dir.path()).expect_err("bad theme");
        assert!(e.to_string().contains("theme"), "{e}");
        // Not overwritten by reading.
        assert!(std::fs::read_to_string(&path)
            .expect("kept")
            .contains("pink"));
    }
}
