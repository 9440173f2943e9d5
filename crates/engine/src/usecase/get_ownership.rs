use super::prelude::*;
use amldesk_core::model::bo::BoResult;
use amldesk_core::model::org::OrgResult;
use amldesk_core::ownership::{company_id, GraphView};
use amldesk_store::results::ResultRow;

/// The ownership graph of a case, built from the cached organization results of the cases of
/// the same environment (never another environment's: the sandbox serves real organization
/// numbers with invented owners) and the case's beneficial-owners answer.
pub async fn get_ownership(ctx: &Arc<Ctx>, case_id: &str) -> Result<GraphView> {
    computed(ctx, case_id, Related::All).await?.graph
}

/// Which other cases' answers the graph takes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Related {
    /// Every organization case of the environment (the window's graph: owners and subsidiaries).
    All,
    /// Only the owners above the subject, found by following shareholders' organization numbers
    /// from the subject's answers: what the beneficial owners depend on, read in time
    /// proportional to the chain rather than to the number of cases (the case view).
    Owners,
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

pub(crate) async fn computed(ctx: &Arc<Ctx>, case_id: &str, related: Related) -> Result<Computed> {
    let id = case_id.to_owned();
    let (record, own, bo, others) = ctx
        .store
        .read(move |c| {
            let record = cases::get_case(c, &id)?;
            let own = results::latest_result(c, &id, "organization")?;
            let bo = results::latest_result(c, &id, "beneficial")?;
            // Related organizations cached in other cases of the same environment (intermediate
            // owners, subsidiaries).
            let candidates: Vec<_> = cases::list_cases(
                c,
                &CaseFilter {
                    limit: Some(2000),
                    ..CaseFilter::default()
                },
            )?
            .into_iter()
            .filter(|s| {
                s.id != id
                    && s.subject_type == "organization"
                    && s.environment == record.summary.environment
            })
            .collect();
            let mut others = Vec::new();
            match related {
                Related::All => {
                    for s in &candidates {
                        if let Some(r) = results::latest_result(c, &s.id, "organization")? {
                            others.push(r);
                        }
                    }
                }
                Related::Owners => {
                    let by_number: HashMap<String, &str> = candidates
                        .iter()
                        .map(|s| (company_id(&s.identifier), s.id.as_str()))
                        .collect();
                    let mut queue = owner_numbers(own.as_ref(), bo.as_ref());
                    let mut seen = std::collections::HashSet::new();
                    while let Some(n) = queue.pop() {
                        let Some(&case) = by_number.get(&company_id(&n)) else {
                            continue;
                        };
                        if !seen.insert(case) {
                            continue;
                        }
                        if let Some(r) = results::latest_result(c, case, "organization")? {
                            queue.extend(owner_numbers(Some(&r), None));
                            others.push(r);
                        }
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

/// The organization numbers of the corporate owners an organization answer (and a
/// beneficial-owners answer: its shareholders and ownership map) names.
fn owner_numbers(org: Option<&ResultRow>, bo: Option<&ResultRow>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(o) = org
        .and_then(|r| r.json().ok())
        .and_then(|v| OrgResult::from_json(&v).ok())
    {
        out.extend(o.shareholders().iter().filter_map(|s| s.org_number.clone()));
    }
    if let Some(b) = bo
        .and_then(|r| r.json().ok())
        .and_then(|v| BoResult::from_json(&v).ok())
    {
        out.extend(b.shareholders().iter().filter_map(|s| s.org_number.clone()));
        if let Some(m) = b.map() {
            out.extend(
                m.nodes
                    .iter()
                    .filter_map(|n| n.organization_number.clone().or_else(|| n.id.clone())),
            );
        }
    }
    out
}
