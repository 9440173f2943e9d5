//! Indirect shares (path enumeration), the beneficial-owner rules, depth and sanctions through
//! ownership; the findings assembled into the [`GraphView`].

use super::cycles::cycles;
use super::explain::explain;
use super::graph::OwnershipGraph;
use super::pct;
use super::view::{
    BeneficialOwnerFinding, DataWarning, EdgeKind, FoundationRoleRef, GraphEdgeView, GraphNodeView,
    GraphView, NodeKind, OwnershipPath, Rule, WarningCode,
};
use crate::model::org::RoleType;
use std::collections::{BTreeSet, HashMap, VecDeque};

/// Longest chain (in edges) that is followed.
pub const MAX_DEPTH: usize = 12;
/// Most paths enumerated for one graph.
pub const MAX_PATHS: usize = 20_000;
/// Chains whose multiplied share falls below this (percent) are not followed further.
pub const MIN_PATH_SHARE: f64 = 0.0001;

pub(super) const EPS: f64 = 1e-9;
const BO_THRESHOLD: f64 = 25.0;
pub(super) const CONTROL_THRESHOLD: f64 = 50.0;
const SANCTION_THRESHOLD: f64 = 50.0;

impl OwnershipGraph {
    /// Computes everything and returns the serializable view.
    pub fn view(&self) -> GraphView {
        Analysis::run(self).into_view(self)
    }

    /// The findings only (same as `view().owners`).
    pub fn findings(&self) -> Vec<BeneficialOwnerFinding> {
        self.view().owners
    }
}

struct PathRec {
    nodes: Vec<usize>,
    steps: Vec<f64>,
    share: f64,
}

pub(super) struct Control {
    pub(super) controlled: Vec<usize>,
    pub(super) share: f64,
    pub(super) votes: Option<f64>,
    controls_subject: bool,
}

pub(super) struct Analysis {
    paths: HashMap<usize, Vec<PathRec>>,
    /// Ownership edges (indices) leaving each node.
    outbound: Vec<Vec<usize>>,
    in_cycle_node: Vec<bool>,
    in_cycle_edge: Vec<bool>,
    depth: Vec<Option<i32>>,
    sanctioned_by_ownership: Vec<bool>,
    warnings: Vec<DataWarning>,
}

impl Analysis {
    pub(super) fn run(g: &OwnershipGraph) -> Analysis {
        let n = g.nodes.len();
        let mut warnings = g.warnings.clone();
        // Inbound ownership edges per node.
        let mut inbound: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut outbound: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, e) in g.edges.iter().enumerate() {
            if e.kind == EdgeKind::Ownership {
                inbound[e.to].push(k);
                outbound[e.from].push(k);
            }
        }
        for (v, ins) in inbound.iter().enumerate() {
            let total: f64 = ins.iter().map(|&k| g.edges[k].share()).sum();
            if total > 100.0 + 0.5 {
                let w = DataWarning {
                    code: WarningCode::InboundOver100,
                    message: format!(
                        "The listed owners of {} hold {} together, more than 100 %; the upstream data is inconsistent.",
                        g.nodes[v].label,
                        pct(total)
                    ),
                    node_id: Some(g.nodes[v].id.clone()),
                };
                warnings.push(w);
            }
        }

        // Simple paths into the subject, depth-first over inbound edges.
        let mut paths: HashMap<usize, Vec<PathRec>> = HashMap::new();
        let mut count = 0usize;
        let mut truncated = false;
        let mut on_path = vec![false; n];
        on_path[g.subject] = true;
        // Stack frames: (node, next inbound index, chain of (owner node, share) from subject).
        let mut chain: Vec<(usize, f64)> = Vec::new();
        let mut stack: Vec<(usize, usize)> = vec![(g.subject, 0)];
        while let Some(frame) = stack.last_mut() {
            let (v, idx) = *frame;
            if idx >= inbound[v].len() {
                stack.pop();
                if let Some((u, _)) = chain.pop() {
                    on_path[u] = false;
                }
                continue;
            }
            frame.1 += 1;
            let e = &g.edges[inbound[v][idx]];
            let u = e.from;
            if on_path[u] {
                continue;
            }
            // Percent: the fractions along the chain multiplied, times 100.
            let product = chain
                .iter()
                .fold(e.share() / 100.0, |p, &(_, s)| p * s / 100.0)
                * 100.0;
            if product < MIN_PATH_SHARE {
                continue;
            }
            if count >= MAX_PATHS || chain.len() >= MAX_DEPTH {
                truncated = true;
                continue;
            }
            count += 1;
            chain.push((u, e.share()));
            on_path[u] = true;
            // nodes from owner u down to the subject
            let mut nodes: Vec<usize> = chain.iter().rev().map(|&(x, _)| x).collect();
            nodes.push(g.subject);
            let steps: Vec<f64> = chain.iter().rev().map(|&(_, s)| s).collect();
            paths.entry(u).or_default().push(PathRec {
                nodes,
                steps,
                share: product,
            });
            stack.push((u, 0));
        }
        if truncated {
            warnings.push(DataWarning {
                code: WarningCode::PathLimitReached,
                message: format!(
                    "The ownership structure is too large to follow completely (more than {MAX_PATHS} chains or chains longer than {MAX_DEPTH} steps); indirect shares may be understated."
                ),
                node_id: None,
            });
        }

