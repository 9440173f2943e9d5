//! Mapping a case to an Amlyze customer, and Amlyze error codes in words.

use amldesk_core::model::org::OrgResult;
use serde_json::{json, Value};

use crate::error::EngineError;

/// The stable per-case communication number (Amlyze's callback key; ≤ 256 characters).
pub fn communication_number(case_id: &str) -> String {
    format!("AMLDESK-{case_id}")
}

/// An ORGANIZATION customer from the organization result. Refuses, naming the section, when
/// what it decides from could not be read: the title (`keyInformation`) and the risk level
/// (`sanction`, and the sections that flag politically exposed persons). Never a placeholder
/// name, never a default of LOW over an unreadable section.
pub fn organization_customer(
    case_id: &str,
    country: &str,
    identifier: &str,
    org: &OrgResult,
) -> Result<Value, EngineError> {
    let summary = org.summary();
    let title =
        match summary.name.clone() {
            Some(n) if !n.trim().is_empty() => n,
            _ if summary.unreadable.iter().any(|s| s == "keyInformation") => {
                return Err(unreadable_refusal("keyInformation", "the customer's name"))
            }
            _ => return Err(EngineError::validation(
                "keyInformation.name",
                "the organization answer gives no name, and Amlyze needs one as the customer's \
                 title: run the organization lookup again",
            )),
        };
    let risk_level = risk_from(org)?;
    let legal_form = summary.legal_form.unwrap_or_else(|| "UNKNOWN".into());
    Ok(json!({
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
    }))
}

/// The sections the initial risk level is decided from: sanction hits, and the persons flagged
/// as politically exposed (roles, ownership).
const RISK_SECTIONS: [&str; 4] = [
    "sanction",
    "roles",
    "ownership.beneficials",
    "ownership.shareholders",
];

/// Initial risk level from what the organization result shows; refuses when a section it
/// decides from could not be read.
pub fn risk_from(org: &OrgResult) -> Result<&'static str, EngineError> {
    let s = org.summary();
    if let Some(bad) = s
        .unreadable
        .iter()
        .find(|u| RISK_SECTIONS.contains(&u.as_str()))
    {
        return Err(unreadable_refusal(bad, "the initial risk level"));
    }
    Ok(
        match (s.sanction_hits.unwrap_or(0), s.pep_count.unwrap_or(0)) {
            (h, _) if h > 0 => "HIGH",
            (_, p) if p > 0 => "MEDIUM",
            _ => "LOW",
        },
    )
}

fn unreadable_refusal(section: &str, what: &str) -> EngineError {
    EngineError::validation(
        section,
        format!(
            "the organization answer's `{section}` section could not be read, so {what} cannot \
             be decided: look at its raw JSON under details, and run the lookup again before \
             pushing to Amlyze"
        ),
    )
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
