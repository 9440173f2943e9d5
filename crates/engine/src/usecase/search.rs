use super::prelude::*;

pub async fn search(ctx: &Arc<Ctx>, text: &str) -> Result<Vec<SearchHit>> {
    let t = text.to_owned();
    let hits = ctx.store.read(move |c| search::search(c, &t, 100)).await?;
    Ok(hits
        .into_iter()
        .map(|h| SearchHit {
            case_id: h.case_id,
            subject_name: h.subject_name,
            identifier_display: h.identifier_display,
            field: h.field,
            snippet: h.snippet,
        })
        .collect())
}
