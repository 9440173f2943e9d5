//! Four-eyes, retention years and the local profile's reviewer name.

use super::prelude::*;

pub async fn get_review_settings(ctx: &Arc<Ctx>) -> Result<ReviewSettings> {
    crate::review::load_settings(&ctx.store).await
}

pub async fn save_review_settings(ctx: &Arc<Ctx>, s: ReviewSettings) -> Result<ReviewSettings> {
    crate::review::save_settings(&ctx.store, &s).await?;
    get_review_settings(ctx).await
}

/// The name a review or decision is recorded under when none is given.
pub async fn default_reviewer(ctx: &Arc<Ctx>) -> Result<String> {
    let s = get_review_settings(ctx).await?;
    crate::review::reviewer(None, &s)
}
