//! The graph translated into the rules' graph ([`super::rules`]), every rule computed there, and
//! the findings assembled into the [`GraphView`] the window draws.

use super::build::looks_like_state;
use super::cycles::cycles;
use super::explain::explain;
use super::graph::OwnershipGraph;
use super::rules::{
    compare_reported, ChainPath, Link, OwnerAnalysis, Party, PartyKind, ReportedOwner, RoleGround,
    RuleName, RulesGraph, Share, WarningKind, BO_THRESHOLD,
};
use super::view::{
    BeneficialOwnerFinding, DataWarning, EdgeKind, FoundationRoleRef, GraphEdgeView, GraphNodeView,
    GraphView, NodeKind, OwnerDifference, OwnershipPath, Rule, SanctionsOwnershipView, WarningCode,
};
use crate::model::org::RoleType;
use std::collections::{BTreeSet, VecDeque};

pub use super::rules::{MAX_ENUMERATED as MAX_PATHS, MAX_PATH_LINKS as MAX_DEPTH};

/// What the register rule found for one person, for the explanation.
pub(super) struct Control {
    pub(super) controlled: Vec<usize>,
    pub(super) share: f64,
}

impl OwnershipGraph {
    /// Computes everything and returns the serializable view.
    pub fn view(&self) -> GraphView {
        build_view(self)
    }

    /// The findings only (same as `view().owners`).
    pub fn findings(&self) -> Vec<BeneficialOwnerFinding> {
        self.view().owners
    }

    /// The graph as the rules see it: one party per node (same index), one link per edge.
    /// An ownership edge without a stated share or vote is an unknown share (0–100 %); a
    /// declared control is a right to appoint the board; a role is a foundation role (board or
    /// management of a foundation), a senior-managing role (chief executive or chair of the
    /// subject) or a position drawn for context.
    pub fn rules_graph(&self) -> RulesGraph {
        let mut rg = RulesGraph::default();
        for n in &self.nodes {
            let kind = if n.kind == NodeKind::Person {
                PartyKind::Person
            } else {
                PartyKind::Entity
            };
            let mut p = Party::new(&n.id, &n.label, kind);
            p.birth_date = n.date_of_birth.clone();
            p.state = kind == PartyKind::Entity && looks_like_state(&n.label);
            p.blocked = n.sanctioned;
            rg.add_party(p);
        }
        for e in &self.edges {
            match e.kind {
                EdgeKind::Ownership => {
                    let shares = match (e.share, e.votes) {
                        (Some(s), _) => Some(Share::exact(s)),
                        (None, Some(_)) => None,
                        (None, None) => Some(Share::unknown()),
                    };
                    let mut l = Link::ownership(e.from, e.to, shares, e.votes.map(Share::exact));
                    l.board = e.declared_control;
                    rg.links.push(l);
                }
                EdgeKind::Role => {
                    let Some(role) = &e.role else { continue };
                    let to = &self.nodes[e.to];
                    let ground = if to.kind == NodeKind::Foundation && role.controls_foundation() {
                        RoleGround::TrustOrFoundation
                    } else if e.to == self.subject
                        && matches!(role, RoleType::Ceo | RoleType::Chairman)
                    {
                        RoleGround::SeniorManaging
                    } else {
                        RoleGround::Position
                    };
                    rg.links
                        .push(Link::role(e.from, e.to, ground, role.label()));
                }
            }
        }
        rg
    }
}

fn path_view(g: &OwnershipGraph, c: &ChainPath) -> OwnershipPath {
    OwnershipPath {
        nodes: c.parties.iter().map(|&i| g.nodes[i].id.clone()).collect(),
        steps: c
            .steps
            .iter()
            .map(|s| s.share.map_or(0.0, |x| x.lo))
            .collect(),
        share: c.share.map_or(0.0, |x| x.lo),
        every_step_above25: c
            .steps
            .iter()
            .all(|s| s.share.is_some_and(|x| x.surely_above(BO_THRESHOLD)) || s.role.is_some()),
        step_roles: c.steps.iter().map(|s| s.role.clone()).collect(),
    }
}

fn rule_list(o: &OwnerAnalysis, foundation: bool) -> Vec<Rule> {
    let mut v: Vec<Rule> = o
        .rules()
        .into_iter()
        .map(|r| match r {
            RuleName::ChainRule => Rule::ChainOwnership,
            RuleName::ControlRule => Rule::RegisterControl,
            RuleName::IntegratedRule => Rule::IntegratedOwnership,
            RuleName::AmlrRule => Rule::AmlrOwnership,
        })
        .collect();
    if foundation {
        v.push(Rule::FoundationRole);
    }
    if o.senior_managing_official {
        v.push(Rule::SeniorManagingOfficial);
    }
    v
}

