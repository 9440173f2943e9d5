use super::prelude::*;

pub async fn cancel_batch(ctx: &Arc<Ctx>, batch_id: &str) -> Result<()> {
    let b = batch_id.to_owned();
    ctx.store.read(move |c| batches::get_batch(c, &b)).await?;
    let token = lock(&ctx.batch_tokens)
        .entry(batch_id.to_owned())
        .or_default()
        .clone();
    token.cancel();
    // Rows not running in this process are cancelled in the store directly.
    let b = batch_id.to_owned();
    let rows = ctx
        .store
        .read(move |c| sessions::list_batch_sessions(c, &b))
        .await?;
    let running: Vec<String> = lock(&ctx.session_tokens).keys().cloned().collect();
    for r in rows {
        if !r.state.is_terminal() && !running.contains(&r.id) {
            mark_cancelled(ctx, &r.id).await;
        }
    }
    Ok(())
}
