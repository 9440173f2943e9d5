//! The ownership graph as an SVG image, drawn in Rust from the same `GraphView` the window draws:
//! one row per depth (owners above the subject, subsidiaries below, unconnected nodes last),
//! boxes with the name, the formatted identifier or date of birth and the share in the subject,
//! edges labelled with the share (and votes). A monospaced font keeps the layout predictable
//! (every character is 0.6 em wide), so labels are measured, never guessed.

use super::doc::esc;
use amldesk_core::ownership::{EdgeKind, GraphView, NodeKind, OwnershipPath};
use std::collections::{BTreeMap, HashMap};

const BOX_W: f64 = 232.0;
const BOX_H: f64 = 62.0;
const GAP_X: f64 = 26.0;
const GAP_Y: f64 = 70.0;
const MARGIN: f64 = 16.0;
const FONT: f64 = 11.0;
const CHARS: usize = 33; // (BOX_W - 16) / (0.6 * FONT)
const PER_LINE: usize = 3;

fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `NO:923609016` or `923609016` → `923 609 016`, as the window formats numbers of the node's
/// country (a bare 9-digit number read as Norwegian); anything else as given.
pub fn format_identifier(id: &str, country: Option<&str>) -> String {
    let (prefix, raw) = match id.split_once(':') {
        Some((c, r)) => (Some(c), r),
        None => (None, id),
    };
    let nine_digits = raw.len() == 9 && raw.bytes().all(|b| b.is_ascii_digit());
    crate::views::org::org_number(
        raw,
        country.or(prefix),
        nine_digits.then_some(amldesk_core::Country::No),
    )
}

pub fn percent(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if (r - r.round()).abs() < 1e-9 {
        format!("{r:.0} %")
    } else {
        format!("{r} %")
    }
}

/// Each path in words: `Kari Skarvholm → SKARVEN FAMILIEHOLDING AS → … → EQUINOR ASA (26.1 %)`.
pub fn path_words(g: &GraphView, paths: &[OwnershipPath]) -> Vec<String> {
    let label = |id: &str| {
        g.nodes
            .iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_owned(), |n| n.label.clone())
    };
    paths
        .iter()
        .map(|p| {
            let names: Vec<String> = p.nodes.iter().map(|n| label(n)).collect();
            format!("{} ({})", names.join(" → "), percent(p.share))
        })
        .collect()
}

