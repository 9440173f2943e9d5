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
    /// EU AMLR art. 52 (from 10 July 2027): multiplied and summed, 25 % or more.
    AmlrOwnership,
    /// Board or management of a foundation that owns, controls or is the subject.
    FoundationRole,
    /// No natural person qualifies: the chief executive or chair is recorded on that ground.
    SeniorManagingOfficial,
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
            Rule::AmlrOwnership => "EU AMLR (25 % or more, multiplied along the chains)",
            Rule::FoundationRole => "Role in a foundation that owns or controls the company",
            Rule::SeniorManagingOfficial => {
                "Senior managing official (no natural person qualifies by ownership or control)"
            }
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
    /// Two persons of one name that no identifier or birth date tells apart; kept apart.
    PossiblySamePerson,
    /// Integrated shares include what a cross-holding returns (or a closed loop was capped).
    CrossHolding,
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
    /// For each step that is a role rather than a holding, the role in words (its `steps`
    /// entry is then 0).
    pub step_roles: Vec<Option<String>>,
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
    /// `NO-AML-14`: more than 25 % at every step of a chain (or a foundation role).
    pub chain_rule: bool,
    /// `NO-REG`: control of each intermediate, then more than 25 % in aggregate.
    pub control_rule: bool,
    /// Integrated ownership more than 25 %.
    pub integrated_rule: bool,
    /// `EU-AMLR-52`: integrated ownership 25 % or more.
    pub amlr_rule: bool,
    /// Rule fields (`chainRule`, …) that are false but hold for some value of an unstated share.
    pub possibly: Vec<String>,
    /// Values taken as equal to the other (votes for unknown shares, or shares for votes).
    pub assumed: Vec<String>,
    /// Integrated share in percent (the lower end when a share on the way is unstated).
    pub integrated_share: f64,
    /// Integrated share when known exactly; `None` when a share on the way is unstated.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_percent: Option<f64>,
    /// Upper end of the integrated share (equal to `integrated_share` when exact).
    pub integrated_max: f64,
    /// Share (or votes, the larger) held by the person and the entities the person controls
    /// (register rule), percent.
    pub control_share: f64,
    /// Recorded as senior managing official because no natural person qualifies.
    pub senior_managing_official: bool,
    pub pep: bool,
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

/// Sanctions through ownership for the subject.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SanctionsOwnershipView {
    /// `OFAC-50`: 50 % or more owned by blocked parties (through blocked entities only).
    pub ofac50: bool,
    /// `EU-SANCTIONS-50`: 50 % or more, or controlled by a designated party.
    pub eu_sanctions50: bool,
    /// `ofac50` / `euSanctions50` when they hold only for some value of an unstated share.
    pub possibly: Vec<String>,
    pub grounds: Vec<String>,
}

/// One difference between the owners upstream reports and those computed under `NO-REG`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnerDifference {
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    pub name: String,
    /// `notComputed`, `notReported` or `shareDiffers`.
    pub kind: String,
    pub message: String,
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
    pub sanctions_ownership: SanctionsOwnershipView,
    /// No natural person qualifies by any rule.
    pub no_natural_person: bool,
    /// State ownership, listed company or parent: grounds for simplified due diligence.
    pub simplified_due_diligence: Vec<String>,
    /// Percent of the subject's shares whose holders the data does not list.
    pub unlisted_percent: f64,
    /// Longest chain (links) into the subject.
    pub depth: u32,
    /// The owners `ownership.beneficials` / the beneficial-owners API name, compared with those
    /// computed under `NO-REG`: each difference (for the register's discrepancy notice).
    pub differences: Vec<OwnerDifference>,
}
