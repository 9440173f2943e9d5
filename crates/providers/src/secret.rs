//! Secrets: a `Secret` type that never shows itself, and where secrets are kept: the OS keyring,
//! a file encrypted under a passphrase ([`PassphraseStore`], for machines without a keyring), or
//! memory only (an explicit throwaway mode).

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
    /// The passphrase-protected secret file cannot be used (wrong passphrase, damaged, unwritable).
    #[error("{message}")]
    Passphrase { message: String },
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
    /// "keyring", "passphrase" or "memory": the UI says where secrets are kept.
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

// ------------------------------------------------------------------ passphrase file store

/// File name of a data directory's passphrase-protected secret file.
pub const PASSPHRASE_FILE_NAME: &str = "secrets.amldesk";
const FORMAT: &str = "amldesk-secrets/1";
/// Argon2id parameters of new files: m = 64 MiB, t = 3, p = 1 (a file keeps its own).
pub const ARGON2_M_KIB: u32 = 64 * 1024;
pub const ARGON2_T: u32 = 3;
pub const ARGON2_P: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct KdfParams {
    algorithm: String,
    version: u32,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    /// Base64, 16 random bytes.
    salt: String,
}

#[derive(serde::Serialize, serde::Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct Sealed {
    aead: String,
    /// Base64, 24 bytes.
    nonce: String,
    /// Base64: ciphertext and tag.
    ciphertext: String,
}

#[derive(serde::Serialize, serde::Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct SecretFile {
    format: String,
    kdf: KdfParams,
    /// The random 32-byte data key, wrapped under the key derived from the passphrase.
    wrapped_key: Sealed,
    /// `[[service, account, value], …]` as JSON, sealed under the data key.
    secrets: Sealed,
}

type Entries = std::collections::BTreeMap<(String, String), Secret>;

/// Secrets in one file of the data directory, for a machine without an OS keyring.
///
/// - A random 32-byte **data key** seals the secrets (XChaCha20-Poly1305, a fresh nonce at every
///   write); the data key itself is stored **wrapped** under a key derived from the passphrase
///   with **Argon2id** (m = 64 MiB, t = 3, p = 1, a random salt stored in the file). The database
///   key is one of those secrets: random, and recoverable only with the passphrase.
/// - Changing the passphrase re-wraps the data key only ([`PassphraseStore::change_passphrase`]);
///   the secrets are listable ([`PassphraseStore::entries`]) so a profile can move to the keyring
///   and back ([`copy_secrets`]).
/// - Nothing is on disk in clear; the file is written atomically (temp file + rename), mode 0600.
/// - Opening derives once (about a quarter of a second optimized); later calls use the data key
///   kept in (zeroed-on-drop) memory.
pub struct PassphraseStore {
    path: std::path::PathBuf,
    data_key: Zeroizing<[u8; 32]>,
    state: Mutex<(KdfParams, Sealed, Entries)>,
}

impl fmt::Debug for PassphraseStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PassphraseStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn pp_error(message: impl Into<String>) -> SecretError {
    SecretError::Passphrase {
        message: message.into(),
    }
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn unb64(s: &str, what: &str) -> Result<Vec<u8>, SecretError> {
    use base64::Engine;
    b64()
        .decode(s)
        .map_err(|_| pp_error(format!("the secret file is damaged ({what} is not base64)")))
}

fn random<const N: usize>() -> [u8; N] {
    use rand::RngCore;
    let mut b = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b
}

fn derive(passphrase: &Secret, kdf: &KdfParams) -> Result<Zeroizing<[u8; 32]>, SecretError> {
    use argon2::{Algorithm, Argon2, Params, Version};
    if kdf.algorithm != "argon2id" || kdf.version != 0x13 {
        return Err(pp_error(format!(
            "the secret file uses {} version {}, which this version cannot read",
            kdf.algorithm, kdf.version
        )));
    }
    let params =
        Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32)).map_err(|e| {
            pp_error(format!(
                "the secret file's Argon2 parameters are invalid ({e})"
            ))
        })?;
    let salt = unb64(&kdf.salt, "the salt")?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.expose().as_bytes(), &salt, &mut *out)
        .map_err(|e| pp_error(format!("the passphrase could not be derived ({e})")))?;
    Ok(out)
}

