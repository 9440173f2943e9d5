use super::prelude::*;
use crate::open::preferences::{read_preferences, write_preferences, Preferences};

/// Saves the theme and the stale age. The active environment is changed by switching (which
/// reopens the engine), never by saving: `s.active` is ignored.
pub async fn save_settings(ctx: &Arc<Ctx>, s: Settings) -> Result<Settings> {
    let dir = ctx.data_dir.clone();
    tokio::task::spawn_blocking(move || {
        let old = read_preferences(&dir).unwrap_or_default();
        write_preferences(
            &dir,
            &Preferences {
                active_environment: old.active_environment,
                theme: s.theme,
                stale_after_days: s.stale_after_days,
            },
        )
    })
    .await
    .map_err(|e| EngineError::Internal(e.to_string()))??;
    super::get_settings::get_settings(ctx).await
}
