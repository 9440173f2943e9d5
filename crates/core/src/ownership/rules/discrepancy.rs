//! Reported owners (the register, upstream) compared with the computed ones.

use super::{pct, OwnerAnalysis, RuleName, RulesGraph, SubjectAnalysis};

/// An owner some source reports, to compare with the computed ones.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedOwner {
    /// The party in the graph, when the reported owner is one of its nodes.
    pub party: Option<usize>,
    pub name: String,
    pub share: Option<f64>,
}

/// One difference between reported and computed beneficial owners.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub party: Option<usize>,
    pub name: String,
    /// `notComputed` (reported, no rule qualifies here), `notReported` (qualifies, not reported),
    /// `shareDiffers` (both, share differs by more than half a point).
    pub kind: &'static str,
    pub message: String,
}

/// Compares the owners `source` reports with those `rule` computes (or any rule, `None`).
pub fn compare_reported(
    g: &RulesGraph,
    a: &SubjectAnalysis,
    reported: &[ReportedOwner],
    source: &str,
    rule: Option<RuleName>,
) -> Vec<Difference> {
    let qualifies = |o: &OwnerAnalysis| match rule {
        Some(r) => o.rules().contains(&r),
        None => o.any_rule(),
    };
    let rule_words = rule.map_or("any rule", RuleName::code);
    let mut out = Vec::new();
    for r in reported {
        let found = r.party.and_then(|p| a.owners.iter().find(|o| o.party == p));
        match found {
            Some(o) if qualifies(o) => {
                if let (Some(sh), true) = (r.share, o.integrated.is_exact()) {
                    if (sh - o.integrated.lo).abs() > 0.5 {
                        out.push(Difference {
                            party: r.party,
                            name: r.name.clone(),
                            kind: "shareDiffers",
                            message: format!(
                                "{source} states {:.2} % for {}; computed here {:.2} %.",
                                sh, r.name, o.integrated.lo
                            ),
                        });
                    }
                }
            }
            Some(o) if !o.possibly.is_empty() => out.push(Difference {
                party: r.party,
                name: r.name.clone(),
                kind: "notComputed",
                message: format!(
                    "{source} names {} as beneficial owner; the ownership data here leaves it open (shares unknown or given as ranges): possibly by {}.",
                    r.name,
                    o.possibly.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ")
                ),
            }),
            _ => out.push(Difference {
                party: r.party,
                name: r.name.clone(),
                kind: "notComputed",
                message: if found.is_some() {
                    format!(
                        "{source} names {} as beneficial owner; by {rule_words} on the ownership data here they are not one.",
                        r.name
                    )
                } else {
                    format!(
                        "{source} names {} as beneficial owner; the ownership data here does not lead to them (look up the companies between them and the subject).",
                        r.name
                    )
                },
            }),
        }
    }
    for o in a.owners.iter().filter(|o| qualifies(o)) {
        if !reported.iter().any(|r| r.party == Some(o.party)) {
            let name = &g.parties[o.party].name;
            out.push(Difference {
                party: Some(o.party),
                name: name.clone(),
                kind: "notReported",
                message: format!(
                    "{name} is a beneficial owner by {rule_words} (integrated {}), but {source} does not name them.",
                    pct(&o.integrated)
                ),
            });
        }
    }
    out
}
