use super::prelude::*;

pub async fn save_settings(ctx: &Arc<Ctx>, s: Settings) -> Result<Settings> {
    if s.stale_after_days == 0 {
        return Err(EngineError::validation(
            "stale after days",
            "must be at least 1 day",
        ));
    }
    let mut s = s;
    for env in &mut s.environments {
        for p in &mut env.providers {
            p.secret_stored = false;
        }
    }
    let v = serde_json::to_value(&s).map_err(|e| EngineError::Internal(e.to_string()))?;
    ctx.store
        .write(move |c| settings::set_setting(c, stored_settings_key(), &v))
        .await?;
    super::get_settings::get_settings(ctx).await
}
