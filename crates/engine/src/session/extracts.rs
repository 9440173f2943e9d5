//! Search and list extracts from a stored answer, read through core's typed models. A section
//! that could not be read contributes nothing and is listed in `unreadable`, so the case list
//! says "unknown" rather than "none".

use amldesk_core::model::bo::BoResult;
use amldesk_core::model::org::OrgResult;
use amldesk_store::results::ResultExtracts;
use serde_json::Value;

pub fn extracts_of(v: &Value, is_org: bool) -> ResultExtracts {
    if is_org {
        match OrgResult::from_json(v) {
            Ok(org) => org_extracts(&org),
            Err(_) => ResultExtracts {
                unreadable: Some(vec![String::new()]),
                ..ResultExtracts::default()
            },
        }
    } else {
        BoResult::from_json(v)
            .map(|bo| bo_extracts(&bo))
            .unwrap_or_default()
    }
}

fn push(list: &mut Vec<String>, s: Option<String>) {
    if let Some(s) = s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
        if !list.contains(&s) {
            list.push(s);
        }
    }
}

fn org_extracts(org: &OrgResult) -> ResultExtracts {
    let s = org.summary();
    let mut ex = ResultExtracts {
        subject_name: s.name.clone(),
        sanction_hits: s.sanction_hits,
        pep_hits: s.pep_hits,
        unreadable: Some(s.unreadable.clone()),
        ..ResultExtracts::default()
    };
    push(&mut ex.names, s.name);
    push(&mut ex.identifiers, s.org_number);
    for r in org.role_list() {
        let name = r.display_name();
        push(&mut ex.people, name.clone());
        if let (Some(t), Some(n)) = (&r.role_type, name) {
            push(&mut ex.roles, Some(format!("{}: {n}", t.label())));
        }
    }
    for sh in org.shareholders() {
        push(&mut ex.people, sh.name.clone());
        push(&mut ex.identifiers, sh.org_number.clone());
    }
    for sub in org.subsidiaries() {
        push(&mut ex.people, sub.name.clone());
        push(&mut ex.identifiers, sub.org_number.clone());
    }
    for b in org.beneficials() {
        push(&mut ex.people, b.display_name());
    }
    for h in org.sanction_hits() {
        push(&mut ex.sanction_hit_names, h.name.clone());
    }
    ex
}

fn bo_extracts(bo: &BoResult) -> ResultExtracts {
    let mut ex = ResultExtracts {
        subject_name: bo.org_name().map(str::to_owned),
        ..ResultExtracts::default()
    };
    push(&mut ex.names, ex.subject_name.clone());
    for o in bo.owners() {
        push(&mut ex.people, o.display_name());
    }
    for sh in bo.shareholders() {
        push(&mut ex.people, sh.name.clone());
    }
    ex
}
