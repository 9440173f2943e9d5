//! Mapping a case to an Amlyze customer, and Amlyze error codes in words.

use amldesk_core::model::amlyze::{AmlyzeCloudEvent, CommunicationsEvents};
use amldesk_core::model::org::OrgResult;
use amldesk_store::results::ResultRow;
use serde_json::{json, Value};

use crate::error::EngineError;
use crate::session::transition::AmlyzeAction;

/// The stable per-case communication number (Amlyze's callback key; ≤ 256 characters).
pub fn communication_number(case_id: &str) -> String {
    format!("AMLDESK-{case_id}")
}

/// Who asks for the import: Amlyze's `requester` field. The seed document names the field and
/// not its content, so it is the officer's operating-system user name (`AMLDESK_AMLYZE_REQUESTER`
/// overrides it, e.g. with the officer's Amlyze user), falling back to `amldesk`.
pub fn requester() -> String {
    requester_from(|k| std::env::var(k).ok())
}

/// [`requester`] over a given environment (testable).
pub fn requester_from(var: impl Fn(&str) -> Option<String>) -> String {
    ["AMLDESK_AMLYZE_REQUESTER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| var(k))
        .map(|v| v.trim().chars().take(256).collect::<String>())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "amldesk".into())
}

/// The customer row with `action` set (a CREATE answered O005 is sent again as UPDATE).
pub fn with_action(mut customer: Value, action: AmlyzeAction) -> Value {
    if let Some(o) = customer.as_object_mut() {
        o.insert("action".into(), Value::from(action.as_str()));
    }
    customer
}

/// The `action` a customer row carries (CREATE unless it says UPDATE).
pub fn action_of(customer: &Value) -> AmlyzeAction {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Row {
        action: Option<String>,
    }
    match serde_json::from_value::<Row>(customer.clone()) {
        Ok(Row { action: Some(a) }) if a == "UPDATE" => AmlyzeAction::Update,
        _ => AmlyzeAction::Create,
    }
}

/// The ids events carry (events without one are never set aside).
pub fn event_ids(events: &[AmlyzeCloudEvent]) -> Vec<String> {
    events.iter().filter_map(|e| e.id.clone()).collect()
}

/// Ids of the events of assessments before session `session_id`'s: those of every events
/// answer of the case stored before the session's last import answer (every one stored so far
/// while the session has none). Store order (result id) decides, not clocks.
pub fn baseline_event_ids(results: &[ResultRow], session_id: &str) -> Vec<String> {
    let settled = results
        .iter()
        .filter(|r| r.session_id == session_id && r.kind == "amlyze")
        .map(|r| r.id)
        .max();
    results
        .iter()
        .filter(|r| r.kind == "amlyzeEvent" && settled.is_none_or(|p| r.id < p))
        .filter_map(|r| r.json().ok())
        .filter_map(|v| CommunicationsEvents::from_json(&v).ok())
        .flat_map(|e| event_ids(e.event_list()))
        .collect()
}

/// The events of this push's assessment: those not listed before it (`baseline`).
pub fn new_events<'a>(
    events: &'a [AmlyzeCloudEvent],
    baseline: &[String],
) -> Vec<&'a AmlyzeCloudEvent> {
    events
        .iter()
        .filter(|e| e.id.as_ref().is_none_or(|id| !baseline.contains(id)))
        .collect()
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
    action: AmlyzeAction,
    requester: &str,
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
        "action": action.as_str(),
        "requester": requester,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requester_table() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            requester_from(env(&[
                ("AMLDESK_AMLYZE_REQUESTER", "kari.n"),
                ("USER", "u")
            ])),
            "kari.n"
        );
        assert_eq!(requester_from(env(&[("USER", "officer")])), "officer");
        assert_eq!(requester_from(env(&[("USERNAME", "WinUser")])), "WinUser");
        assert_eq!(requester_from(env(&[("USER", "  ")])), "amldesk");
        assert_eq!(requester_from(env(&[])), "amldesk");
    }

    #[test]
    fn new_events_set_the_baseline_aside() {
        let ev = |id: Option<&str>| AmlyzeCloudEvent {
            id: id.map(str::to_owned),
            ..AmlyzeCloudEvent::default()
        };
        let events = vec![ev(Some("a")), ev(Some("b")), ev(None), ev(Some("c"))];
        let ids = |v: Vec<&AmlyzeCloudEvent>| v.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(new_events(&events, &[])).len(), 4);
        assert_eq!(
            ids(new_events(&events, &["a".into(), "b".into()])),
            vec![None, Some("c".to_owned())]
        );
        assert_eq!(event_ids(&events), vec!["a", "b", "c"]);
    }

    #[test]
    fn with_action_sets_update() {
        assert_eq!(
            action_of(&json!({"action": "CREATE"})),
            AmlyzeAction::Create
        );
        assert_eq!(
            action_of(&json!({"action": "UPDATE"})),
            AmlyzeAction::Update
        );
        assert_eq!(action_of(&json!({})), AmlyzeAction::Create);
        let c = with_action(
            json!({"action": "CREATE", "title": "X"}),
            AmlyzeAction::Update,
        );
        assert_eq!(c, json!({"action": "UPDATE", "title": "X"}));
    }
}
