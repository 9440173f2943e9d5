//! The beneficial-owner and sanctions-through-ownership rules, computed side by side on one
//! small, source-neutral graph ([`RulesGraph`]). Both the window's ownership graph (built from
//! cached upstream results) and `amldesk ubo` (BODS 0.4 statements) are translated into it, so
//! the window and the CLI apply exactly the same code.
//!
//! Numbers are percentages held as intervals ([`Share`]): an exact share is a point, a BODS
//! range (`minimum`/`maximum`, `exclusiveMinimum`/`exclusiveMaximum`) an interval with open or
//! closed ends, an unstated share `[0, 100]`. A rule is *true* when it holds at the interval's
//! lower end (for every value the data allows) and *possibly* true when it holds only somewhere
//! in the interval (see [`RuleName`] and [`OwnerAnalysis::possibly`]). Thresholds are compared
//! with a tolerance of [`TOLERANCE`] percentage points, so `37.66 + 5.94 + 6.4` is 50 %.
//!
//! Where only one of shares and votes is known, the other is taken as equal and the owner's
//! `assumed` list says so.
//!
//! The rules (API-NOTES §7):
//! - chain rule (`NO-AML-14`): a chain from the person to the subject with more than 25 % of
//!   shares or votes at every step; a right to appoint the board, or a trust or foundation role
//!   (§ 14(3)), is a qualifying step. Computed as reachability over qualifying links.
//! - control rule (`NO-REG`): the person controls an entity when they, with the entities they
//!   already control, hold at least 50 % of its votes (or may appoint its board); they are a
//!   beneficial owner when they and every entity they control hold more than 25 % of the
//!   subject's shares or votes. A fixed point over a worklist (each link counted once).
//! - integrated rule: the integrated share (below) is more than 25 %.
//! - AMLR rule (`EU-AMLR-52`): the integrated share is 25 % or more; trust and foundation roles
//!   qualify as well (art. 58).
//! - `OFAC-50`: an entity is blocked when blocked parties own 50 % or more of it in aggregate;
//!   indirect ownership counts only through entities that are themselves blocked this way (a
//!   fixed point: shares are added only from blocked owners). `EU-SANCTIONS-50`: the same at
//!   50 % or more, plus control (a blocked party may appoint the board, or holds more than 50 % of
//!   the votes) as a separate ground; entities frozen on either ground count as designated
//!   further down.
//!
//! **Cycles (cross-holdings), the stated method.** The integrated share of an owner in the subject
//! is the sum, over every *walk* from the owner to the subject (stopping at the subject), of the
//! shares multiplied along the walk: the integrated-ownership measure of Brioschi, Buzzacchi and
//! Colombo (1989), the closed form of which is the Leontief inverse `(I − A)⁻¹`. It is computed by
//! fixed-point iteration `w[subject] = 1, w[v] = Σ share(v→u)·w[u]`, which starts at 0 and
//! increases monotonically to that sum, so a cycle is neither cut nor followed forever: a loop
//! that returns `f` of a holding is counted as the geometric series `1/(1 − f)`. With consistent
//! data (no entity's owners above 100 %) a natural person's result is the probability that a walk
//! up the owners from the subject ends at that person, and so never above 100 %. A loop with no
//! outside owner (two entities owning each other wholly) makes the series diverge: the iteration
//! stops after [`MAX_SWEEPS`] sweeps, the affected values are capped at 100 % and a warning names
//! the cycle. The listed `paths` are the strongest [`PATHS_PER_OWNER`] *simple* chains of each
//! owner (no node twice), so the officer sees the chains; with a cycle, the integrated share is
//! larger than the sum of its simple chains by what the loop returns, and the analysis says so.
//! Example (the sandbox's Norsk Hydro): Hydra holds 22 % of Hydro; Ingrid Moe 40 % and Krysseie
//! 60 % of Hydra; Hydra 35 % and Per Olav Lunde 65 % of Krysseie. Hydra returns 0.6 · 0.35 = 21 %
//! of itself, so Ingrid holds 22 · 0.4 / 0.79 = 11.139 % and Per 22 · 0.6 · 0.65 / 0.79 = 10.861 %
//! (together all 22 %), where their simple chains give 8.8 % and 8.58 %.

use std::collections::{BTreeSet, HashMap, VecDeque};

/// Threshold comparisons are made with this tolerance, in percentage points.
pub const TOLERANCE: f64 = 1e-9;
/// "More than 25 %" (chain, control, integrated rules) and "25 % or more" (AMLR).
pub const BO_THRESHOLD: f64 = 25.0;
/// "At least 50 % of the votes" (control) and "50 % or more" (sanctions).
pub const FIFTY: f64 = 50.0;
/// Strongest simple chains kept per owner.
pub const PATHS_PER_OWNER: usize = 5;
/// Longest simple chain (in links) enumerated for the listed paths.
pub const MAX_PATH_LINKS: usize = 12;
/// Most simple chains enumerated per subject (the integrated share does not depend on it).
pub const MAX_ENUMERATED: usize = 20_000;
/// Most sweeps of the integrated-share iteration.
pub const MAX_SWEEPS: usize = 5_000;

