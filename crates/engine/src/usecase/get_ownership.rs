use super::prelude::*;
use amldesk_core::model::bo::BoResult;
use amldesk_core::model::org::OrgResult;
use amldesk_core::ownership::GraphView;
use amldesk_store::results::ResultRow;

/// The ownership graph of a case, built from the cached organization results of the cases of
/// the same environment (never another environment's: the sandbox serves real organization
/// numbers with invented owners) and the case's beneficial-owners answer.
pub async fn get_ownership(ctx: &Arc<Ctx>, case_id: &str) -> Result<GraphView> {
    computed(ctx, case_id).await?.graph
}

/// The graph with the answers it was computed from (the register-discrepancy notice names them
/// as evidence).
pub(crate) struct Computed {
    pub graph: Result<GraphView>,
    /// The case's latest organization answer, read (or why not).
    pub subject_org: Option<(ResultRow, std::result::Result<OrgResult, String>)>,
    /// The case's latest beneficial-owners answer, read (or why not).
    pub bo: Option<(ResultRow, std::result::Result<BoResult, String>)>,
    /// Other cases' organization answers that read (intermediate owners, subsidiaries).
    pub related: Vec<(ResultRow, OrgResult)>,
}

pub(crate) async fn computed(ctx: &Arc<Ctx>, case_id: &str) -> Result<Computed> {
    let id = case_id.to_owned();
    let (record, own, bo, others) = ctx
        .store
        .read(move |c| {
            let record = cases::get_case(c, &id)?;
            let own = results::latest_result(c, &id, "organization")?;
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
    let read_org = |r: &ResultRow| {
        r.json()
            .map_err(|e| e.to_string())
            .and_then(|v| OrgResult::from_json(&v).map_err(|e| e.to_string()))
    };
    let subject_org = own.map(|r| {
        let parsed = read_org(&r);
        (r, parsed)
    });
    let bo = bo.map(|r| {
        let parsed = r
            .json()
            .map_err(|e| e.to_string())
            .and_then(|v| BoResult::from_json(&v).map_err(|e| e.to_string()));
        (r, parsed)
    });
    let related: Vec<(ResultRow, OrgResult)> = others
        .into_iter()
        .filter_map(|r| read_org(&r).ok().map(|o| (r, o)))
        .collect();
    let graph = match &subject_org {
        Some((_, Err(e))) => Err(EngineError::Internal(e.clone())),
        _ => {
            let mut refs: Vec<&OrgResult> = Vec::new();
            if let Some((_, Ok(o))) = &subject_org {
                refs.push(o);
            }
            refs.extend(related.iter().map(|(_, o)| o));
            let b = bo.as_ref().and_then(|(_, b)| b.as_ref().ok());
            Ok(amldesk_core::ownership::OwnershipGraph::from_results(&key, &refs, b).view())
        }
    };
    Ok(Computed {
        graph,
        subject_org,
        bo,
        related,
    })
}
