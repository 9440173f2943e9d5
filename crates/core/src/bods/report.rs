//! What `amldesk ubo` prints: the report of each entity ([`EntityReport`]) and how one
//! entity's analysis by the rules becomes it ([`entity_report`]).

use super::Declared;
use crate::ownership::rules::{
    compare_reported, PartyKind, ReportedOwner, RuleName, RulesGraph, Share, SubjectAnalysis,
};
use serde::Serialize;
use std::collections::HashMap;

/// The `ubo` document, exactly as the CLI prints it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UboReport {
    pub entities: Vec<EntityReport>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EntityReport {
    pub record_id: String,
    pub name: String,
    pub owners: Vec<OwnerReport>,
    pub former_owners: Vec<FormerOwner>,
    pub sanctions_ownership: SanctionsReport,
    /// Percent of the shares whose holders the file does not list.
    pub unlisted_percent: f64,
    /// Longest chain of links into the entity.
    pub depth: usize,
    /// No natural person qualifies by any rule.
    pub no_natural_person: bool,
    pub simplified_due_diligence: Vec<String>,
    /// Declared beneficial owners compared with the computed ones.
    pub differences: Vec<DifferenceReport>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReport {
    /// `null` for an unspecified interested party (see `unspecifiedReason`).
    pub record_id: Option<String>,
    pub name: String,
    /// Percent, 0–100; `null` when a share on the way is unknown or given as a range.
    pub integrated_percent: Option<f64>,
    /// The integrated share's bounds (equal when exact).
    pub integrated_range: [f64; 2],
    pub chain_rule: bool,
    pub control_rule: bool,
    pub integrated_rule: bool,
    pub amlr_rule: bool,
    /// Rule fields that are false but hold for some value of the share ranges ("possibly").
    pub possibly: Vec<&'static str>,
    pub declared: bool,
    /// The declared share when exact (`declaredRange` otherwise).
    pub declared_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_range: Option<[f64; 2]>,
    /// Values taken as equal to the other (shares for unknown votes, or votes for shares).
    pub assumed: Vec<String>,
    pub senior_managing_official: bool,
    pub roles: Vec<String>,
    pub pep: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unspecified_reason: Option<String>,
    /// Strongest chains, each owner first and the entity last.
    pub paths: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FormerOwner {
    pub record_id: String,
    pub name: String,
    pub relationship_record_id: String,
    /// When it ended: the interests' `endDate`, else the closing statement's date.
    pub end_date: Option<String>,
    pub declared: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SanctionsReport {
    pub ofac50: bool,
    pub eu_sanctions50: bool,
    pub possibly: Vec<&'static str>,
    pub grounds: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DifferenceReport {
    pub record_id: Option<String>,
    pub name: String,
    pub kind: &'static str,
    pub message: String,
}

pub(super) fn entity_report(
    g: &RulesGraph,
    a: &SubjectAnalysis,
    former_owners: Vec<FormerOwner>,
    declared: &[(usize, &Declared)],
    pep: &HashMap<usize, bool>,
    unspecified: &HashMap<usize, String>,
) -> EntityReport {
    let s = a.subject;
    let mut owners: Vec<OwnerReport> = a
        .owners
        .iter()
        .map(|o| {
            let p = &g.parties[o.party];
            let d = declared
                .iter()
                .find(|(q, _)| *q == o.party)
                .map(|(_, d)| *d);
            OwnerReport {
                record_id: (!unspecified.contains_key(&o.party)).then(|| p.id.clone()),
                name: p.name.clone(),
                integrated_percent: (o.integrated.is_exact()
                    && !o.integrated_unknown
                    && p.kind != PartyKind::Unspecified)
                    .then_some(o.integrated.lo),
                integrated_range: [o.integrated.lo, o.integrated.hi],
                chain_rule: o.chain_rule,
                control_rule: o.control_rule,
                integrated_rule: o.integrated_rule,
                amlr_rule: o.amlr_rule,
                possibly: o.possibly.iter().map(|r| r.key()).collect(),
                declared: d.is_some(),
                declared_percent: d.and_then(|d| d.share).and_then(declared_value),
                declared_range: d.and_then(|d| d.share).map(|x| [x.lo, x.hi]),
                assumed: o.assumed.clone(),
                senior_managing_official: o.senior_managing_official,
                roles: o.roles.clone(),
                pep: pep.get(&o.party).copied().unwrap_or(false),
                unspecified_reason: unspecified.get(&o.party).cloned(),
                paths: o
                    .paths
                    .iter()
                    .map(|c| c.parties.iter().map(|&i| g.parties[i].id.clone()).collect())
                    .collect(),
            }
        })
        .collect();
    // Declared owners the graph does not reach (no in-force link): listed all the same.
    for (p, d) in declared {
        if owners
            .iter()
            .any(|o| o.record_id.as_deref() == Some(g.parties[*p].id.as_str()))
        {
            continue;
        }
        owners.push(OwnerReport {
            record_id: (!unspecified.contains_key(p)).then(|| g.parties[*p].id.clone()),
            name: g.parties[*p].name.clone(),
            integrated_percent: None,
            integrated_range: [0.0, 100.0],
            chain_rule: false,
            control_rule: false,
            integrated_rule: false,
            amlr_rule: false,
            possibly: Vec::new(),
            declared: true,
            declared_percent: d.share.and_then(declared_value),
            declared_range: d.share.map(|x| [x.lo, x.hi]),
            assumed: Vec::new(),
            senior_managing_official: false,
            roles: Vec::new(),
            pep: pep.get(p).copied().unwrap_or(false),
            unspecified_reason: unspecified.get(p).cloned(),
            paths: vec![vec![g.parties[*p].id.clone(), g.parties[s].id.clone()]],
        });
    }
    let reported: Vec<ReportedOwner> = declared
        .iter()
        .map(|(p, d)| ReportedOwner {
            party: Some(*p),
            name: g.parties[*p].name.clone(),
            share: d.share.filter(Share::is_exact).map(|x| x.lo),
        })
        .collect();
    let differences = if declared.is_empty() {
        Vec::new()
    } else {
        compare_reported(g, a, &reported, "The statements", None::<RuleName>)
            .into_iter()
            .map(|d| DifferenceReport {
                record_id: d.party.map(|p| g.parties[p].id.clone()),
                name: d.name,
                kind: d.kind,
                message: d.message,
            })
            .collect()
    };
    EntityReport {
        record_id: g.parties[s].id.clone(),
        name: g.parties[s].name.clone(),
        owners,
        former_owners,
        sanctions_ownership: SanctionsReport {
            ofac50: a.sanctions.ofac50,
            eu_sanctions50: a.sanctions.eu_sanctions50,
            possibly: a.sanctions.possibly.clone(),
            grounds: a.sanctions.grounds.clone(),
        },
        unlisted_percent: a.unlisted_percent,
        depth: a.depth,
        no_natural_person: a.no_natural_person,
        simplified_due_diligence: a.simplified_due_diligence.clone(),
        differences,
        warnings: a.warnings.iter().map(|w| w.message.clone()).collect(),
    }
}

/// A declared share as one number: the exact value only.
fn declared_value(s: Share) -> Option<f64> {
    s.is_exact().then_some(s.lo)
}
