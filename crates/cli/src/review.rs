//! Reviewing from a terminal: `hits`, `review`, `decide`, `confirm`, `changes`, `cases close`,
//! `retention purge` and `audit verify`. Each opens the profile offline (no session resumes, no
//! network), runs one use case and prints; a refused action exits 2 with the reason.

use amldesk_engine::api::*;
use amldesk_engine::{Engine, EngineError};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::commands::{fail, open, refuse_foreign_case, Global};
use crate::output;

fn parse_disposition(s: &str) -> Result<Disposition, String> {
    Disposition::parse(s)
}

fn parse_reason(s: &str) -> Result<ReasonCode, String> {
    ReasonCode::parse(s)
}

fn parse_decision(s: &str) -> Result<Decision, String> {
    amldesk_engine::views::decision(s.trim())
        .ok_or_else(|| format!("\"{s}\" is not a decision: use approve, reject or escalate"))
}

#[derive(Args, Debug)]
pub struct HitsArgs {
    pub case: String,
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    pub case: String,
    /// The hit's id, as `amldesk hits <CASE>` lists it.
    pub hit: String,
    /// true-match, false-positive or escalate.
    #[arg(value_parser = parse_disposition)]
    pub disposition: Disposition,
    /// exact_identifier_match, name_only_match, different_date_of_birth, different_nationality,
    /// different_person_same_name, listed_entity_not_subject, needs_more_information, other.
    #[arg(long, value_parser = parse_reason)]
    pub reason: ReasonCode,
    #[arg(long)]
    pub note: Option<String>,
    /// Default: the profile's reviewer, else the OS user (declared, not authenticated).
    #[arg(long)]
    pub reviewer: Option<String>,
}

#[derive(Args, Debug)]
pub struct DecideArgs {
    pub case: String,
    /// approve, reject or escalate.
    #[arg(value_parser = parse_decision)]
    pub decision: Decision,
    #[arg(long)]
    pub reason: String,
    #[arg(long)]
    pub reviewer: Option<String>,
}

#[derive(Args, Debug)]
pub struct ConfirmArgs {
    pub case: String,
    /// The second reviewer (never the one who prepared the decision).
    #[arg(long)]
    pub reviewer: Option<String>,
}

#[derive(Args, Debug)]
pub struct ChangesArgs {
    pub case: String,
}

#[derive(Subcommand, Debug)]
pub enum Retention {
    /// Delete every closed case whose deletion date has come, and record each deletion.
    Purge {
        /// List what would be deleted; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum Audit {
    /// Recompute the audit log's hash chain; names the first broken entry.
    Verify,
}

/// `amldesk cases close <CASE> --relationship-ended DATE`.
#[derive(Args, Debug)]
pub struct CloseArgs {
    pub case: String,
    /// The day the customer relationship ended (YYYY-MM-DD).
    #[arg(long)]
    pub relationship_ended: String,
    /// Years to keep the case after that (default: the profile's setting, 5).
    #[arg(long)]
    pub retain_years: Option<u32>,
}

/// Opens the profile offline and checks that `case` belongs to this environment.
async fn with_case(g: &Global, case: &str) -> Result<Engine, EngineError> {
    let engine = open(g, false).await?;
    if let Err(e) = refuse_foreign_case(&engine, case).await {
        engine.shutdown().await;
        return Err(e);
    }
    Ok(engine)
}

/// Runs `f` on an engine opened for `case`, shuts down, prints or fails.
pub(crate) async fn run<T, F, Fut>(
    g: &Global,
    case: Option<&str>,
    f: F,
    print: impl FnOnce(&T) -> i32,
) -> i32
where
    F: FnOnce(Engine) -> Fut,
    Fut: std::future::Future<Output = Result<T, EngineError>>,
{
    let engine = match case {
        Some(c) => with_case(g, c).await,
        None => open(g, false).await,
    };
    let engine = match engine {
        Ok(e) => e,
        Err(e) => return fail(g, &e),
    };
    let out = f(engine.clone()).await;
    engine.shutdown().await;
    match out {
        Ok(v) => print(&v),
        Err(e) => fail(g, &e),
    }
}

/// A hit as `amldesk hits --json` prints it: `disposition` is the disposition that holds
/// (`true-match` | `false-positive` | `escalate`) or null when unreviewed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HitLine<'a> {
    id: &'a str,
    kind: HitKind,
    list: &'a str,
    list_date: Option<&'a str>,
    name: Option<&'a str>,
    relation: Option<&'a str>,
    match_indicator: Option<f64>,
    disposition: Option<Disposition>,
    review: Option<&'a HitDispositionView>,
    /// A disposition given before the listing or the match changed.
    previous_review: Option<&'a HitDispositionView>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HitsOut<'a> {
    case_id: &'a str,
    availability: HitsAvailability,
    unreadable_reason: Option<&'a str>,
    screened_at: Option<&'a str>,
    unreviewed: u32,
    hits: Vec<HitLine<'a>>,
    reviewer_note: &'static str,
}

fn hits_out<'a>(case: &'a CaseDetail) -> HitsOut<'a> {
    HitsOut {
        case_id: &case.summary.id,
        availability: case.hits.availability,
        unreadable_reason: case.hits.unreadable_reason.as_deref(),
        screened_at: case.hits.screened_at.as_deref(),
        unreviewed: case.hits.unreviewed,
        hits: case
            .hits
            .hits
            .iter()
            .map(|h| HitLine {
                id: &h.id,
                kind: h.kind,
                list: &h.list,
                list_date: h.list_date.as_deref(),
                name: h.name.as_deref(),
                relation: h.relation.as_deref(),
                match_indicator: h.match_indicator,
                disposition: h.disposition.as_ref().map(|d| d.disposition),
                review: h.disposition.as_ref(),
                previous_review: h.previous.as_ref(),
            })
            .collect(),
        reviewer_note: DECLARED_REVIEWER,
    }
}

