//! Search and list extracts from a stored answer.

use amldesk_core::model::org::OrgResult;
use amldesk_store::results::ResultExtracts;
use serde_json::Value;

/// Search and list extracts from an organization or beneficial-owners answer.
pub(crate) fn extracts_of(v: &Value, is_org: bool) -> ResultExtracts {
    let mut ex = ResultExtracts::default();
    if is_org {
        if let Ok(org) = OrgResult::from_json(v) {
            let s = org.summary();
            ex.subject_name = s.name.clone();
            ex.sanction_hits = s.sanction_hits;
            ex.pep_hits = s.pep_count;
            if let Some(n) = s.name {
                ex.names.push(n);
            }
            if let Some(n) = s.org_number {
                ex.identifiers.push(n);
            }
        }
    } else if let Some(n) = v
        .pointer("/keyInformation/name")
        .or_else(|| v.pointer("/organization/name"))
        .and_then(|n| n.as_str())
    {
        ex.subject_name = Some(n.to_owned());
        ex.names.push(n.to_owned());
    }
    for (section, target) in [
        ("roles", 0),
        ("ownership", 0),
        ("beneficialOwners", 0),
        ("beneficials", 0),
        ("authorities", 1),
        ("sanction", 2),
    ] {
        if let Some(node) = v.get(section) {
            let mut names = Vec::new();
            collect_names(node, &mut names);
            let list = match target {
                0 => &mut ex.people,
                1 => &mut ex.roles,
                _ => &mut ex.sanction_hit_names,
            };
            for n in names {
                if !list.contains(&n) {
                    list.push(n);
                }
            }
        }
    }
    ex
}

fn collect_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("name" | "fullName", Value::String(s)) if !s.trim().is_empty() => {
                        out.push(s.clone())
                    }
                    _ => collect_names(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_names(x, out)),
        _ => {}
    }
}
