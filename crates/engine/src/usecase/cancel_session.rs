use super::prelude::*;

pub async fn cancel_session(ctx: &Arc<Ctx>, session_id: &str) -> Result<()> {
    let token = lock(&ctx.session_tokens).get(session_id).cloned();
    match token {
        Some(t) => {
            t.cancel();
            Ok(())
        }
        None => {
            let id = session_id.to_owned();
            let row = ctx
                .store
                .read(move |c| sessions::get_session(c, &id))
                .await?;
            if row.state.is_terminal() {
                return Err(EngineError::Conflict(format!(
                    "The session is already {}; nothing to cancel.",
                    row.state
                )));
            }
            mark_cancelled(ctx, session_id).await;
            Ok(())
        }
    }
}
