//! The register-discrepancy notice: when the beneficial owners computed under the register's own
//! rule (`NO-REG`, control of each intermediate then more than 25 % in aggregate) differ from
//! those the register names (BankID's `beneficialOwners` / `ownership.beneficials`), the case
//! holds a draft the officer can send to Brønnøysundregistrene on form RRH-0120: who, which
//! difference, and the evidence (the answer, section, fetch time and SHA-256 of the answer and of
//! the report fetched with it).
//!
//! Pure: the engine says what each side's sources are and whether they could be read; this
//! module decides whether there is a notice and words it. "No discrepancy" is said only when
//! both sides were read: an unreadable or missing register list, or ownership data that could
//! not be read or was not looked up, is said as such and never as "none found".

use crate::ownership::{BeneficialOwnerFinding, GraphView, OwnerDifference};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whom the notice goes to.
pub const ADDRESSEE: &str = "Brønnøysundregistrene";
/// The register's form for reporting a discrepancy in the register of beneficial owners.
pub const FORM: &str = "RRH-0120";

/// Whether a case holds a notice, or why it cannot say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DiscrepancyStatus {
    /// The owners differ: `notice` holds the draft.
    Found,
    /// Both sides were read and name the same owners.
    NoneFound,
    /// The register's list was requested but could not be read: no discrepancy is claimed either
    /// way.
    RegisterUnreadable,
    /// No register list is stored (not requested, or not in the answer).
    RegisterMissing,
    /// The ownership data the rule runs on could not be read.
    OwnershipUnreadable,
    /// No ownership data (shareholders) is stored to compute owners from.
    OwnershipMissing,
    /// Not a Norwegian organization: there is no entry in the Norwegian register to compare.
    #[default]
    NotApplicable,
}

/// Whether one source could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum SourceState {
    /// Read (maybe empty: searched, nothing found).
    Read,
    /// Requested, but the section does not read; `reason` names the node and why.
    Unreadable { reason: String },
    /// Not in the answer, or not requested.
    Missing,
}

/// A report (PDF) fetched with an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceReport {
    pub title: String,
    pub sha256: String,
    pub fetched_at: String,
}

/// One stored answer the notice rests on: which lookup, which section, when, and its hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeEvidence {
    /// The service in words ("BankID Beneficial owners API").
    pub source: String,
    /// The section of the answer (`beneficialOwners`, `ownership.beneficials`,
    /// `ownership.shareholders`, `ownershipMap`).
    pub section: String,
    /// The organization the answer is about, when not the subject (an intermediate owner).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The lookup (session) that fetched it.
    pub session_id: String,
    pub fetched_at: String,
    pub environment: String,
    /// SHA-256 of the answer as stored (and as exported under `raw/`).
    pub answer_sha256: String,
    /// The PDF reports fetched by the same lookup.
    pub reports: Vec<EvidenceReport>,
    pub state: SourceState,
}

/// One side's sources: for the register, `key` is the graph's upstream source (`organization` for
/// `ownership.beneficials`, `beneficialOwners` for the beneficial-owners API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSource {
    pub key: String,
    pub evidence: NoticeEvidence,
}

/// The subject as the notice names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeSubject {
    pub name: String,
    pub identifier: String,
    /// `923 609 016`.
    pub identifier_display: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// One person on whom the register and the computation differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeDifference {
    pub person: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// `notComputed` (the register names them, NO-REG does not), `notReported` (NO-REG does, the
    /// register does not), `shareDiffers`.
    pub kind: String,
    /// What the register says about them, in words.
    pub register_says: String,
    /// What the computation under NO-REG gives, in words.
    pub computed: String,
    /// The difference in one sentence.
    pub message: String,
    /// The ownership data here does not settle it (a share unstated or a range, or the chain to
    /// them not looked up): check before sending.
    pub open: bool,
    pub evidence: Vec<NoticeEvidence>,
}

