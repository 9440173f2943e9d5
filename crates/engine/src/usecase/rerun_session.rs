use super::prelude::*;

/// Runs a finished (expired, failed, cancelled or done) session's request again as a new
/// session of the same case.
pub async fn rerun_session(ctx: &Arc<Ctx>, session_id: &str) -> Result<LookupStarted> {
    let id = session_id.to_owned();
    let row = ctx
        .store
        .read(move |c| sessions::get_session(c, &id))
        .await?;
    if !row.state.is_terminal() {
        return Err(EngineError::Conflict(
            "The session is still running; cancel it first or wait for it to finish.".into(),
        ));
    }
    let plan: Plan = serde_json::from_str(&row.request_json)
        .map_err(|e| EngineError::Internal(format!("unreadable session plan ({e})")))?;
    let plan = match plan {
        Plan::AmlyzePush { validate_only, .. } => {
            return super::amlyze_push::amlyze_push(
                ctx,
                AmlyzePushRequest {
                    case_id: row.case_id.clone(),
                    validate_only,
                },
            )
            .await
            .map(|v| LookupStarted {
                case_id: row.case_id.clone(),
                session_ids: vec![v.session_id],
            })
        }
        p => p,
    };
    let new = scheduler::plan_session(ctx, &row.case_id, &plan, row.batch_id.as_deref()).await?;
    ctx.announce_session(&new).await;
    let id = new.id.clone();
    scheduler::spawn(ctx, new, None);
    Ok(LookupStarted {
        case_id: row.case_id,
        session_ids: vec![id],
    })
}
