//! The ownership graph as BODS 0.4 statements (Open Ownership's Beneficial Ownership Data
//! Standard, `schema/statement.json`): one entity or person statement per node, then one
//! relationship statement per ownership or role edge, then, for every person a rule makes a
//! beneficial owner of the subject through intermediaries, one indirect relationship carrying
//! `beneficialOwnershipOrControl: true`, the integrated share and the path in words. Referenced
//! records always come before the statements that name them.
//!
//! Identifiers are reproducible: `recordId` is the graph's node id (or `rel:<owner>-><owned>`),
//! `statementId` the SHA-256 of the case, the moment and the record, so exporting the same case
//! state twice gives the same statements.

use super::graph_svg::path_words;
use amldesk_core::ownership::{EdgeKind, GraphNodeView, GraphView, NodeKind, Rule};
use serde::Serialize;
use std::collections::HashMap;

/// Where the statements come from, for `source` and `publicationDetails`.
pub struct BodsContext<'a> {
    pub case_id: &'a str,
    /// RFC 3339: the case state exported (statement ids depend on it).
    pub as_of: &'a str,
    /// `YYYY-MM-DD`: when the answers the graph is built from were fetched (the latest).
    pub statement_date: &'a str,
    /// RFC 3339: that fetch.
    pub retrieved_at: &'a str,
    /// `BankID AML Organization API, BankID Beneficial owners API (sandbox: invented data)`.
    pub source_description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Statement {
    statement_id: String,
    declaration_subject: String,
    statement_date: String,
    record_id: String,
    record_type: &'static str,
    record_status: &'static str,
    record_details: serde_json::Value,
    publication_details: Publication,
    source: Source,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Publication {
    publication_date: String,
    bods_version: &'static str,
    publisher: Publisher,
}

#[derive(Serialize)]
struct Publisher {
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Source {
    r#type: Vec<&'static str>,
    description: String,
    retrieved_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Interest {
    r#type: &'static str,
    direct_or_indirect: &'static str,
    beneficial_ownership_or_control: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    share: Option<Share>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<String>,
}

#[derive(Serialize)]
struct Share {
    exact: f64,
}

fn jurisdiction(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code.to_ascii_uppercase().as_str() {
        "NO" => ("Norway", "NO"),
        "SE" => ("Sweden", "SE"),
        "FI" => ("Finland", "FI"),
        "DK" => ("Denmark", "DK"),
        "CY" => ("Cyprus", "CY"),
        "GB" => ("United Kingdom", "GB"),
        "US" => ("United States", "US"),
        "DE" => ("Germany", "DE"),
        _ => return None,
    })
}

/// The org-id.guide scheme of a national company register.
fn register_scheme(country: &str) -> Option<(&'static str, &'static str)> {
    Some(match country.to_ascii_uppercase().as_str() {
        "NO" => ("NO-BRC", "Brønnøysundregistrene (Enhetsregisteret)"),
        "SE" => ("SE-BLV", "Bolagsverket"),
        "FI" => ("FI-PRO", "Patentti- ja rekisterihallitus"),
        "DK" => ("DK-CVR", "Det Centrale Virksomhedsregister"),
        _ => return None,
    })
}

fn node_country(n: &GraphNodeView) -> Option<String> {
    n.country.clone().or_else(|| {
        // `NO:923609016` carries its country; a bare 9-digit number is Norwegian.
        let id = n.identifier.as_deref()?;
        match id.split_once(':') {
            Some((c, _)) if c.len() == 2 => Some(c.to_ascii_uppercase()),
            _ if id.len() == 9 && id.bytes().all(|b| b.is_ascii_digit()) => Some("NO".into()),
            _ => None,
        }
    })
}

fn entity_details(n: &GraphNodeView) -> serde_json::Value {
    let country = node_country(n);
    let entity_type = match (n.kind, &n.identifier) {
        (NodeKind::Foundation, _) => "legalEntity",
        (_, Some(_)) => "registeredEntity",
        (NodeKind::Company, None) => "legalEntity",
        _ => "unknownEntity",
    };
    let mut d = serde_json::json!({
        "isComponent": false,
        "entityType": { "type": entity_type },
        "name": n.label,
    });
    if let Some(obj) = d.as_object_mut() {
        if entity_type == "unknownEntity" {
            obj.insert(
                "unspecifiedEntityDetails".into(),
                serde_json::json!({ "reason": "informationUnknownToPublisher",
                    "description": "The answer names this owner without an identifier." }),
            );
        }
        if let Some((name, code)) = country.as_deref().and_then(jurisdiction) {
            obj.insert(
                "jurisdiction".into(),
                serde_json::json!({ "name": name, "code": code }),
            );
        }
        if let Some(id) = &n.identifier {
            let raw = id.rsplit(':').next().unwrap_or(id);
            let scheme = country.as_deref().and_then(register_scheme);
            let ident = match scheme {
                Some((scheme, name)) => {
                    serde_json::json!({ "id": raw, "scheme": scheme, "schemeName": name })
                }
                None => serde_json::json!({ "id": raw, "schemeName": "national register" }),
            };
            obj.insert("identifiers".into(), serde_json::json!([ident]));
        }
    }
    d
}

fn person_details(n: &GraphNodeView) -> serde_json::Value {
    let mut d = serde_json::json!({
        "isComponent": false,
        "personType": "knownPerson",
        "names": [{ "type": "legal", "fullName": n.label }],
    });
    if let Some(obj) = d.as_object_mut() {
        if let Some(b) = n.date_of_birth.as_deref().filter(|b| valid_birth_date(b)) {
            obj.insert("birthDate".into(), serde_json::json!(b));
        }
        if let Some((name, code)) = node_country(n).as_deref().and_then(jurisdiction) {
            obj.insert(
                "nationalities".into(),
                serde_json::json!([{ "name": name, "code": code }]),
            );
        }
        if n.pep {
            obj.insert(
                "politicalExposure".into(),
                serde_json::json!({ "status": "isPep" }),
            );
        }
    }
    d
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as BODS allows.
fn valid_birth_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10)
                && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
        }
        _ => false,
    }
}