fn print_hits(case: &CaseDetail) {
    let h = &case.hits;
    match h.availability {
        HitsAvailability::NotRequested => {
            println!("No screening on record for this case (look it up with --expand sanction).");
            return;
        }
        HitsAvailability::Unreadable => {
            println!(
                "The screening could not be read ({}): its hits are unknown, not none.",
                h.unreadable_reason.as_deref().unwrap_or("unreadable")
            );
            return;
        }
        HitsAvailability::Present => {}
    }
    if h.hits.is_empty() {
        println!("Screened: no hits.");
        return;
    }
    for hit in &h.hits {
        let kind = match hit.kind {
            HitKind::Sanction => "sanction",
            HitKind::Pep => "PEP",
        };
        println!(
            "{}  {kind} hit on {}{}: {}{}",
            hit.id,
            hit.list,
            hit.list_date
                .as_deref()
                .map(|d| format!(" (listed record of {d})"))
                .unwrap_or_default(),
            hit.name.as_deref().unwrap_or("(no name)"),
            hit.relation
                .as_deref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default(),
        );
        match (&hit.disposition, &hit.previous) {
            (Some(d), _) => println!("    {}", review_words(d)),
            (None, Some(p)) => println!(
                "    unreviewed: the listing or the match changed since it was reviewed ({})",
                review_words(p)
            ),
            (None, None) => println!("    unreviewed"),
        }
    }
    println!(
        "{} of {} hits unreviewed. Reviewer names are declared, not authenticated.",
        h.unreviewed,
        h.hits.len()
    );
}

