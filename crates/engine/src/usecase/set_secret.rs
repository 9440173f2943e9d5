use super::get_settings::secret_name;
use super::prelude::*;

/// Stores a secret in the keyring (or this run's memory store); never returns it.
pub async fn set_secret(ctx: &Arc<Ctx>, req: SecretRequest) -> Result<SecretStatus> {
    if req.environment == EnvironmentKind::Sandbox {
        return Err(EngineError::validation(
            "environment",
            "the sandbox uses its fixed, documented credentials; secrets are only needed for test and production",
        ));
    }
    let account = keyring_account(
        env_kind_providers(req.environment),
        secret_name(req.provider),
    );
    let store = ctx.secrets.clone();
    let value = Secret::new(req.value);
    let stored = !value.is_empty();
    tokio::task::spawn_blocking(move || {
        if value.is_empty() {
            store.delete(KEYRING_SERVICE, &account)
        } else {
            store.set(KEYRING_SERVICE, &account, &value)
        }
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))??;
    Ok(SecretStatus {
        environment: req.environment,
        provider: req.provider,
        stored,
        store: ctx.secrets.kind().to_owned(),
    })
}
