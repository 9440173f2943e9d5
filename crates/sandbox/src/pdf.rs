//! Real PDF documents (pdf-writer, builtin Helvetica, WinAnsi so æøå work), readable by
//! `pdftotext`: subject, number, date and the sections of the JSON, with a signature block that
//! carries the SHA-256 of the text content.

use chrono::{DateTime, Utc};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use serde_json::Value;
use sha2::{Digest, Sha256};

const W: f32 = 595.0;
const H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const SIZE: f32 = 9.5;
const LEAD: f32 = 13.0;
const WRAP: usize = 100;

enum Line {
    Title(String),
    Heading(String),
    Text(String),
    PageBreak,
}

/// Maps text to WinAnsi (CP1252) bytes; characters outside it become `?`.
pub fn winansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            'Š' => 0x8a,
            'š' => 0x9a,
            'Ž' => 0x8e,
            'ž' => 0x9e,
            _ => b'?',
        })
        .collect()
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some("—".into()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn label(k: &str) -> String {
    let mut out = String::new();
    for (i, c) in k.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else if i == 0 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn wrap(text: &str, indent: usize, out: &mut Vec<Line>) {
    let pad = " ".repeat(indent * 3);
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + word.chars().count() + 1 > WRAP - indent * 3 {
            out.push(Line::Text(format!("{pad}{line}")));
            line = String::from("  ");
        }
        if !line.is_empty() && !line.ends_with("  ") {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        out.push(Line::Text(format!("{pad}{line}")));
    }
}

fn flatten(v: &Value, indent: usize, out: &mut Vec<Line>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "metadata" {
                    if let Some(src) = x.get("sources").and_then(Value::as_array) {
                        let s: Vec<String> = src.iter().filter_map(scalar).collect();
                        wrap(&format!("Sources: {}", s.join(", ")), indent, out);
                    }
                    continue;
                }
                match scalar(x) {
                    Some(s) => wrap(&format!("{}: {s}", label(k)), indent, out),
                    None => {
                        let empty = x.as_array().is_some_and(Vec::is_empty)
                            || x.as_object().is_some_and(serde_json::Map::is_empty);
                        if empty {
                            wrap(&format!("{}: none found", label(k)), indent, out);
                        } else {
                            wrap(&format!("{}:", label(k)), indent, out);
                            flatten(x, indent + 1, out);
                        }
                    }
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                match x {
                    Value::Object(m) => {
                        let parts: Vec<String> = m
                            .iter()
                            .filter_map(|(k, v)| scalar(v).map(|s| format!("{}: {s}", label(k))))
                            .collect();
                        wrap(&format!("• {}", parts.join("; ")), indent, out);
                        for (k, v) in m {
                            if scalar(v).is_none() && k != "metadata" {
                                wrap(&format!("{}:", label(k)), indent + 1, out);
                                flatten(v, indent + 2, out);
                            }
                        }
                    }
                    other => match scalar(other) {
                        Some(s) => wrap(&format!("• {s}"), indent, out),
                        None => flatten(other, indent + 1, out),
                    },
                }
            }
        }
        other => {
            if let Some(s) = scalar(other) {
                wrap(&s, indent, out);
            }
        }
    }
}

fn title_of(report: &str) -> &'static str {
    match report {
        "aml" => "AML report",
        "certificate-of-registration" => "Certificate of registration",
        _ => "Beneficial owners report",
    }
}

/// Builds the PDF for `report` from the result JSON.
pub fn report(report: &str, data: &Value, date: DateTime<Utc>) -> Vec<u8> {
    let ki = data.get("keyInformation").unwrap_or(data);
    let name = ki
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("(unknown)");
    let number = ki
        .get("organizationNumber")
        .and_then(Value::as_str)
        .unwrap_or("(unknown)");
    let title = title_of(report);
    let mut lines = vec![
        Line::Title(format!("{title}: {name}")),
        Line::Text(format!("Organization number: {number}")),
        Line::Text(format!("Date: {}", date.format("%Y-%m-%d %H:%M UTC"))),
        Line::Text("SANDBOX DATA — invented for testing, not from any register".into()),
    ];
    let sections: Vec<&str> = match report {
        "aml" => vec![
            "keyInformation",
            "address",
            "roles",
            "authorities",
            "financials",
            "ownership",
            "sanction",
        ],
        "certificate-of-registration" => vec!["keyInformation", "address", "roles", "authorities"],
        _ => vec!["accessRights", "beneficialOwners", "ownershipMap"],
    };
    for (n, key) in sections.iter().enumerate() {
        let Some(v) = data.get(*key) else { continue };
        if report == "aml" && n > 0 {
            lines.push(Line::PageBreak);
        }
        lines.push(Line::Heading(label(key)));
        if *key == "ownershipMap" {
            ownership_map(v, &mut lines);
        } else if v.as_array().is_some_and(Vec::is_empty) {
            lines.push(Line::Text("None found.".into()));
        } else {
            flatten(v, 0, &mut lines);
        }
    }
    let mut hasher = Sha256::new();
    for l in &lines {
        if let Line::Title(t) | Line::Heading(t) | Line::Text(t) = l {
            hasher.update(t.as_bytes());
            hasher.update(b"\n");
        }
    }
    let digest = hex::encode(hasher.finalize());
    render(title, name, number, &lines, &digest)
}