fn build_view(g: &OwnershipGraph) -> GraphView {
    let n = g.nodes.len();
    let rg = g.rules_graph();
    let a = rg.analyse(g.subject);
    let sanctions = rg.sanctions();
    let (in_cycle_node, in_cycle_edge) = cycles(g);

    let mut warnings = g.warnings.clone();
    for w in &a.warnings {
        let code = match w.kind {
            WarningKind::InboundOver100 => WarningCode::InboundOver100,
            WarningKind::CrossHolding => WarningCode::CrossHolding,
            WarningKind::PathLimit => WarningCode::PathLimitReached,
        };
        warnings.push(DataWarning {
            code,
            message: w.message.clone(),
            node_id: w.party.map(|p| g.nodes[p].id.clone()),
        });
    }
    for (x, y) in rg.possibly_same_persons() {
        warnings.push(DataWarning {
            code: WarningCode::PossiblySamePerson,
            message: format!(
                "{} and {} are possibly the same person: no identifier or birth date tells them apart, so they are kept apart.",
                describe(g, x),
                describe(g, y)
            ),
            node_id: Some(g.nodes[x].id.clone()),
        });
    }
    let mut seen = Vec::new();
    warnings.retain(|w| {
        let fresh = !seen.contains(w);
        if fresh {
            seen.push(w.clone());
        }
        fresh
    });

    let mut owners: Vec<BeneficialOwnerFinding> = Vec::new();
    let mut node_rules: Vec<Vec<Rule>> = vec![Vec::new(); n];
    let mut node_bo = vec![false; n];
    let mut listed: BTreeSet<usize> = BTreeSet::new();
    for o in &a.owners {
        let p = o.party;
        listed.insert(p);
        let foundation_roles: Vec<FoundationRoleRef> = g
            .edges
            .iter()
            .filter(|e| {
                e.kind == EdgeKind::Role
                    && e.from == p
                    && g.nodes[e.to].kind == NodeKind::Foundation
                    && e.role.as_ref().is_some_and(RoleType::controls_foundation)
            })
            .map(|e| FoundationRoleRef {
                foundation_id: g.nodes[e.to].id.clone(),
                role: e.role.as_ref().map_or("Role", RoleType::label).to_owned(),
            })
            .collect();
        let rules = rule_list(o, o.chain_rule && !foundation_roles.is_empty());
        owners.push(finding(g, o, rules, foundation_roles));
    }
    // Persons upstream names but the ownership data here does not reach.
    for (&p, _) in g.upstream.iter().filter(|(p, _)| !listed.contains(p)) {
        let o = OwnerAnalysis::none(p);
        owners.push(finding(g, &o, Vec::new(), Vec::new()));
    }
    for f in &owners {
        if let Some(&i) = g.index.get(&f.node_id) {
            node_rules[i] = f.rules.clone();
            node_bo[i] = f.is_beneficial_owner;
        }
    }
    owners.sort_by(|x, y| {
        y.is_beneficial_owner
            .cmp(&x.is_beneficial_owner)
            .then(y.integrated_share.total_cmp(&x.integrated_share))
            .then(x.name.cmp(&y.name))
    });

    // Upstream's owners against the register rule.
    let reported: Vec<ReportedOwner> = g
        .upstream
        .iter()
        .map(|(&p, u)| ReportedOwner {
            party: Some(p),
            name: g.nodes[p].label.clone(),
            share: u.integrated_ownership.or(u.owner_share),
        })
        .collect();
    let differences = if g.upstream_list {
        compare_reported(&rg, &a, &reported, "BankID", Some(RuleName::ControlRule))
            .into_iter()
            .map(|d| OwnerDifference {
                node_id: d.party.map(|p| g.nodes[p].id.clone()),
                name: d.name,
                kind: d.kind.to_owned(),
                message: d.message,
            })
            .collect()
    } else {
        Vec::new()
    };

    let depth = depths(g);
    let nodes = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let by_ownership = sanctions[i].ofac50 && !x.sanctioned;
            GraphNodeView {
                id: x.id.clone(),
                label: x.label.clone(),
                kind: x.kind,
                identifier: x.identifier.clone(),
                identifier_display: x
                    .identifier
                    .as_deref()
                    .map(|i| super::view::identifier_display(i, x.country.as_deref())),
                country: x.country.clone(),
                date_of_birth: x.date_of_birth.clone(),
                is_subject: i == g.subject,
                is_beneficial_owner: node_bo[i],
                rules: node_rules[i].clone(),
                sanctioned: x.sanctioned || by_ownership,
                sanctioned_by_ownership: by_ownership,
                pep: x.pep,
                in_cycle: in_cycle_node[i],
                depth: depth[i],
                integrated_share: a.integrated_by_party.get(i).copied().flatten(),
            }
        })
        .collect();
    let edges = g
        .edges
        .iter()
        .enumerate()
        .map(|(k, e)| GraphEdgeView {
            from: g.nodes[e.from].id.clone(),
            to: g.nodes[e.to].id.clone(),
            kind: e.kind,
            share: e.share,
            votes: e.votes,
            declared_control: e.declared_control,
            in_cycle: in_cycle_edge[k],
            role: e.role.as_ref().map(|r| r.label().to_owned()),
        })
        .collect();
    let s = &a.sanctions;
    GraphView {
        subject: g.nodes[g.subject].id.clone(),
        nodes,
        edges,
        owners,
        warnings,
        sanctions_ownership: SanctionsOwnershipView {
            ofac50: s.ofac50,
            eu_sanctions50: s.eu_sanctions50,
            possibly: s.possibly.iter().map(|x| (*x).to_owned()).collect(),
            grounds: s.grounds.clone(),
        },
        no_natural_person: a.no_natural_person,
        simplified_due_diligence: a.simplified_due_diligence.clone(),
        unlisted_percent: a.unlisted_percent,
        depth: u32::try_from(a.depth).unwrap_or(u32::MAX),
        differences,
    }
}

