use super::prelude::*;

pub async fn list_cases(ctx: &Arc<Ctx>, q: CaseQuery) -> Result<Vec<CaseSummary>> {
    let filter = CaseFilter {
        text: q.text,
        status: q.status.map(|s| {
            match s {
                CaseStatus::Running => "running",
                CaseStatus::Review => "review",
                CaseStatus::Attention => "attention",
                CaseStatus::Closed => "closed",
            }
            .to_owned()
        }),
        batch_id: None,
        limit: q.limit,
    };
    let rows = ctx
        .store
        .read(move |c| cases::list_cases(c, &filter))
        .await?;
    Ok(rows.into_iter().map(views::summary).collect())
}
