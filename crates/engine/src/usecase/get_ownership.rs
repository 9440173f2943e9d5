use super::prelude::*;

/// The ownership graph of a case, built from the cached organization results of the cases of
/// the same environment (never another environment's: the sandbox serves real organization
/// numbers with invented owners) and the case's beneficial-owners answer.
pub async fn get_ownership(
    ctx: &Arc<Ctx>,
    case_id: &str,
) -> Result<amldesk_core::ownership::GraphView> {
    use amldesk_core::model::bo::BoResult;
    use amldesk_core::model::org::OrgResult;
    let id = case_id.to_owned();
    let (record, own, bo, others) = ctx
        .store
        .read(move |c| {
            let record = cases::get_case(c, &id)?;
            let own = results::list_results(c, &id, Some("organization"))?;
            let bo = results::latest_result(c, &id, "beneficial")?;
            // Related organizations cached in other cases of the same environment (intermediate
            // owners, subsidiaries).
            let mut others = Vec::new();
            for s in cases::list_cases(
                c,
                &CaseFilter {
                    limit: Some(2000),
                    ..CaseFilter::default()
                },
            )? {
                if s.id != id
                    && s.subject_type == "organization"
                    && s.environment == record.summary.environment
                {
                    if let Some(r) = results::latest_result(c, &s.id, "organization")? {
                        others.push(r);
                    }
                }
            }
            Ok((record, own, bo, others))
        })
        .await?;
    let key = match &record.subject {
        Subject::Organization { id, .. } => id.value.clone(),
        Subject::Person { .. } => {
            return Err(EngineError::validation(
                "case",
                "ownership graphs are drawn for organizations",
            ))
        }
    };
    let mut parsed: Vec<OrgResult> = Vec::new();
    if let Some(last) = own.last() {
        parsed.push(
            OrgResult::from_json(&last.json()?)
                .map_err(|e| EngineError::Internal(e.to_string()))?,
        );
    }
    for r in &others {
        if let Ok(v) = r.json() {
            if let Ok(o) = OrgResult::from_json(&v) {
                parsed.push(o);
            }
        }
    }
    let bo = match bo {
        Some(r) => BoResult::from_json(&r.json()?).ok(),
        None => None,
    };
    let refs: Vec<&OrgResult> = parsed.iter().collect();
    Ok(amldesk_core::ownership::OwnershipGraph::from_results(&key, &refs, bo.as_ref()).view())
}