/// Flagged parties, the blocked owners (and shares) behind each, and control by a blocked party.
type Propagation = (Vec<bool>, Vec<Vec<(usize, f64)>>, Vec<bool>);

/// A percentage known exactly or as an interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub lo: f64,
    pub hi: f64,
    /// The lower end itself is excluded (`exclusiveMinimum`).
    pub lo_open: bool,
    /// The upper end itself is excluded (`exclusiveMaximum`).
    pub hi_open: bool,
}

impl Share {
    pub const ZERO: Share = Share {
        lo: 0.0,
        hi: 0.0,
        lo_open: false,
        hi_open: false,
    };

    pub fn exact(v: f64) -> Share {
        Share {
            lo: v,
            hi: v,
            lo_open: false,
            hi_open: false,
        }
    }

    /// Unstated: anything from 0 to 100 %.
    pub fn unknown() -> Share {
        Share {
            lo: 0.0,
            hi: 100.0,
            lo_open: false,
            hi_open: false,
        }
    }

    pub fn range(lo: f64, lo_open: bool, hi: f64, hi_open: bool) -> Share {
        Share {
            lo,
            hi,
            lo_open,
            hi_open,
        }
    }

    pub fn is_exact(&self) -> bool {
        (self.hi - self.lo).abs() <= TOLERANCE && !self.lo_open && !self.hi_open
    }

    /// Shares multiplied (percent × percent / 100).
    pub fn times(self, o: Share) -> Share {
        let pos = |v: f64, open: bool| v > 0.0 || open;
        Share {
            lo: self.lo * o.lo / 100.0,
            hi: self.hi * o.hi / 100.0,
            lo_open: (self.lo_open || o.lo_open)
                && pos(self.lo, self.lo_open)
                && pos(o.lo, o.lo_open),
            hi_open: self.hi_open || o.hi_open,
        }
    }

    pub fn plus(self, o: Share) -> Share {
        Share {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
            lo_open: self.lo_open || o.lo_open,
            hi_open: self.hi_open || o.hi_open,
        }
    }

    /// The larger of two holdings (shares or votes, whichever is larger), end by end.
    pub fn max(self, o: Share) -> Share {
        let (lo, lo_open) = if self.lo > o.lo || (self.lo == o.lo && self.lo_open) {
            (self.lo, self.lo_open)
        } else {
            (o.lo, o.lo_open)
        };
        let (hi, hi_open) = if self.hi > o.hi || (self.hi == o.hi && !self.hi_open) {
            (self.hi, self.hi_open)
        } else {
            (o.hi, o.hi_open)
        };
        Share {
            lo,
            hi,
            lo_open,
            hi_open,
        }
    }

    fn capped(self) -> Share {
        Share {
            lo: self.lo.clamp(0.0, 100.0),
            hi: self.hi.clamp(0.0, 100.0),
            ..self
        }
    }

    /// More than `t` for every value allowed.
    pub fn surely_above(&self, t: f64) -> bool {
        self.lo > t + TOLERANCE || (self.lo_open && self.lo >= t - TOLERANCE)
    }
    /// More than `t` for some value allowed.
    pub fn maybe_above(&self, t: f64) -> bool {
        self.hi > t + TOLERANCE
    }
    /// `t` or more for every value allowed.
    pub fn surely_at_least(&self, t: f64) -> bool {
        self.lo >= t - TOLERANCE
    }
    /// `t` or more for some value allowed.
    pub fn maybe_at_least(&self, t: f64) -> bool {
        self.hi > t + TOLERANCE || (!self.hi_open && self.hi >= t - TOLERANCE)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    /// A natural person (known, anonymous or unknown).
    Person,
    Entity,
    /// An interested party the data leaves unspecified (BODS `UnspecifiedRecord`).
    Unspecified,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// The caller's id (a graph node id, a BODS recordId).
    pub id: String,
    pub name: String,
    pub kind: PartyKind,
    /// Birth date (for the "possibly the same person" warning).
    pub birth_date: Option<String>,
    /// A state or state body.
    pub state: bool,
    /// A company whose shares are listed on a regulated market.
    pub listed: bool,
    /// On a sanctions list (the caller decides; `--blocked` for the CLI).
    pub blocked: bool,
}

impl Party {
    pub fn new(id: &str, name: &str, kind: PartyKind) -> Party {
        Party {
            id: id.to_owned(),
            name: name.to_owned(),
            kind,
            birth_date: None,
            state: false,
            listed: false,
            blocked: false,
        }
    }
    fn natural(&self) -> bool {
        matches!(self.kind, PartyKind::Person | PartyKind::Unspecified)
    }
}

/// A role that is a ground of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoleGround {
    /// Settlor, trustee, protector, beneficiary of a trust; board or general manager of a
    /// foundation (§ 14(3)): control by role.
    TrustOrFoundation,
    /// Chief executive, chair (the fallback when no natural person qualifies).
    SeniorManaging,
    /// Any other interest shown on the chain but counted by no rule (rights to profit, an
    /// unpublished interest, …); its holder is listed among the owners.
    Other,
    /// A position (board member, contact person) drawn for context: counts for no rule and does
    /// not make its holder an owner.
    Position,
}

