//! Printing: progress bars on a terminal, plain lines otherwise, JSON with `--json`.

use std::collections::HashMap;
use std::io::IsTerminal;

use amldesk_engine::api::*;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

pub fn print_json<T: Serialize>(v: &T) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: cannot print JSON ({e})"),
    }
}

/// Follows engine events: a bar on a terminal, one line per state change otherwise (stderr),
/// nothing with `--json`.
pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    states: HashMap<String, SessionState>,
    finished: u64,
}

impl Progress {
    pub fn new(label: &str, total: Option<u64>, json: bool) -> Self {
        let tty = std::io::stderr().is_terminal() && !json;
        let bar = tty.then(|| {
            let b = match total {
                Some(n) => ProgressBar::new(n),
                None => ProgressBar::new_spinner(),
            };
            let style = if total.is_some() {
                ProgressStyle::with_template("{spinner} {prefix} [{bar:30}] {pos}/{len} {msg}")
            } else {
                ProgressStyle::with_template("{spinner} {prefix} {msg}")
            };
            if let Ok(s) = style {
                b.set_style(s.progress_chars("=> "));
            }
            b.set_prefix(label.to_owned());
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            b
        });
        Progress {
            bar,
            plain: !tty && !json,
            states: HashMap::new(),
            finished: 0,
        }
    }

