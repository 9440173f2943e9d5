//! Delete every closed case whose deletion date has come (see `amldesk_store::retention`).

use super::prelude::*;

pub async fn retention_purge(ctx: &Arc<Ctx>, dry_run: bool) -> Result<PurgeReport> {
    let today = crate::review::today();
    let day = today.clone();
    let purged = ctx
        .store
        .write(move |c| amldesk_store::retention::purge(c, &day, dry_run))
        .await?;
    for p in &purged {
        if !dry_run {
            ctx.announce_case(&p.case_id);
        }
    }
    Ok(PurgeReport {
        dry_run,
        today,
        cases: purged
            .into_iter()
            .map(|p| PurgedCaseView {
                case_id: p.case_id,
                subject_name: p.subject_name,
                relationship_ended: p.relationship_ended,
                delete_after: p.delete_after,
                rows_deleted: p.rows_deleted,
                audit_tombstoned: p.audit_tombstoned,
            })
            .collect(),
    })
}
