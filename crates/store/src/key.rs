//! The database key: a secret that redacts itself and cannot be serialized.

use rand::RngCore;
use std::fmt;

/// The SQLCipher key. `Debug`/`Display` print `DbKey(***)`; it has no `Serialize`. The store uses
/// it only while opening connections and does not keep it afterwards.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(String);

impl DbKey {
    pub fn new(key: impl Into<String>) -> Self {
        DbKey(key.into())
    }

    /// 32 random bytes from the OS, hex encoded (64 characters).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let key = hex::encode(bytes);
        bytes.fill(0);
        DbKey(key)
    }

    /// Use only to hand the key to the keyring.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value for `PRAGMA key`: a 64-hex-digit key is used as the raw 256-bit key (no key
    /// derivation, so opening is fast); anything else as a passphrase.
    pub(crate) fn pragma_value(&self) -> String {
        if self.0.len() == 64 && self.0.bytes().all(|b| b.is_ascii_hexdigit()) {
            format!("x'{}'", self.0)
        } else {
            self.0.clone()
        }
    }
}

impl From<&str> for DbKey {
    fn from(s: &str) -> Self {
        DbKey(s.to_owned())
    }
}

impl From<String> for DbKey {
    fn from(s: String) -> Self {
        DbKey(s)
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(***)")
    }
}

impl fmt::Display for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for DbKey {
    fn drop(&mut self) {
        // Best effort: overwrite the heap bytes before they are freed.
        // SAFETY-free variant: replace with zeros of the same length through a mutable String.
        let len = self.0.len();
        self.0.clear();
        self.0.extend(std::iter::repeat_n('\0', len));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_64_hex_and_distinct() {
        let a = DbKey::generate();
        let b = DbKey::generate();
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(a.pragma_value().starts_with("x'"));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let k = DbKey::new("hunter2-passphrase");
        assert!(!format!("{k:?}").contains("hunter2"));
        assert!(!format!("{k}").contains("hunter2"));
        assert_eq!(k.pragma_value(), "hunter2-passphrase");
    }
}
