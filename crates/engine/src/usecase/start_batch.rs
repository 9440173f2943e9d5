use super::prelude::*;

pub async fn start_batch(ctx: &Arc<Ctx>, req: BatchRequest) -> Result<BatchStarted> {
    let (rows, rejected) = batch::parse_csv(&req.csv);
    let expands = check_list("expand", &req.expands, &ORG_EXPANDS)?;
    let reports = check_list("report", &req.reports, &ORG_REPORTS)?;
    if rows.is_empty() {
        return Err(EngineError::validation(
            "file",
            format!(
                "the file has no usable row ({} rejected); each row needs country,identifier",
                rejected.len()
            ),
        ));
    }
    let concurrency = req
        .concurrency
        .unwrap_or(DEFAULT_BATCH_CONCURRENCY)
        .clamp(1, 64);
    let env = ctx.env_str();
    let rejected_json = serde_json::to_string(&rejected).unwrap_or_else(|_| "[]".into());
    let file_name = req.file_name.clone();
    let new_rows: Vec<batches::NewBatchRow> = rows
        .iter()
        .map(|r| batches::NewBatchRow {
            line: r.line,
            subject: Subject::Organization {
                id: r.id.clone(),
                name: r.name.clone(),
            },
        })
        .collect();
    let plans: Vec<String> = rows
        .iter()
        .map(|r| {
            serde_json::to_string(&Plan::Organization {
                country: r.id.country,
                identifier: r.id.value.clone(),
                expands: expands.clone(),
                reports: reports.clone(),
            })
            .unwrap_or_default()
        })
        .collect();
    let entities: Vec<String> = rows
        .iter()
        .map(|_| {
            serde_json::to_string(
                &Plan::Organization {
                    country: Country::No,
                    identifier: String::new(),
                    expands: vec![],
                    reports: reports.clone(),
                }
                .initial_entities(),
            )
            .unwrap_or_else(|_| "[]".into())
        })
        .collect();
    // The batch, its cases and every planned session are one transaction: either the whole
    // batch exists (and resumes after a crash) or none of it does.
    let (batch_id, session_rows) = ctx
        .store
        .write(move |c| {
            atomic(c, |c| {
                let (batch_id, case_ids) =
                    batches::create_batch(c, file_name.as_deref(), env, &new_rows, &rejected_json)?;
                let mut out = Vec::with_capacity(case_ids.len());
                for ((case_id, plan), ents) in case_ids.iter().zip(&plans).zip(&entities) {
                    let reference = format!("amldesk-{}", uuid::Uuid::new_v4());
                    let id = sessions::insert_planned(
                        c,
                        &NewSession {
                            case_id,
                            provider: "organization",
                            kind: "organization",
                            request_json: plan,
                            client_reference: &reference,
                            batch_id: Some(&batch_id),
                        },
                    )?;
                    sessions::update_state(
                        c,
                        &id,
                        &StateUpdate {
                            entities_json: Some(ents),
                            ..StateUpdate::new(StoreState::Planned)
                        },
                    )?;
                    out.push(sessions::get_session(c, &id)?);
                }
                Ok((batch_id, out))
            })
        })
        .await?;
    let gate = Arc::new(Semaphore::new(concurrency as usize));
    let accepted = session_rows.len() as u32;
    for row in session_rows {
        scheduler::spawn(ctx, row, Some(gate.clone()));
    }
    Ok(BatchStarted {
        batch_id,
        accepted,
        rejected,
    })
}