pub fn svg(g: &GraphView) -> String {
    // Rows: depth descending (the furthest owners on top), unconnected nodes in a last row.
    let mut rows: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, n) in g.nodes.iter().enumerate() {
        let key = n.depth.map_or(i64::MAX, |d| -i64::from(d));
        rows.entry(key).or_default().push(i);
    }
    for r in rows.values_mut() {
        r.sort_by(|a, b| g.nodes[*a].label.cmp(&g.nodes[*b].label));
    }
    // At most PER_LINE boxes side by side, so the image stays readable on a printed page: a
    // wider layer takes several lines.
    let rows: Vec<Vec<usize>> = rows
        .into_values()
        .flat_map(|r| {
            r.chunks(PER_LINE)
                .map(<[usize]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect();
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let width = MARGIN * 2.0 + widest * BOX_W + (widest - 1.0) * GAP_X;
    let mut pos: HashMap<&str, (f64, f64)> = HashMap::new();
    for (row, members) in rows.iter().enumerate() {
        let n = members.len() as f64;
        let row_w = n * BOX_W + (n - 1.0) * GAP_X;
        let x0 = (width - row_w) / 2.0;
        let y = MARGIN + row as f64 * (BOX_H + GAP_Y);
        for (k, i) in members.iter().enumerate() {
            pos.insert(
                g.nodes[*i].id.as_str(),
                (x0 + k as f64 * (BOX_W + GAP_X), y),
            );
        }
    }
    let height =
        MARGIN * 2.0 + rows.len() as f64 * BOX_H + (rows.len() as f64 - 1.0).max(0.0) * GAP_Y;
    let mut o =
        format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"DejaVu Sans Mono, monospace\" \
         font-size=\"{FONT}\">\n<title>Ownership graph of {}</title>\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 \
         L0,10 z\" fill=\"#555\"/></marker></defs>\n<rect width=\"100%\" height=\"100%\" \
         fill=\"#ffffff\"/>\n",
        esc(&g.nodes.iter().find(|n| n.is_subject).map_or(g.subject.clone(), |n| n.label.clone()))
    );
    // Edges first, boxes over them.
    for e in &g.edges {
        let (Some(&(fx, fy)), Some(&(tx, ty))) = (pos.get(e.from.as_str()), pos.get(e.to.as_str()))
        else {
            continue;
        };
        let (x1, y1, x2, y2) = if fy < ty {
            (fx + BOX_W / 2.0, fy + BOX_H, tx + BOX_W / 2.0, ty)
        } else if fy > ty {
            (fx + BOX_W / 2.0, fy, tx + BOX_W / 2.0, ty + BOX_H)
        } else if fx < tx {
            (fx + BOX_W, fy + BOX_H / 2.0, tx, ty + BOX_H / 2.0)
        } else {
            (fx, fy + BOX_H / 2.0, tx + BOX_W, ty + BOX_H / 2.0)
        };
        let dash = match (e.kind, e.in_cycle) {
            (EdgeKind::Role, _) => " stroke-dasharray=\"2 3\"",
            (_, true) => " stroke-dasharray=\"6 3\"",
            _ => "",
        };
        // Upward (cycle) edges bow out sideways so they do not hide the downward ones.
        let path = if fy > ty {
            let bow = BOX_W * 0.6;
            format!(
                "M{x1:.1},{y1:.1} C{:.1},{:.1} {:.1},{:.1} {x2:.1},{y2:.1}",
                x1 + bow,
                y1 - 20.0,
                x2 + bow,
                y2 + 20.0
            )
        } else {
            format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}")
        };
        o.push_str(&format!(
            "<path d=\"{path}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\"{dash} \
             marker-end=\"url(#arrow)\"/>\n"
        ));
        let label = match e.kind {
            EdgeKind::Role => e.role.clone().unwrap_or_else(|| "role".into()),
            EdgeKind::Ownership => {
                let mut l = e.share.map_or_else(|| "share not given".into(), percent);
                if let Some(v) = e.votes.filter(|v| Some(*v) != e.share) {
                    l.push_str(&format!(" (votes {})", percent(v)));
                }
                l
            }
        };
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let lw = label.chars().count() as f64 * FONT * 0.6 + 8.0;
        o.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{lw:.1}\" height=\"{:.1}\" fill=\"#ffffff\" \
             opacity=\"0.9\"/><text x=\"{mx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" \
             fill=\"#222\">{}</text>\n",
            mx - lw / 2.0,
            my - FONT * 0.9,
            FONT * 1.3,
            my + FONT * 0.3,
            esc(&label)
        ));
    }
    for n in &g.nodes {
        let Some(&(x, y)) = pos.get(n.id.as_str()) else {
            continue;
        };
        let fill = match n.kind {
            NodeKind::Company => "#e3eefa",
            NodeKind::Person => "#fdf3d6",
            NodeKind::Foundation => "#e2f4e4",
            NodeKind::Other => "#eeeeee",
        };
        let (stroke, sw) = if n.sanctioned {
            ("#b00020", 2.6)
        } else if n.is_beneficial_owner {
            ("#1b3d6e", 2.6)
        } else if n.is_subject {
            ("#000000", 2.0)
        } else {
            ("#777777", 1.0)
        };
        o.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"5\" \
             fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>\n"
        ));
        let second = match n.kind {
            NodeKind::Person => n.date_of_birth.as_deref().map(|d| format!("born {d}")),
            _ => n
                .identifier
                .as_deref()
                .map(|i| format_identifier(i, n.country.as_deref())),
        }
        .unwrap_or_default();
        let mut tags = Vec::new();
        if n.is_subject {
            tags.push("SUBJECT".to_owned());
        }
        if n.is_beneficial_owner {
            tags.push("BENEFICIAL OWNER".into());
        }
        if n.sanctioned {
            tags.push(if n.sanctioned_by_ownership {
                "SANCTIONED (50 % rule)".into()
            } else {
                "SANCTIONED".into()
            });
        }
        if n.pep {
            tags.push("PEP".into());
        }
        if let Some(s) = n.integrated_share.filter(|_| !n.is_subject) {
            tags.push(format!("{} of subject", percent(s)));
        }
        let lines = [
            (fit(&n.label, CHARS), "bold", "#000"),
            (fit(&second, CHARS), "normal", "#333"),
            (fit(&tags.join(" · "), CHARS + 3), "normal", "#8a1c1c"),
        ];
        for (k, (t, weight, color)) in lines.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let size = if k == 2 { FONT - 1.5 } else { FONT };
            o.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"{weight}\" font-size=\"{size}\" \
                 fill=\"{color}\">{}</text>\n",
                x + 8.0,
                y + 17.0 + k as f64 * 17.0,
                esc(t)
            ));
        }
    }
    o.push_str("</svg>\n");
    o
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_percentages_read_as_the_window_shows_them() {
        assert_eq!(format_identifier("NO:923609016", None), "923 609 016");
        assert_eq!(format_identifier("923609016", None), "923 609 016");
        assert_eq!(format_identifier("5560160680", Some("SE")), "556016-0680");
        assert_eq!(format_identifier("x-1", None), "x-1");
        assert_eq!(percent(29.0), "29 %");
        assert_eq!(percent(26.1), "26.1 %");
        assert_eq!(percent(33.333333), "33.33 %");
        assert_eq!(fit("abcdef", 4), "abc…");
    }
}
