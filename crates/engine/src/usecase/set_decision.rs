use super::prelude::*;

pub async fn set_decision(ctx: &Arc<Ctx>, req: DecisionRequest) -> Result<CaseDetail> {
    let id = req.case_id.clone();
    let d = views::decision_str(req.decision);
    let note = req.note.clone();
    ctx.store
        .write(move |c| notes::set_decision(c, &id, d, &note))
        .await?;
    ctx.announce_case(&req.case_id);
    super::get_case::get_case(ctx, &req.case_id).await
}
