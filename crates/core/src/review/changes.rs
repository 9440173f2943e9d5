//! What changed between two snapshots of a case (two organization answers, the earlier first),
//! in words: roles in or out, ownership shares, beneficial owners added or gone, hits new or
//! cleared, address, status. Pure; the engine picks the two answers.
//!
//! A section that could not be read in either answer is never compared as if it were empty: the
//! change list says it was not compared and why. A section asked for in only one of the runs is
//! said so too.

use std::collections::BTreeMap;

use crate::model::org::{Address, OrgResult};
use crate::model::Section;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::hits::screened_hits;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    RoleIn,
    RoleOut,
    ShareholderAdded,
    ShareholderGone,
    ShareChanged,
    OwnerAdded,
    OwnerGone,
    HitNew,
    HitCleared,
    /// The same hit, but its listing or the match changed: unreviewed again.
    HitChanged,
    Address,
    Status,
    Name,
    /// The section could not be read (or was not asked for) in one of the two answers.
    NotCompared,
}

/// One difference, in words a compliance officer reads as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub kind: ChangeKind,
    /// The section it comes from (`roles`, `ownership.shareholders`, `sanction`, …).
    pub section: String,
    pub text: String,
}

enum Read<T> {
    NotAsked,
    Unreadable,
    Got(T),
}

fn top<S, T>(s: &Option<Section<S>>, f: impl Fn(Option<&S>) -> T) -> Read<T> {
    match s {
        None => Read::NotAsked,
        Some(Section::Unreadable { .. }) => Read::Unreadable,
        Some(s) => Read::Got(f(s.present())),
    }
}

fn ownership<S, T>(
    o: &OrgResult,
    inner: impl Fn(&crate::model::org::OwnershipNode) -> &Option<Section<S>>,
    f: impl Fn(Option<&S>) -> T,
) -> Read<T> {
    match &o.ownership {
        None => Read::NotAsked,
        Some(Section::Unreadable { .. }) => Read::Unreadable,
        Some(Section::Empty) => Read::Got(f(None)),
        Some(Section::Present(node)) => top(inner(node), f),
    }
}

fn pct(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{} %", (p * 100.0).round() / 100.0),
        None => "an unknown share".into(),
    }
}