fn seal(key: &[u8; 32], plain: &[u8], aad: &[u8]) -> Result<Sealed, SecretError> {
    use base64::Engine;
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key));
    let nonce: [u8; 24] = random();
    let ct = cipher
        .encrypt(
            chacha20poly1305::XNonce::from_slice(&nonce),
            Payload { msg: plain, aad },
        )
        .map_err(|_| pp_error("the secrets could not be encrypted"))?;
    Ok(Sealed {
        aead: "xchacha20poly1305".into(),
        nonce: b64().encode(nonce),
        ciphertext: b64().encode(ct),
    })
}

fn open_sealed(key: &[u8; 32], s: &Sealed, aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    if s.aead != "xchacha20poly1305" {
        return None;
    }
    let nonce = unb64(&s.nonce, "a nonce").ok()?;
    if nonce.len() != 24 {
        return None;
    }
    let ct = unb64(&s.ciphertext, "a ciphertext").ok()?;
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key));
    cipher
        .decrypt(
            chacha20poly1305::XNonce::from_slice(&nonce),
            Payload { msg: &ct, aad },
        )
        .ok()
        .map(Zeroizing::new)
}

fn wrap_aad(kdf: &KdfParams) -> Vec<u8> {
    // The wrapped key is bound to the parameters it was derived with.
    format!(
        "{FORMAT}|wrapped-key|{}|{}|{}|{}|{}|{}",
        kdf.algorithm, kdf.version, kdf.memory_kib, kdf.iterations, kdf.parallelism, kdf.salt
    )
    .into_bytes()
}

fn new_kdf() -> KdfParams {
    use base64::Engine;
    KdfParams {
        algorithm: "argon2id".into(),
        version: 0x13,
        memory_kib: ARGON2_M_KIB,
        iterations: ARGON2_T,
        parallelism: ARGON2_P,
        salt: b64().encode(random::<16>()),
    }
}

impl PassphraseStore {
    /// The secret file of a data directory.
    pub fn file_in(data_dir: &std::path::Path) -> std::path::PathBuf {
        data_dir.join(PASSPHRASE_FILE_NAME)
    }

