//! Confirm a pending decision as the second reviewer (four-eyes); never by its preparer.

use super::prelude::*;

pub async fn confirm_decision(ctx: &Arc<Ctx>, req: ConfirmRequest) -> Result<CaseDetail> {
    let s = crate::review::load_settings(&ctx.store).await?;
    let reviewer = crate::review::reviewer(req.reviewer.as_deref(), &s)?;
    let id = req.case_id.clone();
    ctx.store
        .write(move |c| amldesk_store::review::confirm(c, &id, &reviewer))
        .await?;
    ctx.announce_case(&req.case_id);
    super::get_case::get_case(ctx, &req.case_id).await
}