/// What `owner` holds in `owned`.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub owner: usize,
    pub owned: usize,
    /// Percent of the shares (`None`: the data does not speak of shares).
    pub shares: Option<Share>,
    pub votes: Option<Share>,
    /// May appoint or remove a majority of the board.
    pub board: bool,
    /// Roles with their words (`Chair of the board`, `trustee`).
    pub roles: Vec<(RoleGround, String)>,
}

impl Link {
    pub fn ownership(
        owner: usize,
        owned: usize,
        shares: Option<Share>,
        votes: Option<Share>,
    ) -> Link {
        Link {
            owner,
            owned,
            shares,
            votes,
            board: false,
            roles: Vec::new(),
        }
    }
    pub fn role(owner: usize, owned: usize, ground: RoleGround, words: &str) -> Link {
        Link {
            owner,
            owned,
            shares: None,
            votes: None,
            board: false,
            roles: vec![(ground, words.to_owned())],
        }
    }
    /// Shares, or the votes taken as shares (assumed).
    fn shares_eff(&self) -> (Share, bool) {
        match (self.shares, self.votes) {
            (Some(s), _) => (s, false),
            (None, Some(v)) => (v, true),
            (None, None) => (Share::ZERO, false),
        }
    }
    fn votes_eff(&self) -> (Share, bool) {
        match (self.votes, self.shares) {
            (Some(v), _) => (v, false),
            (None, Some(s)) => (s, true),
            (None, None) => (Share::ZERO, false),
        }
    }
    fn holds(&self) -> bool {
        self.shares.is_some() || self.votes.is_some()
    }
    fn trust_role(&self) -> bool {
        self.roles
            .iter()
            .any(|(g, _)| *g == RoleGround::TrustOrFoundation)
    }
    fn is_role_only(&self) -> bool {
        !self.holds() && !self.board
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RulesGraph {
    pub parties: Vec<Party>,
    pub links: Vec<Link>,
}

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
    /// Longest simple chain (links) into the subject.
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

fn pct(s: &Share) -> String {
    if s.is_exact() {
        format!("{:.2} %", s.lo)
    } else {
        format!(
            "{}{:.2}–{:.2} %{}",
            if s.lo_open { "more than " } else { "" },
            s.lo,
            s.hi,
            if s.hi_open { " (exclusive)" } else { "" }
        )
    }
}

impl RulesGraph {
    pub fn add_party(&mut self, p: Party) -> usize {
        self.parties.push(p);
        self.parties.len() - 1
    }

    /// Parties that hold or control something in `v` (links into `v`), link indices.
    fn inbound(&self) -> Vec<Vec<usize>> {
        let mut inb = vec![Vec::new(); self.parties.len()];
        for (k, l) in self.links.iter().enumerate() {
            if l.owner != l.owned && l.owner < self.parties.len() && l.owned < self.parties.len() {
                inb[l.owned].push(k);
            }
        }
        inb
    }

    fn outbound(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.parties.len()];
        for (k, l) in self.links.iter().enumerate() {
            if l.owner != l.owned && l.owner < self.parties.len() && l.owned < self.parties.len() {
                out[l.owner].push(k);
            }
        }
        out
    }

    /// Pairs of person parties that may be one person: the same name (ignoring case, spacing and
    /// punctuation) and no birth date telling them apart. They are never merged.
    pub fn possibly_same_persons(&self) -> Vec<(usize, usize)> {
        let key = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in self.parties.iter().enumerate() {
            if p.kind == PartyKind::Person && !key(&p.name).is_empty() {
                by_name.entry(key(&p.name)).or_default().push(i);
            }
        }
        let mut out = Vec::new();
        let mut names: Vec<_> = by_name.into_values().collect();
        names.sort();
        for group in names {
            for (a, &i) in group.iter().enumerate() {
                for &j in &group[a + 1..] {
                    let (di, dj) = (&self.parties[i].birth_date, &self.parties[j].birth_date);
                    let apart = matches!((di, dj), (Some(x), Some(y)) if x != y);
                    if !apart {
                        out.push((i, j));
                    }
                }
            }
        }
        out
    }

    /// Links of one owner in one owned party added up into one link (shares with shares, votes
    /// with votes), so that no rule looks at a part of a holding alone.
    pub fn merged(&self) -> RulesGraph {
        let mut links: Vec<Link> = Vec::new();
        let mut at: HashMap<(usize, usize), usize> = HashMap::new();
        let sum = |a: Option<Share>, b: Option<Share>| match (a, b) {
            (Some(x), Some(y)) => Some(x.plus(y)),
            (x, y) => x.or(y),
        };
        for l in &self.links {
            match at.get(&(l.owner, l.owned)) {
                Some(&k) => {
                    let m = &mut links[k];
                    m.shares = sum(m.shares, l.shares);
                    m.votes = sum(m.votes, l.votes);
                    m.board |= l.board;
                    m.roles.extend(l.roles.iter().cloned());
                }
                None => {
                    at.insert((l.owner, l.owned), links.len());
                    links.push(l.clone());
                }
            }
        }
        RulesGraph {
            parties: self.parties.clone(),
            links,
        }
    }

    /// Every rule for the subject `s`.
    pub fn analyse(&self, s: usize) -> SubjectAnalysis {
        self.merged().analyse_merged(s)
    }

    fn analyse_merged(&self, s: usize) -> SubjectAnalysis {
        let n = self.parties.len();
        let inbound = self.inbound();
        let outbound = self.outbound();
        let mut warnings = Vec::new();

        // Parties behind the subject (any link, upward).
        let mut behind = vec![false; n];
        let mut q = VecDeque::from([s]);
        behind[s] = true;
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let u = self.links[k].owner;
                if !behind[u] {
                    behind[u] = true;
                    q.push_back(u);
                }
            }
        }