    /// Opens the secret file at `path` with `passphrase`, creating it (with a new random data
    /// key) when it does not exist. A wrong passphrase is an error that says so.
    pub fn open(
        path: impl Into<std::path::PathBuf>,
        passphrase: &Secret,
    ) -> Result<Self, SecretError> {
        let path = path.into();
        if passphrase.expose().trim().is_empty() {
            return Err(pp_error("the passphrase is empty"));
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let file: SecretFile = serde_json::from_slice(&bytes).map_err(|e| {
                    pp_error(format!(
                        "the secret file {} is damaged ({e})",
                        path.display()
                    ))
                })?;
                if file.format != FORMAT {
                    return Err(pp_error(format!(
                        "the secret file {} has format \"{}\", which this version cannot read",
                        path.display(),
                        file.format
                    )));
                }
                let kek = derive(passphrase, &file.kdf)?;
                let raw = open_sealed(&kek, &file.wrapped_key, &wrap_aad(&file.kdf)).ok_or_else(
                    || {
                        pp_error(format!(
                            "the passphrase does not open {} (wrong passphrase?)",
                            path.display()
                        ))
                    },
                )?;
                let data_key: Zeroizing<[u8; 32]> = Zeroizing::new(
                    raw.as_slice()
                        .try_into()
                        .map_err(|_| pp_error("the secret file's data key is damaged"))?,
                );
                let plain = open_sealed(&data_key, &file.secrets, FORMAT.as_bytes())
                    .ok_or_else(|| pp_error("the secret file's secrets are damaged"))?;
                let list: Vec<(String, String, String)> = serde_json::from_slice(&plain)
                    .map_err(|_| pp_error("the secret file's secrets are damaged"))?;
                let entries = list
                    .into_iter()
                    .map(|(s, a, v)| ((s, a), Secret::new(v)))
                    .collect();
                Ok(PassphraseStore {
                    path,
                    data_key,
                    state: Mutex::new((file.kdf, file.wrapped_key, entries)),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let kdf = new_kdf();
                let kek = derive(passphrase, &kdf)?;
                let data_key = Zeroizing::new(random::<32>());
                let wrapped = seal(&kek, &*data_key, &wrap_aad(&kdf))?;
                let store = PassphraseStore {
                    path,
                    data_key,
                    state: Mutex::new((kdf, wrapped, Entries::new())),
                };
                store.save(&store.lock())?;
                Ok(store)
            }
            Err(e) => Err(pp_error(format!(
                "the secret file {} cannot be read ({e})",
                path.display()
            ))),
        }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (KdfParams, Sealed, Entries)> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn save(&self, st: &(KdfParams, Sealed, Entries)) -> Result<(), SecretError> {
        let list: Vec<(&str, &str, &str)> =
            st.2.iter()
                .map(|((s, a), v)| (s.as_str(), a.as_str(), v.expose()))
                .collect();
        let plain = Zeroizing::new(
            serde_json::to_vec(&list).map_err(|e| pp_error(format!("encoding failed ({e})")))?,
        );
        let file = SecretFile {
            format: FORMAT.into(),
            kdf: st.0.clone(),
            wrapped_key: st.1.clone(),
            secrets: seal(&self.data_key, &plain, FORMAT.as_bytes())?,
        };
        let bytes = serde_json::to_vec_pretty(&file)
            .map_err(|e| pp_error(format!("encoding failed ({e})")))?;
        write_private(&self.path, &bytes).map_err(|e| {
            pp_error(format!(
                "the secret file {} cannot be written ({e})",
                self.path.display()
            ))
        })
    }

    /// Re-wraps the data key under `new` (a new salt too); the secrets stay as they are.
    pub fn change_passphrase(&self, new: &Secret) -> Result<(), SecretError> {
        if new.expose().trim().is_empty() {
            return Err(pp_error("the new passphrase is empty"));
        }
        let kdf = new_kdf();
        let kek = derive(new, &kdf)?;
        let wrapped = seal(&kek, &*self.data_key, &wrap_aad(&kdf))?;
        let mut st = self.lock();
        let next = (kdf, wrapped, st.2.clone());
        self.save(&next)?;
        *st = next;
        Ok(())
    }

    /// Every (service, account) held, without values.
    pub fn entries(&self) -> Vec<(String, String)> {
        self.lock().2.keys().cloned().collect()
    }
}

/// Writes `bytes` to `path` atomically (a temp file beside it, then rename), readable by the
/// owner only.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)
}

impl SecretStore for PassphraseStore {
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self
            .lock()
            .2
            .get(&(service.to_owned(), account.to_owned()))
            .cloned())
    }

    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), SecretError> {
        let mut st = self.lock();
        let mut next = (st.0.clone(), st.1.clone(), st.2.clone());
        next.2
            .insert((service.to_owned(), account.to_owned()), secret.clone());
        self.save(&next)?;
        *st = next;
        Ok(())
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), SecretError> {
        let mut st = self.lock();
        let key = (service.to_owned(), account.to_owned());
        if !st.2.contains_key(&key) {
            return Ok(());
        }
        let mut next = (st.0.clone(), st.1.clone(), st.2.clone());
        next.2.remove(&key);
        self.save(&next)?;
        *st = next;
        Ok(())
    }

    fn kind(&self) -> &'static str {
        "passphrase"
    }
}

