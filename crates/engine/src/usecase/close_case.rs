//! Close a case: the customer relationship ended; the case may be deleted a number of years
//! later (default five, the AML directive art. 40 and hvitvaskingsloven § 30).

use super::prelude::*;

pub async fn close_case(ctx: &Arc<Ctx>, req: CloseCaseRequest) -> Result<CaseDetail> {
    let s = crate::review::load_settings(&ctx.store).await?;
    let years = req.retain_years.unwrap_or(s.retain_years);
    if years == 0 || years > 100 {
        return Err(EngineError::validation(
            "retain-years",
            format!("{years} is not a number of years from 1 to 100"),
        ));
    }
    let after = crate::review::delete_after(&req.relationship_ended, years)?;
    let ended = req.relationship_ended.trim().to_owned();
    let id = req.case_id.clone();
    ctx.store
        .write(move |c| amldesk_store::retention::close_case(c, &id, &ended, &after))
        .await?;
    ctx.announce_case(&req.case_id);
    super::get_case::get_case(ctx, &req.case_id).await
}
