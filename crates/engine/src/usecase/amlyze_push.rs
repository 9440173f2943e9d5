use super::prelude::*;

/// Pushes the case's organization to Amlyze (validate only, or import and follow the
/// assessment in the background). Returns the push's rows as soon as the import answered.
pub async fn amlyze_push(ctx: &Arc<Ctx>, req: AmlyzePushRequest) -> Result<AmlyzePushView> {
    let cid = req.case_id.clone();
    let (record, org, earlier) = ctx
        .store
        .read(move |c| {
            Ok((
                cases::get_case(c, &cid)?,
                results::latest_result(c, &cid, "organization")?,
                sessions::list_sessions(c, &cid)?,
            ))
        })
        .await?;
    // Pushed and imported before (an earlier push of this case was accepted: its session holds
    // the communication number): the customer exists, so this push is an UPDATE.
    let imported_before = earlier.iter().any(|s| {
        s.upstream_id.is_some()
            && matches!(
                serde_json::from_str::<Plan>(&s.request_json),
                Ok(Plan::AmlyzePush {
                    validate_only: false,
                    ..
                })
            )
    });
    let Subject::Organization { id, .. } = &record.subject else {
        return Err(EngineError::validation(
            "case",
            "only organization cases can be pushed to Amlyze",
        ));
    };
    let Some(org) = org else {
        return Err(EngineError::validation(
            "case",
            "the case has no organization data yet: run an organization lookup first",
        ));
    };
    let data = org.json()?;
    let org = amldesk_core::model::OrgResult::from_json(&data).map_err(|e| {
        EngineError::validation("organization answer", format!("{e} Run the lookup again."))
    })?;
    let customer = amlyze::organization_customer(
        &req.case_id,
        id.country.code(),
        &id.value,
        &org,
        crate::session::transition::first_amlyze_action(imported_before),
        &amlyze::requester(),
    )?;
    let plan = Plan::AmlyzePush {
        validate_only: req.validate_only,
        communication_number: amlyze::communication_number(&req.case_id),
        customer,
    };
    let row = scheduler::plan_session(ctx, &req.case_id, &plan, None).await?;
    let sid = row.id.clone();
    ctx.announce_session(&row).await;
    let mut rx = ctx.events.subscribe();
    scheduler::spawn(ctx, row, None);
    // Wait for the import answer (the session leaves `planned`), then show it.
    loop {
        let s = sid.clone();
        let r = ctx
            .store
            .read(move |c| sessions::get_session(c, &s))
            .await?;
        if r.state != StoreState::Planned {
            break;
        }
        match tokio::time::timeout(std::time::Duration::from_secs(120), rx.recv()).await {
            Ok(Ok(_)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
            _ => break,
        }
    }
    let detail = super::get_case::get_case(ctx, &req.case_id).await?;
    detail
        .amlyze
        .into_iter()
        .find(|a| a.session_id == sid)
        .ok_or_else(|| EngineError::Internal("the push left no trace".into()))
}