/// Copies the named secrets from one store to another (moving a profile between the keyring and
/// a passphrase file); returns how many were there to copy. The source is left as it is.
pub fn copy_secrets(
    from: &dyn SecretStore,
    to: &dyn SecretStore,
    names: &[(String, String)],
) -> Result<usize, SecretError> {
    let mut n = 0;
    for (service, account) in names {
        if let Some(v) = from.get(service, account)? {
            to.set(service, account, &v)?;
            n += 1;
        }
    }
    Ok(n)
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

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn passphrase_store_persists_encrypted_and_rewraps_on_a_new_passphrase() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = PassphraseStore::file_in(dir.path());
        let pass = Secret::new("correct horse battery staple");
        let db_key = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        let started = std::time::Instant::now();
        let s = PassphraseStore::open(&path, &pass).expect("created");
        eprintln!(
            "Argon2id m=64MiB t=3 p=1 derivation: {:?}",
            started.elapsed()
        );
        assert_eq!(s.kind(), "passphrase");
        assert!(s.get("amldesk", "db-key/x").expect("get").is_none());
        s.set("amldesk", "db-key/x", &Secret::new(db_key))
            .expect("set");
        s.set(
            "amldesk",
            "sandbox/bankid.client_secret",
            &Secret::new("s3:cr+t/=canary"),
        )
        .expect("set");
        s.delete("amldesk", "nothing")
            .expect("deleting nothing is fine");
        drop(s);

        // On disk: no secret, no key, no passphrase in clear; owner-only.
        let raw = std::fs::read(&path).expect("file");
        for clear in [
            db_key,
            "s3:cr+t/=canary",
            "correct horse",
            "db-key/x",
            "client_secret",
        ] {
            assert!(
                !contains(&raw, clear.as_bytes()),
                "{clear} is in the file in clear"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "the secret file is private ({mode:o})");
        }
        let v: serde_json::Value = serde_json::from_slice(&raw).expect("json");
        assert_eq!(v["kdf"]["algorithm"], "argon2id");
        assert_eq!(v["kdf"]["memoryKib"], 65536);
        assert_eq!(v["kdf"]["iterations"], 3);
        assert_eq!(v["kdf"]["parallelism"], 1);

        // Wrong passphrase: refused, and says so.
        let e = PassphraseStore::open(&path, &Secret::new("wrong")).expect_err("wrong");
        assert!(e.to_string().contains("wrong passphrase"), "{e}");

        // Reopened: everything is there; a new passphrase re-wraps the same data key.
        let s = PassphraseStore::open(&path, &pass).expect("reopened");
        assert_eq!(
            s.get("amldesk", "db-key/x")
                .expect("get")
                .expect("some")
                .expose(),
            db_key
        );
        s.change_passphrase(&Secret::new("a new passphrase"))
            .expect("changed");
        let after: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("file")).expect("json");
        assert_ne!(v["kdf"]["salt"], after["kdf"]["salt"], "a new salt");
        assert_ne!(
            v["wrappedKey"], after["wrappedKey"],
            "the data key is wrapped anew"
        );
        drop(s);
        assert!(
            PassphraseStore::open(&path, &pass).is_err(),
            "the old one no longer opens"
        );
        let s = PassphraseStore::open(&path, &Secret::new("a new passphrase")).expect("new");
        assert_eq!(
            s.get("amldesk", "db-key/x")
                .expect("get")
                .expect("some")
                .expose(),
            db_key
        );
        let mut names = s.entries();
        names.sort();
        assert_eq!(names.len(), 2);

        // Moving a profile: to another store and back.
        let mem = MemoryStore::new();
        assert_eq!(copy_secrets(&s, &mem, &names).expect("copied"), 2);
        assert_eq!(
            mem.get("amldesk", "db-key/x")
                .expect("get")
                .expect("some")
                .expose(),
            db_key
        );
        s.delete("amldesk", "db-key/x").expect("delete");
        assert!(s.get("amldesk", "db-key/x").expect("get").is_none());
        assert_eq!(copy_secrets(&mem, &s, &names).expect("back"), 2);
        assert_eq!(
            s.get("amldesk", "db-key/x")
                .expect("get")
                .expect("some")
                .expose(),
            db_key
        );
    }

    #[test]
    fn a_damaged_secret_file_is_refused_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = PassphraseStore::file_in(dir.path());
        std::fs::write(&path, b"{not json").expect("write");
        let e = PassphraseStore::open(&path, &Secret::new("pw")).expect_err("damaged");
        assert!(e.to_string().contains("damaged"), "{e}");
        assert_eq!(std::fs::read(&path).expect("file"), b"{not json");
        assert!(
            PassphraseStore::open(&path, &Secret::new("  ")).is_err(),
            "empty passphrase"
        );
    }
}