fn describe(g: &OwnershipGraph, i: usize) -> String {
    let n = &g.nodes[i];
    match &n.date_of_birth {
        Some(d) => format!("{} (born {d})", n.label),
        None => format!("{} (no birth date)", n.label),
    }
}

fn finding(
    g: &OwnershipGraph,
    o: &OwnerAnalysis,
    rules: Vec<Rule>,
    foundation_roles: Vec<FoundationRoleRef>,
) -> BeneficialOwnerFinding {
    let node = &g.nodes[o.party];
    let upstream = g.upstream.get(&o.party).cloned();
    let mut paths: Vec<OwnershipPath> = o.paths.iter().map(|c| path_view(g, c)).collect();
    paths.sort_by(|a, b| b.share.total_cmp(&a.share));
    let control = Control {
        controlled: o.controlled.clone(),
        share: o.control_share.lo,
    };
    let (mut explanation, disagreements) = explain(
        g,
        &rules,
        o.integrated.lo,
        &control,
        &paths,
        &foundation_roles,
        upstream.as_ref(),
    );
    explanation.extend(o.assumed.iter().cloned());
    if !o.possibly.is_empty() {
        explanation.push(format!(
            "Possibly also: {} (a share on the way is not stated).",
            o.possibly
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    BeneficialOwnerFinding {
        node_id: node.id.clone(),
        name: node.label.clone(),
        date_of_birth: node.date_of_birth.clone(),
        is_beneficial_owner: o.any_rule() || o.senior_managing_official || upstream.is_some(),
        rules,
        chain_rule: o.chain_rule,
        control_rule: o.control_rule,
        integrated_rule: o.integrated_rule,
        amlr_rule: o.amlr_rule,
        possibly: o.possibly.iter().map(|r| r.key().to_owned()).collect(),
        assumed: o.assumed.clone(),
        integrated_share: o.integrated.lo,
        integrated_percent: (o.integrated.is_exact() && !o.integrated_unknown)
            .then_some(o.integrated.lo),
        integrated_max: o.integrated.hi,
        control_share: o.control_share.lo,
        senior_managing_official: o.senior_managing_official,
        pep: node.pep,
        controlled_via: o
            .controlled
            .iter()
            .map(|&i| g.nodes[i].id.clone())
            .collect(),
        paths,
        foundation_roles,
        upstream,
        disagreements,
        explanation,
    }
}

/// Layers above the subject (owners, positive) or below it (subsidiaries, negative).
fn depths(g: &OwnershipGraph) -> Vec<Option<i32>> {
    let n = g.nodes.len();
    let mut depth: Vec<Option<i32>> = vec![None; n];
    depth[g.subject] = Some(0);
    let mut up_in: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &g.edges {
        up_in[e.to].push(e.from);
        if e.kind == EdgeKind::Ownership {
            down[e.from].push(e.to);
        }
    }
    let mut q = VecDeque::from([g.subject]);
    while let Some(v) = q.pop_front() {
        let d = depth[v].unwrap_or(0);
        for &u in &up_in[v] {
            if depth[u].is_none() {
                depth[u] = Some(d + 1);
                q.push_back(u);
            }
        }
    }
    let mut q = VecDeque::from([g.subject]);
    while let Some(v) = q.pop_front() {
        let d = depth[v].unwrap_or(0);
        for &w in &down[v] {
            if depth[w].is_none() {
                depth[w] = Some(d - 1);
                q.push_back(w);
            }
        }
    }
    depth
}
