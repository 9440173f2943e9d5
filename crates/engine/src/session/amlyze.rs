//! Amlyze: push the customer, then follow its assessment events.

use super::*;

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
        if self.row.upstream_id.is_none() {
            let customers = vec![customer.clone()];
            let answer = self
                .call(|| providers.amlyze.push(&customers, validate_only))
                .await?;
            let raw = serde_json::to_vec(&answer.raw).unwrap_or_default();
            self.store_result("amlyze", raw, None).await?;
            // O005 ("communication number already used") on this case's own stable number means
            // the customer is already imported (a push re-sent after a crash, or pushed before):
            // follow its assessment instead of failing.
            let accepted = answer.rows().iter().any(|r| {
                r.is_accepted() || (!validate_only && r.error_code.as_deref() == Some("O005"))
            });
            if let Some(en) = self.entities.iter_mut().find(|e| e.entity == "import") {
                en.state = if accepted {
                    EntityState::Downloaded
                } else {
                    EntityState::Failed
                };
            }
            if !accepted {
                let why = answer
                    .rows()
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
        let mut seen = 0usize;
        let started = Instant::now();
        loop {
            let n = communication_number.clone();
            let events = self.call(|| providers.amlyze.events(&n)).await?;
            let list = events.event_list();
            // Done when both halves of the assessment arrived: KYC scoring and sanctions
            // screening (stopping at the first dropped the screening).
            let done = list.iter().any(|e| e.is_kyc_scoring_completed())
                && list.iter().any(|e| e.is_sanctions_screening_completed());
            if list.len() != seen {
                seen = list.len();
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
