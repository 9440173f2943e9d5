//! Settings: key → JSON value. Never secrets: a key or a JSON field whose name looks like a secret
//! (`password`, `clientSecret`, `token`, `apiKey`, …) holding a string is refused. Booleans such as
//! `secretStored` are fine: they say whether a secret exists, not what it is.

use crate::audit;
use crate::error::{Result, StoreError};
use crate::util::{atomic, check_non_empty, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

fn looks_secret(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "secret",
        "password",
        "passwd",
        "passphrase",
        "token",
        "apikey",
        "privatekey",
        "credential",
        "authorization",
        "dbkey",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// The first JSON path whose name looks like a secret and holds a string (or any non-bool,
/// non-null scalar).
fn find_secret(v: &Value, path: &str) -> Option<String> {
    match v {
        Value::Object(m) => m.iter().find_map(|(k, v)| {
            let p = format!("{path}.{k}");
            let scalar_secret = looks_secret(k) && matches!(v, Value::String(s) if !s.is_empty())
                || looks_secret(k) && v.is_number();
            if scalar_secret {
                Some(p)
            } else {
                find_secret(v, &p)
            }
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_secret(v, &format!("{path}[{i}]"))),
        _ => None,
    }
}

pub fn set_setting(conn: &Connection, key: &str, value: &Value) -> Result<()> {
    check_non_empty("setting name", key)?;
    if looks_secret(key) && !value.is_boolean() && !value.is_null() {
        return Err(StoreError::SecretRefused {
            key: key.to_owned(),
        });
    }
    if let Some(path) = find_secret(value, key) {
        return Err(StoreError::SecretRefused { key: path });
    }
    atomic(conn, |c| {
        c.execute(
            "INSERT INTO settings (key, value_json, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,
                                            updated_at = excluded.updated_at",
            params![key, value.to_string(), now()],
        )?;
        audit::record(
            c,
            None,
            "setting.changed",
            json!({"key": key, "value": value}),
        )?;
        Ok(())
    })
}

/// Like [`set_setting`], but the audit entry is `action` with `detail` (written by the caller:
/// who and which key, never the value) instead of the value.
pub fn set_setting_audited(
    conn: &Connection,
    key: &str,
    value: &Value,
    action: &str,
    detail: Value,
) -> Result<()> {
    check_non_empty("setting name", key)?;
    if let Some(path) = find_secret(value, key) {
        return Err(StoreError::SecretRefused { key: path });
    }
    atomic(conn, |c| {
        c.execute(
            "INSERT INTO settings (key, value_json, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,
                                            updated_at = excluded.updated_at",
            params![key, value.to_string(), now()],
        )?;
        audit::record(c, None, action, detail)?;
        Ok(())
    })
}

pub fn get_setting(conn: &Connection, key: &str) -> Result<Option<Value>> {
    let raw: Option<String> = conn
        .query_row(
            "SELECT value_json FROM settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    Ok(raw.map(|s| serde_json::from_str(&s)).transpose()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_detection() {
        assert!(looks_secret("clientSecret"));
        assert!(looks_secret("api_key"));
        assert!(looks_secret("ACCESS-TOKEN"));
        assert!(!looks_secret("theme"));
        assert!(!looks_secret("clientId"));
        let ok = json!({"providers": [{"clientId": "abc", "secretStored": true}]});
        assert_eq!(find_secret(&ok, "s"), None);
        let bad = json!({"providers": [{"clientId": "abc", "clientSecret": "s3cr3t"}]});
        assert_eq!(
            find_secret(&bad, "s").as_deref(),
            Some("s.providers[0].clientSecret")
        );
    }
}