fn review_words(d: &HitDispositionView) -> String {
    format!(
        "{} ({}) by {} on {}{}",
        d.disposition.as_str(),
        d.reason_code.as_str(),
        d.reviewer,
        d.reviewed_at,
        if d.note.is_empty() {
            String::new()
        } else {
            format!(": {}", d.note)
        }
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DecisionOut<'a> {
    case_id: &'a str,
    decision: Option<&'a DecisionView>,
    unreviewed: u32,
}

fn print_decision(case: &CaseDetail) {
    let Some(d) = &case.decision else {
        println!("No decision on this case.");
        return;
    };
    let what = amldesk_engine::views::decision_str(d.decision);
    match d.state {
        DecisionState::Pending => println!(
            "{what} by {}: pending, awaiting a second reviewer (amldesk confirm {} --reviewer \
             NAME). Reason: {}",
            d.preparer, case.summary.id, d.reason
        ),
        DecisionState::Final => println!(
            "{what}: final ({}). Reason: {}",
            d.reviewers.join(", then confirmed by "),
            d.reason
        ),
    }
    println!("Reviewer names are {DECLARED_REVIEWER}.");
}

fn decision_out(g: &Global, case: &CaseDetail) -> i32 {
    if g.json {
        output::print_json(&DecisionOut {
            case_id: &case.summary.id,
            decision: case.decision.as_ref(),
            unreviewed: case.hits.unreviewed,
        });
    } else {
        print_decision(case);
    }
    0
}

pub async fn hits(g: &Global, a: HitsArgs) -> i32 {
    let case = a.case.clone();
    run(
        g,
        Some(&a.case),
        |e| async move { e.get_case(&case).await },
        |d| {
            if g.json {
                output::print_json(&hits_out(d));
            } else {
                print_hits(d);
            }
            0
        },
    )
    .await
}

pub async fn review(g: &Global, a: ReviewArgs) -> i32 {
    let req = HitReviewRequest {
        case_id: a.case.clone(),
        hit_id: a.hit.clone(),
        disposition: a.disposition,
        reason_code: a.reason,
        note: a.note,
        reviewer: a.reviewer,
    };
    let hit = a.hit.clone();
    run(
        g,
        Some(&a.case),
        |e| async move { e.review_hit(req).await },
        |d| {
            let line = d.hits.hits.iter().find(|h| h.id == hit);
            if g.json {
                output::print_json(&serde_json::json!({
                    "caseId": d.summary.id,
                    "hit": line,
                    "unreviewed": d.hits.unreviewed,
                }));
            } else if let Some(r) = line.and_then(|h| h.disposition.as_ref()) {
                println!("{hit}: {}", review_words(r));
                println!("{} hits unreviewed.", d.hits.unreviewed);
            }
            0
        },
    )
    .await
}

pub async fn decide(g: &Global, a: DecideArgs) -> i32 {
    let req = DecisionRequest {
        case_id: a.case.clone(),
        decision: a.decision,
        note: a.reason,
        reviewer: a.reviewer,
    };
    run(
        g,
        Some(&a.case),
        |e| async move { e.set_decision(req).await },
        |d| decision_out(g, d),
    )
    .await
}

pub async fn confirm(g: &Global, a: ConfirmArgs) -> i32 {
    let req = ConfirmRequest {
        case_id: a.case.clone(),
        reviewer: a.reviewer,
    };
    run(
        g,
        Some(&a.case),
        |e| async move { e.confirm_decision(req).await },
        |d| decision_out(g, d),
    )
    .await
}

pub async fn changes(g: &Global, a: ChangesArgs) -> i32 {
    let case = a.case.clone();
    run(
        g,
        Some(&a.case),
        |e| async move { e.get_case(&case).await },
        |d| {
            let c = &d.changes;
            if g.json {
                output::print_json(&serde_json::json!({"caseId": d.summary.id, "changes": c}));
            } else if c.snapshots < 2 {
                println!(
                    "{} snapshot{} of this case: nothing to compare yet.",
                    c.snapshots,
                    if c.snapshots == 1 { "" } else { "s" }
                );
            } else {
                println!(
                    "Since the previous snapshot ({} → {}):",
                    c.previous_at.as_deref().unwrap_or("?"),
                    c.current_at.as_deref().unwrap_or("?")
                );
                if c.changes.is_empty() {
                    println!("  nothing changed");
                }
                for ch in &c.changes {
                    println!("  {}", ch.text);
                }
            }
            0
        },
    )
    .await
}

pub async fn close(g: &Global, a: CloseArgs) -> i32 {
    let req = CloseCaseRequest {
        case_id: a.case.clone(),
        relationship_ended: a.relationship_ended,
        retain_years: a.retain_years,
    };
    run(
        g,
        Some(&a.case),
        |e| async move { e.close_case(req).await },
        |d| {
            if g.json {
                output::print_json(
                    &serde_json::json!({"caseId": d.summary.id, "retention": d.retention}),
                );
            } else {
                println!(
                    "Case {} closed: the relationship ended {}; it will be deleted from {} on \
                     (amldesk retention purge).",
                    d.summary.id,
                    d.retention.relationship_ended.as_deref().unwrap_or("?"),
                    d.retention.delete_after.as_deref().unwrap_or("?")
                );
            }
            0
        },
    )
    .await
}

pub async fn retention(g: &Global, r: Retention) -> i32 {
    let Retention::Purge { dry_run } = r;
    run(
        g,
        None,
        |e| async move { e.retention_purge(dry_run).await },
        |rep| {
            if g.json {
                output::print_json(rep);
                return 0;
            }
            if rep.cases.is_empty() {
                println!("No case is due for deletion on {}.", rep.today);
            }
            for c in &rep.cases {
                let who = c.subject_name.as_deref().unwrap_or("(no name)");
                if rep.dry_run {
                    println!(
                        "would delete {} ({who}), due since {}",
                        c.case_id, c.delete_after
                    );
                } else {
                    println!(
                        "deleted {} ({who}), due since {}: {} rows, {} audit payloads replaced \
                         by tombstones",
                        c.case_id, c.delete_after, c.rows_deleted, c.audit_tombstoned
                    );
                }
            }
            0
        },
    )
    .await
}

pub async fn audit(g: &Global, a: Audit) -> i32 {
    let Audit::Verify = a;
    run(
        g,
        None,
        |e| async move { e.verify_audit().await },
        |rep| {
            if g.json {
                output::print_json(rep);
            } else if let Some(b) = &rep.first_broken {
                println!("The audit log is broken at entry {}: {}.", b.seq, b.reason);
            } else {
                println!("The audit log is intact: {} entries verified.", rep.entries);
            }
            if rep.ok {
                0
            } else {
                1
            }
        },
    )
    .await
}