/// The draft notice to Brønnøysundregistrene (form RRH-0120).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyNotice {
    pub addressee: String,
    pub form: String,
    pub subject: NoticeSubject,
    pub differences: Vec<NoticeDifference>,
    /// What the officer must know before sending (a source that could not be read, invented
    /// sandbox data).
    pub caveats: Vec<String>,
    /// The whole draft as plain text (what "Copy text" copies).
    pub text: String,
}

/// The case's discrepancy state, with the notice when there is one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyView {
    pub status: DiscrepancyStatus,
    /// The state in one sentence ("No discrepancy: …", "The register's list could not be read …").
    pub message: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<DiscrepancyNotice>,
    /// Every source both sides were read from (or tried), for the summary.
    pub register_sources: Vec<NoticeEvidence>,
    pub ownership_sources: Vec<NoticeEvidence>,
}

/// What [`assess`] decides from.
pub struct DiscrepancyInput<'a> {
    pub subject: NoticeSubject,
    /// The computed ownership, or why it could not be computed.
    pub graph: Result<&'a GraphView, String>,
    /// The register's lists (`ownership.beneficials`, the beneficial-owners API's list).
    pub register: Vec<RegisterSource>,
    /// The ownership data the rule ran on (the subject's shareholders, the ownership map,
    /// intermediate owners' shareholders).
    pub ownership: Vec<NoticeEvidence>,
    /// Invented data: said on the notice.
    pub sandbox: bool,
}

impl DiscrepancyView {
    /// Not an organization.
    pub fn not_applicable() -> Self {
        DiscrepancyView {
            status: DiscrepancyStatus::NotApplicable,
            message: "Not an organization: there is no register entry of beneficial owners to \
                      compare."
                .into(),
            ..DiscrepancyView::default()
        }
    }
}

fn pct(v: f64) -> String {
    format!("{v:.2} %")
}

fn unreadable_reason(e: &NoticeEvidence) -> Option<&str> {
    match &e.state {
        SourceState::Unreadable { reason } => Some(reason),
        _ => None,
    }
}

/// One piece of evidence in a sentence; `when` writes its times (as stored, or in the case file's
/// zone).
pub fn evidence_words(e: &NoticeEvidence, when: impl Fn(&str) -> String) -> String {
    let mut s = format!(
        "{}, section {}{}, lookup {} fetched {} ({} environment), answer SHA-256 {}",
        e.source,
        e.section,
        e.about
            .as_deref()
            .map(|a| format!(" of {a}"))
            .unwrap_or_default(),
        e.session_id,
        when(&e.fetched_at),
        e.environment,
        e.answer_sha256
    );
    for r in &e.reports {
        s.push_str(&format!(
            "; report \"{}\" fetched {}, SHA-256 {}",
            r.title,
            when(&r.fetched_at),
            r.sha256
        ));
    }
    s
}

fn register_says(o: Option<&BeneficialOwnerFinding>) -> String {
    let Some(u) = o.and_then(|o| o.upstream.as_ref()) else {
        return "Not named as a beneficial owner.".into();
    };
    let mut parts = vec![format!(
        "Named as a beneficial owner ({})",
        u.reason_phrase
            .clone()
            .or_else(|| u.reason.as_ref().map(|r| r.as_str().to_owned()))
            .unwrap_or_else(|| "no reason given".into())
    )];
    if let Some(v) = u.integrated_ownership {
        parts.push(format!("integrated ownership {}", pct(v)));
    }
    if let Some(v) = u.owner_share {
        parts.push(format!("owner share {}", pct(v)));
    }
    if let Some(v) = u.percentage_control {
        parts.push(format!("control {}", pct(v)));
    }
    format!("{}.", parts.join(", "))
}

