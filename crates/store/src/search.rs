//! Full-text search (FTS5) across all cases: subject names and numbers, people, roles, sanction
//! hit names. The index holds one row per (case, field, text) and is rebuilt for a case whenever
//! its subject or latest results change. User input is never passed to FTS as syntax: it is split
//! into word tokens, each quoted and used as a prefix, all required (so `"`, `*`, `AND`, `NEAR(`
//! typed by a user are plain text).

use crate::error::Result;
use crate::results::ResultExtracts;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub case_id: String,
    pub subject_name: Option<String>,
    pub identifier_display: String,
    /// What matched: `name`, `identifier`, `person`, `role`, `sanction`, or `case` when the words
    /// were found across several fields.
    pub field: String,
    /// The matched text with matches in `[` `]`.
    pub snippet: String,
    /// bm25 rank: lower is better.
    pub rank: f64,
}

const MAX_TOKENS: usize = 16;
const MAX_TOKEN_CHARS: usize = 64;

/// Build a safe FTS5 query from what the user typed; `None` if it holds no word at all.
pub fn fts_query(input: &str) -> Option<String> {
    let tokens: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TOKENS)
        .map(|t| {
            let t: String = t.chars().take(MAX_TOKEN_CHARS).collect();
            // Tokens hold only alphanumerics, so no `"` can appear inside the quotes.
            format!("\"{t}\"*")
        })
        .collect();
    if tokens.is_empty() {
        None
    } else {
        Some(tokens.join(" "))
    }
}

/// The forms a number is found by: as given, digits only, and grouped by three for 9-digit
/// numbers (`923609016`, `923 609 016`; `556016-0680`, `5560160680`).
pub(crate) fn number_forms(raw: &str) -> String {
    let raw = raw.trim();
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let mut forms = vec![raw.to_owned()];
    if !digits.is_empty() && digits != raw {
        forms.push(digits.clone());
    }
    if digits.len() == 9 {
        let grouped = format!("{} {} {}", &digits[0..3], &digits[3..6], &digits[6..9]);
        if grouped != raw {
            forms.push(grouped);
        }
    }
    forms.join(" · ")
}

/// Letters the tokenizer's diacritic folding leaves alone (`Ø` is a letter of its own, not `O` with
/// a stroke): a folded copy is indexed too, so `oystein` finds `Øystein`.
fn fold_letters(text: &str) -> Option<String> {
    let mut changed = false;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let rep = match c {
            'ø' => "o",
            'Ø' => "O",
            'æ' => "ae",
            'Æ' => "AE",
            'ß' => "ss",
            'ð' | 'đ' => "d",
            'Ð' | 'Đ' => "D",
            'þ' => "th",
            'Þ' => "TH",
            'ł' => "l",
            'Ł' => "L",
            _ => {
                out.push(c);
                continue;
            }
        };
        changed = true;
        out.push_str(rep);
    }
    changed.then_some(out)
}

fn insert(conn: &Connection, case_id: &str, field: &str, text: &str) -> Result<()> {
    insert_row(conn, case_id, field, text)?;
    Ok(())
}

fn insert_row(conn: &Connection, case_id: &str, field: &str, text: &str) -> Result<()> {
    let text = text.trim();
    let text = match fold_letters(text) {
        Some(folded) => format!("{text} · {folded}"),
        None => text.to_owned(),
    };
    if !text.is_empty() {
        conn.execute(
            "INSERT INTO search_fts (case_id, field, text) VALUES (?1, ?2, ?3)",
            params![case_id, field, text],
        )?;
    }
    Ok(())
}

