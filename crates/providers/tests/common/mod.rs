#![allow(dead_code)]

use std::time::{Duration, Instant};

use amldesk_core::model::session::{EntityStatus, SessionStatus};
use amldesk_providers::{
    CreateOrgSession, Credentials, Environment, Http, HttpConfig, OrgReport, Providers, Secret,
    Typed,
};
use amldesk_sandbox::{credentials as cred, Knobs, SandboxConfig, SandboxHandle};

pub async fn sandbox() -> SandboxHandle {
    sandbox_with(|_| {}).await
}

pub async fn sandbox_with(tweak: impl FnOnce(&mut Knobs)) -> SandboxHandle {
    let mut cfg = SandboxConfig::fast();
    tweak(&mut cfg.knobs);
    amldesk_sandbox::start(cfg).await.expect("sandbox starts")
}

pub fn http() -> Http {
    Http::new(HttpConfig {
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(10),
        user_agent: amldesk_providers::default_user_agent(),
    })
    .expect("http client")
}

pub fn env(sb: &SandboxHandle) -> Environment {
    Environment::sandbox(sb.discovery_url(), sb.base_url())
}

pub fn creds() -> Credentials {
    Credentials {
        oidc_secret: Secret::new(cred::OIDC_CLIENT_SECRET),
        amlyze_token: Some(Secret::new(cred::AMLYZE_TOKEN)),
        peer_user: Some(cred::PEER_USER.to_owned()),
        peer_password: Some(Secret::new(cred::PEER_PASSWORD)),
    }
}

pub fn providers(sb: &SandboxHandle) -> Providers {
    Providers::new(http(), env(sb), creds())
}

pub fn equinor(reference: Option<&str>) -> CreateOrgSession {
    CreateOrgSession {
        identifier: "923609016".into(),
        nationality: "NO".into(),
        expands: vec![
            "address".into(),
            "roles".into(),
            "ownership.shareholders".into(),
            "ownership.beneficials".into(),
            "sanction".into(),
        ],
        reports: vec![OrgReport::Aml, OrgReport::CertificateOfRegistration],
        webhook: None,
        client_reference: reference.map(str::to_owned),
    }
}

/// Polls until `pred` holds on the status (or panics after 15 s).
pub async fn poll_until<F, Fut>(
    mut get: F,
    pred: impl Fn(&SessionStatus) -> bool,
) -> Typed<SessionStatus>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = amldesk_providers::Result<Typed<SessionStatus>>>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let s = get().await.expect("status");
        if pred(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "session never got there: {s:?}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

pub fn all_ready(s: &SessionStatus) -> bool {
    !s.entities.is_empty() && s.entities.iter().all(|e| e.status == EntityStatus::Ready)
}

pub fn knobs(sb: &SandboxHandle, f: impl FnOnce(&mut Knobs)) {
    let mut k = sb.knobs();
    f(&mut k);
    sb.set_knobs(k);
}
