//! Ownership graph and beneficial owners (ARCHITECTURE.md "Ownership and beneficial owners").
//!
//! One graph per subject, built from every cached result of the environment ([`build`]): nodes
//! are companies, persons and foundations, merged by identifier only (organization number,
//! national identity number, or name *and* date of birth; never by name alone: two nodes that may
//! be one person stay apart with a [`WarningCode::PossiblySamePerson`] warning). Ownership edges
//! point owner → owned with share and voting percentages; role edges (person → company) carry a
//! role: the board and management of a foundation, the chief executive and chair of the subject
//! (senior managing officials), and every person a PEP or sanction hit names, attached by the
//! relation the hit states to the company it names.
//!
//! The rules are not computed here but in [`rules`], on a source-neutral translation of this
//! graph ([`OwnershipGraph::rules_graph`]), which `amldesk ubo` (BODS 0.4, [`crate::bods`]) uses
//! too. [`rules`] documents every rule, the tolerance, the "possibly" of unknown shares, and the
//! stated method for cross-holdings (integrated ownership as the sum over walks, the Leontief
//! measure, by fixed-point iteration). This module assembles the findings the window shows:
//! each person with every rule side by side, the strongest chains, the explanation, and the
//! differences from the owners upstream names (`ownership.beneficials`, the beneficial-owners
//! API) under the register's rule.

mod analysis;
mod build;
mod cycles;
mod explain;
mod graph;
pub mod rules;
mod view;

pub use analysis::{MAX_DEPTH, MAX_PATHS};
pub use build::SANCTION_MATCH_MIN;
pub use graph::{company_id, person_id, person_nin_id, OwnershipGraph};
pub use view::{
    BeneficialOwnerFinding, DataWarning, EdgeKind, FoundationRoleRef, GraphEdgeView, GraphNodeView,
    GraphView, NodeKind, OwnerDifference, OwnershipPath, Rule, SanctionsOwnershipView,
    UpstreamReason, WarningCode,
};

#[cfg(test)]
mod tests;

fn pct(v: f64) -> String {
    format!("{:.2} %", v)
}
