//! BankID Organization and Beneficial owners sessions: create, poll the status, download each
//! entity the moment it is ready.

use super::*;

impl Run {
    async fn create_bankid(&mut self) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let reference = self.row.client_reference.clone();
        let webhook = self.inner.webhook();
        let created = match self.plan.clone() {
            Plan::Organization {
                country,
                identifier,
                expands,
                reports,
            } => {
                let req = CreateOrgSession {
                    identifier,
                    nationality: country.code().to_owned(),
                    expands,
                    reports: reports
                        .iter()
                        .map(|r| {
                            if r == "aml" {
                                OrgReport::Aml
                            } else {
                                OrgReport::CertificateOfRegistration
                            }
                        })
                        .collect(),
                    webhook,
                    client_reference: Some(reference),
                };
                self.call(|| providers.org.create_session(country, &req))
                    .await?
            }
            Plan::Beneficial {
                identifier,
                expands,
                country,
            } => {
                let req = CreateBoSession {
                    identifier,
                    expands,
                    nationality: country.map(|c| c.code().to_owned()),
                    webhook,
                    client_reference: Some(reference),
                };
                self.call(|| providers.bo.create_session(&req)).await?
            }
            _ => unreachable_plan()?,
        };
        if created.reused {
            tracing::info!(session = %self.row.id, "reconciled with the session created before a restart");
        }
        let id = self.row.id.clone();
        let upstream = created.session_id.clone();
        let row = self
            .inner
            .store
            .write(move |c| {
                sessions::mark_created(c, &id, &upstream, None)?;
                sessions::get_session(c, &id)
            })
            .await?;
        self.row = row;
        self.inner.announce_session(&self.row).await;
        Ok(())
    }

    pub(super) async fn run_bankid(&mut self) -> Result<(), Stop> {
        if self.row.upstream_id.is_none() {
            self.create_bankid().await?;
        }
        let upstream =
            self.row.upstream_id.clone().ok_or_else(|| {
                Stop::Failed(EngineError::Internal("no upstream id".into()).to_dto())
            })?;
        let providers = self.inner.providers.clone();
        let is_org = matches!(self.plan, Plan::Organization { .. });
        let mut interval = FIRST_POLL;
        if self.row.state == SessionState::Created {
            self.save(SessionState::Polling, None).await?;
        }
        loop {
            self.check_expiry()?;
            let status = if is_org {
                self.call(|| providers.org.status(&upstream)).await?
            } else {
                self.call(|| providers.bo.status(&upstream)).await?
            };
            let mut changed = false;
            let expires_at = status
                .expires_at()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
            if let Some(exp) = expires_at {
                let exp = exp
                    .with_timezone(&Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                if self.row.expires_at.as_deref() != Some(exp.as_str()) {
                    let id = self.row.id.clone();
                    let up = upstream.clone();
                    self.row = self
                        .inner
                        .store
                        .write(move |c| {
                            sessions::mark_created(c, &id, &up, Some(&exp))?;
                            sessions::get_session(c, &id)
                        })
                        .await?;
                    // mark_created resets the state to `created`; restore polling below.
                    changed = true;
                }
            }
            let step = transition::apply_status(
                &self.entities,
                |name| status.entity(name).cloned(),
                self.elapsed_ms(),
            );
            self.entities = step.entities;
            changed |= step.changed;
            let (ready, failed) = (step.ready, step.failed);
            if !failed.is_empty() || status.state() == Some(&UpState::Failed) {
                let what = if failed.is_empty() {
                    "the session".to_owned()
                } else {
                    failed.join(", ")
                };
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Upstream,
                    message: format!(
                        "The provider could not produce {what} and cancelled the session. Run \
                         the lookup again; if it keeps failing, contact the provider."
                    ),
                    field: None,
                    detail: None,
                }));
            }
            if changed || (!ready.is_empty() && self.row.state != SessionState::Ready) {
                let st = if ready.is_empty() {
                    SessionState::Polling
                } else {
                    SessionState::Ready
                };
                self.save(st, None).await?;
            }
            let downloaded_any = !ready.is_empty();
            for entity in ready {
                self.download(&upstream, &entity, is_org).await?;
            }
            if self
                .entities
                .iter()
                .all(|e| e.state == EntityState::Downloaded)
            {
                self.save(SessionState::Downloaded, None).await?;
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            if downloaded_any {
                interval = transition::next_poll(interval, true);
            }
            self.sleep(interval).await?;
            interval = transition::next_poll(interval, false);
        }
    }

    async fn download(&mut self, upstream: &str, entity: &str, is_org: bool) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let up = upstream.to_owned();
        let fetched: Fetched = if entity == "jsonData" {
            if is_org {
                self.call(|| providers.org.json(&up)).await?
            } else {
                self.call(|| providers.bo.json(&up)).await?
            }
        } else if is_org {
            let report = if entity.starts_with("aml") {
                OrgReport::Aml
            } else {
                OrgReport::CertificateOfRegistration
            };
            self.call(|| providers.org.report(&up, report)).await?
        } else {
            self.call(|| providers.bo.report(&up)).await?
        };
        let elapsed = self.elapsed_ms();
        let Some(idx) = self.entities.iter().position(|e| e.entity == entity) else {
            return Ok(());
        };
        {
            let en = &mut self.entities[idx];
            en.state = EntityState::Downloaded;
            en.elapsed_ms = elapsed;
            en.bytes = Some(fetched.bytes.len() as u64);
            en.sha256 = Some(fetched.sha256.clone());
        }
        let entities_json = serde_json::to_string(&self.entities).unwrap_or_else(|_| "[]".into());
        let id = self.row.id.clone();
        let case_id = self.row.case_id.clone();
        let env = self.inner.env_str().to_owned();
        let fetched_at = fetched
            .fetched_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let expires = self.row.expires_at.clone();
        let label = self.entities[idx].label.clone();
        let bytes = fetched.bytes.to_vec();
        let is_json = entity == "jsonData";
        let (requested, result_kind, source) = match &self.plan {
            Plan::Organization { expands, .. } => (expands.clone(), "organization", "organization"),
            Plan::Beneficial { expands, .. } => (expands.clone(), "beneficial", "beneficial"),
            _ => (Vec::new(), "organization", "organization"),
        };
        let extracts = if is_json {
            super::extracts::extracts_of(&fetched.value, is_org)
        } else {
            ResultExtracts::default()
        };
        let doc_kind = if is_json {
            "json".to_owned()
        } else if !is_org {
            "beneficial-owners".to_owned()
        } else {
            entity.trim_end_matches("-report").to_owned()
        };
        let media = fetched.media_type;
        let state = self.row.state;
        let attempts = self.attempts;
        let row = self
            .inner
            .store
            .write(move |c| {
                atomic(c, |c| {
                    if is_json {
                        results::put_result(
                            c,
                            &NewResult {
                                session_id: &id,
                                case_id: &case_id,
                                kind: result_kind,
                                raw_json: &bytes,
                                requested: &requested,
                                fetched_at: &fetched_at,
                                environment: &env,
                                extracts: &extracts,
                            },
                        )?;
                    }
                    documents::put_document(
                        c,
                        &NewDocument {
                            bytes: &bytes,
                            media_type: media,
                            kind: &doc_kind,
                            title: &label,
                            session_id: Some(&id),
                            case_id: &case_id,
                            source,
                            fetched_at: &fetched_at,
                            upstream_expires_at: expires.as_deref(),
                        },
                    )?;
                    sessions::update_state(
                        c,
                        &id,
                        &StateUpdate {
                            state,
                            entities_json: Some(&entities_json),
                            error_json: None,
                            attempts: Some(attempts),
                            next_poll_at: None,
                        },
                    )?;
                    sessions::get_session(c, &id)
                })
            })
            .await?;
        self.row = row;
        self.inner.announce_session(&self.row).await;
        self.inner.announce_case(&self.row.case_id);
        Ok(())
    }
}
