use super::prelude::*;

/// Validates, opens (or reuses) the case, writes the planned session rows and starts them.
pub async fn start_lookup(ctx: &Arc<Ctx>, req: LookupRequest) -> Result<LookupStarted> {
    let id = if req.duns {
        OrgId::duns(req.country, &req.identifier)?
    } else {
        OrgId::parse(req.country, &req.identifier)?
    };
    let expands = check_list("expand", &req.expands, &ORG_EXPANDS)?;
    let reports = check_list("report", &req.reports, &ORG_REPORTS)?;
    let bo_expands = check_list(
        "beneficial owners expand",
        &req.beneficial_expands,
        &BO_EXPANDS,
    )?;
    if req.skip_organization && !req.beneficial {
        return Err(EngineError::validation(
            "lookup",
            "nothing to look up: ask for the organization, the beneficial owners, or both",
        ));
    }
    let case_id = super::start_lookup::case_for(
        ctx,
        req.case_id.clone(),
        Subject::Organization {
            id: id.clone(),
            name: None,
        },
    )
    .await?;
    let mut plans = Vec::new();
    if !req.skip_organization {
        plans.push(Plan::Organization {
            country: id.country,
            identifier: id.value.clone(),
            expands,
            reports,
        });
    }
    if req.beneficial {
        plans.push(Plan::Beneficial {
            identifier: id.value.clone(),
            expands: bo_expands,
            country: Some(id.country),
        });
    }
    let mut session_ids = Vec::new();
    for p in plans {
        let row = scheduler::plan_session(ctx, &case_id, &p, None).await?;
        session_ids.push(row.id.clone());
        ctx.announce_session(&row).await;
        scheduler::spawn(ctx, row, None);
    }
    Ok(LookupStarted {
        case_id,
        session_ids,
    })
}

pub(crate) async fn case_for(
    ctx: &Arc<Ctx>,
    case_id: Option<String>,
    subject: Subject,
) -> Result<String> {
    let env = ctx.env_str();
    match case_id {
        Some(id) => {
            let cid = id.clone();
            let record = ctx.store.read(move |c| cases::get_case(c, &cid)).await?;
            // Environments are kept apart (a profile from before one file per environment may
            // still hold cases of several).
            if record.summary.environment != env {
                return Err(EngineError::validation(
                    "case",
                    format!(
                        "case {id} belongs to the {} environment, not the {env} one: \
                         environments are kept apart; run it with --env {}",
                        record.summary.environment, record.summary.environment
                    ),
                ));
            }
            Ok(id)
        }
        None => {
            let id = ctx
                .store
                .write(move |c| cases::create_case(c, &subject, env))
                .await?;
            ctx.announce_case(&id);
            Ok(id)
        }
    }
}
