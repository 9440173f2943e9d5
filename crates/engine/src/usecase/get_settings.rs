//! The window's preferences (theme, when results are stale) and the environment it opens; an
//! environment's own settings are `environment_config`.

use super::prelude::*;
use crate::open::preferences::read_preferences;

pub async fn get_settings(ctx: &Arc<Ctx>) -> Result<Settings> {
    let dir = ctx.data_dir.clone();
    let p = tokio::task::spawn_blocking(move || read_preferences(&dir))
        .await
        .map_err(|e| EngineError::Internal(e.to_string()))??;
    Ok(Settings {
        active: ctx.environment,
        stale_after_days: p.stale_after_days,
        data_dir: ctx.data_dir.display().to_string(),
        theme: p.theme,
    })
}
