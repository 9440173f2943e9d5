use super::prelude::*;

/// Re-runs every failed, expired or cancelled row of a batch.
pub async fn retry_batch(ctx: &Arc<Ctx>, batch_id: &str) -> Result<()> {
    let b = batch_id.to_owned();
    let rows = ctx
        .store
        .read(move |c| sessions::list_batch_sessions(c, &b))
        .await?;
    lock(&ctx.batch_tokens).remove(batch_id);
    let mut latest: HashMap<String, SessionRow> = HashMap::new();
    for r in rows {
        latest.insert(r.case_id.clone(), r);
    }
    let gate = Arc::new(Semaphore::new(DEFAULT_BATCH_CONCURRENCY as usize));
    for r in latest.into_values() {
        if matches!(
            r.state,
            StoreState::Failed | StoreState::Expired | StoreState::Cancelled
        ) {
            let plan: Plan = serde_json::from_str(&r.request_json)
                .map_err(|e| EngineError::Internal(e.to_string()))?;
            let new = scheduler::plan_session(ctx, &r.case_id, &plan, Some(batch_id)).await?;
            scheduler::spawn(ctx, new, Some(gate.clone()));
        }
    }
    Ok(())
}