    pub fn event(&mut self, ev: &EngineEvent) {
        let EngineEvent::SessionUpdated { session } = ev else {
            return;
        };
        let old = self.states.insert(session.id.clone(), session.state);
        if old == Some(session.state) {
            if let Some(b) = &self.bar {
                b.set_message(entities_line(session));
            }
            return;
        }
        if session.state.is_terminal() && !old.is_some_and(|o| o.is_terminal()) {
            self.finished += 1;
            if let Some(b) = &self.bar {
                b.set_position(self.finished);
            }
        }
        let line = format!(
            "{} {} {}{}",
            short(&session.id),
            session.kind,
            state_word(session.state),
            session
                .error
                .as_ref()
                .map(|e| format!(": {}", e.message))
                .unwrap_or_default()
        );
        if let Some(b) = &self.bar {
            b.set_message(line);
        } else if self.plain {
            eprintln!("{line}");
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn entities_line(s: &SessionView) -> String {
    s.entities
        .iter()
        .map(|e| format!("{}: {:?}", e.label, e.state))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn state_word(s: SessionState) -> &'static str {
    match s {
        SessionState::Planned => "planned",
        SessionState::Created => "created",
        SessionState::Polling => "waiting for results",
        SessionState::Ready => "downloading",
        SessionState::Downloaded => "downloaded",
        SessionState::Done => "done",
        SessionState::Failed => "failed",
        SessionState::Expired => "expired",
        SessionState::Cancelled => "cancelled",
    }
}

pub fn print_case(d: &CaseDetail) {
    let sm = &d.summary;
    println!(
        "Case {}  ({:?}, {:?} environment)",
        sm.id, sm.status, sm.environment
    );
    println!(
        "  Subject        {}  {}",
        sm.identifier_display,
        sm.subject_name.clone().unwrap_or_default()
    );
    if let Some(org) = &d.organization {
        // `data` is core's typed view serialized; core reads it back.
        let typed = amldesk_core::model::OrgResult::from_json(&org.data).unwrap_or_default();
        let mut rows = amldesk_engine::views::org::key_rows(&typed);
        if let Some(n) = rows.iter_mut().find(|r| r.0 == "Number") {
            n.1 = n.1.take().or_else(|| Some(sm.identifier_display.clone()));
        }
        for (label, v) in rows {
            if let Some(v) = v {
                println!("  {label:<14} {v}");
            }
        }
        if typed.is_sandbox() && sm.environment != EnvironmentKind::Sandbox {
            println!(
                "  WARNING: this answer is marked as invented sandbox data, but the case is in the \
                 {} environment: do not rely on it",
                amldesk_engine::environment_name(sm.environment)
            );
        }
        if typed.sanction.as_ref().and_then(|s| s.present()).is_some() {
            let c = typed.hit_counts();
            println!(
                "  {:<14} {} sanction-list, {} PEP-list",
                "Screening hits", c.sanction, c.pep
            );
            for h in typed.sanction_hits() {
                println!(
                    "    {}  list {}  match {}",
                    h.name.as_deref().unwrap_or("(no name)"),
                    h.source.as_ref().map_or("?", |s| s.as_str()),
                    h.match_indicator.map_or("?".into(), |m| m.to_string())
                );
            }
        }
        print_sections(&org.sections);
        println!(
            "  {:<14} {} ({:?}, {})",
            "Fetched",
            org.provenance.fetched_at,
            org.provenance.environment,
            if typed.is_sandbox() {
                "invented sandbox data"
            } else {
                "upstream data"
            }
        );
    }
    if let Some(bo) = &d.beneficial {
        let typed = amldesk_core::model::bo::BoResult::from_json(&bo.data).unwrap_or_default();
        println!(
            "Beneficial owners: {} listed (fetched {})",
            typed.owners().len(),
            bo.provenance.fetched_at
        );
        print_sections(&bo.sections);
    }
    if !d.sessions.is_empty() {
        println!("Lookups");
        for s in &d.sessions {
            println!(
                "  {}  {:<12} {}{}",
                short(&s.id),
                s.kind,
                state_word(s.state),
                s.error
                    .as_ref()
                    .map(|e| format!(": {}", e.message))
                    .unwrap_or_default()
            );
        }
    }
    if !d.documents.is_empty() {
        println!("Documents");
        for doc in &d.documents {
            println!(
                "  {:<30} {:>9} bytes  sha256 {}",
                doc.title, doc.bytes, doc.sha256
            );
        }
    }
    for a in &d.amlyze {
        print_amlyze(a);
    }
    for p in &d.peer {
        println!(
            "Peer request {} ({}, {} / {}): {}",
            short(&p.session_id),
            p.type_request,
            p.id_document,
            p.phone_original,
            p.status
        );
        for x in &p.details {
            println!("  {} / {}: {}", x.group, x.field, x.value);
        }
    }
    for n in &d.notes {
        println!(
            "Note {}{}: {}",
            n.created_at,
            n.decision.map(|d| format!(" [{d:?}]")).unwrap_or_default(),
            n.text
        );
    }
}

pub fn print_amlyze(a: &AmlyzePushView) {
    println!(
        "Amlyze {} ({}) at {}",
        short(&a.session_id),
        if a.validate_only {
            "validation"
        } else {
            "import"
        },
        a.pushed_at
    );
    for r in &a.rows {
        println!(
            "  {} {}{}",
            r.result_type,
            r.communication_number.clone().unwrap_or_default(),
            match (&r.error_code, &r.explanation) {
                (Some(c), Some(e)) => format!(": {c} {e}"),
                _ => String::new(),
            }
        );
    }
    for e in &a.events {
        println!("  event {}", e.r#type);
    }
    if let Some(r) = &a.final_risk_level {
        println!("  final risk level {r}");
    }
}

pub fn print_batch(v: &BatchView) {
    let c = &v.counts;
    println!(
        "batch {}: {} total, {} done, {} failed, {} expired, {} cancelled",
        v.id, c.total, c.done, c.failed, c.expired, c.cancelled
    );
    for r in &v.rows {
        if let Some(e) = &r.error {
            println!(
                "  line {} {}: {} ({})",
                r.line,
                r.identifier_display,
                state_word(r.state),
                e.message
            );
        }
    }
    for r in &v.rejected {
        println!("  line {} rejected: {}: {}", r.line, r.field, r.message);
    }
}

pub fn print_case_list(list: &[CaseSummary], environment_column: bool) {
    if list.is_empty() {
        println!("no cases yet");
        return;
    }
    for c in list {
        if environment_column {
            print!("{:<11} ", amldesk_engine::environment_name(c.environment));
        }
        println!(
            "{}  {:<12} {:<14} {:<40} {:?}",
            c.id,
            c.country.map(|c| c.code()).unwrap_or("-"),
            c.identifier_display,
            c.subject_name.clone().unwrap_or_default(),
            c.status
        );
    }
}

/// Sections that are not simply there: unreadable ones first (never "nothing found").
fn print_sections(sections: &[SectionInfo]) {
    for s in sections {
        let word = match s.availability {
            Availability::Unreadable => "UNREADABLE: requested, but the answer could not be read",
            Availability::Missing => "missing: requested, not in the answer",
            Availability::NotAvailable => "not available",
            _ => continue,
        };
        let path = if s.path.is_empty() {
            "(answer)"
        } else {
            s.path.as_str()
        };
        println!(
            "  {:<14} {path}: {word}{}",
            "Section",
            s.reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
    }
}

/// `amldesk cases show`: the sections of the window, in plain text or (`--json`) as one view.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseShow<'a> {
    /// The case view itself, flat: `--json cases show` prints the engine's `CaseDetail` (its
    /// `summary`, `sections`, `warnings`, …) with `ownership` beside them.
    #[serde(flatten)]
    pub case: &'a CaseDetail,
    /// The ownership analysis (beneficial owners with their rules and integrated shares).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership: Option<&'a amldesk_core::ownership::GraphView>,
}

pub fn print_case_show(d: &CaseDetail, graph: Option<&amldesk_core::ownership::GraphView>) {
    print_case(d);
    if let Some(org) = &d.organization {
        // The window's views, built by the engine: the CLI prints what the window draws.
        let Some(v) = &org.view else {
            println!("Sections");
            println!("  UNREADABLE: requested, but the answer could not be read");
            return print_rest(d, graph);
        };
        println!("Roles");
        match note(&v.roles.state) {
            Some(n) => println!("  {n}"),
            None => {
                for r in &v.roles.rows {
                    println!(
                        "  {:<32} {}{}",
                        r.role,
                        r.name,
                        r.since
                            .as_deref()
                            .map(|d| format!(", since {d}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        println!("Signature rights");
        match note(&v.authorities.state) {
            Some(n) => println!("  {n}"),
            None => {
                let lines: Vec<&str> = [&v.authorities.signature, &v.authorities.procuration]
                    .into_iter()
                    .flatten()
                    .map(|a| a.sentence.as_str())
                    .collect();
                if lines.is_empty() {
                    println!("  searched, nothing found");
                }
                for l in lines {
                    println!("  {l}");
                }
            }
        }
        println!("Key figures");
        match note(&v.key_figures.state) {
            Some(n) => println!("  {n}"),
            None => {
                let k = &v.key_figures;
                let cur = k.currency.as_deref().unwrap_or("(currency not given)");
                if let Some(c) = k.share_capital {
                    println!("  {:<14} {} {cur}", "Share capital", group(c));
                }
                for y in &k.years {
                    println!(
                        "  {:<14} turnover {}  operating profit {}  earnings {}  equity {}  ({})",
                        y.year,
                        y.turnover.map(group).unwrap_or_else(|| "–".into()),
                        y.operating_profit.map(group).unwrap_or_else(|| "–".into()),
                        y.earnings.map(group).unwrap_or_else(|| "–".into()),
                        y.equity.map(group).unwrap_or_else(|| "–".into()),
                        y.currency.as_deref().unwrap_or(cur)
                    );
                }
            }
        }
        println!("Shareholders");
        match note(&v.shareholders.state) {
            Some(n) => println!("  {n}"),
            None => {
                for s in &v.shareholders.rows {
                    println!(
                        "  {:<40} {:>8}{}",
                        s.name,
                        s.share.map(|p| format!("{p} %")).unwrap_or_default(),
                        s.org_number
                            .as_deref()
                            .map(|n| format!("  {n}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        println!("Sanction and PEP screening");
        let sc = &v.screening;
        match note(&sc.state) {
            Some(n) => println!("  {n}"),
            None => {
                if !sc.lists_searched.is_empty() {
                    println!(
                        "  Lists searched {} (OFAC {})",
                        sc.lists_searched.join(", "),
                        match sc.ofac_included {
                            Some(true) => "included",
                            Some(false) => "not included",
                            None => "inclusion not given",
                        }
                    );
                }
                if sc.hits.is_empty() {
                    println!("  no hits");
                }
                for h in &sc.hits {
                    println!(
                        "  {} hit: {} — {} — list {}{}",
                        h.kind,
                        h.name,
                        h.relation.as_deref().unwrap_or("relation not given"),
                        h.list.as_deref().unwrap_or("?"),
                        h.match_indicator
                            .map(|m| format!(", match {m} of {}", h.match_max))
                            .unwrap_or_default()
                    );
                }
            }
        }
    }
    print_rest(d, graph);
}

/// What a section's state tells the officer instead of its rows; `None` when there are rows.
fn note(s: &SectionState) -> Option<&'static str> {
    match s.availability {
        Availability::Present => None,
        Availability::Empty => Some("searched, nothing found"),
        Availability::Missing => Some("requested, not in the answer"),
        Availability::NotRequested => Some("not requested in this lookup"),
        Availability::NotAvailable => Some("not available"),
        Availability::Unreadable => Some("UNREADABLE: requested, but the answer could not be read"),
    }
}

/// `5976872600` → `5 976 872 600`, as the window groups.
fn group(n: f64) -> String {
    let neg = n < 0.0;
    let digits = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn print_rest(d: &CaseDetail, graph: Option<&amldesk_core::ownership::GraphView>) {
    if let Some(g) = graph {
        print_owners(g);
    }
    print_discrepancy(&d.discrepancy);
    if !d.documents.is_empty() {
        println!("Reports");
        for doc in d
            .documents
            .iter()
            .filter(|x| x.media_type == "application/pdf")
        {
            println!("  {:<30} SHA-256 {}", doc.title, doc.sha256);
        }
    }
}

/// Each beneficial owner on one line: name, integrated share, the rules side by side.
fn print_owners(g: &amldesk_core::ownership::GraphView) {
    println!("Beneficial owners (ownership analysis)");
    let owners: Vec<_> = g.owners.iter().filter(|o| o.is_beneficial_owner).collect();
    if owners.is_empty() {
        println!("  none found by any rule");
    }
    for o in owners {
        let share = match o.integrated_percent {
            Some(x) => format!("integrated share {x:.2} %"),
            None => format!(
                "integrated share {:.2}–{:.2} % (a share is not stated)",
                o.integrated_share, o.integrated_max
            ),
        };
        let side = [
            ("NO-AML-14", o.chain_rule),
            ("NO-REG", o.control_rule),
            ("integrated", o.integrated_rule),
            ("EU-AMLR-52", o.amlr_rule),
        ];
        let words: Vec<String> = side
            .iter()
            .map(|(name, yes)| format!("{name} {}", if *yes { "yes" } else { "no" }))
            .collect();
        let mut extra: Vec<String> = Vec::new();
        if !o.possibly.is_empty() {
            extra.push(format!("possibly: {}", o.possibly.join(", ")));
        }
        if o.senior_managing_official {
            extra.push("senior managing official (no natural person qualifies)".to_owned());
        }
        if o.upstream.is_some() && o.rules.is_empty() {
            extra.push("named by BankID only".to_owned());
        }
        println!(
            "  {}  {share}  rules: {}{}",
            o.name,
            words.join(", "),
            if extra.is_empty() {
                String::new()
            } else {
                format!("; {}", extra.join("; "))
            }
        );
    }
    let s = &g.sanctions_ownership;
    if s.ofac50 || s.eu_sanctions50 || !s.possibly.is_empty() {
        for ground in &s.grounds {
            println!("  sanctions through ownership: {ground}");
        }
    }
    for sdd in &g.simplified_due_diligence {
        println!("  simplified due diligence: {sdd}");
    }
    for d in &g.differences {
        println!("  difference from the register: {}", d.message);
    }
}

/// The register-discrepancy state, and the draft notice (RRH-0120) when there is one.
fn print_discrepancy(v: &DiscrepancyView) {
    if v.status == DiscrepancyStatus::NotApplicable {
        return;
    }
    println!("Discrepancy with the register");
    println!("  {}", v.message);
    if let Some(n) = &v.notice {
        println!("  Draft notice ({}) to {}:", n.form, n.addressee);
        for line in n.text.lines() {
            println!("    {line}");
        }
    }
}
