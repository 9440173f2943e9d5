//! `amldesk ubo <FILE.json> [--blocked IDS.txt]`: the beneficial owners of every entity in a BODS
//! 0.4 file, by every rule side by side, and sanctions through ownership. Pure: no profile, no
//! network; the same core code the window uses (`amldesk_core::bods`, `ownership::rules`).

use clap::Args;
use std::collections::BTreeSet;
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
    let (report, warnings) = amldesk_core::bods::analyse(&file, &blocked);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    match serde_json::to_string_pretty(&report) {
        Ok(s) => {
            println!("{s}");
            0
        }
        Err(e) => {
            eprintln!("error: cannot write the result: {e}");
            1
        }
    }
}