fn ownership_map(v: &Value, out: &mut Vec<Line>) {
    let nodes = v
        .get("nodes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let name_of = |id: &str| {
        nodes
            .iter()
            .find(|n| n.get("id").and_then(Value::as_str) == Some(id))
            .and_then(|n| n.get("name").and_then(Value::as_str))
            .unwrap_or(id)
            .to_string()
    };
    for e in v
        .get("edges")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let from = e.get("from").and_then(Value::as_str).unwrap_or("?");
        let to = e.get("to").and_then(Value::as_str).unwrap_or("?");
        let pct = e
            .get("percentage")
            .map(|p| p.to_string())
            .unwrap_or_default();
        let votes = e
            .get("votingPercentage")
            .map(|p| format!(" (votes {p} %)"))
            .unwrap_or_default();
        wrap(
            &format!("{} —[{pct} %{votes}]→ {}", name_of(from), name_of(to)),
            0,
            out,
        );
    }
}

fn render(title: &str, name: &str, number: &str, lines: &[Line], digest: &str) -> Vec<u8> {
    // Paginate first.
    let mut pages: Vec<Vec<&Line>> = vec![Vec::new()];
    let mut y = H - MARGIN - 30.0;
    for l in lines {
        let need = match l {
            Line::Title(_) => 24.0,
            Line::Heading(_) => 22.0,
            Line::Text(_) => LEAD,
            Line::PageBreak => 0.0,
        };
        let brk = matches!(l, Line::PageBreak);
        if brk || y - need < MARGIN + 90.0 {
            if !pages.last().is_some_and(Vec::is_empty) {
                pages.push(Vec::new());
            }
            y = H - MARGIN - 30.0;
            if brk {
                continue;
            }
        }
        y -= need;
        if let Some(p) = pages.last_mut() {
            p.push(l);
        }
    }
    let n = pages.len();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 10;
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let kids: Vec<Ref> = (0..n)
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();
    pdf.pages(tree).kids(kids.iter().copied()).count(n as i32);
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(&format!("{title}: {name} ({number})")))
        .producer(TextStr("AML Desk sandbox"));
    for (i, page_lines) in pages.iter().enumerate() {
        let page_id = kids[i];
        let content_id = Ref::new(first_page + 2 * i as i32 + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, W, H));
        page.parent(tree);
        page.contents(content_id);
        {
            let mut res = page.resources();
            let mut fonts = res.fonts();
            fonts.pair(Name(b"F1"), font);
            fonts.pair(Name(b"F2"), bold);
        }
        page.finish();
        let mut c = Content::new();
        // Header and footer on every page.
        text(
            &mut c,
            b"F1",
            8.0,
            MARGIN,
            H - MARGIN + 10.0,
            &format!("{title} — {name} ({number}) — SANDBOX DATA"),
        );
        text(
            &mut c,
            b"F1",
            8.0,
            MARGIN,
            MARGIN - 20.0,
            &format!("Page {} of {n}", i + 1),
        );
        let mut y = H - MARGIN - 30.0;
        for l in page_lines {
            match l {
                Line::Title(t) => {
                    y -= 24.0;
                    text(&mut c, b"F2", 16.0, MARGIN, y, t);
                }
                Line::Heading(t) => {
                    y -= 22.0;
                    text(&mut c, b"F2", 12.0, MARGIN, y, t);
                }
                Line::Text(t) => {
                    y -= LEAD;
                    text(&mut c, b"F1", SIZE, MARGIN, y, t);
                }
                Line::PageBreak => {}
            }
        }
        if i + 1 == n {
            // The visible signature block.
            c.set_line_width(0.8);
            c.rect(MARGIN, MARGIN + 5.0, W - 2.0 * MARGIN, 70.0);
            c.stroke();
            text(
                &mut c,
                b"F2",
                10.0,
                MARGIN + 10.0,
                MARGIN + 58.0,
                "Digitally signed by BankID AML Sandbox (test signature, not legally valid)",
            );
            text(
                &mut c,
                b"F1",
                8.0,
                MARGIN + 10.0,
                MARGIN + 42.0,
                &format!("Signed: {name} ({number})"),
            );
            text(
                &mut c,
                b"F1",
                8.0,
                MARGIN + 10.0,
                MARGIN + 28.0,
                "SHA-256 of content:",
            );
            text(&mut c, b"F1", 8.0, MARGIN + 10.0, MARGIN + 16.0, digest);
        }
        pdf.stream(content_id, &c.finish());
    }
    pdf.finish()
}

fn text(c: &mut Content, font: &[u8], size: f32, x: f32, y: f32, s: &str) {
    let bytes = winansi(s);
    c.begin_text();
    c.set_font(Name(font), size);
    c.next_line(x, y);
    c.show(Str(&bytes));
    c.end_text();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winansi_maps_norwegian_letters() {
        assert_eq!(winansi("æøåÆØÅ"), vec![0xe6, 0xf8, 0xe5, 0xc6, 0xd8, 0xc5]);
        assert_eq!(winansi("€—"), vec![0x80, 0x97]);
        assert_eq!(winansi("Ж"), vec![b'?']);
    }

    #[test]
    fn aml_report_has_several_pages_and_a_digest() {
        let data = serde_json::json!({
            "keyInformation": {"name": "BRØNNØYSUND AS", "organizationNumber": "923609016"},
            "address": {"city": "OSLO"},
            "roles": {"ceo": [{"name": "Åse"}]},
        });
        let pdf = report("aml", &data, Utc::now());
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.matches("/Type /Page\n").count() + text.matches("/Type /Page>").count() >= 1);
        assert!(text.contains("/Count 3"), "three sections, three pages");
    }
}
