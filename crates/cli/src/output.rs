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

fn s(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(o) => o
            .get("description")
            .or_else(|| o.get("text"))
            .or_else(|| o.get("code"))
            .and_then(|x| x.as_str())
            .map(str::to_owned),
        _ => None,
    }
}

fn address(v: Option<&serde_json::Value>) -> Option<String> {
    let a = v?;
    if let Some(t) = a.as_str() {
        return Some(t.to_owned());
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(lines) = a.get("addressLines").or_else(|| a.get("street")) {
        match lines {
            serde_json::Value::Array(l) => {
                parts.extend(l.iter().filter_map(|x| x.as_str().map(str::to_owned)))
            }
            serde_json::Value::String(x) => parts.push(x.clone()),
            _ => {}
        }
    }
    let pc = [
        s(a.get("postalCode")),
        s(a.get("postalPlace")).or_else(|| s(a.get("city"))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    if !pc.is_empty() {
        parts.push(pc);
    }
    if let Some(c) = s(a.get("country")) {
        parts.push(c);
    }
    (!parts.is_empty()).then(|| parts.join(", "))
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
        let k = org.data.get("keyInformation");
        let f = |p: &str| s(k.and_then(|k| k.get(p)));
        println!("Organization");
        let rows: [(&str, Option<String>); 9] = [
            ("Name", f("name")),
            (
                "Number",
                f("orgNumber").or_else(|| Some(sm.identifier_display.clone())),
            ),
            ("Form", f("organizationType")),
            ("Status", f("statusCode").or_else(|| f("status"))),
            ("Country", f("country")),
            ("Registered", f("registeredDate")),
            ("Employees", f("employees")),
            ("Web page", f("webpage")),
            (
                "Address",
                address(
                    org.data
                        .pointer("/address/visitingAddress")
                        .or_else(|| org.data.pointer("/address/postalAddress")),
                ),
            ),
        ];
        for (label, v) in rows {
            if let Some(v) = v {
                println!("  {label:<14} {v}");
            }
        }
        if let Some(hits) = org
            .data
            .pointer("/sanction/hits")
            .and_then(|h| h.as_array())
        {
            println!("  {:<14} {}", "Sanction hits", hits.len());
        }
        println!(
            "  {:<14} {} ({:?}, {})",
            "Fetched",
            org.provenance.fetched_at,
            org.provenance.environment,
            if org.data.get("sandbox").and_then(|b| b.as_bool()) == Some(true) {
                "invented sandbox data"
            } else {
                "upstream data"
            }
        );
    }
    if let Some(bo) = &d.beneficial {
        let owners = bo
            .data
            .get("beneficialOwners")
            .or_else(|| bo.data.get("beneficials"))
            .and_then(|b| b.as_array())
            .map(|a| a.len())
            .unwrap_or(0);
        println!(
            "Beneficial owners: {owners} listed (fetched {})",
            bo.provenance.fetched_at
        );
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

pub fn print_case_list(list: &[CaseSummary]) {
    if list.is_empty() {
        println!("no cases yet");
        return;
    }
    for c in list {
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