        // Owners: parties behind the subject through links that hold, control or are trust and
        // foundation roles (a position or a senior-managing role alone makes no one an owner).
        let mut owning = vec![false; n];
        let mut q = VecDeque::from([s]);
        owning[s] = true;
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let l = &self.links[k];
                let makes_owner = !l.is_role_only()
                    || l.roles.is_empty()
                    || l.roles.iter().any(|(g, _)| {
                        matches!(g, RoleGround::TrustOrFoundation | RoleGround::Other)
                    });
                if makes_owner && !owning[l.owner] {
                    owning[l.owner] = true;
                    q.push_back(l.owner);
                }
            }
        }

        // Data warnings on the way.
        for v in (0..n).filter(|&v| behind[v]) {
            let total = inbound[v]
                .iter()
                .map(|&k| self.links[k].shares_eff().0)
                .fold(Share::ZERO, Share::plus);
            if total.lo > 100.0 + TOLERANCE {
                warnings.push(RulesWarning {
                    kind: WarningKind::InboundOver100,
                    message: format!(
                        "The listed owners of {} hold {} of it together, more than 100 %: the data is inconsistent.",
                        self.parties[v].name,
                        pct(&total)
                    ),
                    party: Some(v),
                });
            }
        }

        let (lo, lo_ok) = self.integrated(s, &outbound, &behind, |sh: Share| sh.lo);
        let (hi, hi_ok) = self.integrated(s, &outbound, &behind, |sh: Share| sh.hi);
        if !lo_ok || !hi_ok {
            warnings.push(RulesWarning {
                kind: WarningKind::CrossHolding,
                message: "A cross-holding has no outside owner (the entities in it own each other wholly): integrated shares through it were capped at 100 %."
                    .to_owned(),
                party: None,
            });
        }
        // Which parties' integrated shares involve an unstated share: the owners of unstated
        // links on the way, and everyone above them.
        let mut unknown_via = vec![false; n];
        let mut q: VecDeque<usize> = VecDeque::new();
        for l in &self.links {
            let x = l.shares_eff().0;
            let unstated = l.holds() && x.lo <= 0.0 && x.hi >= 100.0;
            if unstated && l.owned < n && l.owner < n && behind[l.owned] && !unknown_via[l.owner] {
                unknown_via[l.owner] = true;
                q.push_back(l.owner);
            }
        }
        while let Some(v) = q.pop_front() {
            for &k in &inbound[v] {
                let u = self.links[k].owner;
                if !unknown_via[u] {
                    unknown_via[u] = true;
                    q.push_back(u);
                }
            }
        }

        let (chain_sure, chain_maybe) = self.chain_reach(s, &inbound);
        let paths = self.simple_paths(s, &inbound, &mut warnings);
        let depth = paths
            .values()
            .flatten()
            .map(|p| p.steps.len())
            .max()
            .unwrap_or(0);

        let mut owners = Vec::new();
        for p in (0..n).filter(|&p| owning[p] && p != s && self.parties[p].natural()) {
            let integrated = Share {
                lo: lo[p] * 100.0,
                hi: hi[p] * 100.0,
                lo_open: false,
                hi_open: false,
            };
            let own_paths = paths.get(&p).cloned().unwrap_or_default();
            let mut integrated = integrated.capped();
            // Held only through chains with an excluded lower end: more than the lower end.
            integrated.lo_open = !own_paths.is_empty()
                && own_paths.iter().all(|c| c.share.is_some_and(|x| x.lo_open));
            integrated.hi_open = own_paths.iter().any(|c| c.share.is_some_and(|x| x.hi_open));
            let (ctrl_sure, share_sure, controlled) =
                self.control(p, s, &outbound, |x| x.lo, false);
            let (ctrl_maybe, share_maybe, _) = self.control(p, s, &outbound, |x| x.hi, true);
            let control_share = Share {
                lo: share_sure.lo,
                hi: share_maybe.hi,
                lo_open: share_sure.lo_open,
                hi_open: false,
            };
            let trust = self.trust_reach(p, s, &outbound);
            let mut o = OwnerAnalysis {
                party: p,
                integrated,
                integrated_unknown: unknown_via[p],
                chain_rule: chain_sure[p],
                control_rule: ctrl_sure,
                integrated_rule: integrated.surely_above(BO_THRESHOLD),
                amlr_rule: integrated.surely_at_least(BO_THRESHOLD) || trust,
                possibly: Vec::new(),
                assumed: self.assumptions(p, s, &outbound, &behind),
                controlled,
                control_share,
                paths: own_paths,
                roles: self.roles_of(p, &outbound, RoleGround::TrustOrFoundation),
                senior_managing_official: false,
            };
            let maybe = [
                (RuleName::ChainRule, o.chain_rule, chain_maybe[p]),
                (RuleName::ControlRule, o.control_rule, ctrl_maybe),
                (
                    RuleName::IntegratedRule,
                    o.integrated_rule,
                    integrated.maybe_above(BO_THRESHOLD),
                ),
                (
                    RuleName::AmlrRule,
                    o.amlr_rule,
                    integrated.maybe_at_least(BO_THRESHOLD),
                ),
            ];
            o.possibly = maybe
                .iter()
                .filter(|(_, sure, may)| !sure && *may)
                .map(|(r, _, _)| *r)
                .collect();
            let sum_simple: f64 = o.paths.iter().filter_map(|c| c.share).map(|c| c.lo).sum();
            if integrated.lo > sum_simple + 1e-6 && o.paths.len() < PATHS_PER_OWNER {
                warnings.push(RulesWarning {
                    kind: WarningKind::CrossHolding,
                    message: format!(
                        "{}'s integrated share ({}) includes {:.2} percentage points returned through a cross-holding, beyond the simple chains listed.",
                        self.parties[p].name,
                        pct(&integrated),
                        integrated.lo - sum_simple
                    ),
                    party: Some(p),
                });
            }
            owners.push(o);
        }

        let no_natural_person = owners
            .iter()
            .all(|o| !o.any_rule() && o.possibly.is_empty());
        if no_natural_person {
            // Senior managing officials of the subject itself, with that ground.
            for &k in &inbound[s] {
                let l = &self.links[k];
                if self.parties[l.owner].kind != PartyKind::Person {
                    continue;
                }
                if !l
                    .roles
                    .iter()
                    .any(|(g, _)| *g == RoleGround::SeniorManaging)
                {
                    continue;
                }
                let words: Vec<String> = l
                    .roles
                    .iter()
                    .filter(|(g, _)| *g == RoleGround::SeniorManaging)
                    .map(|(_, w)| w.clone())
                    .collect();
                match owners.iter_mut().find(|o| o.party == l.owner) {
                    Some(o) => {
                        o.senior_managing_official = true;
                        o.roles.extend(words);
                    }
                    None => owners.push(OwnerAnalysis {
                        party: l.owner,
                        paths: vec![ChainPath {
                            parties: vec![l.owner, s],
                            steps: vec![Step {
                                share: None,
                                role: Some(words.join(", ")),
                            }],
                            share: None,
                        }],
                        roles: words,
                        senior_managing_official: true,
                        ..OwnerAnalysis::none(l.owner)
                    }),
                }
            }
        }
        owners.sort_by(|a, b| {
            b.any_rule()
                .cmp(&a.any_rule())
                .then(b.possibly.is_empty().cmp(&a.possibly.is_empty()).reverse())
                .then(b.integrated.lo.total_cmp(&a.integrated.lo))
                .then(self.parties[a.party].name.cmp(&self.parties[b.party].name))
        });

        let listed_total = inbound[s]
            .iter()
            .map(|&k| self.links[k].shares_eff().0.lo)
            .sum::<f64>();
        let unidentified = (0..n)
            .filter(|&p| behind[p] && self.parties[p].kind == PartyKind::Unspecified)
            .map(|p| Share {
                lo: lo[p] * 100.0,
                hi: hi[p] * 100.0,
                lo_open: false,
                hi_open: false,
            })
            .fold(Share::ZERO, Share::plus)
            .capped();

        let mut sdd = Vec::new();
        let subj = &self.parties[s];
        if subj.state {
            sdd.push(format!("{} is a state body.", subj.name));
        }
        if subj.listed {
            sdd.push(format!("{} is a listed company.", subj.name));
        }
        for v in (0..n).filter(|&v| behind[v] && v != s) {
            let share = Share {
                lo: lo[v] * 100.0,
                hi: hi[v] * 100.0,
                lo_open: false,
                hi_open: false,
            }
            .capped();
            let party = &self.parties[v];
            if party.state && share.surely_above(BO_THRESHOLD) {
                sdd.push(format!(
                    "State ownership: {} holds {} of {}.",
                    party.name,
                    pct(&share),
                    subj.name
                ));
            }
            if party.listed && share.surely_at_least(FIFTY) {
                sdd.push(format!(
                    "Listed parent: {} holds {} of {}.",
                    party.name,
                    pct(&share),
                    subj.name
                ));
            }
        }

        let integrated_by_party = (0..n)
            .map(|v| (behind[v] && v != s && lo[v] > 0.0).then(|| (lo[v] * 100.0).min(100.0)))
            .collect();
        SubjectAnalysis {
            subject: s,
            integrated_by_party,
            owners,
            unlisted_percent: (100.0 - listed_total).max(0.0),
            unidentified,
            depth,
            no_natural_person,
            simplified_due_diligence: sdd,
            sanctions: self.sanctions_of(s),
            warnings,
        }
    }

    /// Walk sums of shares into `s` for every party (fractions), by monotone fixed-point
    /// iteration; `false` when it did not converge (a closed cross-holding), values then capped.
    fn integrated(
        &self,
        s: usize,
        outbound: &[Vec<usize>],
        behind: &[bool],
        end: impl Fn(Share) -> f64,
    ) -> (Vec<f64>, bool) {
        let n = self.parties.len();
        let mut w = vec![0.0f64; n];
        w[s] = 1.0;
        let order: Vec<usize> = (0..n).filter(|&v| behind[v] && v != s).collect();
        let mut converged = false;
        for _ in 0..MAX_SWEEPS {
            let mut change = 0.0f64;
            for &v in &order {
                let mut sum = 0.0;
                for &k in &outbound[v] {
                    let l = &self.links[k];
                    let f = end(l.shares_eff().0).clamp(0.0, 100.0) / 100.0;
                    if f > 0.0 {
                        sum += f * w[l.owned];
                    }
                }
                change = change.max((sum - w[v]).abs());
                w[v] = sum;
            }
            if change < 1e-15 {
                converged = true;
                break;
            }
            if w.iter().any(|&x| x > 1e6) {
                break;
            }
        }
        if !converged {
            for (v, x) in w.iter_mut().enumerate() {
                if v != s {
                    *x = x.min(1.0);
                }
            }
        }
        (w, converged)
    }

    /// Chain rule: parties reachable from `s` upward over qualifying links (surely, maybe).
    fn chain_reach(&self, s: usize, inbound: &[Vec<usize>]) -> (Vec<bool>, Vec<bool>) {
        let reach = |qualifies: &dyn Fn(&Link) -> bool| {
            let mut seen = vec![false; self.parties.len()];
            seen[s] = true;
            let mut q = VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                for &k in &inbound[v] {
                    let l = &self.links[k];
                    if !seen[l.owner] && qualifies(l) {
                        seen[l.owner] = true;
                        q.push_back(l.owner);
                    }
                }
            }
            seen[s] = false;
            seen
        };
        let weight = |l: &Link| l.shares_eff().0.max(l.votes_eff().0);
        let sure = reach(&|l: &Link| {
            l.board || l.trust_role() || (l.holds() && weight(l).surely_above(BO_THRESHOLD))
        });
        let maybe = reach(&|l: &Link| {
            l.board || l.trust_role() || (l.holds() && weight(l).maybe_above(BO_THRESHOLD))
        });
        (sure, maybe)
    }

    /// Does a trust or foundation role of `p` lead to `s` through qualifying holdings?
    fn trust_reach(&self, p: usize, s: usize, outbound: &[Vec<usize>]) -> bool {
        outbound[p].iter().any(|&k| {
            let l = &self.links[k];
            if !l.trust_role() {
                return false;
            }
            if l.owned == s {
                return true;
            }
            // The trust or foundation holds 25 % or more of the subject (integrated).
            let mut w = vec![false; self.parties.len()];
            let mut q = VecDeque::from([l.owned]);
            w[l.owned] = true;
            while let Some(v) = q.pop_front() {
                if v == s {
                    return true;
                }
                for &k2 in &outbound[v] {
                    let m = &self.links[k2];
                    let wt = m.shares_eff().0.max(m.votes_eff().0);
                    if !w[m.owned] && (m.board || wt.surely_at_least(BO_THRESHOLD)) {
                        w[m.owned] = true;
                        q.push_back(m.owned);
                    }
                }
            }
            false
        })
    }

    /// Control rule for `p`: (qualifies, share held with controlled entities, controlled).
    fn control(
        &self,
        p: usize,
        s: usize,
        outbound: &[Vec<usize>],
        end: impl Fn(Share) -> f64,
        maybe: bool,
    ) -> (bool, Share, Vec<usize>) {
        let n = self.parties.len();
        let mut ctrl = vec![false; n];
        let mut votes = vec![0.0f64; n];
        let mut open = vec![false; n];
        ctrl[p] = true;
        let mut work = vec![p];
        while let Some(u) = work.pop() {
            for &k in &outbound[u] {
                let l = &self.links[k];
                let v = l.owned;
                let x = l.votes_eff().0;
                votes[v] += end(x);
                open[v] |= if maybe { false } else { x.lo_open };
                let share = Share {
                    lo: votes[v],
                    hi: votes[v],
                    lo_open: open[v],
                    hi_open: false,
                };
                let reaches = if maybe {
                    share.maybe_at_least(FIFTY)
                } else {
                    share.surely_at_least(FIFTY)
                };
                if !ctrl[v] && self.parties[v].kind == PartyKind::Entity && (l.board || reaches) {
                    ctrl[v] = true;
                    work.push(v);
                }
            }
        }
        let mut shares = Share::ZERO;
        let mut vts = Share::ZERO;
        for l in self
            .links
            .iter()
            .filter(|l| l.owned == s && ctrl[l.owner] && l.owner != s)
        {
            let (a, b) = (l.shares_eff().0, l.votes_eff().0);
            let pick = |x: Share| Share {
                lo: end(x),
                hi: end(x),
                lo_open: x.lo_open && !maybe,
                hi_open: false,
            };
            shares = shares.plus(pick(a));
            vts = vts.plus(pick(b));
        }
        let held = shares.max(vts);
        let qualifies = ctrl[s]
            || if maybe {
                held.maybe_above(BO_THRESHOLD)
            } else {
                held.surely_above(BO_THRESHOLD)
            };
        let controlled = (0..n).filter(|&v| v != p && v != s && ctrl[v]).collect();
        (qualifies, held, controlled)
    }

    fn roles_of(&self, p: usize, outbound: &[Vec<usize>], g: RoleGround) -> Vec<String> {
        let mut out = BTreeSet::new();
        for &k in &outbound[p] {
            let l = &self.links[k];
            for (rg, w) in &l.roles {
                if *rg == g {
                    out.insert(format!("{} of {}", w, self.parties[l.owned].name));
                }
            }
        }
        out.into_iter().collect()
    }

    /// Links on the way from `p` where one of shares and votes was taken as the other.
    fn assumptions(
        &self,
        p: usize,
        s: usize,
        outbound: &[Vec<usize>],
        behind: &[bool],
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.parties.len()];
        let mut q = VecDeque::from([p]);
        seen[p] = true;
        while let Some(u) = q.pop_front() {
            if u == s {
                continue;
            }
            for &k in &outbound[u] {
                let l = &self.links[k];
                if !behind[l.owned] {
                    continue;
                }
                let (a, b) = (&self.parties[l.owner].name, &self.parties[l.owned].name);
                if l.shares.is_none() && l.votes.is_some() {
                    out.push(format!(
                        "The shares {a} holds in {b} are taken as equal to its votes ({}).",
                        pct(&l.votes_eff().0)
                    ));
                } else if l.votes.is_none() && l.shares.is_some() {
                    out.push(format!(
                        "The votes {a} holds in {b} are taken as equal to its shares ({}).",
                        pct(&l.shares_eff().0)
                    ));
                }
                if !seen[l.owned] {
                    seen[l.owned] = true;
                    q.push_back(l.owned);
                }
            }
        }
        out
    }

    /// The strongest simple chains into `s`, per owner (natural persons only).
    fn simple_paths(
        &self,
        s: usize,
        inbound: &[Vec<usize>],
        warnings: &mut Vec<RulesWarning>,
    ) -> HashMap<usize, Vec<ChainPath>> {
        let n = self.parties.len();
        let mut out: HashMap<usize, Vec<ChainPath>> = HashMap::new();
        let mut on = vec![false; n];
        on[s] = true;
        let mut chain: Vec<usize> = Vec::new(); // link indices, from the subject upward
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        let mut count = 0usize;
        let mut truncated = false;
        while let Some(frame) = stack.last_mut() {
            let (v, i) = *frame;
            if i >= inbound[v].len() {
                stack.pop();
                if let Some(k) = chain.pop() {
                    on[self.links[k].owner] = false;
                }
                continue;
            }
            frame.1 += 1;
            let k = inbound[v][i];
            let u = self.links[k].owner;
            if on[u] {
                continue;
            }
            if count >= MAX_ENUMERATED || chain.len() >= MAX_PATH_LINKS {
                truncated = true;
                continue;
            }
            count += 1;
            chain.push(k);
            on[u] = true;
            if self.parties[u].natural() {
                let links: Vec<&Link> = chain.iter().rev().map(|&k| &self.links[k]).collect();
                let mut parties: Vec<usize> = links.iter().map(|l| l.owner).collect();
                parties.push(s);
                let steps: Vec<Step> = links
                    .iter()
                    .map(|l| Step {
                        share: l.holds().then(|| l.shares_eff().0),
                        role: (!l.holds()).then(|| {
                            if l.board {
                                "may appoint the board".to_owned()
                            } else {
                                l.roles
                                    .iter()
                                    .map(|(_, w)| w.clone())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        }),
                    })
                    .collect();
                let share = steps.iter().try_fold(Share::exact(100.0), |acc, st| {
                    st.share.map(|x| acc.times(x))
                });
                // Senior-managing-official links are not chains of ownership or control.
                let smo_only = links.iter().any(|l| {
                    l.is_role_only()
                        && !l.roles.is_empty()
                        && l.roles
                            .iter()
                            .all(|(g, _)| *g == RoleGround::SeniorManaging)
                });
                if !smo_only {
                    out.entry(u).or_default().push(ChainPath {
                        parties,
                        steps,
                        share,
                    });
                }
            }
            stack.push((u, 0));
        }
        if truncated {
            warnings.push(RulesWarning {
                kind: WarningKind::PathLimit,
                message: format!(
                    "The structure is too large to list every chain (more than {MAX_ENUMERATED} chains or chains longer than {MAX_PATH_LINKS} links): the listed paths are incomplete; integrated shares are computed in full."
                ),
                party: None,
            });
        }
        for v in out.values_mut() {
            v.sort_by(|a, b| {
                let key = |c: &ChainPath| c.share.map_or(-1.0, |x| x.lo + x.hi);
                key(b).total_cmp(&key(a))
            });
            v.truncate(PATHS_PER_OWNER);
        }
        out
    }

    /// OFAC-50 and EU-SANCTIONS-50 for every party.
    pub fn sanctions(&self) -> Vec<SanctionsOwnership> {
        self.merged().sanctions_merged()
    }

    fn sanctions_merged(&self) -> Vec<SanctionsOwnership> {
        let n = self.parties.len();
        let outbound = self.outbound();
        let run = |end: &dyn Fn(Share) -> f64, eu: bool| -> Propagation {
            let mut flagged: Vec<bool> = self.parties.iter().map(|p| p.blocked).collect();
            let mut held = vec![0.0f64; n];
            let mut by: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
            let mut control = vec![false; n];
            let mut work: Vec<usize> = (0..n).filter(|&v| flagged[v]).collect();
            while let Some(u) = work.pop() {
                for &k in &outbound[u] {
                    let l = &self.links[k];
                    let v = l.owned;
                    let sh = end(l.shares_eff().0);
                    held[v] += sh;
                    by[v].push((u, sh));
                    let ctl = eu && (l.board || l.votes_eff().0.surely_above(FIFTY));
                    control[v] |= ctl;
                    if !flagged[v]
                        && self.parties[v].kind == PartyKind::Entity
                        && (held[v] >= FIFTY - TOLERANCE || ctl)
                    {
                        flagged[v] = true;
                        work.push(v);
                    }
                }
            }
            for (b, p) in by.iter_mut().zip(&self.parties) {
                if p.blocked {
                    b.clear();
                }
            }
            (flagged, by, control)
        };
        let (ofac, ofac_by, _) = run(&|x: Share| x.lo, false);
        let (ofac_hi, _, _) = run(&|x: Share| x.hi, false);
        let (eu, _, eu_ctl) = run(&|x: Share| x.lo, true);
        let (eu_hi, _, _) = run(&|x: Share| x.hi, true);
        (0..n)
            .map(|v| {
                let p = &self.parties[v];
                let mut s = SanctionsOwnership::default();
                if p.blocked {
                    s.grounds.push(format!("{} is itself blocked (listed).", p.name));
                    s.ofac50 = true;
                    s.eu_sanctions50 = true;
                    return s;
                }
                s.ofac50 = ofac[v];
                s.eu_sanctions50 = eu[v];
                if ofac[v] {
                    let total: f64 = ofac_by[v].iter().map(|(_, x)| x).sum();
                    let who: Vec<String> = ofac_by[v]
                        .iter()
                        .map(|(u, x)| format!("{} {:.2} %", self.parties[*u].name, x))
                        .collect();
                    s.grounds.push(format!(
                        "OFAC-50: owned {:.2} % in aggregate by blocked parties ({}).",
                        total,
                        who.join(", ")
                    ));
                    s.grounds.push(format!(
                        "EU-SANCTIONS-50: owned {total:.2} % by designated parties (50 % or more of the proprietary rights)."
                    ));
                }
                if eu[v] && eu_ctl[v] {
                    s.grounds.push(
                        "EU-SANCTIONS-50: controlled by a designated party (may appoint the board or holds a majority of the votes)."
                            .to_owned(),
                    );
                }
                if !ofac[v] && ofac_hi[v] {
                    s.possibly.push("ofac50");
                    s.grounds.push("OFAC-50: possibly, for some values of the share ranges.".to_owned());
                }
                if !eu[v] && eu_hi[v] {
                    s.possibly.push("euSanctions50");
                    s.grounds.push("EU-SANCTIONS-50: possibly, for some values of the share ranges.".to_owned());
                }
                s
            })
            .collect()
    }

    fn sanctions_of(&self, s: usize) -> SanctionsOwnership {
        self.sanctions_merged().swap_remove(s)
    }
}

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
