use super::prelude::*;
use amldesk_core::model::amlyze::{AmlyzeBatchAnswer, AmlyzeBatchRow, CommunicationsEvents};
use amldesk_core::model::bo::BoResult;
use amldesk_core::model::peer::PeerRespondAnswer;

pub async fn get_case(ctx: &Arc<Ctx>, case_id: &str) -> Result<CaseDetail> {
    let id = case_id.to_owned();
    let stale_days = super::get_settings::get_settings(ctx)
        .await
        .map(|s| s.stale_after_days)
        .unwrap_or(90);
    let review_settings = crate::review::load_settings(&ctx.store).await?;
    let (record, sess, org, bo, docs, all_results, note_rows, audit_rows, reviewing) = ctx
        .store
        .read(move |c| {
            Ok((
                cases::get_case(c, &id)?,
                sessions::list_sessions(c, &id)?,
                results::latest_result(c, &id, "organization")?,
                results::latest_result(c, &id, "beneficial")?,
                documents::list_documents(c, &id)?,
                results::list_results(c, &id, None)?,
                notes::list_notes(c, &id)?,
                audit::list(c, Some(&id))?,
                (
                    amldesk_store::review::list_hit_reviews(c, &id)?,
                    amldesk_store::review::current_decision(c, &id)?,
                    amldesk_store::retention::get_retention(c, &id)?,
                ),
            ))
        })
        .await?;
    let (hit_reviews, current_decision, retention) = reviewing;
    let screening = crate::review::screening(org.as_ref(), &hit_reviews);
    let four_eyes = crate::review::four_eyes_applies(&review_settings, &screening.view);
    let changes = crate::review::changes_view(&all_results);
    let beneficial = bo
        .as_ref()
        .map(|r| views::result(r, Provider::Beneficial, stale_days));
    let national_registry_access = bo
        .as_ref()
        .and_then(|r| r.json().ok())
        .and_then(|v| BoResult::from_json(&v).ok())
        .and_then(|b| b.registry_access().map(|a| a.as_str().to_owned()));
    let mut amlyze = Vec::new();
    let mut peer = Vec::new();
    for s in &sess {
        let plan: Option<Plan> = serde_json::from_str(&s.request_json).ok();
        match plan {
            Some(Plan::AmlyzePush {
                validate_only,
                customer,
                ..
            }) => {
                let mine: Vec<_> = all_results
                    .iter()
                    .filter(|r| r.session_id == s.id)
                    .collect();
                // The import answer that settled the push: a CREATE answered O005 is followed
                // by its UPDATE's answer.
                let pushes: Vec<_> = mine.iter().filter(|r| r.kind == "amlyze").collect();
                let push = pushes.last();
                let action = if pushes.len() > 1 {
                    Some("UPDATE".to_owned())
                } else {
                    Some(amlyze::action_of(&customer).as_str().to_owned())
                };
                // Events stored before this push's settling import answer belong to earlier
                // assessments (an earlier push, or the customer as it stood before an UPDATE).
                let baseline = amlyze::baseline_event_ids(&all_results, &s.id);
                let answer = push
                    .and_then(|r| r.json().ok())
                    .and_then(|v| AmlyzeBatchAnswer::from_json(&v).ok());
                let rows = answer
                    .as_ref()
                    .map(|a| a.rows().iter().map(amlyze_row).collect())
                    .unwrap_or_default();
                let last_events = mine.iter().rev().find(|r| r.kind == "amlyzeEvent");
                let typed = last_events.and_then(|r| {
                    let v = r.json().ok()?;
                    Some((
                        r.fetched_at.clone(),
                        CommunicationsEvents::from_json(&v).ok()?,
                    ))
                });
                let events: Vec<AmlyzeEventView> = typed
                    .as_ref()
                    .map(|(at, ev)| {
                        amlyze::new_events(ev.event_list(), &baseline)
                            .into_iter()
                            .map(|e| AmlyzeEventView {
                                r#type: e
                                    .event_type
                                    .as_ref()
                                    .map(|t| t.as_str().to_owned())
                                    .unwrap_or_default(),
                                received_at: at.clone(),
                                data: e.data.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let errors = typed
                    .as_ref()
                    .map(|(_, ev)| {
                        ev.error_list()
                            .iter()
                            .map(|e| AmlyzeEventErrorView {
                                code: e.code.clone(),
                                description: e.description.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let final_risk_level = typed.as_ref().and_then(|(_, ev)| {
                    let fresh = amlyze::new_events(ev.event_list(), &baseline);
                    fresh.into_iter().rev().find_map(|e| {
                        e.kyc_scoring()
                            .and_then(|k| k.final_risk_level)
                            .map(|r| r.as_str().to_owned())
                    })
                });
                amlyze.push(AmlyzePushView {
                    session_id: s.id.clone(),
                    validate_only,
                    pushed_at: push
                        .map(|p| p.fetched_at.clone())
                        .unwrap_or_else(|| s.created_at.clone()),
                    rows,
                    events,
                    errors,
                    action,
                    final_risk_level,
                });
            }
            Some(Plan::Peer {
                type_request,
                id_document,
                phone,
                phone_original,
            }) => {
                let answer = all_results
                    .iter()
                    .rev()
                    .find(|r| r.session_id == s.id && r.kind == "peer")
                    .and_then(|r| r.json().ok())
                    .and_then(|v| PeerRespondAnswer::from_json(&v).ok());
                // Only the rows of this session's own request: another idRequest is another
                // person's answer.
                let item = answer.as_ref().and_then(|a| {
                    a.items()
                        .iter()
                        .find(|i| i.id_request.is_some() && i.id_request == s.upstream_id)
                        .cloned()
                });
                let details = item
                    .map(|i| {
                        i.request_details
                            .iter()
                            .map(|d| PeerDetail {
                                peer: d.id_peers.clone().unwrap_or_default(),
                                group: d
                                    .group_data
                                    .as_ref()
                                    .map(|g| g.as_str().to_owned())
                                    .unwrap_or_default(),
                                field: d.field_name.clone().unwrap_or_default(),
                                value: d.field_value.clone().unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                peer.push(PeerRequestView {
                    session_id: s.id.clone(),
                    type_request,
                    id_document,
                    phone_original,
                    phone,
                    id_request: s.upstream_id.clone(),
                    // Terminal states as they are: a failed or cancelled request is never
                    // "Pending".
                    status: match s.state {
                        StoreState::Done => "Done",
                        StoreState::Failed => "Failed",
                        StoreState::Cancelled => "Cancelled",
                        StoreState::Expired => "Expired",
                        _ => "Pending",
                    }
                    .into(),
                    details,
                });
            }
            _ => {}
        }
    }
    let summary = views::summary(record.summary);
    let documents: Vec<DocumentView> = docs
        .into_iter()
        .map(|d| DocumentView {
            title: d.title,
            kind: d.kind,
            media_type: d.media_type,
            bytes: d.size,
            fetched_at: d.fetched_at,
            source: plan::provider_from_str(&d.source),
            session_id: d.session_id.unwrap_or_default(),
            upstream_expires_at: d.upstream_expires_at,
            sha256: d.sha256,
        })
        .collect();
    let discrepancy = match record.subject {
        Subject::Organization { .. } => {
            use super::get_ownership::{computed, Related};
            let computed = computed(ctx, case_id, Related::Owners).await?;
            crate::review::discrepancy(&summary, &computed, &documents)
        }
        Subject::Person { .. } => DiscrepancyView::not_applicable(),
    };
    let warnings = audit_rows
        .iter()
        .filter(|a| a.action == amldesk_store::sessions::WARNING_ACTION)
        .filter_map(|a| serde_json::from_str::<CaseWarning>(&a.detail_json).ok())
        .collect();
    Ok(CaseDetail {
        summary,
        sessions: sess.iter().map(views::session).collect(),
        organization: org
            .as_ref()
            .map(|r| views::result(r, Provider::Organization, stale_days)),
        beneficial,
        national_registry_access,
        documents,
        amlyze,
        peer,
        warnings,
        notes: note_rows
            .into_iter()
            .map(|n| NoteView {
                id: n.id,
                text: n.text,
                created_at: n.created_at,
                decision: n.decision.as_deref().and_then(views::decision),
            })
            .collect(),
        audit: audit_rows
            .into_iter()
            .map(|a| AuditEntry {
                seq: a.seq,
                at: a.at,
                action: a.action,
                detail: a.detail_json,
                hash: a.hash,
            })
            .collect(),
        hits: screening.view,
        decision: current_decision
            .as_ref()
            .and_then(crate::review::decision_view),
        changes,
        four_eyes,
        retention: RetentionView {
            relationship_ended: retention.relationship_ended,
            closed_at: retention.closed_at,
            delete_after: retention.delete_after,
        },
        discrepancy,
    })
}

fn amlyze_row(r: &AmlyzeBatchRow) -> AmlyzeRowResult {
    AmlyzeRowResult {
        explanation: r.error_code.as_deref().map(amlyze::explain),
        result_type: r
            .result_type
            .as_ref()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        communication_number: r.communication_number.clone(),
        customer_ext_id: r.customer_ext_id.clone(),
        error_code: r.error_code.clone(),
        error_description: r.error_description.clone(),
    }
}
