//! Ownership graph and beneficial owners (ARCHITECTURE.md "Ownership and beneficial owners").
//!
//! Nodes are companies, persons and foundations; ownership edges point owner → owned and carry
//! the share (and voting) percentage. Role edges (person → foundation) carry no share; they only
//! feed the foundation rule.
//!
//! Indirect ownership: every *simple* path (no node twice) from an owner to the subject is
//! enumerated, shares are multiplied along a path and summed over parallel paths. A cross-holding
//! therefore contributes each distinct chain once and never loops: the answer is explainable
//! path by path (the officer sees every chain), which the closed-form linear-system solution
//! would not be — it counts a loop infinitely often. Enumeration is capped ([`MAX_DEPTH`] edges
//! per path, [`MAX_PATHS`] paths in total, chains below [`MIN_PATH_SHARE`] percent pruned); hitting
//! a cap is reported as a data warning.
//!
//! Three rules are applied side by side to every person:
//! - [`Rule::ChainOwnership`] (the AML act): some chain has more than 25 % at every step;
//! - [`Rule::RegisterControl`] (the beneficial-owner register): the person controls each
//!   intermediate (more than 50 % of shares or votes held by the person and entities already
//!   controlled, or declared control), and the person plus the controlled entities hold more than
//!   25 % of the subject in aggregate;
//! - [`Rule::IntegratedOwnership`]: the multiplied shares summed over all paths exceed 25 %.
//!
//! plus [`Rule::VotingRights`] (the same aggregation over votes, where votes are known) and
//! [`Rule::FoundationRole`] (board or management of a foundation that itself owns or controls the
//! subject, or is the subject). Upstream's own reason (`ownership.beneficials`, beneficial-owners
//! API) is reported next to them, so the officer sees which source disagrees.
//!
//! Sanctions: an entity owned 50 % or more in aggregate by sanctioned parties (directly
//! sanctioned, or flagged by this same rule) is flagged too.

mod analysis;
mod build;
mod cycles;
mod explain;
mod graph;
pub mod rules;
mod view;

pub use analysis::{MAX_DEPTH, MAX_PATHS, MIN_PATH_SHARE};
pub use build::SANCTION_MATCH_MIN;
pub use graph::{company_id, person_id, OwnershipGraph};
pub use view::{
    BeneficialOwnerFinding, DataWarning, EdgeKind, FoundationRoleRef, GraphEdgeView, GraphNodeView,
    GraphView, NodeKind, OwnershipPath, Rule, UpstreamReason, WarningCode,
};

#[cfg(test)]
mod tests;

fn pct(v: f64) -> String {
    format!("{:.2} %", v)
}