fn computed_says(g: &GraphView, o: Option<&BeneficialOwnerFinding>) -> (String, bool) {
    // Named upstream but on no chain here: the data is incomplete, not the register wrong.
    let reached = o.filter(|o| {
        o.control_rule
            || !o.paths.is_empty()
            || !o.foundation_roles.is_empty()
            || o.integrated_max > 0.0
    });
    let Some(o) = reached else {
        return (
            "Not reached: the ownership data here does not lead to this person (the companies \
             between them and the subject may not have been looked up)."
                .into(),
            true,
        );
    };
    let via: Vec<&str> = o
        .controlled_via
        .iter()
        .map(|id| {
            g.nodes
                .iter()
                .find(|n| &n.id == id)
                .map_or(id.as_str(), |n| n.label.as_str())
        })
        .collect();
    let through = if via.is_empty() {
        String::new()
    } else {
        format!(" with {} (controlled)", via.join(", "))
    };
    let integrated = match o.integrated_percent {
        Some(v) => pct(v),
        None => format!(
            "{}–{} (a share is not stated)",
            pct(o.integrated_share),
            pct(o.integrated_max)
        ),
    };
    if o.control_rule {
        (
            format!(
                "A beneficial owner under NO-REG: {} in aggregate{through}; integrated ownership \
                 {integrated}.",
                pct(o.control_share)
            ),
            false,
        )
    } else if o.possibly.iter().any(|p| p == "controlRule") {
        (
            format!(
                "Possibly a beneficial owner under NO-REG: a share on the way is not stated or \
                 is a range ({} in aggregate{through} at the least; integrated {integrated}).",
                pct(o.control_share)
            ),
            true,
        )
    } else {
        (
            format!(
                "Not a beneficial owner under NO-REG: {} in aggregate{through} (more than 25 % \
                 needed); integrated ownership {integrated}.",
                pct(o.control_share)
            ),
            false,
        )
    }
}

fn difference(
    g: &GraphView,
    d: &OwnerDifference,
    register: &[RegisterSource],
    ownership: &[NoticeEvidence],
) -> NoticeDifference {
    let owner = d
        .node_id
        .as_ref()
        .and_then(|id| g.owners.iter().find(|o| &o.node_id == id));
    let (computed, open) = computed_says(g, owner);
    let named_by = owner.and_then(|o| o.upstream.as_ref()).map(|u| &u.source);
    // The register's side: the source that named them, else every list read (none names them).
    let mut evidence: Vec<NoticeEvidence> = register
        .iter()
        .filter(|r| match named_by {
            Some(k) => &r.key == k,
            None => r.evidence.state == SourceState::Read,
        })
        .map(|r| r.evidence.clone())
        .collect();
    evidence.extend(
        ownership
            .iter()
            .filter(|e| e.state == SourceState::Read)
            .cloned(),
    );
    NoticeDifference {
        person: d.name.clone(),
        date_of_birth: owner.and_then(|o| o.date_of_birth.clone()),
        kind: d.kind.clone(),
        register_says: register_says(owner),
        computed,
        message: d.message.clone(),
        open,
        evidence,
    }
}

fn notice_text(n: &DiscrepancyNotice) -> String {
    let s = &n.subject;
    let mut t = format!(
        "To: {}\nForm: {} (report of a discrepancy in the register of beneficial owners) — DRAFT\n\
         Entity: {}, organization number {}{}\n\n\
         The beneficial owners registered for this entity differ from those determined under the \
         register's rule (control of each intermediate, then more than 25 % in aggregate) from \
         the ownership data listed as evidence below.\n",
        n.addressee,
        n.form,
        s.name,
        s.identifier_display,
        s.country
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default()
    );
    for (i, d) in n.differences.iter().enumerate() {
        t.push_str(&format!(
            "\n{}. {}{}\n   Register: {}\n   Determined (NO-REG): {}\n   {}\n",
            i + 1,
            d.person,
            d.date_of_birth
                .as_deref()
                .map(|b| format!(", born {b}"))
                .unwrap_or_default(),
            d.register_says,
            d.computed,
            d.message
        ));
        if d.open {
            t.push_str("   Open: the ownership data here does not settle this; check it first.\n");
        }
        for e in &d.evidence {
            t.push_str(&format!(
                "   Evidence: {}\n",
                evidence_words(e, str::to_owned)
            ));
        }
    }
    if !n.caveats.is_empty() {
        t.push_str("\nBefore sending:\n");
        for c in &n.caveats {
            t.push_str(&format!("- {c}\n"));
        }
    }
    t
}

