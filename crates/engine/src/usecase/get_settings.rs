use super::prelude::*;

pub async fn get_settings(ctx: &Arc<Ctx>) -> Result<Settings> {
    let mut s = crate::open::load_settings(&ctx.store, &ctx.data_dir).await?;
    s.active = ctx.environment;
    let live = &ctx.providers.env;
    for env in &mut s.environments {
        for p in &mut env.providers {
            // The sandbox's addresses and client are the running instance's, not settings.
            if env.kind == EnvironmentKind::Sandbox {
                let bankid = matches!(p.provider, Provider::Organization | Provider::Beneficial);
                p.url = match p.provider {
                    Provider::Organization | Provider::Beneficial => live.discovery_url.clone(),
                    Provider::Amlyze => live.amlyze_base.clone(),
                    Provider::Peer => live.peer_base.clone(),
                };
                p.client_id = match p.provider {
                    _ if bankid => Some(live.oidc_client_id.clone()),
                    Provider::Peer => Some(sandbox_peer_user().to_owned()),
                    _ => None,
                };
                if p.provider == Provider::Organization {
                    p.scopes = live.scopes.clone();
                }
            }
            let account = keyring_account(env_kind_providers(env.kind), secret_name(p.provider));
            let store = ctx.secrets.clone();
            p.secret_stored = env.kind == EnvironmentKind::Sandbox
                || tokio::task::spawn_blocking(move || store.get(KEYRING_SERVICE, &account))
                    .await
                    .ok()
                    .and_then(|r| r.ok())
                    .flatten()
                    .is_some();
        }
    }
    Ok(s)
}

/// The keyring name of a provider's secret.
pub(crate) fn secret_name(p: Provider) -> &'static str {
    match p {
        Provider::Organization | Provider::Beneficial => "oidc-client-secret",
        Provider::Amlyze => "amlyze-token",
        Provider::Peer => "peer-password",
    }
}
