//! The "why" and the disagreements shown next to each finding.

use super::analysis::Control;
use super::graph::OwnershipGraph;
use super::pct;
use super::view::{FoundationRoleRef, OwnershipPath, Rule, UpstreamReason};
use crate::model::org::BoReason;

pub(super) fn explain(
    g: &OwnershipGraph,
    rules: &[Rule],
    integrated: f64,
    control: &Control,
    paths: &[OwnershipPath],
    foundation_roles: &[FoundationRoleRef],
    upstream: Option<&UpstreamReason>,
) -> (Vec<String>, Vec<String>) {
    let label = |id: &str| {
        g.index
            .get(id)
            .map_or_else(|| id.to_owned(), |&i| g.nodes[i].label.clone())
    };
    let has = |r: Rule| rules.contains(&r);
    let mut why = Vec::new();
    let mut disagree = Vec::new();
    if has(Rule::ChainOwnership) {
        if let Some(p) = paths.iter().find(|p| p.every_step_above25) {
            let names: Vec<String> = p.nodes.iter().map(|id| label(id)).collect();
            why.push(format!(
                "Chain rule: {} with more than 25 % at every step.",
                names.join(" → ")
            ));
        }
    }
    if has(Rule::RegisterControl) {
        if control.controlled.is_empty() {
            why.push(format!(
                "Control rule: holds {} directly.",
                pct(control.share)
            ));
        } else {
            let via: Vec<String> = control
                .controlled
                .iter()
                .map(|&i| g.nodes[i].label.clone())
                .collect();
            why.push(format!(
                "Control rule: controls {}, and together they hold {}.",
                via.join(", "),
                pct(control.share)
            ));
        }
    }
    if has(Rule::IntegratedOwnership) {
        why.push(format!(
            "Integrated ownership: {} over {} chain{}.",
            pct(integrated),
            paths.len(),
            if paths.len() == 1 { "" } else { "s" }
        ));
    }
    if has(Rule::AmlrOwnership) {
        why.push(format!(
            "EU AMLR (from 10 July 2027): {} integrated, 25 % or more.",
            pct(integrated)
        ));
    }
    if has(Rule::SeniorManagingOfficial) {
        why.push(
            "No natural person qualifies by ownership or control: recorded as senior managing official."
                .to_owned(),
        );
    }
    for f in foundation_roles {
        why.push(format!(
            "Foundation role: {} of {}, which owns or controls the company.",
            f.role,
            label(&f.foundation_id)
        ));
    }
    if let Some(u) = upstream {
        let reason = u
            .reason_phrase
            .clone()
            .or_else(|| u.reason.as_ref().map(|r| r.as_str().to_owned()))
            .unwrap_or_else(|| "no reason given".to_owned());
        why.push(format!("Named by BankID as beneficial owner ({reason})."));
    }

    let ownership_rules = [
        Rule::ChainOwnership,
        Rule::RegisterControl,
        Rule::IntegratedOwnership,
    ];
    let any_ownership = ownership_rules.iter().any(|r| has(*r));
    if has(Rule::IntegratedOwnership) && !has(Rule::ChainOwnership) {
        disagree.push(format!(
            "The AML act's chain rule does not qualify: integrated ownership is {}, but no single chain stays above 25 % at every step.",
            pct(integrated)
        ));
    }
    if has(Rule::ChainOwnership) && !has(Rule::IntegratedOwnership) {
        disagree.push(format!(
            "Integrated ownership does not qualify: every step of a chain is above 25 %, but multiplied the share is only {}.",
            pct(integrated)
        ));
    }
    if any_ownership && !has(Rule::RegisterControl) {
        disagree.push(format!(
            "The register's control rule does not qualify: the person does not control the intermediate owners, and holds {} directly or through controlled entities.",
            pct(control.share)
        ));
    }
    if has(Rule::RegisterControl) && !has(Rule::IntegratedOwnership) && !has(Rule::ChainOwnership) {
        disagree.push(format!(
            "Only the control rule qualifies: multiplied along the chains the share is {}.",
            pct(integrated)
        ));
    }
    match upstream {
        Some(u) => {
            if rules.is_empty() {
                let role_reason = u.reason.as_ref().is_some_and(BoReason::is_role);
                disagree.push(if role_reason {
                    "BankID names this person for a role; the roles behind it are not in the data here (look up the foundation).".to_owned()
                } else {
                    "BankID names this person as beneficial owner, but the ownership data here does not show it: look up the intermediate owners.".to_owned()
                });
            }
            if let Some(up) = u.integrated_ownership {
                if (up - integrated).abs() > 0.5 && !paths.is_empty() {
                    disagree.push(format!(
                        "BankID states an integrated ownership of {}, computed here {}.",
                        pct(up),
                        pct(integrated)
                    ));
                }
            }
        }
        None if !rules.is_empty() && g.upstream_list => {
            disagree
                .push("BankID's list of beneficial owners does not name this person.".to_owned());
        }
        None => {}
    }
    (why, disagree)
}
