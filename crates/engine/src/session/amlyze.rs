//! Amlyze: push the customer, then follow its assessment events.

use super::*;
use transition::AmlyzeAction;

impl Run {
    pub(super) async fn run_amlyze(&mut self) -> Result<(), Stop> {
        let Plan::AmlyzePush {
            validate_only,
            communication_number,
            customer,
        } = self.plan.clone()
        else {
            return unreachable_plan();
        };
        let providers = self.inner.providers.clone();
        // Events of earlier assessments (an earlier push of this case, or the customer as it
        // stood before an UPDATE) are not this push's: the assessment is followed on new ones.
        let mut baseline = self.earlier_event_ids().await?;
        if self.row.upstream_id.is_none() {
            let mut customer = customer.clone();
            let mut sent = crate::amlyze::action_of(&customer);
            loop {
                if sent == AmlyzeAction::Update && !validate_only {
                    baseline.extend(self.set_aside_current_events(&communication_number).await?);
                }
                let customers = vec![customer.clone()];
                let answer = self
                    .call_as(Call::Import, || {
                        providers.amlyze.push(&customers, validate_only)
                    })
                    .await?;
                let raw = serde_json::to_vec(&answer.raw).unwrap_or_default();
                self.store_result("amlyze", raw, None).await?;
                let rows = answer.rows();
                let row = rows
                    .iter()
                    .find(|r| r.communication_number.as_deref() == Some(&communication_number))
                    .or(rows.first());
                let step = match row {
                    Some(r) => transition::on_import_row(
                        r.is_accepted(),
                        r.error_code.as_deref(),
                        r.communication_number.as_deref(),
                        &communication_number,
                        sent,
                    ),
                    None => transition::ImportStep::Rejected,
                };
                match step {
                    transition::ImportStep::ResendAsUpdate => {
                        // O005 on our own stable number: the customer exists (pushed before, or
                        // a push re-sent after a crash). Update it, never "already imported".
                        tracing::info!(session = %self.row.id, "Amlyze knows the customer: sending it as UPDATE");
                        sent = AmlyzeAction::Update;
                        customer = crate::amlyze::with_action(customer, sent);
                        continue;
                    }
                    transition::ImportStep::Accepted => break,
                    transition::ImportStep::Rejected => {}
                }
                if let Some(en) = self.entities.iter_mut().find(|e| e.entity == "import") {
                    en.state = EntityState::Failed;
                }
                let why = rows
                    .iter()
                    .map(|r| {
                        let code = r.error_code.clone().unwrap_or_default();
                        format!(
                            "{} ({code}: {})",
                            crate::amlyze::explain(&code),
                            r.error_description.clone().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Validation,
                    message: format!("Amlyze rejected the customer: {why}"),
                    field: None,
                    detail: None,
                }));
            }
            if let Some(en) = self.entities.iter_mut().find(|e| e.entity == "import") {
                en.state = EntityState::Downloaded;
            }
            if validate_only {
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            let id = self.row.id.clone();
            let n = communication_number.clone();
            self.row = self
                .inner
                .store
                .write(move |c| {
                    sessions::mark_created(c, &id, &n, None)?;
                    sessions::get_session(c, &id)
                })
                .await?;
            self.save(SessionState::Polling, None).await?;
        }
        let mut interval = FIRST_POLL;
        let mut seen = (0usize, 0usize);
        let started = Instant::now();
        loop {
            let n = communication_number.clone();
            let events = self.call(|| providers.amlyze.events(&n)).await?;
            let list: Vec<_> = crate::amlyze::new_events(events.event_list(), &baseline);
            // Done when both halves of this assessment arrived: KYC scoring and sanctions
            // screening (stopping at the first dropped the screening).
            let done = list.iter().any(|e| e.is_kyc_scoring_completed())
                && list.iter().any(|e| e.is_sanctions_screening_completed());
            let count = (list.len(), events.error_list().len());
            if count != seen {
                seen = count;
                let risk = list
                    .iter()
                    .rev()
                    .find_map(|e| e.final_risk_level())
                    .map(|r| r.as_str().to_owned());
                let raw = serde_json::to_vec(&events.raw).unwrap_or_default();
                self.store_result("amlyzeEvent", raw, risk).await?;
            }
            if done {
                if let Some(en) = self.entities.iter_mut().find(|e| e.entity == "assessment") {
                    en.state = EntityState::Downloaded;
                }
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            if started.elapsed() > FOLLOW_LIMIT {
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Timeout,
                    message: "Amlyze has not finished its assessment in 15 minutes; push again \
                              later to follow it."
                        .into(),
                    field: None,
                    detail: None,
                }));
            }
            self.sleep(interval).await?;
            interval = next_interval(interval);
        }
    }
}

impl Run {
    /// Ids of the events of earlier assessments: every events answer of the case stored before
    /// this session's settling import answer (all of them while it has none).
    async fn earlier_event_ids(&self) -> Result<Vec<String>, Stop> {
        let case_id = self.row.case_id.clone();
        let stored = self
            .inner
            .store
            .read(move |c| results::list_results(c, &case_id, None))
            .await?;
        Ok(crate::amlyze::baseline_event_ids(&stored, &self.row.id))
    }

    /// Before an UPDATE: the events Amlyze lists for the customer now belong to its earlier
    /// assessment. They are stored (before the import answer, so the case view and a resume
    /// set them aside too) and their ids returned.
    async fn set_aside_current_events(&mut self, n: &str) -> Result<Vec<String>, Stop> {
        let providers = self.inner.providers.clone();
        match self.call(|| providers.amlyze.events(n)).await {
            Ok(ev) => {
                let ids = crate::amlyze::event_ids(ev.event_list());
                if !ids.is_empty() {
                    let raw = serde_json::to_vec(&ev.raw).unwrap_or_default();
                    self.store_result("amlyzeEvent", raw, None).await?;
                }
                Ok(ids)
            }
            Err(Stop::Failed(e)) => {
                tracing::debug!(session = %self.row.id, message = %e.message, "no earlier events to set aside");
                Ok(Vec::new())
            }
            Err(e) => Err(e),
        }
    }
}
