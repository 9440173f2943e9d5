//! What the rules find: per owner, per subject, sanctions, warnings.

use super::Share;

/// The rule names as the CLI's JSON spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleName {
    ChainRule,
    ControlRule,
    IntegratedRule,
    AmlrRule,
}

impl RuleName {
    pub fn key(self) -> &'static str {
        match self {
            RuleName::ChainRule => "chainRule",
            RuleName::ControlRule => "controlRule",
            RuleName::IntegratedRule => "integratedRule",
            RuleName::AmlrRule => "amlrRule",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            RuleName::ChainRule => "NO-AML-14",
            RuleName::ControlRule => "NO-REG",
            RuleName::IntegratedRule => "integrated",
            RuleName::AmlrRule => "EU-AMLR-52",
        }
    }
}

/// One link of a chain, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Percent of the shares (votes where only votes are known); `None` for a role or board link.
    pub share: Option<Share>,
    /// Words for a role or board link.
    pub role: Option<String>,
}

/// A simple chain from an owner (first) to the subject (last).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainPath {
    pub parties: Vec<usize>,
    pub steps: Vec<Step>,
    /// The shares multiplied; `None` when a step is a role.
    pub share: Option<Share>,
}

/// One natural person behind the subject, with every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerAnalysis {
    pub party: usize,
    /// Integrated share in the subject (percent, interval).
    pub integrated: Share,
    /// Some share on the way was unstated.
    pub integrated_unknown: bool,
    pub chain_rule: bool,
    pub control_rule: bool,
    pub integrated_rule: bool,
    pub amlr_rule: bool,
    /// Rules that hold for some value the ranges allow, but not for all.
    pub possibly: Vec<RuleName>,
    /// What was assumed ("votes of X in Y taken as equal to its shares").
    pub assumed: Vec<String>,
    /// Entities the person controls (control rule), party indices.
    pub controlled: Vec<usize>,
    /// Shares (or votes, the larger) held by the person and controlled entities in the subject.
    pub control_share: Share,
    /// The strongest simple chains.
    pub paths: Vec<ChainPath>,
    /// Trust or foundation roles on the way (words).
    pub roles: Vec<String>,
    /// Recorded as senior managing official because no natural person qualifies.
    pub senior_managing_official: bool,
}

impl OwnerAnalysis {
    /// A party no rule makes an owner (yet): nothing owned, no path, no role.
    pub fn none(party: usize) -> Self {
        OwnerAnalysis {
            party,
            integrated: Share::ZERO,
            integrated_unknown: false,
            chain_rule: false,
            control_rule: false,
            integrated_rule: false,
            amlr_rule: false,
            possibly: Vec::new(),
            assumed: Vec::new(),
            controlled: Vec::new(),
            control_share: Share::ZERO,
            paths: Vec::new(),
            roles: Vec::new(),
            senior_managing_official: false,
        }
    }
}

impl OwnerAnalysis {
    pub fn any_rule(&self) -> bool {
        self.chain_rule || self.control_rule || self.integrated_rule || self.amlr_rule
    }
    pub fn rules(&self) -> Vec<RuleName> {
        let mut v = Vec::new();
        if self.chain_rule {
            v.push(RuleName::ChainRule);
        }
        if self.control_rule {
            v.push(RuleName::ControlRule);
        }
        if self.integrated_rule {
            v.push(RuleName::IntegratedRule);
        }
        if self.amlr_rule {
            v.push(RuleName::AmlrRule);
        }
        v
    }
}

/// Sanctions through ownership for one entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SanctionsOwnership {
    pub ofac50: bool,
    pub eu_sanctions50: bool,
    /// Holds for some value of the ranges only.
    pub possibly: Vec<&'static str>,
    /// Sentences: which blocked parties, what share, which ground.
    pub grounds: Vec<String>,
}

/// Everything computed for one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectAnalysis {
    pub subject: usize,
    /// Every natural person behind the subject, beneficial owners first.
    pub owners: Vec<OwnerAnalysis>,
    /// Part of the subject's shares whose holders the data does not list (100 − listed).
    pub unlisted_percent: f64,
    /// Integrated share held by unspecified or unidentified parties.
    pub unidentified: Share,
    /// Longest of the listed chains (links) into the subject.
    pub depth: usize,
    /// No natural person qualifies by any rule (certainly or possibly).
    pub no_natural_person: bool,
    /// Grounds for simplified due diligence (state ownership, listed company or parent).
    pub simplified_due_diligence: Vec<String>,
    pub sanctions: SanctionsOwnership,
    /// Integrated share (percent, lower end) of every party behind the subject, by index.
    pub integrated_by_party: Vec<Option<f64>>,
    pub warnings: Vec<RulesWarning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// An entity's listed owners hold more than 100 % of it together.
    InboundOver100,
    /// A cross-holding: integrated shares include what a loop returns, or a closed loop capped.
    CrossHolding,
    /// Too many chains to list them all.
    PathLimit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RulesWarning {
    pub kind: WarningKind,
    pub message: String,
    pub party: Option<usize>,
}
