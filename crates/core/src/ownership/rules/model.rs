//! The parties and links of the rules' graph.

use super::Share;

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
    pub(super) fn natural(&self) -> bool {
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
    pub(super) fn shares_eff(&self) -> (Share, bool) {
        match (self.shares, self.votes) {
            (Some(s), _) => (s, false),
            (None, Some(v)) => (v, true),
            (None, None) => (Share::ZERO, false),
        }
    }
    pub(super) fn votes_eff(&self) -> (Share, bool) {
        match (self.votes, self.shares) {
            (Some(v), _) => (v, false),
            (None, Some(s)) => (s, true),
            (None, None) => (Share::ZERO, false),
        }
    }
    pub(super) fn holds(&self) -> bool {
        self.shares.is_some() || self.votes.is_some()
    }
    pub(super) fn trust_role(&self) -> bool {
        self.roles
            .iter()
            .any(|(g, _)| *g == RoleGround::TrustOrFoundation)
    }
    pub(super) fn is_role_only(&self) -> bool {
        !self.holds() && !self.board
    }
}
