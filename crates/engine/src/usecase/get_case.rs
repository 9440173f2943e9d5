use super::prelude::*;

pub async fn get_case(ctx: &Arc<Ctx>, case_id: &str) -> Result<CaseDetail> {
    let id = case_id.to_owned();
    let stale_days = super::get_settings::get_settings(ctx)
        .await
        .map(|s| s.stale_after_days)
        .unwrap_or(90);
    let (record, sess, org, bo, docs, all_results, note_rows, audit_rows) = ctx
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
            ))
        })
        .await?;
    let beneficial = bo
        .as_ref()
        .map(|r| views::result(r, Provider::Beneficial, stale_days));
    let national_registry_access = bo.as_ref().and_then(|r| {
        r.json().ok().and_then(|v| {
            v.get("nationalRegistry")
                .or_else(|| v.pointer("/accessRights/nationalRegistry"))
                .and_then(|x| x.as_str().map(str::to_owned))
        })
    });
    let mut amlyze = Vec::new();
    let mut peer = Vec::new();
    for s in &sess {
        let plan: Option<Plan> = serde_json::from_str(&s.request_json).ok();
        match plan {
            Some(Plan::AmlyzePush { validate_only, .. }) => {
                let mine: Vec<_> = all_results
                    .iter()
                    .filter(|r| r.session_id == s.id)
                    .collect();
                let push = mine.iter().find(|r| r.kind == "amlyze");
                let rows = push
                    .and_then(|r| r.json().ok())
                    .and_then(|v| v.get("results").cloned())
                    .and_then(|v| {
                        serde_json::from_value::<Vec<amldesk_core::model::amlyze::AmlyzeBatchRow>>(
                            v,
                        )
                        .ok()
                    })
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| AmlyzeRowResult {
                        explanation: r.error_code.as_deref().map(amlyze::explain),
                        result_type: r
                            .result_type
                            .map(|t| t.as_str().to_owned())
                            .unwrap_or_default(),
                        communication_number: r.communication_number,
                        customer_ext_id: r.customer_ext_id,
                        error_code: r.error_code,
                        error_description: r.error_description,
                    })
                    .collect();
                let last_events = mine.iter().rev().find(|r| r.kind == "amlyzeEvent");
                let events: Vec<AmlyzeEventView> = last_events
                    .and_then(|r| r.json().ok().map(|v| (r.fetched_at.clone(), v)))
                    .map(|(at, v)| {
                        v.get("events")
                            .and_then(|e| e.as_array())
                            .cloned()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|e| AmlyzeEventView {
                                r#type: e
                                    .get("type")
                                    .and_then(|t| t.as_str())
                                    .unwrap_or("")
                                    .to_owned(),
                                received_at: at.clone(),
                                data: e.get("data").cloned().unwrap_or(serde_json::Value::Null),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let final_risk_level = events.iter().rev().find_map(|e| {
                    e.data
                        .get("finalRiskLevel")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                });
                amlyze.push(AmlyzePushView {
                    session_id: s.id.clone(),
                    validate_only,
                    pushed_at: push
                        .map(|p| p.fetched_at.clone())
                        .unwrap_or_else(|| s.created_at.clone()),
                    rows,
                    events,
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
                    .and_then(|r| r.json().ok());
                let item = answer.as_ref().and_then(|v| {
                    v.get("parametrRequest")
                        .and_then(|a| a.as_array())
                        .and_then(|a| a.first().cloned())
                });
                let details = item
                    .as_ref()
                    .and_then(|i| i.get("requestDetails").and_then(|d| d.as_array()).cloned())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| {
                        let f = |k: &str| match d.get(k) {
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(serde_json::Value::Null) | None => String::new(),
                            Some(other) => other.to_string(),
                        };
                        PeerDetail {
                            peer: f("idPpeers"),
                            group: f("groupData"),
                            field: f("fieldName"),
                            value: f("fieldValue"),
                        }
                    })
                    .collect();
                peer.push(PeerRequestView {
                    session_id: s.id.clone(),
                    type_request,
                    id_document,
                    phone_original,
                    phone,
                    id_request: s.upstream_id.clone(),
                    status: if s.state == StoreState::Done {
                        "Done".into()
                    } else {
                        "Pending".into()
                    },
                    details,
                });
            }
            _ => {}
        }
    }
    Ok(CaseDetail {
        summary: views::summary(record.summary),
        sessions: sess.iter().map(views::session).collect(),
        organization: org
            .as_ref()
            .map(|r| views::result(r, Provider::Organization, stale_days)),
        beneficial,
        national_registry_access,
        documents: docs
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
            .collect(),
        amlyze,
        peer,
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
    })
}
