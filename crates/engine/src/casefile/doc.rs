//! The summary as a list of blocks, written out twice from the same blocks: as HTML
//! (`summary.html`) and as typst markup typeset to PDF (`summary.pdf`). Every text from the
//! case reaches typst as a string literal, never as markup.

use amldesk_casefile::typeset::str_lit;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Para(String),
    /// Said in italics: a section that could not be filled, and why.
    Note(String),
    /// Label/value pairs.
    Facts(Vec<(String, String)>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        /// Relative column widths.
        widths: Vec<u8>,
    },
    /// An SVG image that is also a file of the case file.
    Svg {
        file: String,
        svg: String,
        alt: String,
    },
    List(Vec<String>),
}

/// Text for HTML and SVG (element content and attribute values).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = "body{font-family:'Libertinus Serif',Georgia,serif;max-width:60rem;margin:2rem \
auto;padding:0 1rem;color:#111;line-height:1.35}h1{font-size:1.6rem;margin-bottom:.2rem}\
h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:1.6rem}table{border-collapse:\
collapse;width:100%;font-size:.9rem}th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:\
left;vertical-align:top}th{background:#eee}dl{display:grid;grid-template-columns:max-content \
1fr;gap:.1rem 1rem}dt{font-weight:bold}dd{margin:0}.note{font-style:italic;color:#444}\
.graph svg{max-width:100%;height:auto}td{overflow-wrap:anywhere}code,.mono{font-family:'DejaVu Sans Mono',monospace;\
font-size:.8rem;word-break:break-all}";

/// A self-contained HTML page (no script, no remote resource; the graph inline).
pub fn html(title: &str, blocks: &[Block]) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src \
         'unsafe-inline'\">\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(title)
    );
    for b in blocks {
        match b {
            Block::Title(t) => o.push_str(&format!("<h1>{}</h1>\n", esc(t))),
            Block::Heading(t) => o.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::Para(t) => o.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Note(t) => o.push_str(&format!("<p class=\"note\">{}</p>\n", esc(t))),
            Block::Facts(kv) => {
                o.push_str("<dl>\n");
                for (k, v) in kv {
                    o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
                }
                o.push_str("</dl>\n");
            }
            Block::Table { head, rows, .. } => {
                o.push_str("<table>\n<thead><tr>");
                for h in head {
                    o.push_str(&format!("<th>{}</th>", esc(h)));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    o.push_str("<tr>");
                    for c in r {
                        o.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
            Block::Svg { svg, alt, .. } => o.push_str(&format!(
                "<figure class=\"graph\" role=\"img\" aria-label=\"{}\">\n{svg}\n</figure>\n",
                esc(alt)
            )),
            Block::List(items) => {
                o.push_str("<ul>\n");
                for i in items {
                    o.push_str(&format!("<li>{}</li>\n", esc(i)));
                }
                o.push_str("</ul>\n");
            }
        }
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// `str_lit` for a table cell: a long unbroken run (a SHA-256, a file name) gets zero-width
/// break opportunities, so it wraps inside its column instead of running over the page.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // Words of a name stay whole; a run longer than 12 (a hash) may break every 8.
        if word.chars().count() > 12 {
            for (i, c) in word.chars().enumerate() {
                if i > 0 && i % 8 == 0 {
                    out.push('\u{200B}');
                }
                out.push(c);
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_whitespace() || c == '-' || c == '/' {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    str_lit(&out)
}

/// Typst markup for the same blocks. `footer` is printed on every page with the page number.
pub fn typst(title: &str, footer: &str, blocks: &[Block]) -> String {
    let mut o = format!(
        "#set document(title: {t}, author: \"AML Desk\")\n\
         #set page(paper: \"a4\", margin: (x: 1.8cm, y: 2cm), footer: context [#set text(size: \
         7.5pt, fill: luma(90)); #text({f}) #h(1fr) #counter(page).display(\"1 / 1\", both: \
         true)])\n\
         #set text(font: \"Libertinus Serif\", size: 10pt, lang: \"en\")\n\
         #set par(justify: false)\n\
         #set table(stroke: 0.4pt + luma(170), inset: 4pt)\n\
         #show table.cell.where(y: 0): set text(weight: \"bold\")\n\
         #show heading.where(level: 2): it => block(above: 1.3em, below: 0.6em, width: 100%, \
         stroke: (bottom: 0.5pt + luma(120)), inset: (bottom: 3pt), it)\n",
        t = str_lit(title),
        f = str_lit(footer)
    );
    for b in blocks {
        match b {
            Block::Title(t) => o.push_str(&format!("#heading(level: 1, {})\n", str_lit(t))),
            Block::Heading(t) => o.push_str(&format!("#heading(level: 2, {})\n", str_lit(t))),
            Block::Para(t) => o.push_str(&format!("#par({})\n", str_lit(t))),
            Block::Note(t) => o.push_str(&format!(
                "#par(text(style: \"italic\", fill: luma(70), {}))\n",
                str_lit(t)
            )),
            Block::Facts(kv) => {
                o.push_str(
                    "#table(columns: (auto, 1fr), stroke: none, inset: (x: 0pt, y: 2pt), \
                     column-gutter: 1em,\n",
                );
                for (k, v) in kv {
                    o.push_str(&format!(
                        "  text(weight: \"bold\", {}), {},\n",
                        str_lit(k),
                        cell(v)
                    ));
                }
                o.push_str(")\n");
            }
            Block::Table { head, rows, widths } => {
                let cols: Vec<String> = (0..head.len())
                    .map(|i| format!("{}fr", widths.get(i).copied().unwrap_or(1).max(1)))
                    .collect();
                o.push_str(&format!(
                    "#text(size: 8.5pt, table(columns: ({},), fill: (_, y) => if y == 0 {{ \
                     luma(232) }},\n  table.header({}),\n",
                    cols.join(", "),
                    head.iter()
                        .map(|h| str_lit(h))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                for r in rows {
                    let mut cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                    cells.resize(head.len(), "\"\"".into());
                    o.push_str(&format!("  {},\n", cells.join(", ")));
                }
                o.push_str("))\n");
            }
            Block::Svg { file, alt, .. } => o.push_str(&format!(
                "#figure(image({}, width: 100%, height: 15cm, fit: \"contain\", alt: {}))\n",
                str_lit(file),
                str_lit(alt)
            )),
            Block::List(items) => {
                o.push_str("#list(\n");
                for i in items {
                    o.push_str(&format!("  {},\n", str_lit(i)));
                }
                o.push_str(")\n");
            }
        }
    }
    o
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_in_both_outputs() {
        let blocks = vec![
            Block::Title("A <b>&\"x\"</b>".into()),
            Block::Table {
                head: vec!["Name".into(), "Share".into()],
                rows: vec![vec!["#strong[Bad] $x$ \\".into()]],
                widths: vec![3, 1],
            },
        ];
        let h = html("t", &blocks);
        assert!(h.contains("A &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"), "{h}");
        // Long runs get zero-width break opportunities in table cells; the text is the same.
        let t = typst("t", "f", &blocks).replace('\u{200B}', "");
        assert!(t.contains(r##""#strong[Bad] $x$ \\""##), "{t}");
        assert!(t.contains("\"\""), "a short row is padded: {t}");
    }
}
