//! Peer data exchange: create the request, then poll `respond` until a peer answered.

use super::*;
use amldesk_core::model::peer::{PeerApiStatus, PeerRespondAnswer, PeerStatus};

impl Run {
    pub(super) async fn run_peer(&mut self) -> Result<(), Stop> {
        let Plan::Peer {
            type_request,
            id_document,
            phone,
            ..
        } = self.plan.clone()
        else {
            return unreachable_plan();
        };
        let providers = self.inner.providers.clone();
        if self.row.upstream_id.is_none() {
            self.create_peer(&type_request, &id_document, &phone)
                .await?;
            self.save(SessionState::Polling, None).await?;
        }
        let id_request = self.row.upstream_id.clone().unwrap_or_default();
        let mut interval = FIRST_POLL;
        let started = Instant::now();
        loop {
            let ids = vec![id_request.clone()];
            // Answers of the last n minutes: just since this request was made, not a day.
            let period = (self.elapsed_ms() / 60_000 + 2).min(24 * 60) as u32;
            let answer = self
                .call(|| providers.peer.respond(&type_request, &ids, period))
                .await?;
            let done = answer.items().iter().any(|i| {
                i.id_request.as_deref() == Some(id_request.as_str())
                    && i.status == Some(PeerStatus::Done)
            });
            if done {
                // Only our own request's rows are kept: another idRequest is another person.
                let mine = PeerRespondAnswer::only_request(&answer.raw, &id_request);
                let raw = serde_json::to_vec(&mine).unwrap_or_default();
                self.store_result("peer", raw, None).await?;
                for en in &mut self.entities {
                    en.state = EntityState::Downloaded;
                }
                self.save(SessionState::Done, None).await?;
                self.inner.announce_case(&self.row.case_id);
                return Ok(());
            }
            if started.elapsed() > FOLLOW_LIMIT {
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Timeout,
                    message: "No peer answered within 15 minutes; run the request again later."
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
    /// Creates the peer request. A `sending` row is written before every POST; a POST that may
    /// have reached the upstream (or a `sending` row found on resume) is reconciled by asking
    /// `respond` for the answers since that attempt and matching IdDocument + PhoneNumber;
    /// without a match it is created again with a case warning (as BankID creates are).
    async fn create_peer(
        &mut self,
        type_request: &str,
        id_document: &str,
        phone: &str,
    ) -> Result<(), Stop> {
        let providers = self.inner.providers.clone();
        let people = vec![(id_document.to_owned(), phone.to_owned())];
        let mut earlier =
            (self.row.state == SessionState::Sending).then(|| self.row.updated_at.clone());
        loop {
            if let Some(at) = earlier.take() {
                if let Some(found) = self
                    .find_peer_request(type_request, id_document, phone, &at)
                    .await?
                {
                    tracing::info!(session = %self.row.id, "reconciled the peer request by document and phone");
                    return self.adopt_upstream(found).await;
                }
                self.warn_possible_duplicate(&at).await?;
            }
            self.save(SessionState::Sending, None).await?;
            let sent_at = self.row.updated_at.clone();
            let res = self
                .call_as(Call::Create, || {
                    providers.peer.create_request(type_request, &people)
                })
                .await;
            let created = match res {
                Ok(c) => c,
                Err(Stop::Reconcile { wait, error }) => {
                    tracing::debug!(session = %self.row.id, message = %error.message, "peer create may have reached the upstream; reconciling");
                    earlier = Some(sent_at);
                    self.sleep(wait).await?;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let Some(n) = created
                .requests()
                .first()
                .and_then(|r| r.id_request.clone())
                .filter(|n| !n.is_empty())
            else {
                let status = created.status();
                let text = |f: fn(&PeerApiStatus) -> &Option<String>| {
                    status.and_then(|s| f(s).clone()).unwrap_or_default()
                };
                return Err(Stop::Failed(ErrorDto {
                    code: ErrorCode::Upstream,
                    message: format!(
                        "The peer data exchange did not accept the request: {} {}",
                        text(|s| &s.status),
                        text(|s| &s.message)
                    ),
                    field: None,
                    detail: None,
                }));
            };
            return self.adopt_upstream(n).await;
        }
    }

    /// The idRequest an earlier attempt (sent at `at`) made, if `respond` lists one for this
    /// document and phone within the minutes since, and no other session of the case owns it.
    async fn find_peer_request(
        &mut self,
        type_request: &str,
        id_document: &str,
        phone: &str,
        at: &str,
    ) -> Result<Option<String>, Stop> {
        let since_ms = DateTime::parse_from_rfc3339(at)
            .map(|t| {
                (Utc::now() - t.with_timezone(&Utc))
                    .num_milliseconds()
                    .max(0) as u64
            })
            .unwrap_or(0);
        let period = transition::peer_reconcile_period(since_ms);
        let providers = self.inner.providers.clone();
        let answer = self
            .call(|| providers.peer.respond_recent(type_request, period))
            .await?;
        let case_id = self.row.case_id.clone();
        let me = self.row.id.clone();
        let owned: Vec<String> = self
            .inner
            .store
            .read(move |c| sessions::list_sessions(c, &case_id))
            .await?
            .into_iter()
            .filter(|s| s.id != me && s.provider == self.row.provider)
            .filter_map(|s| s.upstream_id)
            .collect();
        let normalize =
            |p: &str| amldesk_core::id::parse_ua_phone(p).unwrap_or_else(|_| p.to_owned());
        let rows: Vec<transition::PeerRow> = answer
            .items()
            .iter()
            .map(|i| transition::PeerRow {
                id_document: i.id_document.clone().unwrap_or_default(),
                phone: normalize(i.phone_number.as_deref().unwrap_or_default()),
                id_request: i.id_request.clone().unwrap_or_default(),
            })
            .collect();
        Ok(transition::match_peer_request(
            &rows,
            id_document,
            &normalize(phone),
            &owned,
        ))
    }
}
