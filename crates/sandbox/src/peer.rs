//! Peer data exchange: 24-hour API key, createrequest, respond with `Panding` → `Done`.

use crate::auth::basic_credentials;
use crate::contract as c;
use crate::credentials::{PEER_PASSWORD, PEER_USER};
use crate::data::hash_bytes;
use crate::model::json_response;
use crate::state::{ts, PeerItem, Shared};
use amldesk_core::model::accepted::Document;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use std::sync::Arc;

fn fail(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        json!({"response": {"status": "ERROR", "message": message}}),
    )
}

pub async fn get_token(State(s): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    match basic_credentials(&headers) {
        Some((u, p)) if u == PEER_USER && p == PEER_PASSWORD => {}
        _ => {
            return fail(
                StatusCode::UNAUTHORIZED,
                "Wrong or missing user name and password (HTTP Basic).",
            )
        }
    }
    let expires = Utc::now() + Duration::seconds(c::PEER_TOKEN_LIFETIME_S);
    let token = s.with(|i| {
        let t = i.new_token();
        i.peer_tokens.insert(t.clone(), expires);
        t
    });
    json_response(
        StatusCode::OK,
        json!({"token": token, "expiresAt": ts(expires)}),
    )
}

fn authorized(s: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let raw = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // [doc] the key goes in the header as it is, "no Bearer prefix": a prefixed key is refused,
    // as the vendor would.
    if raw
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    {
        return Err(fail(
            StatusCode::UNAUTHORIZED,
            "The API key goes in the Authorization header as it is, without a \"Bearer\" prefix.",
        ));
    }
    let tok = raw.trim();
    let exp = s.with(|i| i.peer_tokens.get(tok).copied());
    match exp {
        Some(e) if e > Utc::now() => Ok(()),
        Some(_) => Err(fail(
            StatusCode::UNAUTHORIZED,
            "The API key has expired: get a new one from /auth/getToken.",
        )),
        None => Err(fail(
            StatusCode::UNAUTHORIZED,
            "Missing or unknown API key in the Authorization header.",
        )),
    }
}

/// `type_request` as a string or (the vendor's own example) an array of strings.
fn type_request(v: Option<&Value>) -> Result<Vec<String>, String> {
    let list: Vec<String> = match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        None => vec!["All categories".into()],
        _ => return Err("type_request must be a string".into()),
    };
    for t in &list {
        if !c::PEER_TYPES.contains(&t.as_str()) {
            return Err(format!(
                "type_request \"{t}\" is not known; use one of: {}",
                c::PEER_TYPES.join(", ")
            ));
        }
    }
    if list.is_empty() {
        return Err("type_request is empty".into());
    }
    Ok(list)
}

pub async fn create(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(r) = authorized(&s, &headers) {
        return r;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return fail(StatusCode::BAD_REQUEST, "The body is not JSON.");
    };
    let types = match type_request(v.get("type_request")) {
        Ok(t) => t,
        Err(e) => return fail(StatusCode::BAD_REQUEST, &e),
    };
    let Some(values) = v
        .get("value")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
    else {
        return fail(
            StatusCode::BAD_REQUEST,
            "value must be a non-empty array of {IdDocument, PhoneNumber}.",
        );
    };
    let mut parsed = Vec::new();
    for (n, item) in values.iter().enumerate() {
        let doc = item
            .get("IdDocument")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        let phone_raw = item
            .get("PhoneNumber")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        if doc.is_empty() && phone_raw.is_empty() {
            return fail(
                StatusCode::BAD_REQUEST,
                &format!("value[{n}] needs IdDocument or PhoneNumber."),
            );
        }
        if !phone_raw.is_empty() {
            if let Err(e) = amldesk_core::id::parse_ua_phone(&phone_raw) {
                return fail(
                    StatusCode::BAD_REQUEST,
                    &format!("value[{n}].PhoneNumber: {}", e.message),
                );
            }
        }
        parsed.push((doc, phone_raw));
    }
    let k = s.knobs();
    let now = Utc::now();
    let out = s.with(|i| {
        parsed
            .into_iter()
            .map(|(doc, phone)| {
                let id = i.new_id();
                let done_at = now + i.latency(k.json_latency_ms, k.latency_scale);
                i.peer.insert(
                    id.clone(),
                    PeerItem {
                        id: id.clone(),
                        type_request: types[0].clone(),
                        id_document: doc.clone(),
                        phone: phone.clone(),
                        created_at: now,
                        done_at,
                    },
                );
                i.peer_order.push(id.clone());
                json!({"IdDocument": doc, "PhoneNumber": phone, "idRequest": id})
            })
            .collect::<Vec<_>>()
    });
    // `create_delay_ms`: the requests exist upstream, the client does not know them yet.
    let ms = k.create_delay_ms;
    if ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    json_response(
        StatusCode::OK,
        json!({"response": {"status": "OK", "message": format!("{} request(s) accepted", out.len())},
               "parametrRequest": out, "sandbox": true}),
    )
}

