//! The router and a hand-written accept loop. The loop exists so that a fault can really drop a
//! TCP connection (RST, no answer): each connection gets a kill switch the fault layer can pull.

use crate::state::Shared;
use crate::{amlyze, auth, bankid, contract as c, control, faults, peer};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Pulled by the fault layer to drop the connection the request came in on.
#[derive(Clone)]
pub struct ConnKill(pub Arc<Notify>);

pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route(c::DISCOVERY, get(auth::discovery))
        .route(c::TOKEN, post(auth::token))
        .route(c::ORG_LOOKUP, get(bankid::org_lookup))
        .route(
            "/organization/session/{id}",
            post(bankid::org_create).get(bankid::org_status),
        )
        .route("/organization/session/{id}/json", get(bankid::org_json))
        .route(
            "/organization/session/{id}/report/{report}",
            get(bankid::org_report),
        )
        .route(
            c::BEN_CREATE_NO_SLASH,
            post(bankid::ben_create).get(bankid::ben_lookup),
        )
        .route(
            c::BEN_CREATE,
            post(bankid::ben_create).get(bankid::ben_lookup),
        )
        .route(c::BEN_ACCESS_RIGHTS, get(bankid::ben_access_rights))
        .route("/beneficial/session/{id}", get(bankid::ben_status))
        .route("/beneficial/session/{id}/json", get(bankid::ben_json))
        .route("/beneficial/session/{id}/report", get(bankid::ben_report))
        // The links the session status gives (c::ORG_REPORT_LINK, c::BEN_REPORT_LINK).
        .route(
            "/organization/documents/{id}/{report}",
            get(bankid::org_report),
        )
        .route("/beneficial/documents/{id}", get(bankid::ben_report))
        .route(c::AMLYZE_BATCH, post(amlyze::batch))
        .route(c::AMLYZE_VALIDATE, post(amlyze::validate))
        .route(
            "/api/integration-services/v1/communications-events/{n}",
            get(amlyze::events),
        )
        .route(c::PEER_TOKEN, get(peer::get_token))
        .route(c::PEER_CREATE, post(peer::create))
        .route(c::PEER_RESPOND, post(peer::respond))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            faults::layer,
        ))
        .route_layer(middleware::from_fn_with_state(shared.clone(), count));
    let control = Router::new()
        .route(
            c::CONTROL_KNOBS,
            get(control::get_knobs).post(control::set_knobs),
        )
        .route(c::CONTROL_RESET, post(control::reset))
        .route(c::CONTROL_STATS, get(control::stats));
    api.merge(control)
        .fallback(control::not_found)
        .with_state(shared)
}

/// Request key for the stats: the route template, with the shared `{id}` segment named by
/// what it means for that method.
pub fn stats_key(method: &str, template: &str) -> String {
    let t = if template == "/organization/session/{id}" && method == "POST" {
        "/organization/session/{country}".to_string()
    } else {
        template.replace("{id}", "{sessionId}")
    };
    let t = t.replace("{n}", "{communicationNumber}");
    format!("{method} {t}")
}

async fn count(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if let Some(p) = req.extensions().get::<MatchedPath>() {
        s.count_request(stats_key(req.method().as_str(), p.as_str()));
    }
    next.run(req).await
}

pub async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let app = router(shared);
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                tokio::spawn(connection(stream, app.clone(), stop.clone()));
            }
        }
    }
}

async fn connection(stream: TcpStream, app: Router, mut stop: watch::Receiver<bool>) {
    // A second handle on the same socket, to set SO_LINGER=0 (RST on close) when killed.
    let Ok(std_stream) = stream.into_std() else {
        return;
    };
    let Ok(twin) = std_stream.try_clone() else {
        return;
    };
    let Ok(stream) = TcpStream::from_std(std_stream) else {
        return;
    };
    let _ = stream.set_nodelay(true);
    let kill = Arc::new(Notify::new());
    let k = kill.clone();
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnKill(k.clone()));
        app.clone().oneshot(req.map(axum::body::Body::new))
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {
            let _ = socket2::SockRef::from(&twin).set_linger(Some(std::time::Duration::ZERO));
        }
        _ = stop.changed() => {}
    }
}
