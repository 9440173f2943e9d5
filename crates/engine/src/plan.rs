//! What a session asks for, as stored in its row (`request_json`) before any request is sent.
//! A resumed session re-reads this and continues exactly the same request.

use amldesk_core::id::Country;
use serde::{Deserialize, Serialize};

use crate::api::{EntityProgress, EntityState, Provider};

/// Report names the Organization API accepts.
pub const ORG_REPORTS: [&str; 2] = ["aml", "certificate-of-registration"];
/// Expands the Organization API accepts.
pub const ORG_EXPANDS: [&str; 17] = [
    "keyInformation.lei",
    "address",
    "roles",
    "authorities",
    "financials",
    "financials.accounting",
    "financials.keyFigures",
    "financials.auditor",
    "financials.accountant",
    "financials.credit",
    "ownership",
    "ownership.shareholders",
    "ownership.beneficials",
    "ownership.subsidiaries",
    "ownership.indicators",
    "sanction",
    "sanction.ofac",
];
/// Expands the Beneficial owners API accepts.
pub const BO_EXPANDS: [&str; 4] = ["citizenship", "birthplace", "identificationNumber", "ssn"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Plan {
    #[serde(rename_all = "camelCase")]
    Organization {
        country: Country,
        identifier: String,
        expands: Vec<String>,
        reports: Vec<String>,
    },
    #[serde(rename_all = "camelCase")]
    Beneficial {
        identifier: String,
        expands: Vec<String>,
        /// The organization's country: sent as `nationality` for SE and FI (rows planned before
        /// it was recorded read as NO).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        country: Option<Country>,
    },
    #[serde(rename_all = "camelCase")]
    AmlyzePush {
        validate_only: bool,
        communication_number: String,
        #[serde(default)]
        customer: serde_json::Value,
    },
    #[serde(rename_all = "camelCase")]
    Peer {
        type_request: String,
        id_document: String,
        phone: String,
        phone_original: String,
    },
}

impl Plan {
    pub fn provider(&self) -> Provider {
        match self {
            Plan::Organization { .. } => Provider::Organization,
            Plan::Beneficial { .. } => Provider::Beneficial,
            Plan::AmlyzePush { .. } => Provider::Amlyze,
            Plan::Peer { .. } => Provider::Peer,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Plan::Organization { .. } => "organization",
            Plan::Beneficial { .. } => "beneficial",
            Plan::AmlyzePush { .. } => "amlyzePush",
            Plan::Peer { .. } => "peerRequest",
        }
    }

    /// The entities a session of this plan produces, all not started.
    pub fn initial_entities(&self) -> Vec<EntityProgress> {
        let mut v = Vec::new();
        let mut add = |entity: String, label: String| {
            v.push(EntityProgress {
                entity,
                label,
                state: EntityState::NotStarted,
                elapsed_ms: 0,
                bytes: None,
                sha256: None,
            })
        };
        match self {
            Plan::Organization { reports, .. } => {
                add("jsonData".into(), "Organization data".into());
                for r in reports {
                    add(format!("{r}-report"), report_label(r).into());
                }
            }
            Plan::Beneficial { .. } => {
                add("jsonData".into(), "Beneficial owners data".into());
                add("report".into(), "Beneficial owners report".into());
            }
            Plan::AmlyzePush { validate_only, .. } => {
                add("import".into(), "Customer import".into());
                if !validate_only {
                    add("assessment".into(), "Risk assessment".into());
                }
            }
            Plan::Peer { .. } => add("answer".into(), "Peer answer".into()),
        }
        v
    }
}

pub fn provider_str(p: Provider) -> &'static str {
    match p {
        Provider::Organization => "organization",
        Provider::Beneficial => "beneficial",
        Provider::Amlyze => "amlyze",
        Provider::Peer => "peer",
    }
}

pub fn provider_from_str(s: &str) -> Provider {
    match s {
        "beneficial" => Provider::Beneficial,
        "amlyze" => Provider::Amlyze,
        "peer" => Provider::Peer,
        _ => Provider::Organization,
    }
}

pub fn report_label(r: &str) -> &'static str {
    match r {
        "aml" => "AML report",
        "certificate-of-registration" => "Certificate of registration",
        "beneficial" => "Beneficial owners report",
        _ => "Report",
    }
}

/// Checks and normalizes expands / reports; errors name the field and the accepted values.
pub fn check_list(
    field: &str,
    given: &[String],
    allowed: &[&str],
) -> Result<Vec<String>, crate::EngineError> {
    let mut out: Vec<String> = Vec::new();
    for g in given {
        let t = g.trim();
        let hit = allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                crate::EngineError::validation(
                    field,
                    format!(
                        "\"{t}\" is not a known {field}; use one of: {}",
                        allowed.join(", ")
                    ),
                )
            })?;
        if !out.iter().any(|o| o == hit) {
            out.push((*hit).to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beneficial_plans_keep_their_country_and_old_rows_read_as_norwegian() {
        let old: Plan =
            serde_json::from_str(r#"{"type":"beneficial","identifier":"923609016","expands":[]}"#)
                .expect("a row planned before the country was recorded");
        assert_eq!(
            old,
            Plan::Beneficial {
                identifier: "923609016".into(),
                expands: vec![],
                country: None,
            }
        );
        let se = Plan::Beneficial {
            identifier: "5560160680".into(),
            expands: vec![],
            country: Some(Country::Se),
        };
        let text = serde_json::to_string(&se).expect("json");
        assert!(text.contains(r#""country":"SE""#), "{text}");
        assert_eq!(serde_json::from_str::<Plan>(&text).expect("back"), se);
    }
}