const GIVEN: [&str; 8] = [
    "Oleksandr",
    "Olena",
    "Andrii",
    "Iryna",
    "Dmytro",
    "Nataliia",
    "Serhii",
    "Yuliia",
];
const FAMILY: [&str; 8] = [
    "Shevchenko",
    "Kovalenko",
    "Bondarenko",
    "Tkachenko",
    "Kravchenko",
    "Melnyk",
    "Boiko",
    "Oliinyk",
];
const CITIES: [&str; 5] = ["Kyiv", "Lviv", "Odesa", "Dnipro", "Kharkiv"];

fn details(item: &PeerItem) -> Vec<Value> {
    let h = hash_bytes(&["peer", &item.id_document, &item.phone]);
    let name = format!(
        "{} {}",
        GIVEN[usize::from(h[0]) % 8],
        FAMILY[usize::from(h[1]) % 8]
    );
    let city = CITIES[usize::from(h[2]) % 5];
    let groups: Vec<&str> = if item.type_request == "All categories" {
        c::PEER_TYPES[1..].to_vec()
    } else {
        vec![item.type_request.as_str()]
    };
    let mut out = Vec::new();
    for g in groups {
        let fields: Vec<(&str, String)> = match g {
            "Address" => vec![
                ("city", city.into()),
                ("street", format!("vul. Khreshchatyk {}", 1 + h[3] % 90)),
            ],
            "Consumer Profile" => vec![(
                "segment",
                ["mass", "affluent", "premium"][usize::from(h[4]) % 3].into(),
            )],
            "Contacts" => vec![(
                "email",
                format!("{}@example.invalid", name.to_lowercase().replace(' ', ".")),
            )],
            "Credit History" => vec![
                ("openLoans", (h[5] % 4).to_string()),
                ("overdueDays", (u32::from(h[6]) % 3 * 30).to_string()),
            ],
            "Identity" => vec![
                ("idDocument", item.id_document.clone()),
                (
                    "dateOfBirth",
                    format!(
                        "19{:02}-{:02}-{:02}",
                        50 + h[7] % 50,
                        1 + h[8] % 12,
                        1 + h[9] % 28
                    ),
                ),
            ],
            "Name" => vec![("fullName", name.clone())],
            "Services" => vec![("mobileData", "yes".into())],
            "Socio-Demographic Profile" => vec![(
                "ageGroup",
                ["18-25", "26-40", "41-60", "60+"][usize::from(h[10]) % 4].into(),
            )],
            _ => vec![
                (
                    "subscriptionSince",
                    format!("20{:02}-01-01", 5 + h[11] % 19),
                ),
                ("phoneNumber", item.phone.clone()),
            ],
        };
        for peer in ["peer-01", "peer-02"] {
            for (f, v) in &fields {
                out.push(
                    json!({"idPpeers": peer, "groupData": g, "fieldName": f, "fieldValue": v}),
                );
            }
        }
    }
    out
}

pub async fn respond(
    State(s): State<Arc<Shared>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(r) = authorized(&s, &headers) {
        return r;
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return fail(StatusCode::BAD_REQUEST, "The body is not JSON.");
    };
    if let Err(e) = type_request(v.get("type_request")) {
        return fail(StatusCode::BAD_REQUEST, &e);
    }
    let ids: Option<Vec<String>> = v.get("idRequest").and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    });
    let period = v.get("period").and_then(Value::as_f64);
    if ids.is_none() && period.is_none() {
        return fail(
            StatusCode::BAD_REQUEST,
            "Give idRequest (an array of request ids) or period (minutes).",
        );
    }
    let now = Utc::now();
    let (items, unknown) = s.with(|i| {
        let mut unknown = Vec::new();
        let items: Vec<PeerItem> = match &ids {
            Some(ids) => ids
                .iter()
                .filter_map(|id| {
                    let it = i.peer.get(id).cloned();
                    if it.is_none() {
                        unknown.push(id.clone());
                    }
                    it
                })
                .collect(),
            None => {
                let since = now - Duration::milliseconds((period.unwrap_or(0.0) * 60_000.0) as i64);
                i.peer_order
                    .iter()
                    .filter_map(|id| i.peer.get(id))
                    .filter(|p| p.created_at >= since)
                    .cloned()
                    .collect()
            }
        };
        (items, unknown)
    });
    let list: Vec<Value> = items
        .iter()
        .map(|it| {
            let done = now >= it.done_at;
            json!({
                "idDocument": it.id_document,
                "phoneNumber": it.phone,
                "idRequest": it.id,
                "status": if done { c::PEER_DONE } else { c::PEER_PENDING },
                "requestDetails": if done { details(it) } else { Vec::new() },
            })
        })
        .collect();
    let message = if unknown.is_empty() {
        format!("{} request(s)", list.len())
    } else {
        format!(
            "{} request(s); unknown idRequest: {}",
            list.len(),
            unknown.join(", ")
        )
    };
    let mut doc = json!({"response": {"status": "OK", "message": message}, "parametrRequest": list, "sandbox": true});
    // The request is named by its first idRequest (asked for, or, with `period`, answered).
    let id = ids
        .as_ref()
        .and_then(|v| v.first().cloned())
        .or_else(|| items.first().map(|it| it.id.clone()))
        .unwrap_or_default();
    s.drift(Document::PeerRespond, &id, &mut doc);
    json_response(StatusCode::OK, doc)
}
