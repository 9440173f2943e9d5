//! Decide on a case: approve, reject or escalate with a reason, by a declared reviewer. Approve
//! is refused while any hit is unreviewed (or the screening could not be read). With four-eyes
//! the decision is pending until a second reviewer confirms it. The views as shown and the
//! reader's version are kept with the decision.

use super::prelude::*;
use amldesk_store::review::{self as store_review, NewDecision};

pub async fn set_decision(ctx: &Arc<Ctx>, req: DecisionRequest) -> Result<CaseDetail> {
    if req.note.trim().is_empty() {
        return Err(EngineError::validation(
            "reason",
            "a decision needs a reason (--reason TEXT)",
        ));
    }
    let s = crate::review::load_settings(&ctx.store).await?;
    let reviewer = crate::review::reviewer(req.reviewer.as_deref(), &s)?;
    let mut shown = super::get_case::get_case(ctx, &req.case_id).await?;
    if req.decision == Decision::Approve {
        match shown.hits.availability {
            HitsAvailability::Unreadable => {
                return Err(EngineError::validation(
                    "decision",
                    format!(
                        "approve refused: the screening of case {} could not be read, so its \
                         hits are unknown; run the lookup again, or reject or escalate",
                        req.case_id
                    ),
                ))
            }
            _ if shown.hits.unreviewed > 0 => {
                let n = shown.hits.unreviewed;
                return Err(EngineError::validation(
                    "decision",
                    format!(
                        "approve refused: {n} hit{} of case {} {} not reviewed; review each \
                         hit first (amldesk hits {}), or reject or escalate",
                        if n == 1 { "" } else { "s" },
                        req.case_id,
                        if n == 1 { "is" } else { "are" },
                        req.case_id
                    ),
                ));
            }
            _ => {}
        }
    }
    // The views as shown: everything but the audit log (which records the decision itself).
    shown.audit.clear();
    let snapshot =
        serde_json::to_string(&shown).map_err(|e| EngineError::Internal(e.to_string()))?;
    let new = NewDecision {
        case_id: req.case_id.clone(),
        decision: views::decision_str(req.decision).to_owned(),
        reason: req.note.trim().to_owned(),
        preparer: reviewer,
        four_eyes: shown.four_eyes,
        snapshot_json: snapshot,
        reader_version: amldesk_core::review::READER_VERSION.to_owned(),
    };
    ctx.store
        .write(move |c| store_review::decide(c, &new))
        .await?;
    ctx.announce_case(&req.case_id);
    super::get_case::get_case(ctx, &req.case_id).await
}
