//! Peer data exchange: create the request, then poll `respond` until a peer answered.

use super::*;
use amldesk_core::model::peer::{PeerApiStatus, PeerStatus};

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
            let people = vec![(id_document.clone(), phone.clone())];
            let created = self
                .call(|| providers.peer.create_request(&type_request, &people))
                .await?;
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
            let id = self.row.id.clone();
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
                let raw = serde_json::to_vec(&answer.raw).unwrap_or_default();
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