/// Compares two answers of the same subject, `before` the earlier. Empty when nothing differs.
pub fn changes(before: &OrgResult, after: &OrgResult) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |kind, section: &str, text: String| {
        out.push(Change {
            kind,
            section: section.to_owned(),
            text,
        })
    };

    // Compares two reads; `cmp` only when both were read.
    macro_rules! compare {
        ($section:literal, $label:literal, $a:expr, $b:expr, |$x:ident, $y:ident| $cmp:block) => {
            match ($a, $b) {
                (Read::Got($x), Read::Got($y)) => $cmp,
                (Read::NotAsked, Read::NotAsked) => {}
                (a, b) => {
                    let why = |r: &Read<_>, when: &str| match r {
                        Read::Unreadable => Some(format!("could not be read in the {when} answer")),
                        Read::NotAsked => Some(format!("was not asked for in the {when} run")),
                        Read::Got(_) => None,
                    };
                    let reasons: Vec<String> = [why(&a, "previous"), why(&b, "new")]
                        .into_iter()
                        .flatten()
                        .collect();
                    push(
                        ChangeKind::NotCompared,
                        $section,
                        format!("{} not compared: it {}", $label, reasons.join(" and ")),
                    );
                }
            }
        };
    }

    // Name and status (key information).
    let key = |o: &OrgResult| {
        top(&o.key_information, |_| {
            let s = o.summary();
            (s.name, s.status)
        })
    };
    compare!(
        "keyInformation",
        "Name and status",
        key(before),
        key(after),
        |a, b| {
            if a.0 != b.0 {
                push(
                    ChangeKind::Name,
                    "keyInformation",
                    format!(
                        "Name changed from {} to {}",
                        a.0.as_deref().unwrap_or("(none)"),
                        b.0.as_deref().unwrap_or("(none)")
                    ),
                );
            }
            if a.1 != b.1 {
                push(
                    ChangeKind::Status,
                    "keyInformation",
                    format!(
                        "Status changed from {} to {}",
                        a.1.as_deref().unwrap_or("(none)"),
                        b.1.as_deref().unwrap_or("(none)")
                    ),
                );
            }
        }
    );

    // Address: business (visiting) and postal.
    let addr = |o: &OrgResult| {
        top(&o.address, |a| {
            let line = |n: Option<&crate::model::Node<Address>>| {
                n.and_then(|n| n.present())
                    .map(Address::one_line)
                    .unwrap_or_default()
            };
            (
                line(a.and_then(|a| a.visiting_address.as_ref())),
                line(a.and_then(|a| a.postal_address.as_ref())),
            )
        })
    };
    compare!(
        "address",
        "The address",
        addr(before),
        addr(after),
        |a, b| {
            for (what, x, y) in [
                ("Business address", &a.0, &b.0),
                ("Postal address", &a.1, &b.1),
            ] {
                if x != y {
                    let show = |s: &String| {
                        if s.is_empty() {
                            "(none)".to_owned()
                        } else {
                            s.clone()
                        }
                    };
                    push(
                        ChangeKind::Address,
                        "address",
                        format!("{what} changed from {} to {}", show(x), show(y)),
                    );
                }
            }
        }
    );

    // Roles: (role, person) in or out.
    let roles = |o: &OrgResult| {
        top(&o.roles, |r| {
            let mut set = std::collections::BTreeSet::new();
            for role in r.map_or(&[][..], |r| r.items.as_slice()) {
                let who = role
                    .display_name()
                    .or_else(|| role.org_number.clone())
                    .unwrap_or_else(|| "(unnamed)".into());
                let what = role
                    .role_type
                    .as_ref()
                    .map(|t| t.as_str().to_owned())
                    .unwrap_or_else(|| "ROLE".into());
                set.insert((what, who, role.date_of_birth.clone().unwrap_or_default()));
            }
            set
        })
    };
    compare!("roles", "Roles", roles(before), roles(after), |a, b| {
        for (role, who, _) in b.difference(&a) {
            push(ChangeKind::RoleIn, "roles", format!("{who} is now {role}"));
        }
        for (role, who, _) in a.difference(&b) {
            push(
                ChangeKind::RoleOut,
                "roles",
                format!("{who} is no longer {role}"),
            );
        }
    });

    // Shareholders: by organization number, else name and birth date.
    let holders = |o: &OrgResult| {
        ownership(
            o,
            |n| &n.shareholders,
            |s| {
                let mut m = BTreeMap::new();
                for h in s.map_or(&[][..], Vec::as_slice) {
                    let name = h.name.clone().unwrap_or_else(|| "(unnamed)".into());
                    let key = h.org_number.clone().unwrap_or_else(|| {
                        format!(
                            "{name}\u{1f}{}",
                            h.date_of_birth.clone().unwrap_or_default()
                        )
                    });
                    m.insert(key, (name, h.percentage, h.voting_percentage));
                }
                m
            },
        )
    };
    compare!(
        "ownership.shareholders",
        "Shareholders",
        holders(before),
        holders(after),
        |a, b| {
            for (k, (name, p, _)) in &b {
                match a.get(k) {
                    None => push(
                        ChangeKind::ShareholderAdded,
                        "ownership.shareholders",
                        format!("{name} is a new shareholder with {}", pct(*p)),
                    ),
                    Some((_, q, qv)) => {
                        let v = b.get(k).and_then(|x| x.2);
                        if q != p {
                            push(
                                ChangeKind::ShareChanged,
                                "ownership.shareholders",
                                format!("{name}'s share changed from {} to {}", pct(*q), pct(*p)),
                            );
                        } else if *qv != v {
                            push(
                                ChangeKind::ShareChanged,
                                "ownership.shareholders",
                                format!("{name}'s votes changed from {} to {}", pct(*qv), pct(v)),
                            );
                        }
                    }
                }
            }
            for (k, (name, p, _)) in &a {
                if !b.contains_key(k) {
                    push(
                        ChangeKind::ShareholderGone,
                        "ownership.shareholders",
                        format!("{name} is no longer a shareholder (held {})", pct(*p)),
                    );
                }
            }
        }
    );

    // Beneficial owners as upstream names them.
    let owners = |o: &OrgResult| {
        ownership(
            o,
            |n| &n.beneficials,
            |s| {
                let mut m = BTreeMap::new();
                for b in s.map_or(&[][..], Vec::as_slice) {
                    let name = b.display_name().unwrap_or_else(|| "(unnamed)".into());
                    let key = format!(
                        "{name}\u{1f}{}",
                        b.date_of_birth.clone().unwrap_or_default()
                    );
                    m.insert(key, (name, b.owner_share.or(b.integrated_ownership)));
                }
                m
            },
        )
    };
    compare!(
        "ownership.beneficials",
        "Beneficial owners",
        owners(before),
        owners(after),
        |a, b| {
            for (k, (name, p)) in &b {
                if !a.contains_key(k) {
                    push(
                        ChangeKind::OwnerAdded,
                        "ownership.beneficials",
                        format!("{name} is a new beneficial owner ({})", pct(*p)),
                    );
                }
            }
            for (k, (name, _)) in &a {
                if !b.contains_key(k) {
                    push(
                        ChangeKind::OwnerGone,
                        "ownership.beneficials",
                        format!("{name} is no longer a beneficial owner"),
                    );
                }
            }
        }
    );

    // Hits, by their stable id.
    let hits = |o: &OrgResult| {
        top(&o.sanction, |s| {
            screened_hits(s.map_or(&[][..], |s| s.hits.as_slice()))
                .into_iter()
                .map(|h| {
                    let name = h.hit.name.clone().unwrap_or_else(|| "(unnamed)".into());
                    (h.id, (name, h.list, h.fingerprint))
                })
                .collect::<BTreeMap<_, _>>()
        })
    };
    compare!(
        "sanction",
        "Screening hits",
        hits(before),
        hits(after),
        |a, b| {
            for (k, (name, list, fp)) in &b {
                match a.get(k) {
                    None => push(
                        ChangeKind::HitNew,
                        "sanction",
                        format!("New hit: {name} on {list} (unreviewed)"),
                    ),
                    Some((_, _, old)) if old != fp => push(
                        ChangeKind::HitChanged,
                        "sanction",
                        format!(
                            "Hit changed: {name} on {list} (the listing or the match changed; \
                         unreviewed again)"
                        ),
                    ),
                    Some(_) => {}
                }
            }
            for (k, (name, list, _)) in &a {
                if !b.contains_key(k) {
                    push(
                        ChangeKind::HitCleared,
                        "sanction",
                        format!(
                            "Hit cleared: {name} is no longer listed on {list} for this subject"
                        ),
                    );
                }
            }
        }
    );
    out
}
