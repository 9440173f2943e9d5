//! The serializable result the UI draws: node, edge, rule, warning and finding types.

use crate::model::org::BoReason;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipNodeKind")]
pub enum NodeKind {
    Company,
    Person,
    Foundation,
    /// Anything else (state, municipality, unidentified shareholder, …).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipEdgeKind")]
pub enum EdgeKind {
    Ownership,
    /// Person → foundation: a board or management role, no share.
    Role,
}

/// Why a person is a beneficial owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipRule")]
pub enum Rule {
    /// The AML act: a chain with more than 25 % at every step.
    ChainOwnership,
    /// The register: control of each intermediate, then more than 25 % in aggregate.
    RegisterControl,
    /// Multiplied shares summed over all paths exceed 25 %.
    IntegratedOwnership,
    /// More than 25 % of the votes (directly or through controlled entities).
    VotingRights,
    /// Board or management of a foundation that owns, controls or is the subject.
    FoundationRole,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::ChainOwnership => "AML act chain rule (over 25 % at every step)",
            Rule::RegisterControl => {
                "Register control rule (controls each intermediate, over 25 % in aggregate)"
            }
            Rule::IntegratedOwnership => {
                "Integrated ownership (over 25 % multiplied along the chains)"
            }
            Rule::VotingRights => "Voting rights over 25 %",
            Rule::FoundationRole => "Role in a foundation that owns or controls the company",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipWarningCode")]
pub enum WarningCode {
    ShareOutOfRange,
    MissingShare,
    InboundOver100,
    ConflictingShares,
    SelfOwnership,
    PathLimitReached,
    AmbiguousPerson,
    NoSubjectData,
}

/// A data-quality problem found while building or analysing the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipWarning")]
pub struct DataWarning {
    pub code: WarningCode,
    pub message: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
}

/// One chain from an owner down to the subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipPath {
    /// Node ids from the owner to the subject.
    pub nodes: Vec<String>,
    /// Share (percent) of each step, `steps[i]` from `nodes[i]` to `nodes[i + 1]`.
    pub steps: Vec<f64>,
    /// The steps multiplied, in percent.
    pub share: f64,
    /// Every step above 25 % (the chain rule).
    pub every_step_above25: bool,
}

/// What upstream said about this person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamReason {
    /// `organization` (ownership.beneficials) or `beneficialOwners` (the beneficial-owners API).
    pub source: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<BoReason>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_phrase: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_share: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_ownership: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage_control: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FoundationRoleRef {
    pub foundation_id: String,
    pub role: String,
}

/// The result for one person: which rules qualify, with the numbers and paths behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BeneficialOwnerFinding {
    pub node_id: String,
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    pub is_beneficial_owner: bool,
    /// Rules that qualify, in a fixed order.
    pub rules: Vec<Rule>,
    /// Integrated share in percent (sum over `paths`).
    pub integrated_share: f64,
    /// Share held by the person and the entities the person controls (register rule), percent.
    pub control_share: f64,
    /// Votes held the same way, when any voting percentage is known.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_votes: Option<f64>,
    /// Entities the person controls (register rule), node ids.
    pub controlled_via: Vec<String>,
    pub paths: Vec<OwnershipPath>,
    pub foundation_roles: Vec<FoundationRoleRef>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<UpstreamReason>,
    /// Sentences naming the rule or source that disagrees, for the officer.
    pub disagreements: Vec<String>,
    /// Sentences explaining each qualifying rule.
    pub explanation: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphNodeView {
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The identifier as the rest of the window shows it (`921 111 401`, `556016-0680`): core's
    /// `OrgId::display` for the node's country (Norway when not given), as given otherwise.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_display: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    pub is_subject: bool,
    pub is_beneficial_owner: bool,
    pub rules: Vec<Rule>,
    /// Sanctioned itself (hit on a list) or through ownership.
    pub sanctioned: bool,
    /// Flagged only because sanctioned parties own 50 % or more of it.
    pub sanctioned_by_ownership: bool,
    pub pep: bool,
    pub in_cycle: bool,
    /// Layers above the subject (owners, positive) or below it (subsidiaries, negative);
    /// `None` when not connected to the subject.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<i32>,
    /// Integrated share in the subject, percent, when the node owns any of it.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphEdgeView {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// Percent of the shares; `None` when upstream did not say.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<f64>,
    pub declared_control: bool,
    pub in_cycle: bool,
    /// For role edges: the role in words.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Everything the UI draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphView {
    pub subject: String,
    pub nodes: Vec<GraphNodeView>,
    pub edges: Vec<GraphEdgeView>,
    pub owners: Vec<BeneficialOwnerFinding>,
    pub warnings: Vec<DataWarning>,
}

/// An organization number formatted for display; a number that does not read as one is shown as
/// given.
pub(super) fn identifier_display(raw: &str, country: Option<&str>) -> String {
    let c = country
        .and_then(|c| c.parse::<crate::Country>().ok())
        .unwrap_or(crate::Country::No);
    crate::OrgId::parse(c, raw)
        .map(|id| id.display())
        .unwrap_or_else(|_| raw.to_owned())
}