/// Rebuild the index rows of one case from its subject and the latest result of each kind.
pub(crate) fn reindex_case(conn: &Connection, case_id: &str) -> Result<()> {
    conn.execute("DELETE FROM search_fts WHERE case_id = ?1", [case_id])?;
    let mut all: Vec<String> = Vec::new();
    let mut insert = |conn: &Connection, case_id: &str, field: &str, text: &str| {
        all.push(text.trim().to_owned());
        insert(conn, case_id, field, text)
    };
    let (name, identifier, display, id_doc, phone_o, phone_e): (
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = conn.query_row(
        "SELECT s.name, s.identifier, s.identifier_display, s.id_document, s.phone_original,
                s.phone_e164
         FROM cases c JOIN subjects s ON s.id = c.subject_id WHERE c.id = ?1",
        [case_id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    if let Some(n) = &name {
        insert(conn, case_id, "name", n)?;
    }
    let mut numbers = vec![number_forms(&identifier)];
    for n in [Some(display), id_doc, phone_o, phone_e]
        .into_iter()
        .flatten()
    {
        numbers.push(number_forms(&n));
    }
    numbers.sort();
    numbers.dedup();
    insert(conn, case_id, "identifier", &numbers.join(" · "))?;

    let mut stmt = conn.prepare(
        "SELECT r.extracts_json FROM results r
         WHERE r.case_id = ?1 AND r.id = (SELECT max(id) FROM results r2
                                          WHERE r2.case_id = r.case_id AND r2.kind = r.kind)",
    )?;
    let extracts = stmt
        .query_map([case_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for json in extracts {
        // Extracts were validated on write; a row that no longer parses is skipped, not fatal.
        let Ok(ex) = serde_json::from_str::<ResultExtracts>(&json) else {
            continue;
        };
        for n in &ex.names {
            insert(conn, case_id, "name", n)?;
        }
        for n in &ex.identifiers {
            insert(conn, case_id, "identifier", &number_forms(n))?;
        }
        for p in &ex.people {
            insert(conn, case_id, "person", p)?;
        }
        for r in &ex.roles {
            insert(conn, case_id, "role", r)?;
        }
        for s in &ex.sanction_hit_names {
            insert(conn, case_id, "sanction", s)?;
        }
    }
    // One row with everything, so that words from different fields find the case together
    // ("equinor opedal"). Field-specific rows are shorter and rank first when they match alone.
    all.retain(|t| !t.is_empty());
    insert_row(conn, case_id, "case", &all.join(" · "))?;
    Ok(())
}

/// Ranked search across all cases; at most one hit (the best) per case.
pub fn search(conn: &Connection, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(q) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let limit = limit.clamp(1, 1000) as usize;
    let mut stmt = conn.prepare(
        "SELECT search_fts.case_id, search_fts.field,
                snippet(search_fts, 2, '[', ']', '…', 12), bm25(search_fts) AS rank,
                s.name, s.identifier_display
         FROM search_fts
         JOIN cases c ON c.id = search_fts.case_id
         JOIN subjects s ON s.id = c.subject_id
         WHERE search_fts MATCH ?1
         ORDER BY rank LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![q, (limit * 8) as i64], |r| {
        Ok(SearchHit {
            case_id: r.get(0)?,
            field: r.get(1)?,
            snippet: r.get(2)?,
            rank: r.get(3)?,
            subject_name: r.get(4)?,
            identifier_display: r.get(5)?,
        })
    })?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for hit in rows {
        let hit = hit?;
        if seen.insert(hit.case_id.clone()) {
            out.push(hit);
            if out.len() == limit {
                break;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn indexed_db() -> Connection {
        let mut c = Connection::open_in_memory().expect("open");
        crate::migrations::migrate(&mut c).expect("migrate");
        let subject = crate::cases::Subject::Person {
            id_document: Some("31129956715".into()),
            phone_original: None,
            phone_e164: None,
            name: Some("Kari Nordmann".into()),
        };
        crate::cases::create_case(&c, &subject, "sandbox").expect("case");
        c
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever the user types, search answers (possibly nothing) and never errors.
        #[test]
        fn any_input_is_a_valid_query(input in "\\PC{0,40}|[\"*()^:+\\-A-Za-z ]{0,30}") {
            let c = indexed_db();
            prop_assert!(search(&c, &input, 10).is_ok());
        }
    }

    #[test]
    fn query_quotes_every_token() {
        assert_eq!(
            fts_query("Equinor ASA").as_deref(),
            Some("\"Equinor\"* \"ASA\"*")
        );
        assert_eq!(
            fts_query("\"a\" AND * OR NEAR(b").as_deref(),
            Some("\"a\"* \"AND\"* \"OR\"* \"NEAR\"* \"b\"*")
        );
        assert_eq!(fts_query("  \"* - ()"), None);
        assert_eq!(fts_query(""), None);
    }

    #[test]
    fn numbers_are_indexed_in_all_forms() {
        assert_eq!(number_forms("923609016"), "923609016 · 923 609 016");
        assert_eq!(number_forms("556016-0680"), "556016-0680 · 5560160680");
        assert_eq!(number_forms("923 609 016"), "923 609 016 · 923609016");
    }
}
