//! OIDC-style discovery and the client-credentials token endpoint (RFC 6749 errors).

use crate::contract as c;
use crate::credentials as cred;
use crate::model::{error_response, json_response};
use crate::state::{Shared, Token};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use chrono::{Duration, Utc};
use serde_json::json;
use std::sync::Arc;

pub async fn discovery(State(s): State<Arc<Shared>>) -> Response {
    let issuer = format!("{}/auth/realms/{}", s.base_url, c::REALM);
    json_response(
        StatusCode::OK,
        json!({
            "issuer": issuer,
            "token_endpoint": format!("{}{}", s.base_url, c::TOKEN),
            c::FIELD_AML_BASEURL: s.base_url,
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": c::ALL_SCOPES,
            "response_types_supported": ["token"],
            "sandbox": true
        }),
    )
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = json_response(
        status,
        json!({"error": error, "error_description": description}),
    );
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"sandbox\""),
        );
    }
    r
}

/// Scopes a client may ask for.
fn client_scopes(client_id: &str, secret: &str) -> Option<Vec<&'static str>> {
    if client_id == cred::SPECIAL_CLIENT_ID {
        return (secret == cred::SPECIAL_CLIENT_SECRET).then(|| c::ALL_SCOPES.to_vec());
    }
    if secret != cred::OIDC_CLIENT_SECRET {
        return None;
    }
    match client_id {
        cred::OIDC_CLIENT_ID => Some(c::ALL_SCOPES.to_vec()),
        cred::BASIC_CLIENT_ID => Some(vec![c::SCOPE_BASIC]),
        _ => None,
    }
}

/// `(user, password)` of an HTTP Basic header.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((form_decode(u), form_decode(p)))
}

fn form_decode(s: &str) -> String {
    url_decode(&s.replace('+', " "))
}

fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

pub async fn token(State(s): State<Arc<Shared>>, headers: HeaderMap, body: String) -> Response {
    let form = parse_form(&body);
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let (client_id, secret) = match basic_credentials(&headers) {
        Some(c) => c,
        None => match (field("client_id"), field("client_secret")) {
            (Some(i), Some(p)) => (i, p),
            _ => {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Client authentication is missing: send client_id and client_secret (HTTP Basic or form fields).",
                )
            }
        },
    };
    let Some(allowed) = client_scopes(&client_id, &secret) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unknown client or wrong client secret.",
        );
    };
    match field("grant_type").as_deref() {
        None | Some("") => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing form parameter grant_type (expected client_credentials).",
            )
        }
        Some("client_credentials") => {}
        Some(other) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("Grant type \"{other}\" is not supported; use client_credentials."),
            )
        }
    }
    let requested: Vec<String> = field("scope")
        .map(|v| v.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let granted: Vec<String> = if requested.is_empty() {
        allowed.iter().map(|x| x.to_string()).collect()
    } else {
        if let Some(bad) = requested.iter().find(|r| !allowed.contains(&r.as_str())) {
            let known = c::ALL_SCOPES.contains(&bad.as_str());
            let why = if known {
                format!("Scope \"{bad}\" is not granted to client {client_id}.")
            } else {
                format!("Scope \"{bad}\" does not exist.")
            };
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_scope", &why);
        }
        requested
    };
    let lifetime = s.knobs().token_lifetime_s;
    let expires_at = Utc::now() + Duration::seconds(lifetime as i64);
    let tok = s.with(|i| {
        let t = i.new_token();
        i.tokens.insert(
            t.clone(),
            Token {
                client_id: client_id.clone(),
                scopes: granted.clone(),
                expires_at,
            },
        );
        i.tokens_issued += 1;
        for sc in &granted {
            *i.token_scopes.entry(sc.clone()).or_insert(0) += 1;
        }
        t
    });
    let mut r = json_response(
        StatusCode::OK,
        json!({
            "access_token": tok,
            "expires_in": lifetime,
            "token_type": "Bearer",
            "scope": granted.join(" "),
        }),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The bearer token of a BankID call, or the 401/403 answer.
pub fn bearer(s: &Shared, headers: &HeaderMap) -> Result<Token, Response> {
    let unauthorized = |desc: &str| {
        let mut r = error_response(StatusCode::UNAUTHORIZED, "invalid_token", desc);
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"sandbox\", error=\"invalid_token\""),
        );
        r
    };
    let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err(unauthorized(
            "No access token: send Authorization: Bearer <token> from the token endpoint.",
        ));
    };
    let Some(tok) = v
        .strip_prefix("Bearer ")
        .or_else(|| v.strip_prefix("bearer "))
    else {
        return Err(unauthorized(
            "The Authorization header must be \"Bearer <token>\".",
        ));
    };
    let found = s.with(|i| i.tokens.get(tok.trim()).cloned());
    let Some(t) = found else {
        return Err(unauthorized(
            "The access token is not known to this service.",
        ));
    };
    if t.expires_at <= Utc::now() {
        return Err(unauthorized("The access token has expired: get a new one."));
    }
    if !t.scopes.iter().any(|x| x == c::SCOPE_BASIC) {
        return Err(insufficient_scope(c::SCOPE_BASIC, "this API"));
    }
    Ok(t)
}

pub fn insufficient_scope(scope: &str, what: &str) -> Response {
    let mut r = json_response(
        StatusCode::FORBIDDEN,
        json!({
            "error": "insufficient_scope",
            "message": format!("{what} needs the scope {scope}, which this client's token does not have."),
            "requiredScope": scope,
        }),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "Bearer realm=\"sandbox\", error=\"insufficient_scope\", scope=\"{scope}\""
    )) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        let f = parse_form(
            "grant_type=client_credentials&scope=aml_organization%2Fbasic+aml_organization%2FOFAC",
        );
        assert_eq!(f[1].1, "aml_organization/basic aml_organization/OFAC");
        assert_eq!(url_decode("%4"), "%4");
        assert_eq!(url_decode("a%zz"), "a%zz");
        assert_eq!(url_decode("%æøå"), "%æøå");
    }
}
