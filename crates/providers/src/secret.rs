//! Secrets: a `Secret` type that never shows itself, and where secrets are kept (the OS keyring,
//! or memory only).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

/// A secret string (client secret, access token, API key, password).
///
/// - `Debug` and `Display` print `[redacted]`;
/// - it does not implement `Serialize` (checked by a test), so it cannot reach SQLite, IPC or an
///   export by accident;
/// - its memory is zeroed when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The clear text. Call it only where the secret is put on the wire or into the keyring.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum SecretError {
    /// No usable OS keyring (no Secret Service, locked, no D-Bus).
    #[error("{message}")]
    KeychainUnavailable { message: String },
    /// The keyring exists but the operation failed.
    #[error("The OS keyring could not {action} the secret for {service}/{account}: {detail}")]
    Failed {
        action: &'static str,
        service: String,
        account: String,
        detail: String,
    },
    /// A blocking keyring task could not be run.
    #[error("The OS keyring task was interrupted: {0}")]
    Task(String),
}

impl SecretError {
    pub fn user_message(&self) -> String {
        self.to_string()
    }
}

/// Where secrets live. Keyed by (service, account). Implementations may block (the OS keyring
/// does): from async code use [`AsyncSecretStore`].
pub trait SecretStore: Send + Sync {
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, SecretError>;
    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Deleting a secret that does not exist is not an error.
    fn delete(&self, service: &str, account: &str) -> Result<(), SecretError>;
    /// "keyring" or "memory": the UI says where secrets are kept.
    fn kind(&self) -> &'static str;
}

/// Secrets kept in process memory only (tests, or "for this run only" when no keyring exists).
#[derive(Default)]
pub struct MemoryStore {
    map: Mutex<HashMap<(String, String), Secret>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Secret>> {
        // A panic while holding this lock cannot leave the map half-updated: recover it.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("entries", &self.lock().len())
            .finish()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self
            .lock()
            .get(&(service.to_owned(), account.to_owned()))
            .cloned())
    }

    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), SecretError> {
        self.lock()
            .insert((service.to_owned(), account.to_owned()), secret.clone());
        Ok(())
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), SecretError> {
        self.lock()
            .remove(&(service.to_owned(), account.to_owned()));
        Ok(())
    }

    fn kind(&self) -> &'static str {
        "memory"
    }
}

/// The OS keyring (Secret Service on Linux, via the `keyring` 3 crate). Calls block.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyringStore;

const UNAVAILABLE: &str = "No OS keyring is available (Secret Service not running). Secrets can \
                           be kept for this run only.";
const LOCKED: &str = "The OS keyring is locked or refused access. Unlock it (log in to the \
                      desktop session) and try again, or keep secrets for this run only.";

impl KeyringStore {
    pub fn new() -> Self {
        KeyringStore
    }

    /// Checks that a usable keyring is there, without changing anything in it.
    pub fn probe() -> Result<KeyringStore, SecretError> {
        let store = KeyringStore;
        match store.get("amldesk", "probe") {
            Ok(_) => Ok(store),
            Err(SecretError::Failed { detail, .. }) => Err(SecretError::KeychainUnavailable {
                message: format!("{UNAVAILABLE} ({detail})"),
            }),
            Err(e) => Err(e),
        }
    }

    fn entry(service: &str, account: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(service, account).map_err(|e| map_keyring("open", service, account, e))
    }
}

fn map_keyring(
    action: &'static str,
    service: &str,
    account: &str,
    e: keyring::Error,
) -> SecretError {
    match e {
        keyring::Error::NoStorageAccess(inner) => SecretError::KeychainUnavailable {
            message: format!("{LOCKED} ({inner})"),
        },
        keyring::Error::PlatformFailure(inner) => SecretError::KeychainUnavailable {
            message: format!("{UNAVAILABLE} ({inner})"),
        },
        other => SecretError::Failed {
            action,
            service: service.to_owned(),
            account: account.to_owned(),
            detail: other.to_string(),
        },
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, SecretError> {
        let entry = Self::entry(service, account)?;
        match entry.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring("read", service, account, e)),
        }
    }

    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), SecretError> {
        Self::entry(service, account)?
            .set_password(secret.expose())
            .map_err(|e| map_keyring("store", service, account, e))
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), SecretError> {
        match Self::entry(service, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring("delete", service, account, e)),
        }
    }

    fn kind(&self) -> &'static str {
        "keyring"
    }
}

/// Async face of a (possibly blocking) store: every call runs on tokio's blocking pool, so a slow
/// keyring never stalls the runtime's workers.
#[derive(Clone)]
pub struct AsyncSecretStore(Arc<dyn SecretStore>);

impl fmt::Debug for AsyncSecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AsyncSecretStore({})", self.0.kind())
    }
}

impl AsyncSecretStore {
    pub fn new(store: Arc<dyn SecretStore>) -> Self {
        AsyncSecretStore(store)
    }

    pub fn inner(&self) -> &Arc<dyn SecretStore> {
        &self.0
    }

    pub fn kind(&self) -> &'static str {
        self.0.kind()
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn SecretStore) -> Result<T, SecretError> + Send + 'static,
    ) -> Result<T, SecretError> {
        let store = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| SecretError::Task(e.to_string()))?
    }

    pub async fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, SecretError> {
        let (s, a) = (service.to_owned(), account.to_owned());
        self.run(move |st| st.get(&s, &a)).await
    }

    pub async fn set(
        &self,
        service: &str,
        account: &str,
        secret: Secret,
    ) -> Result<(), SecretError> {
        let (s, a) = (service.to_owned(), account.to_owned());
        self.run(move |st| st.set(&s, &a, &secret)).await
    }

    pub async fn delete(&self, service: &str, account: &str) -> Result<(), SecretError> {
        let (s, a) = (service.to_owned(), account.to_owned());
        self.run(move |st| st.delete(&s, &a)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static_assertions::assert_not_impl_any!(Secret: serde::Serialize);
    static_assertions::assert_impl_all!(Secret: Send, Sync, Clone);

    #[test]
    fn secret_redacts_itself() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(format!("{s}"), "[redacted]");
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            s: Secret,
        }
        let h = Holder { s: s.clone() };
        assert!(!format!("{h:?}").contains("hunter2"));
        assert!(!format!("{h:#?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn memory_store_round_trip() {
        let m = MemoryStore::new();
        assert!(m.get("svc", "acc").expect("get").is_none());
        m.set("svc", "acc", &Secret::new("x")).expect("set");
        assert_eq!(
            m.get("svc", "acc").expect("get").expect("present").expose(),
            "x"
        );
        m.delete("svc", "acc").expect("delete");
        m.delete("svc", "acc").expect("delete twice is fine");
        assert!(m.get("svc", "acc").expect("get").is_none());
        assert_eq!(m.kind(), "memory");
    }

    #[tokio::test]
    async fn async_wrapper_round_trip() {
        let a = AsyncSecretStore::new(Arc::new(MemoryStore::new()));
        a.set("s", "a", Secret::new("v")).await.expect("set");
        assert_eq!(
            a.get("s", "a").await.expect("get").expect("some").expose(),
            "v"
        );
        a.delete("s", "a").await.expect("delete");
        assert!(a.get("s", "a").await.expect("get").is_none());
    }
}
