use super::prelude::*;

pub async fn app_info(ctx: &Arc<Ctx>) -> Result<AppInfo> {
    let kind = ctx.secrets.kind();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        environment: ctx.environment,
        base_url: ctx.base_url.clone(),
        data_dir: ctx.data_dir.display().to_string(),
        export_dir: crate::export::export_dir().display().to_string(),
        online: ctx.online.load(Ordering::Relaxed),
        ofac_scope: ctx
            .providers
            .env
            .scopes
            .iter()
            .any(|s| s == amldesk_providers::SCOPE_OFAC),
        keyring_available: kind == "keyring",
        not_configured: super::environment_config::get_environment_config(ctx, ctx.environment)
            .await?
            .missing,
        keyring_message: (kind == "memory").then(|| {
            "Secrets are kept in memory for this run only; cases of this run are not kept."
                .to_owned()
        }),
    })
}
