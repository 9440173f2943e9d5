//! Recompute the audit log's hash chain and name the first broken entry.

use super::prelude::*;

pub async fn verify_audit(ctx: &Arc<Ctx>) -> Result<AuditVerifyReport> {
    let (checked, total) = ctx
        .store
        .read(|c| {
            let total: i64 = c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
            Ok((audit::verify_chain(c)?, total))
        })
        .await?;
    Ok(match checked {
        Ok(n) => AuditVerifyReport {
            ok: true,
            entries: n,
            first_broken: None,
        },
        Err(e) => AuditVerifyReport {
            ok: false,
            entries: u64::try_from(total).unwrap_or(0),
            first_broken: Some(AuditBreak {
                seq: e.seq,
                reason: e.reason,
            }),
        },
    })
}
