//! `/_sandbox/*`: knobs, reset and stats. Never subject to faults, never counted.

use crate::model::error_response;
use crate::state::Shared;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;

pub async fn get_knobs(State(s): State<Arc<Shared>>) -> Response {
    Json(s.knobs()).into_response()
}

pub async fn set_knobs(State(s): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    let patch: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("the body must be a JSON object of knobs: {e}"),
            )
        }
    };
    match s.knobs().merged(&patch) {
        Ok(k) => {
            s.set_knobs(k.clone());
            Json(k).into_response()
        }
        Err(e) => error_response(StatusCode::BAD_REQUEST, "invalid_knob", &e),
    }
}

pub async fn reset(State(s): State<Arc<Shared>>) -> Response {
    s.reset();
    Json(serde_json::json!({"reset": true, "knobs": s.knobs()})).into_response()
}

#[derive(serde::Deserialize)]
pub struct StatsQuery {
    concurrency: Option<String>,
}

/// `GET /_sandbox/stats[?concurrency=N]`: with N, also `lowerBoundMs` for N sessions at once.
pub async fn stats(State(s): State<Arc<Shared>>, Query(q): Query<StatsQuery>) -> Response {
    let concurrency = match q.concurrency.as_deref().map(str::trim) {
        None => None,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    &format!("concurrency must be a whole number of at least 1; got \"{v}\""),
                )
            }
        },
    };
    Json(s.stats_for(concurrency)).into_response()
}

pub async fn not_found(uri: Uri) -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("The sandbox serves no resource at {}", uri.path()),
    )
}