        let (in_cycle_node, in_cycle_edge) = cycles(g);

        // Depth: owners above (positive), subsidiaries below (negative).
        let mut depth: Vec<Option<i32>> = vec![None; n];
        depth[g.subject] = Some(0);
        let mut q = VecDeque::from([g.subject]);
        let mut up_in: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in &g.edges {
            up_in[e.to].push(e.from);
        }
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
            for &k in &outbound[v] {
                let w = g.edges[k].to;
                if depth[w].is_none() {
                    depth[w] = Some(d - 1);
                    q.push_back(w);
                }
            }
        }

        // Sanctions: owned ≥ 50 % in aggregate by flagged parties, to a fixed point. Worklist:
        // each edge is counted once, when its owner becomes flagged.
        let mut flagged: Vec<bool> = g.nodes.iter().map(|x| x.sanctioned).collect();
        let mut by_ownership = vec![false; n];
        let mut held = vec![0.0f64; n];
        let mut work: Vec<usize> = (0..n).filter(|&v| flagged[v]).collect();
        while let Some(u) = work.pop() {
            for &k in &outbound[u] {
                let e = &g.edges[k];
                held[e.to] += e.share();
                if !flagged[e.to] && held[e.to] >= SANCTION_THRESHOLD - EPS {
                    flagged[e.to] = true;
                    by_ownership[e.to] = true;
                    work.push(e.to);
                }
            }
        }

        Analysis {
            paths,
            outbound,
            in_cycle_node,
            in_cycle_edge,
            depth,
            sanctioned_by_ownership: by_ownership,
            warnings,
        }
    }

    /// Register rule for one party: what it controls, and what it and those hold in the subject.
    pub(super) fn control(&self, g: &OwnershipGraph, p: usize) -> Control {
        // Worklist over controlled parties: each edge is counted once, when its owner becomes
        // controlled, so this is linear in the number of edges.
        let n = g.nodes.len();
        let mut ctrl = vec![false; n];
        let mut weight = vec![0.0f64; n];
        let mut declared = vec![false; n];
        ctrl[p] = true;
        let mut work = vec![p];
        while let Some(u) = work.pop() {
            for &k in &self.outbound[u] {
                let e = &g.edges[k];
                let v = e.to;
                weight[v] += e.control_weight();
                declared[v] |= e.declared_control;
                if !ctrl[v]
                    && g.nodes[v].kind != NodeKind::Person
                    && (weight[v] > CONTROL_THRESHOLD + EPS || declared[v])
                {
                    ctrl[v] = true;
                    work.push(v);
                }
            }
        }
        let into_subject = g
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Ownership && e.to == g.subject && ctrl[e.from]);
        let mut share = 0.0;
        let mut votes = 0.0;
        let mut any_votes = false;
        for e in into_subject {
            share += e.share();
            votes += e.votes.unwrap_or(e.share());
            any_votes |= e.votes.is_some();
        }
        let controlled = (0..n)
            .filter(|&v| v != p && ctrl[v] && v != g.subject)
            .collect();
        Control {
            controlled,
            share,
            votes: any_votes.then_some(votes),
            controls_subject: ctrl[g.subject] && p != g.subject,
        }
    }

    fn integrated(&self, v: usize) -> f64 {
        self.paths
            .get(&v)
            .map_or(0.0, |ps| ps.iter().map(|p| p.share).sum())
    }

    fn chain_qualifies(&self, v: usize) -> bool {
        self.paths.get(&v).is_some_and(|ps| {
            ps.iter()
                .any(|p| p.steps.iter().all(|&s| s > BO_THRESHOLD + EPS))
        })
    }

    /// Ownership rules for any party (also used for foundations).
    fn ownership_rules(&self, g: &OwnershipGraph, v: usize) -> (Vec<Rule>, Control) {
        let c = self.control(g, v);
        let mut rules = Vec::new();
        if self.chain_qualifies(v) {
            rules.push(Rule::ChainOwnership);
        }
        if c.share > BO_THRESHOLD + EPS || c.controls_subject {
            rules.push(Rule::RegisterControl);
        }
        if self.integrated(v) > BO_THRESHOLD + EPS {
            rules.push(Rule::IntegratedOwnership);
        }
        if c.votes.is_some_and(|x| x > BO_THRESHOLD + EPS) {
            rules.push(Rule::VotingRights);
        }
        (rules, c)
    }

    fn into_view(self, g: &OwnershipGraph) -> GraphView {
        let n = g.nodes.len();
        let mut owners: Vec<BeneficialOwnerFinding> = Vec::new();
        let mut node_rules: Vec<Vec<Rule>> = vec![Vec::new(); n];
        let mut node_bo = vec![false; n];

        // Foundations that own, control or are the subject.
        let mut qualifying_foundations: BTreeSet<usize> = BTreeSet::new();
        for (v, node) in g.nodes.iter().enumerate() {
            if node.kind != NodeKind::Foundation {
                continue;
            }
            if v == g.subject || !self.ownership_rules(g, v).0.is_empty() {
                qualifying_foundations.insert(v);
            }
        }

        for (p, node) in g.nodes.iter().enumerate() {
            if node.kind != NodeKind::Person {
                continue;
            }
            let (mut rules, control) = self.ownership_rules(g, p);
            let foundation_roles: Vec<FoundationRoleRef> = g
                .edges
                .iter()
                .filter(|e| {
                    e.kind == EdgeKind::Role
                        && e.from == p
                        && qualifying_foundations.contains(&e.to)
                })
                .map(|e| FoundationRoleRef {
                    foundation_id: g.nodes[e.to].id.clone(),
                    role: e.role.as_ref().map_or("Role", RoleType::label).to_owned(),
                })
                .collect();
            if !foundation_roles.is_empty() {
                rules.push(Rule::FoundationRole);
            }
            rules.sort();
            let upstream = g.upstream.get(&p).cloned();
            let paths = self.paths.get(&p);
            if paths.is_none() && upstream.is_none() && foundation_roles.is_empty() {
                continue;
            }
            let integrated = self.integrated(p);
            let mut path_views: Vec<OwnershipPath> = paths
                .map(|ps| {
                    ps.iter()
                        .map(|r| OwnershipPath {
                            nodes: r.nodes.iter().map(|&i| g.nodes[i].id.clone()).collect(),
                            steps: r.steps.clone(),
                            share: r.share,
                            every_step_above25: r.steps.iter().all(|&s| s > BO_THRESHOLD + EPS),
                        })
                        .collect()
                })
                .unwrap_or_default();
            path_views.sort_by(|a, b| b.share.total_cmp(&a.share));
            let is_bo = !rules.is_empty() || upstream.is_some();
            let (explanation, disagreements) = explain(
                g,
                &rules,
                integrated,
                &control,
                &path_views,
                &foundation_roles,
                upstream.as_ref(),
            );
            node_rules[p] = rules.clone();
            node_bo[p] = is_bo;
            owners.push(BeneficialOwnerFinding {
                node_id: node.id.clone(),
                name: node.label.clone(),
                date_of_birth: node.date_of_birth.clone(),
                is_beneficial_owner: is_bo,
                rules,
                integrated_share: integrated,
                control_share: control.share,
                control_votes: control.votes,
                controlled_via: control
                    .controlled
                    .iter()
                    .map(|&i| g.nodes[i].id.clone())
                    .collect(),
                paths: path_views,
                foundation_roles,
                upstream,
                disagreements,
                explanation,
            });
        }
        owners.sort_by(|a, b| {
            b.is_beneficial_owner
                .cmp(&a.is_beneficial_owner)
                .then(b.integrated_share.total_cmp(&a.integrated_share))
                .then(a.name.cmp(&b.name))
        });
        // Non-person parties also get their rules shown (a state or a foundation at the top).
        for (v, node) in g.nodes.iter().enumerate() {
            if node.kind != NodeKind::Person && v != g.subject && self.paths.contains_key(&v) {
                node_rules[v] = self.ownership_rules(g, v).0;
            }
        }
        let mut warnings = self.warnings.clone();
        warnings.dedup();

        let nodes = g
            .nodes
            .iter()
            .enumerate()
            .map(|(i, x)| GraphNodeView {
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
                sanctioned: x.sanctioned || self.sanctioned_by_ownership[i],
                sanctioned_by_ownership: self.sanctioned_by_ownership[i],
                pep: x.pep,
                in_cycle: self.in_cycle_node[i],
                depth: self.depth[i],
                integrated_share: self.paths.contains_key(&i).then(|| self.integrated(i)),
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
                in_cycle: self.in_cycle_edge[k],
                role: e.role.as_ref().map(|r| r.label().to_owned()),
            })
            .collect();
        GraphView {
            subject: g.nodes[g.subject].id.clone(),
            nodes,
            edges,
            owners,
            warnings,
        }
    }
}
