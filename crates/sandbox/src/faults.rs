//! Fault injection for every upstream endpoint (never `/_sandbox/*`): rate limit, dropped
//! connections, 5xx, malformed JSON and truncated PDFs, each drawn from the seeded generator.

use crate::model::error_response;
use crate::server::ConnKill;
use crate::state::Shared;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use std::sync::Arc;

struct Rolls {
    reset: f64,
    error: f64,
    malformed: f64,
    truncated: f64,
    status: u8,
}

pub async fn layer(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let k = s.knobs();
    let now = chrono::Utc::now().timestamp();
    let (limited, r) = s.with(|i| {
        let limited = match k.rate_limit_per_sec {
            Some(limit) => {
                if i.rate_window.0 != now {
                    i.rate_window = (now, 0);
                }
                i.rate_window.1 += 1;
                i.rate_window.1 > limit
            }
            None => false,
        };
        let r = Rolls {
            reset: i.fault_rng.gen(),
            error: i.fault_rng.gen(),
            malformed: i.fault_rng.gen(),
            truncated: i.fault_rng.gen(),
            status: i.fault_rng.gen(),
        };
        (limited, r)
    });
    if limited {
        let mut resp = error_response(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            &format!(
                "Too many requests: the sandbox allows {} per second. Retry after {} s.",
                k.rate_limit_per_sec.unwrap_or(0),
                k.retry_after_s
            ),
        );
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(k.retry_after_s));
        return resp;
    }
    if r.reset < k.reset_rate {
        if let Some(kill) = req.extensions().get::<ConnKill>() {
            kill.0.notify_one();
            // The connection task drops this future with the socket; nothing is answered.
            std::future::pending::<()>().await;
        }
    }
    if r.error < k.error_5xx_rate {
        let status = match r.status % 3 {
            0 => StatusCode::INTERNAL_SERVER_ERROR,
            1 => StatusCode::BAD_GATEWAY,
            _ => StatusCode::SERVICE_UNAVAILABLE,
        };
        return error_response(
            status,
            "server_error",
            "The service had an internal problem (sandbox fault injection). Try again.",
        );
    }
    let resp = next.run(req).await;
    let ctype = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let cut_json = ctype.starts_with("application/json") && r.malformed < k.malformed_json_rate;
    let cut_pdf = ctype.starts_with("application/pdf") && r.truncated < k.truncated_pdf_rate;
    if !(cut_json || cut_pdf) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}