/// Decides whether the case holds a notice, and words it.
pub fn assess(i: DiscrepancyInput<'_>) -> DiscrepancyView {
    let register_sources: Vec<NoticeEvidence> =
        i.register.iter().map(|r| r.evidence.clone()).collect();
    let view = |status, message: String, notice| DiscrepancyView {
        status,
        message,
        notice,
        register_sources: register_sources.clone(),
        ownership_sources: i.ownership.clone(),
    };
    if i.subject.country.as_deref().is_some_and(|c| c != "NO") {
        return view(
            DiscrepancyStatus::NotApplicable,
            format!(
                "Not a Norwegian entity: form {FORM} reports discrepancies in the Norwegian \
                 register of beneficial owners only."
            ),
            None,
        );
    }
    let read = |e: &NoticeEvidence| e.state == SourceState::Read;
    let unreadable_register: Vec<String> = i
        .register
        .iter()
        .filter_map(|r| {
            unreadable_reason(&r.evidence)
                .map(|why| format!("{} {}: {why}", r.evidence.source, r.evidence.section))
        })
        .collect();
    if !i.register.iter().any(|r| read(&r.evidence)) {
        return if unreadable_register.is_empty() {
            view(
                DiscrepancyStatus::RegisterMissing,
                "No register list of beneficial owners is stored for this case (look up the \
                 beneficial owners, or the organization with ownership.beneficials): nothing to \
                 compare, no discrepancy claimed."
                    .into(),
                None,
            )
        } else {
            view(
                DiscrepancyStatus::RegisterUnreadable,
                format!(
                    "UNREADABLE: the register's list of beneficial owners could not be read ({}): \
                     no discrepancy is claimed either way.",
                    unreadable_register.join("; ")
                ),
                None,
            )
        };
    }
    let graph = match i.graph {
        Ok(g) => g,
        Err(e) => {
            return view(
                DiscrepancyStatus::OwnershipUnreadable,
                format!(
                    "UNREADABLE: the owners could not be computed ({e}): no discrepancy is \
                     claimed either way."
                ),
                None,
            )
        }
    };
    let unreadable_ownership: Vec<String> = i
        .ownership
        .iter()
        .filter_map(|e| {
            unreadable_reason(e).map(|why| {
                format!(
                    "{} {}{}: {why}",
                    e.source,
                    e.section,
                    e.about
                        .as_deref()
                        .map(|a| format!(" of {a}"))
                        .unwrap_or_default()
                )
            })
        })
        .collect();
    if !i.ownership.iter().any(read) {
        return if unreadable_ownership.is_empty() {
            view(
                DiscrepancyStatus::OwnershipMissing,
                "No ownership data (shareholders) is stored to compute the owners under NO-REG \
                 (look up the organization with ownership.shareholders, or the beneficial \
                 owners): nothing to compare, no discrepancy claimed."
                    .into(),
                None,
            )
        } else {
            view(
                DiscrepancyStatus::OwnershipUnreadable,
                format!(
                    "UNREADABLE: the ownership data could not be read ({}): no discrepancy is \
                     claimed either way.",
                    unreadable_ownership.join("; ")
                ),
                None,
            )
        };
    }
    let differences: Vec<NoticeDifference> = graph
        .differences
        .iter()
        .map(|d| difference(graph, d, &i.register, &i.ownership))
        .collect();
    let partial: Vec<String> = unreadable_register
        .iter()
        .chain(&unreadable_ownership)
        .cloned()
        .collect();
    if differences.is_empty() {
        return if partial.is_empty() {
            view(
                DiscrepancyStatus::NoneFound,
                "No discrepancy: the owners the register names are those computed under NO-REG."
                    .into(),
                None,
            )
        } else {
            let unreadable_side = if unreadable_register.is_empty() {
                DiscrepancyStatus::OwnershipUnreadable
            } else {
                DiscrepancyStatus::RegisterUnreadable
            };
            view(
                unreadable_side,
                format!(
                    "UNREADABLE: part of the data could not be read ({}); what could be read \
                     agrees, but no absence of a discrepancy is claimed.",
                    partial.join("; ")
                ),
                None,
            )
        };
    }
    let mut caveats: Vec<String> = partial
        .iter()
        .map(|p| format!("This could not be read and is not compared: {p}."))
        .collect();
    if differences.iter().any(|d| d.open) {
        caveats.push(
            "Differences marked open rest on incomplete ownership data (a share not stated, or \
             a company on the way not looked up): look those up before reporting them."
                .into(),
        );
    }
    if i.sandbox {
        caveats.push(
            "Sandbox case: every owner and figure is invented. Do not send this notice.".into(),
        );
    }
    let mut notice = DiscrepancyNotice {
        addressee: ADDRESSEE.into(),
        form: FORM.into(),
        subject: i.subject.clone(),
        differences,
        caveats,
        text: String::new(),
    };
    notice.text = notice_text(&notice);
    let n = notice.differences.len();
    view(
        DiscrepancyStatus::Found,
        format!(
            "{n} difference{} between the register and the owners computed under NO-REG: a \
             draft notice ({FORM}) to {ADDRESSEE} is ready.",
            if n == 1 { "" } else { "s" }
        ),
        Some(notice),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ownership::OwnershipGraph;

    fn ev(section: &str, state: SourceState) -> NoticeEvidence {
        NoticeEvidence {
            source: "BankID AML Organization API".into(),
            section: section.into(),
            about: None,
            session_id: "s-1".into(),
            fetched_at: "2026-12-01T10:00:00.000Z".into(),
            environment: "test".into(),
            answer_sha256: "ab".repeat(32),
            reports: vec![EvidenceReport {
                title: "AML report".into(),
                sha256: "cd".repeat(32),
                fetched_at: "2026-12-01T10:00:01.000Z".into(),
            }],
            state,
        }
    }

    fn reg(state: SourceState) -> RegisterSource {
        RegisterSource {
            key: "organization".into(),
            evidence: ev("ownership.beneficials", state),
        }
    }

    fn unreadable() -> SourceState {
        SourceState::Unreadable {
            reason: "ownership.beneficials: found a text, expected a list".into(),
        }
    }

    fn run(g: &GraphView, register: Vec<RegisterSource>, own: Vec<SourceState>) -> DiscrepancyView {
        assess(DiscrepancyInput {
            subject: NoticeSubject {
                name: "EXAMPLE AS".into(),
                identifier: "923609016".into(),
                identifier_display: "923 609 016".into(),
                country: Some("NO".into()),
            },
            graph: Ok(g),
            register,
            ownership: own
                .into_iter()
                .map(|s| ev("ownership.shareholders", s))
                .collect(),
            sandbox: false,
        })
    }

    fn graph(differences: usize) -> GraphView {
        let mut g = OwnershipGraph::from_results("923609016", &[], None).view();
        for i in 0..differences {
            g.differences.push(OwnerDifference {
                node_id: None,
                name: format!("Person {i}"),
                kind: "notReported".into(),
                message: format!(
                    "Person {i} is a beneficial owner by NO-REG, but BankID does not name them."
                ),
            });
        }
        g
    }

    /// What, differences in the graph, register lists, ownership sources, the status wanted.
    type Case = (
        &'static str,
        usize,
        Vec<RegisterSource>,
        Vec<SourceState>,
        DiscrepancyStatus,
    );

    /// "No discrepancy" only when both sides were read; every other state says why.
    #[test]
    fn status_by_what_could_be_read() {
        use DiscrepancyStatus::*;
        use SourceState::{Missing, Read};
        let cases: Vec<Case> = vec![
            (
                "both read, same owners",
                0,
                vec![reg(Read)],
                vec![Read],
                NoneFound,
            ),
            (
                "both read, owners differ",
                1,
                vec![reg(Read)],
                vec![Read],
                Found,
            ),
            (
                "no register list",
                1,
                vec![reg(Missing)],
                vec![Read],
                RegisterMissing,
            ),
            (
                "no register answer at all",
                0,
                vec![],
                vec![Read],
                RegisterMissing,
            ),
            (
                "register unreadable",
                1,
                vec![reg(unreadable())],
                vec![Read],
                RegisterUnreadable,
            ),
            (
                "no shareholders",
                1,
                vec![reg(Read)],
                vec![Missing],
                OwnershipMissing,
            ),
            (
                "shareholders unreadable",
                0,
                vec![reg(Read)],
                vec![unreadable()],
                OwnershipUnreadable,
            ),
            // One register list read and agreeing, the other unreadable: never "none found".
            (
                "one list unreadable",
                0,
                vec![reg(Read), reg(unreadable())],
                vec![Read],
                RegisterUnreadable,
            ),
            (
                "an intermediate unreadable",
                0,
                vec![reg(Read)],
                vec![Read, unreadable()],
                OwnershipUnreadable,
            ),
        ];
        for (what, diffs, register, own, want) in cases {
            let v = run(&graph(diffs), register, own);
            assert_eq!(v.status, want, "{what}: {}", v.message);
            assert_eq!(v.notice.is_some(), want == Found, "{what}");
            if want != NoneFound {
                assert!(
                    !v.message.starts_with("No discrepancy"),
                    "{what}: {}",
                    v.message
                );
            }
        }
    }

    #[test]
    fn only_norwegian_entities_get_a_notice() {
        let g = graph(1);
        let mut i = DiscrepancyInput {
            subject: NoticeSubject {
                country: Some("SE".into()),
                ..NoticeSubject::default()
            },
            graph: Ok(&g),
            register: vec![reg(SourceState::Read)],
            ownership: vec![ev("ownership.shareholders", SourceState::Read)],
            sandbox: false,
        };
        assert_eq!(assess(i).status, DiscrepancyStatus::NotApplicable);
        i = DiscrepancyInput {
            subject: NoticeSubject::default(),
            graph: Ok(&g),
            register: vec![reg(SourceState::Read)],
            ownership: vec![ev("ownership.shareholders", SourceState::Read)],
            sandbox: false,
        };
        assert_eq!(assess(i).status, DiscrepancyStatus::Found);
    }

    #[test]
    fn an_unreadable_graph_is_said_as_such() {
        let v = assess(DiscrepancyInput {
            subject: NoticeSubject::default(),
            graph: Err("the organization answer is not a JSON object".into()),
            register: vec![reg(SourceState::Read)],
            ownership: vec![ev("ownership.shareholders", SourceState::Read)],
            sandbox: false,
        });
        assert_eq!(v.status, DiscrepancyStatus::OwnershipUnreadable);
        assert!(v.message.starts_with("UNREADABLE"), "{}", v.message);
    }

    #[test]
    fn the_notice_names_addressee_form_person_and_evidence() {
        let v = run(
            &graph(1),
            vec![reg(SourceState::Read), reg(unreadable())],
            vec![SourceState::Read],
        );
        let n = v.notice.expect("notice");
        assert_eq!(n.addressee, "Brønnøysundregistrene");
        assert_eq!(n.form, "RRH-0120");
        let d = &n.differences[0];
        assert_eq!(d.person, "Person 0");
        assert_eq!(d.register_says, "Not named as a beneficial owner.");
        assert!(d.computed.starts_with("Not reached"), "{}", d.computed);
        assert!(d.open);
        // The register list read and the ownership read; not the unreadable list.
        assert_eq!(d.evidence.len(), 2);
        for want in [
            "To: Brønnøysundregistrene",
            "RRH-0120",
            "EXAMPLE AS, organization number 923 609 016 (NO)",
            "1. Person 0",
            &"ab".repeat(32),
            &"cd".repeat(32),
            "could not be read and is not compared",
        ] {
            assert!(n.text.contains(want), "{want} in:\n{}", n.text);
        }
    }
}
