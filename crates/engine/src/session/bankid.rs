//! BankID Organization and Beneficial owners sessions: create, poll the status, download each
//! entity the moment it is ready.

use super::*;

impl Run {
    /// Creates the upstream session. A `sending` row is written before every POST; a POST that
    /// may have reached the upstream (or a `sending` row found on resume) is reconciled: found by
    /// reference where the environment declares that, else created again with a case warning.
    async fn create_bankid(&mut self) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let reference = self.row.client_reference.clone();
        let webhook = self.inner.webhook();
        enum Req {
            Org(amldesk_core::Country, CreateOrgSession),
            Bo(CreateBoSession),
        }
        let req = match self.plan.clone() {
            Plan::Organization {
                country,
                identifier,
                expands,
                reports,
            } => Req::Org(
                country,
                CreateOrgSession {
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
                    client_reference: Some(reference.clone()),
                },
            ),
            Plan::Beneficial {
                identifier,
                expands,
                country,
            } => Req::Bo(CreateBoSession {
                identifier,
                expands,
                nationality: country.map(|c| c.code().to_owned()),
                webhook,
                client_reference: Some(reference.clone()),
            }),
            _ => unreachable_plan()?,
        };
        let declared = providers.env.client_reference_dedup;
        // A row left in `sending` by an earlier run: that POST may have reached the upstream.
        let mut earlier =
            (self.row.state == SessionState::Sending).then(|| self.row.updated_at.clone());
        loop {
            if let Some(at) = earlier.take() {
                match transition::reconcile(declared) {
                    transition::Reconcile::FindByReference => {
                        let found = match &req {
                            Req::Org(..) => {
                                self.call(|| providers.org.find_by_client_reference(&reference))
                                    .await?
                            }
                            Req::Bo(_) => {
                                self.call(|| providers.bo.find_by_client_reference(&reference))
                                    .await?
                            }
                        };
                        if let Some(sid) = found {
                            tracing::info!(session = %self.row.id, "reconciled by client reference");
                            return self.adopt_upstream(sid).await;
                        }
                    }
                    transition::Reconcile::CreateAgainAndWarn => {
                        self.warn_possible_duplicate(&at).await?;
                    }
                }
            }
            self.save(SessionState::Sending, None).await?;
            let sent_at = self.row.updated_at.clone();
            let res = match &req {
                Req::Org(country, r) => {
                    let country = *country;
                    self.call_as(Call::Create, || providers.org.create_session(country, r))
                        .await
                }
                Req::Bo(r) => {
                    self.call_as(Call::Create, || providers.bo.create_session(r))
                        .await
                }
            };
            match res {
                Ok(created) => {
                    if created.reused {
                        tracing::info!(session = %self.row.id, "the upstream returned the session made by an earlier attempt");
                    }
                    return self.adopt_upstream(created.session_id).await;
                }
                Err(Stop::Reconcile { wait, error }) => {
                    tracing::debug!(session = %self.row.id, message = %error.message, "create may have reached the upstream; reconciling");
                    earlier = Some(sent_at);
                    self.sleep(wait).await?;
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub(super) async fn adopt_upstream(&mut self, upstream: String) -> Result<(), Stop> {
        let id = self.row.id.clone();
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
        let fresh = self.row.upstream_id.is_none();
        if fresh {
            self.create_bankid().await?;
        }
        let upstream =
            self.row.upstream_id.clone().ok_or_else(|| {
                Stop::Failed(EngineError::Internal("no upstream id".into()).to_dto())
            })?;
        let providers = self.inner.providers.clone();
        let is_org = matches!(self.plan, Plan::Organization { .. });
        let mut pacer =
            super::pacing::Pacer::new(self.inner.clone(), &self.row.id, &self.row.provider, fresh);
        let mut never_named: Vec<String> = Vec::new();
        let mut expired: Vec<String> = Vec::new();
        if self.row.state == SessionState::Created {
            self.save(SessionState::Polling, None).await?;
        }
        // Nothing is ready the instant a session is made: a fresh one waits before asking.
        let mut woken = false;
        if fresh {
            let (gap, jittered) = pacer.next_gap(&self.entities);
            woken = self.sleep_until_poll(gap, jittered).await?;
        }
        loop {
            self.check_expiry()?;
            let status = if is_org {
                self.call(|| providers.org.status(&upstream)).await?
            } else {
                self.call(|| providers.bo.status(&upstream)).await?
            };
            let seen = std::time::Instant::now();
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
                    self.row = self
                        .inner
                        .store
                        .write(move |c| {
                            sessions::set_expiry(c, &id, &exp)?;
                            sessions::get_session(c, &id)
                        })
                        .await?;
                    changed = true;
                }
            }
            let step = transition::apply_status(
                &self.entities,
                |name| status.entity(name).cloned(),
                self.elapsed_ms(),
            );
            self.entities = step.entities;
            pacer.observe(&self.entities, seen, woken);
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
                if ready.is_empty() {
                    self.save(SessionState::Polling, None).await?;
                } else {
                    // Written (and announced) with the first download's transaction: a write
                    // of its own here would delay the download by a turn of the store.
                    self.row.state = SessionState::Ready;
                }
            }
            for label in step.never_named {
                if !never_named.contains(&label) {
                    never_named.push(label);
                }
            }
            for entity in ready {
                match self.download(&upstream, &entity, is_org).await {
                    // Gone upstream (410): that entity only; the others still download.
                    Err(Stop::EntityExpired(_)) => {
                        let elapsed = self.elapsed_ms();
                        if let Some(en) = self.entities.iter_mut().find(|e| e.entity == entity) {
                            en.state = EntityState::Expired;
                            en.elapsed_ms = elapsed;
                            expired.push(en.label.clone());
                        }
                        let st = self.row.state;
                        self.save(st, None).await?;
                    }
                    r => r?,
                }
            }
            let settled = self.entities.iter().all(|e| {
                matches!(e.state, EntityState::Downloaded | EntityState::Expired)
                    || (e.state == EntityState::Failed && never_named.contains(&e.label))
            });
            if settled {
                if let Some(end) = partial_end(&never_named, &expired) {
                    return Err(end);
                }
                self.save(SessionState::Downloaded, None).await?;
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            let (gap, jittered) = pacer.next_gap(&self.entities);
            woken = self.sleep_until_poll(gap, jittered).await?;
        }
    }

    async fn download(&mut self, upstream: &str, entity: &str, is_org: bool) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let up = upstream.to_owned();
        let fetched: Fetched = if entity == "jsonData" {
            if is_org {
                self.call_as(Call::Download, || providers.org.json(&up))
                    .await?
            } else {
                self.call_as(Call::Download, || providers.bo.json(&up))
                    .await?
            }
        } else if is_org {
            let report = if entity.starts_with("aml") {
                OrgReport::Aml
            } else {
                OrgReport::CertificateOfRegistration
            };
            self.call_as(Call::Download, || providers.org.report(&up, report))
                .await?
        } else {
            self.call_as(Call::Download, || providers.bo.report(&up))
                .await?
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

/// How a session ends when every entity is settled but some were not downloaded: entities the
/// status never named fail it, entities gone upstream (410) expire it; each is named.
fn partial_end(never_named: &[String], expired: &[String]) -> Option<Stop> {
    if !never_named.is_empty() {
        return Some(Stop::Failed(ErrorDto {
            code: ErrorCode::Upstream,
            message: format!(
                "The provider's status never named {} within {} minutes, so it was not \
                 downloaded; the other results were kept. Run the lookup again for it.",
                never_named.join(", "),
                transition::NEVER_NAMED_LIMIT.as_secs() / 60
            ),
            field: None,
            detail: None,
        }));
    }
    if !expired.is_empty() {
        return Some(Stop::Expired(ErrorDto {
            code: ErrorCode::Expired,
            message: format!(
                "{} expired upstream before it was downloaded (results are kept for two hours \
                 after they are ready); the other results were kept. Run the lookup again for it.",
                expired.join(", ")
            ),
            field: None,
            detail: None,
        }));
    }
    None
}
