//! Review one screening hit: a disposition with a reason code, a note, the reviewer, and the
//! list's name and date as screened. It holds while the listing and the match are unchanged.

use super::prelude::*;
use amldesk_store::review::{self as store_review, NewHitReview};

pub async fn review_hit(ctx: &Arc<Ctx>, req: HitReviewRequest) -> Result<CaseDetail> {
    let s = crate::review::load_settings(&ctx.store).await?;
    let reviewer = crate::review::reviewer(req.reviewer.as_deref(), &s)?;
    let id = req.case_id.clone();
    let (org, reviews) = ctx
        .store
        .read(move |c| {
            cases::get_case(c, &id)?;
            Ok((
                results::latest_result(c, &id, "organization")?,
                store_review::list_hit_reviews(c, &id)?,
            ))
        })
        .await?;
    let screening = crate::review::screening(org.as_ref(), &reviews);
    if screening.view.availability == HitsAvailability::Unreadable {
        return Err(EngineError::validation(
            "hit",
            format!(
                "the screening of case {} could not be read ({}): its hits cannot be reviewed; \
                 run the lookup again",
                req.case_id,
                screening
                    .view
                    .unreadable_reason
                    .as_deref()
                    .unwrap_or("unreadable")
            ),
        ));
    }
    let Some(hit) = screening.hits.iter().find(|h| h.id == req.hit_id) else {
        let known: Vec<&str> = screening.hits.iter().map(|h| h.id.as_str()).collect();
        return Err(EngineError::validation(
            "hit",
            if known.is_empty() {
                format!("case {} has no screening hits to review", req.case_id)
            } else {
                format!(
                    "\"{}\" is not a hit of case {}: its hits are {}",
                    req.hit_id,
                    req.case_id,
                    known.join(", ")
                )
            },
        ));
    };
    if req.reason_code == ReasonCode::Other
        && req.note.as_deref().is_none_or(|n| n.trim().is_empty())
    {
        return Err(EngineError::validation(
            "note",
            "the reason code other needs a note saying why",
        ));
    }
    let new = NewHitReview {
        case_id: req.case_id.clone(),
        hit_id: hit.id.clone(),
        fingerprint: hit.fingerprint.clone(),
        disposition: req.disposition.as_str().to_owned(),
        reason_code: req.reason_code.as_str().to_owned(),
        note: req.note.clone().unwrap_or_default(),
        reviewer,
        list_name: hit.list.clone(),
        list_date: hit.list_date.clone(),
        hit_name: hit.hit.name.clone(),
        result_sha256: org.as_ref().map(|r| r.sha256.clone()),
    };
    ctx.store
        .write(move |c| store_review::add_hit_review(c, &new))
        .await?;
    ctx.announce_case(&req.case_id);
    super::get_case::get_case(ctx, &req.case_id).await
}
