//! One HTTP client per upstream API (BankID Organization, Beneficial owners, Amlyze, peer data)
//! with their auth, and the secret store.
//!
//! Everything goes through one shared [`Http`] client; every HTTP answer becomes a typed
//! [`ProviderError`] in one place ([`error`]); every [assumed] path lives in [`Paths`].

pub mod amlyze;
pub mod auth;
pub mod bankid;
pub mod env;
pub mod error;
pub mod http;
pub mod peer;
pub mod secret;

use std::fmt;
use std::sync::Arc;

pub use amlyze::AmlyzeClient;
pub use auth::{OidcAuth, PeerAuth};
pub use bankid::{
    check_pdf, BoClient, CreateBoSession, CreateOrgSession, Created, Fetched, OrgClient, OrgReport,
    Webhook,
};
pub use env::{
    check_address, check_proxy, Discovery, EnvKind, Environment, Paths, SCOPE_BASIC, SCOPE_CREDIT,
    SCOPE_OFAC,
};
pub use error::{ErrorKind, ProviderError, Result, Service};
pub use http::{default_user_agent, Http, HttpConfig, Network};
pub use peer::PeerClient;
pub use secret::{
    copy_secrets, AsyncSecretStore, KeyringStore, MemoryStore, PassphraseStore, Secret,
    SecretError, SecretStore, PASSPHRASE_FILE_NAME,
};

/// An upstream answer as read by `amldesk_core::model` (the one reader of upstream JSON), with
/// the body as received (what the store keeps). Derefs to the typed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed<T> {
    pub value: T,
    pub raw: serde_json::Value,
}

impl<T> std::ops::Deref for Typed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The secrets an environment needs. `Debug` shows none of them.
#[derive(Clone)]
pub struct Credentials {
    pub oidc_secret: Secret,
    pub amlyze_token: Option<Secret>,
    pub peer_user: Option<String>,
    pub peer_password: Option<Secret>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("oidc_secret", &self.oidc_secret)
            .field(
                "amlyze_token",
                &self.amlyze_token.as_ref().map(|_| "[redacted]"),
            )
            .field("peer_user", &self.peer_user)
            .field(
                "peer_password",
                &self.peer_password.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// Keyring service name under which the app keeps its secrets.
pub const KEYRING_SERVICE: &str = "amldesk";

/// Keyring account names, per environment: `<env>/oidc-client-secret`, `<env>/amlyze-token`,
/// `<env>/peer-user`, `<env>/peer-password`.
pub fn keyring_account(env: EnvKind, what: &str) -> String {
    format!("{}/{what}", env.as_str())
}

impl Credentials {
    /// Reads an environment's credentials from a secret store. A missing BankID client secret is
    /// an error naming what to enter; the others are optional.
    pub async fn load(
        store: &AsyncSecretStore,
        env: EnvKind,
    ) -> std::result::Result<Option<Credentials>, SecretError> {
        let get = |what: &'static str| async move {
            store
                .get(KEYRING_SERVICE, &keyring_account(env, what))
                .await
        };
        let Some(oidc_secret) = get("oidc-client-secret").await? else {
            return Ok(None);
        };
        Ok(Some(Credentials {
            oidc_secret,
            amlyze_token: get("amlyze-token").await?,
            peer_user: get("peer-user").await?.map(|s| s.expose().to_owned()),
            peer_password: get("peer-password").await?,
        }))
    }

    /// Stores these credentials (absent optional ones are deleted).
    pub async fn save(
        &self,
        store: &AsyncSecretStore,
        env: EnvKind,
    ) -> std::result::Result<(), SecretError> {
        let acc = |what: &str| keyring_account(env, what);
        store
            .set(
                KEYRING_SERVICE,
                &acc("oidc-client-secret"),
                self.oidc_secret.clone(),
            )
            .await?;
        let optional = [
            ("amlyze-token", self.amlyze_token.clone()),
            ("peer-user", self.peer_user.clone().map(Secret::new)),
            ("peer-password", self.peer_password.clone()),
        ];
        for (what, value) in optional {
            match value {
                Some(v) => store.set(KEYRING_SERVICE, &acc(what), v).await?,
                None => store.delete(KEYRING_SERVICE, &acc(what)).await?,
            }
        }
        Ok(())
    }
}

/// The four clients of one environment, sharing one HTTP client and one token cache.
pub struct Providers {
    pub org: OrgClient,
    pub bo: BoClient,
    pub amlyze: AmlyzeClient,
    pub peer: PeerClient,
    pub oidc: Arc<OidcAuth>,
    pub env: Environment,
}

impl Providers {
    pub fn new(http: Http, env: Environment, creds: Credentials) -> Self {
        let oidc = Arc::new(OidcAuth::new(
            http.clone(),
            env.clone(),
            creds.oidc_secret.clone(),
        ));
        let org = OrgClient::new(http.clone(), Arc::clone(&oidc));
        let bo = BoClient::new(http.clone(), Arc::clone(&oidc));
        let amlyze = AmlyzeClient::new(
            http.clone(),
            env.amlyze_base.clone(),
            env.paths.clone(),
            creds.amlyze_token.clone(),
        );
        let peer_auth = PeerAuth::new(
            http.clone(),
            env.peer_base.clone(),
            env.paths.peer_token.clone(),
            creds.peer_user.clone(),
            creds.peer_password.clone(),
        );
        let peer = PeerClient::new(http, env.peer_base.clone(), env.paths.clone(), peer_auth);
        Providers {
            org,
            bo,
            amlyze,
            peer,
            oidc,
            env,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_debug_shows_no_secret() {
        let c = Credentials {
            oidc_secret: Secret::new("s3cr3t-oidc"),
            amlyze_token: Some(Secret::new("s3cr3t-amlyze")),
            peer_user: Some("user".into()),
            peer_password: Some(Secret::new("s3cr3t-pw")),
        };
        let d = format!("{c:?}");
        assert!(!d.contains("s3cr3t"), "{d}");
        assert!(d.contains("user"));
    }

    #[tokio::test]
    async fn credentials_round_trip_through_a_store() {
        let store = AsyncSecretStore::new(Arc::new(MemoryStore::new()));
        assert!(Credentials::load(&store, EnvKind::Test)
            .await
            .expect("load")
            .is_none());
        let c = Credentials {
            oidc_secret: Secret::new("a"),
            amlyze_token: None,
            peer_user: Some("u".into()),
            peer_password: Some(Secret::new("p")),
        };
        c.save(&store, EnvKind::Test).await.expect("save");
        let back = Credentials::load(&store, EnvKind::Test)
            .await
            .expect("load")
            .expect("present");
        assert_eq!(back.oidc_secret.expose(), "a");
        assert!(back.amlyze_token.is_none());
        assert_eq!(back.peer_user.as_deref(), Some("u"));
        assert!(Credentials::load(&store, EnvKind::Production)
            .await
            .expect("load")
            .is_none());
    }
}
