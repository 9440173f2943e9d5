//! Optional loopback webhook receiver. A webhook only wakes the session it names so it polls now;
//! its body is never trusted as data (everything is fetched through the authenticated API).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};

use amldesk_core::model::session::WebhookBody;

use crate::context::Ctx as Inner;

async fn hook(State(inner): State<Arc<Inner>>, body: Json<serde_json::Value>) -> StatusCode {
    let body = WebhookBody::from_json(&body).unwrap_or_default();
    if let Some(id) = body.session_id() {
        // Only sessions this process polls have an entry; unknown ids are ignored.
        let n = crate::context::lock(&inner.notifies).get(id).cloned();
        if let Some(n) = n {
            n.notify_one();
        }
    }
    StatusCode::NO_CONTENT
}

/// Binds 127.0.0.1 on an ephemeral port; returns the URL to give upstream.
pub(crate) async fn start(inner: Arc<Inner>) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    let stop = inner.shutdown.clone();
    let app = Router::new()
        .route("/hooks/bankid", post(hook))
        .with_state(inner);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await;
    });
    Ok(format!("http://127.0.0.1:{port}/hooks/bankid"))
}
