use super::prelude::*;

pub async fn get_batch(ctx: &Arc<Ctx>, batch_id: &str) -> Result<BatchView> {
    let b = batch_id.to_owned();
    let (info, rows, c) = ctx
        .store
        .read(move |c| {
            Ok((
                batches::get_batch(c, &b)?,
                batches::list_batch_rows(c, &b)?,
                batches::batch_counts(c, &b)?,
            ))
        })
        .await?;
    Ok(BatchView {
        id: info.id,
        file_name: info.file_name,
        created_at: info.created_at,
        counts: views::counts(c),
        rows: rows
            .into_iter()
            .map(|r| BatchRow {
                line: r.line,
                case_id: r.case_id,
                identifier_display: r.identifier_display,
                subject_name: r.subject_name,
                state: views::state(r.state),
                error: r
                    .error_json
                    .as_deref()
                    .and_then(|e| serde_json::from_str(e).ok()),
            })
            .collect(),
        rejected: serde_json::from_str(&info.rejected_json).unwrap_or_default(),
    })
}