/// The BODS interest type of a role on a foundation (or company).
fn role_interest(role: &str) -> &'static str {
    let r = role.to_lowercase();
    if r.contains("chair") || r.contains("leder") {
        "boardChair"
    } else if r.contains("board") || r.contains("styre") {
        "boardMember"
    } else {
        "seniorManagingOfficial"
    }
}

fn rules_words(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The statements as a pretty-printed JSON array (the file `ownership.bods.json`).
pub fn statements(g: &GraphView, ctx: &BodsContext<'_>) -> Vec<u8> {
    let subject_record = g.subject.clone();
    let by_id: HashMap<&str, &GraphNodeView> = g.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let make =
        |record_id: String, record_type: &'static str, details: serde_json::Value| Statement {
            statement_id: amldesk_casefile::sha256_hex(
                format!(
                    "amldesk-bods\u{0}{}\u{0}{}\u{0}{record_id}",
                    ctx.case_id, ctx.as_of
                )
                .as_bytes(),
            ),
            declaration_subject: subject_record.clone(),
            statement_date: ctx.statement_date.to_owned(),
            record_id,
            record_type,
            record_status: "new",
            record_details: details,
            publication_details: Publication {
                publication_date: ctx.as_of.get(..10).unwrap_or(ctx.as_of).to_owned(),
                bods_version: "0.4",
                publisher: Publisher {
                    name: format!("AML Desk case file {}", ctx.case_id),
                },
            },
            source: Source {
                r#type: vec!["thirdParty"],
                description: ctx.source_description.clone(),
                retrieved_at: ctx.retrieved_at.to_owned(),
            },
        };
    let mut out = Vec::new();
    // Records: the subject first, then the others in the graph's order.
    let mut nodes: Vec<&GraphNodeView> = g.nodes.iter().collect();
    nodes.sort_by_key(|n| !n.is_subject);
    for n in &nodes {
        let s = match n.kind {
            NodeKind::Person => make(n.id.clone(), "person", person_details(n)),
            _ => make(n.id.clone(), "entity", entity_details(n)),
        };
        out.push(s);
    }
    let bo_of_subject: HashMap<&str, &amldesk_core::ownership::BeneficialOwnerFinding> = g
        .owners
        .iter()
        .filter(|o| o.is_beneficial_owner)
        .map(|o| (o.node_id.as_str(), o))
        .collect();
    for e in &g.edges {
        let (Some(from), Some(to)) = (by_id.get(e.from.as_str()), by_id.get(e.to.as_str())) else {
            continue;
        };
        // BODS subjects are entities; a person "owned" is not a relationship BODS can state.
        if to.kind == NodeKind::Person {
            continue;
        }
        let direct_bo = from.kind == NodeKind::Person
            && to.is_subject
            && bo_of_subject.contains_key(from.id.as_str());
        let mut interests = Vec::new();
        match e.kind {
            EdgeKind::Ownership => {
                interests.push(Interest {
                    r#type: "shareholding",
                    direct_or_indirect: "direct",
                    beneficial_ownership_or_control: direct_bo,
                    share: e.share.map(|v| Share { exact: v }),
                    details: e
                        .share
                        .is_none()
                        .then(|| "share not given by the source".into()),
                });
                if let Some(v) = e.votes {
                    interests.push(Interest {
                        r#type: "votingRights",
                        direct_or_indirect: "direct",
                        beneficial_ownership_or_control: direct_bo,
                        share: Some(Share { exact: v }),
                        details: None,
                    });
                }
                if e.declared_control {
                    interests.push(Interest {
                        r#type: "otherInfluenceOrControl",
                        direct_or_indirect: "direct",
                        beneficial_ownership_or_control: direct_bo,
                        share: None,
                        details: Some("control declared by the source".into()),
                    });
                }
            }
            EdgeKind::Role => {
                let role = e.role.clone().unwrap_or_else(|| "role".into());
                interests.push(Interest {
                    r#type: role_interest(&role),
                    direct_or_indirect: "direct",
                    beneficial_ownership_or_control: direct_bo,
                    share: None,
                    details: Some(role),
                });
            }
        }
        out.push(make(
            format!("rel:{}->{}", e.from, e.to),
            "relationship",
            serde_json::json!({
                "isComponent": false,
                "subject": e.to,
                "interestedParty": e.from,
                "interests": interests,
            }),
        ));
    }
    // Beneficial owners through intermediaries: the result of the rules, with the path.
    for o in g.owners.iter().filter(|o| o.is_beneficial_owner) {
        let direct_only = !o.paths.is_empty() && o.paths.iter().all(|p| p.nodes.len() <= 2);
        if direct_only || !by_id.contains_key(o.node_id.as_str()) {
            continue;
        }
        let paths = path_words(g, &o.paths);
        let mut details = format!("Beneficial owner by: {}.", rules_words(&o.rules));
        if !paths.is_empty() {
            details.push_str(&format!(" Paths: {}.", paths.join("; ")));
        }
        let share = (o.integrated_share > 0.0).then_some(Share {
            exact: (o.integrated_share * 1e6).round() / 1e6,
        });
        out.push(make(
            format!("bo:{}->{}", o.node_id, g.subject),
            "relationship",
            serde_json::json!({
                "isComponent": false,
                "subject": g.subject,
                "interestedParty": o.node_id,
                "interests": [Interest {
                    r#type: if o.foundation_roles.is_empty() || share.is_some() {
                        "shareholding"
                    } else {
                        "otherInfluenceOrControl"
                    },
                    direct_or_indirect: "indirect",
                    beneficial_ownership_or_control: true,
                    share,
                    details: Some(details),
                }],
            }),
        ));
    }
    let mut bytes = serde_json::to_vec_pretty(&out).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_and_roles_map_to_bods_codes() {
        assert!(valid_birth_date("1968-04-12"));
        assert!(valid_birth_date("1968"));
        assert!(!valid_birth_date("1968-02-30"));
        assert!(!valid_birth_date("12.04.1968"));
        assert_eq!(role_interest("Chair of the board"), "boardChair");
        assert_eq!(role_interest("Board member"), "boardMember");
        assert_eq!(
            role_interest("Chief executive officer"),
            "seniorManagingOfficial"
        );
    }
}
