//! Mapping a case to an Amlyze customer, and Amlyze error codes in words.

use amldesk_core::model::org::OrgResult;
use serde_json::{json, Value};

/// The stable per-case communication number (Amlyze's callback key; ≤ 256 characters).
pub fn communication_number(case_id: &str) -> String {
    format!("AMLDESK-{case_id}")
}

/// An ORGANIZATION customer from the organization result.
pub fn organization_customer(
    case_id: &str,
    country: &str,
    identifier: &str,
    org: &Value,
    risk_level: &str,
) -> Value {
    let parsed = OrgResult::from_json(org).ok();
    let summary = parsed.as_ref().map(|o| o.summary()).unwrap_or_default();
    let title = summary
        .name
        .clone()
        .unwrap_or_else(|| format!("Organization {identifier}"));
    let legal_form = org
        .pointer("/keyInformation/organizationType/code")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .or(summary.legal_form.clone())
        .unwrap_or_else(|| "UNKNOWN".into());
    json!({
        "communicationNumber": communication_number(case_id),
        "customerExtId": format!("{country}-{identifier}"),
        "action": "CREATE",
        "customerStatus": "PENDING",
        "entityType": "ORGANIZATION",
        "riskLevel": risk_level,
        "riskManagementCategory": "ORG",
        "applicationDate": chrono::Utc::now().format("%Y-%m-%d").to_string(),
        "title": title,
        "registrationCountry": country,
        "legalForm": legal_form,
        "nationalCode": identifier,
    })
}

/// Initial risk level from what the organization result shows.
pub fn risk_from(org: &Value) -> &'static str {
    let s = OrgResult::from_json(org)
        .map(|o| o.summary())
        .unwrap_or_default();
    match (s.sanction_hits.unwrap_or(0), s.pep_count.unwrap_or(0)) {
        (h, _) if h > 0 => "HIGH",
        (_, p) if p > 0 => "MEDIUM",
        _ => "LOW",
    }
}

/// Amlyze error codes explained for the officer.
pub fn explain(code: &str) -> String {
    match code {
        "C001" => "the communication number is missing or too long".into(),
        "C002" => "the customer's external id is mandatory".into(),
        "C003" => "the action must be CREATE or UPDATE".into(),
        "C004" => "a risk level is mandatory for imports".into(),
        "C005" => "the customer status is not valid".into(),
        "C006" => "a closing date is needed exactly when the customer is CLOSED".into(),
        "C007" => "the risk management category is missing or unknown".into(),
        "C010" => "the entity type must be INDIVIDUAL or ORGANIZATION".into(),
        "C011" => "a mandatory name field is missing".into(),
        "C012" => "the application date is missing or not a date".into(),
        "C013" => "a country code is not valid".into(),
        "C014" | "C015" => "a field was sent that this entity type does not allow".into(),
        "O005" => "this communication number was already used for another customer".into(),
        "" => "no reason given".into(),
        other => format!("error {other}"),
    }
}
