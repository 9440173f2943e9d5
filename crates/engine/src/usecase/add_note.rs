use super::prelude::*;

pub async fn add_note(ctx: &Arc<Ctx>, req: NoteRequest) -> Result<CaseDetail> {
    let id = req.case_id.clone();
    let text = req.text.clone();
    ctx.store
        .write(move |c| notes::add_note(c, &id, &text))
        .await?;
    ctx.announce_case(&req.case_id);
    super::get_case::get_case(ctx, &req.case_id).await
}
