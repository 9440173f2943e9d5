//! `amldesk ubo <FILE.json> [--blocked IDS.txt]`: the beneficial owners of every entity in a BODS
//! 0.4 file, by every rule side by side, and sanctions through ownership. Pure: no profile, no
//! network; the same core code the window uses (`amldesk_core::bods`, `ownership::rules`).

use clap::Args;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct UboArgs {
    /// BODS 0.4 statements: a JSON array of entity, person and relationship statements.
    pub file: PathBuf,
    /// recordIds of blocked (sanctioned) parties, one per line.
    #[arg(long)]
    pub blocked: Option<PathBuf>,
}

const EXIT_USAGE: i32 = 2;

fn read_text(path: &PathBuf, what: &str) -> Result<String, String> {
    std::fs::read(path)
        .map_err(|e| format!("cannot read {what} {}: {e}", path.display()))
        .and_then(|b| {
            String::from_utf8(b).map_err(|_| format!("{what} {} is not UTF-8 text", path.display()))
        })
}

/// Prints one JSON document on stdout, warnings on stderr; 2 when the input cannot be read.
pub fn run(args: &UboArgs) -> i32 {
    let blocked: BTreeSet<String> = match &args.blocked {
        Some(p) => match read_text(p, "the --blocked file") {
            Ok(t) => amldesk_core::bods::read_blocked(&t),
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        },
        None => BTreeSet::new(),
    };
    let text = match read_text(&args.file, "the BODS file") {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let file = match amldesk_core::bods::read(&text) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {}: {e}", args.file.display());
            return EXIT_USAGE;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut stream = ReportStream::new();
    let mut failed: Option<std::io::Error> = None;
    let warnings = amldesk_core::bods::analyse_each(&file, &blocked, |e| {
        if failed.is_none() {
            if let Err(err) = stream.entity(&mut out, &e) {
                failed = Some(err);
            }
        }
    });
    let end = match failed {
        Some(e) => Err(e),
        None => stream.finish(&mut out).and_then(|()| out.flush()),
    };
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    match end {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write the result: {e}");
            1
        }
    }
}

/// Writes `{"entities": [...]}` one entity at a time, exactly as `serde_json::to_string_pretty`
/// writes the whole report (so that a report of thousands of entities is never held whole).
struct ReportStream {
    written: usize,
}

impl ReportStream {
    fn new() -> Self {
        ReportStream { written: 0 }
    }

    fn entity(
        &mut self,
        out: &mut impl std::io::Write,
        e: &amldesk_core::bods::EntityReport,
    ) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(e).map_err(std::io::Error::other)?;
        // JSON strings hold no raw line breaks: every one is the layout's.
        let text = text.replace('\n', "\n    ");
        let lead = if self.written == 0 {
            "{\n  \"entities\": [\n    "
        } else {
            ",\n    "
        };
        self.written += 1;
        write!(out, "{lead}{text}")
    }

    fn finish(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.written == 0 {
            writeln!(out, "{{\n  \"entities\": []\n}}")
        } else {
            writeln!(out, "\n  ]\n}}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed text is byte for byte what the whole report pretty-printed is.
    #[test]
    fn the_stream_writes_what_the_whole_report_would() {
        let text = r#"[
          {"statementId": "e1", "recordId": "co", "recordType": "entity",
           "recordDetails": {"name": "Target AS", "entityType": {"type": "registeredEntity"}}},
          {"statementId": "e2", "recordId": "hold", "recordType": "entity",
           "recordDetails": {"name": "Holding AS", "entityType": {"type": "registeredEntity"}}},
          {"statementId": "p1", "recordId": "kari", "recordType": "person",
           "recordDetails": {"personType": "knownPerson", "names": [{"fullName": "Kari \"K\" Nordmann"}]}},
          {"statementId": "r1", "recordId": "r1", "recordType": "relationship",
           "recordDetails": {"subject": "co", "interestedParty": "hold",
             "interests": [{"type": "shareholding", "share": {"exact": 60}}]}},
          {"statementId": "r2", "recordId": "r2", "recordType": "relationship",
           "recordDetails": {"subject": "hold", "interestedParty": "kari",
             "interests": [{"type": "shareholding", "share": {"exact": 100}}]}}
        ]"#;
        let file = amldesk_core::bods::read(text).expect("reads");
        let (whole, _) = amldesk_core::bods::analyse(&file, &BTreeSet::new());
        assert!(whole.entities.len() >= 2, "{whole:?}");
        let mut streamed = Vec::new();
        let mut s = ReportStream::new();
        for e in &whole.entities {
            s.entity(&mut streamed, e).expect("writes");
        }
        s.finish(&mut streamed).expect("writes");
        let want = serde_json::to_string_pretty(&whole).expect("json") + "\n";
        assert_eq!(String::from_utf8(streamed).expect("utf-8"), want);
        // No entity: an empty list, as the whole report would print it.
        let mut empty = Vec::new();
        ReportStream::new().finish(&mut empty).expect("writes");
        let none = amldesk_core::bods::UboReport { entities: vec![] };
        assert_eq!(
            String::from_utf8(empty).expect("utf-8"),
            serde_json::to_string_pretty(&none).expect("json") + "\n"
        );
    }
}
