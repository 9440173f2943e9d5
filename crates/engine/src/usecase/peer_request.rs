use super::prelude::*;

pub async fn peer_request(ctx: &Arc<Ctx>, req: PeerRequest) -> Result<LookupStarted> {
    if !amldesk_providers::peer::REQUEST_TYPES.contains(&req.type_request.as_str()) {
        return Err(EngineError::validation(
            "type",
            format!(
                "\"{}\" is not a request type; use one of: {}",
                req.type_request,
                amldesk_providers::peer::REQUEST_TYPES.join(", ")
            ),
        ));
    }
    let doc = req.id_document.trim().to_owned();
    if doc.is_empty() {
        return Err(EngineError::validation(
            "ID document",
            "the ID document number is empty",
        ));
    }
    let phone = parse_ua_phone(&req.phone)?;
    let case_id = super::start_lookup::case_for(
        ctx,
        req.case_id.clone(),
        Subject::Person {
            id_document: Some(doc.clone()),
            phone_original: Some(req.phone.clone()),
            phone_e164: Some(phone.clone()),
            name: None,
        },
    )
    .await?;
    let plan = Plan::Peer {
        type_request: req.type_request.clone(),
        id_document: doc,
        phone,
        phone_original: req.phone.clone(),
    };
    let row = scheduler::plan_session(ctx, &case_id, &plan, None).await?;
    let id = row.id.clone();
    ctx.announce_session(&row).await;
    scheduler::spawn(ctx, row, None);
    Ok(LookupStarted {
        case_id,
        session_ids: vec![id],
    })
}
