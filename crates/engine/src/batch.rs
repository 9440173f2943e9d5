//! Batch CSV: `country,identifier[,name]`, header optional. Bad rows are reported with their
//! line and field and skipped; they never stop the batch.

use amldesk_core::id::{Country, OrgId};

use crate::api::RowError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSubject {
    pub line: u32,
    pub id: OrgId,
    pub name: Option<String>,
}

/// Parses the CSV. Returns the good rows and the rejected ones (1-based line numbers).
pub fn parse_csv(text: &str) -> (Vec<BatchSubject>, Vec<RowError>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut seen = std::collections::HashSet::new();
    let mut first = true;
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
                bad.push(RowError {
                    line,
                    field: "row".into(),
                    message: format!("the row cannot be read as CSV ({e})"),
                });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as u32).unwrap_or(0);
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        let country_raw = rec.get(0).unwrap_or("");
        let ident_raw = rec.get(1).unwrap_or("");
        if first {
            first = false;
            let c = country_raw.to_ascii_lowercase();
            if c == "country" || c == "land" || ident_raw.eq_ignore_ascii_case("identifier") {
                continue;
            }
        }
        let country: Country = match country_raw.parse() {
            Ok(c) => c,
            Err(e) => {
                bad.push(RowError {
                    line,
                    field: "country".into(),
                    message: if country_raw.is_empty() {
                        "the country is empty: use NO, SE, FI or DK".into()
                    } else {
                        format!("{}", e)
                    },
                });
                continue;
            }
        };
        if ident_raw.is_empty() {
            bad.push(RowError {
                line,
                field: "identifier".into(),
                message: "the identifier is empty: give an organization number or DUNS".into(),
            });
            continue;
        }
        let id = match OrgId::parse(country, ident_raw) {
            Ok(id) => id,
            Err(e) => {
                bad.push(RowError {
                    line,
                    field: "identifier".into(),
                    message: e.message,
                });
                continue;
            }
        };
        if !seen.insert(id.key()) {
            bad.push(RowError {
                line,
                field: "identifier".into(),
                message: format!(
                    "{} appears earlier in the file; it is looked up once",
                    id.display()
                ),
            });
            continue;
        }
        let name = rec
            .get(2)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        ok.push(BatchSubject { line, id, name });
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_optional_bad_rows_reported_with_line_and_field() {
        let csv = "country,identifier,name\nNO,923609016,Equinor\nXX,1\nNO,988077918\n\nSE,5560160680\nNO,\nNO,923 609 016\n";
        let (ok, bad) = parse_csv(csv);
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].line, 2);
        assert_eq!(ok[0].name.as_deref(), Some("Equinor"));
        assert_eq!(ok[1].id.value, "556016-0680");
        let lines: Vec<(u32, &str)> = bad.iter().map(|b| (b.line, b.field.as_str())).collect();
        assert_eq!(
            lines,
            vec![
                (3, "country"),
                (4, "identifier"),
                (7, "identifier"),
                (8, "identifier")
            ]
        );
        assert!(bad[1].message.contains("check digit"), "{}", bad[1].message);
    }

    #[test]
    fn no_header_works_and_garbage_never_panics() {
        let (ok, bad) = parse_csv("FI,0112038-9\n");
        assert_eq!((ok.len(), bad.len()), (1, 0));
        let (ok, _bad) = parse_csv("\u{0}\u{1},\"unterminated\n,,,,\n");
        assert!(ok.is_empty());
    }
}
