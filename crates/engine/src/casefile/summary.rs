//! The summary's content, from the typed views the window shows (`CaseDetail`, its `OrgView`
//! sections, core's `GraphView`) — never from the raw answers. Sections this build cannot fill
//! say so in words ("not available in this build"), never "none".

use super::doc::Block;
use super::graph_svg::{path_words, percent};
use crate::api::*;
use amldesk_core::ownership::GraphView;

/// What the summary draws on.
pub struct SummaryInput<'a> {
    pub case: &'a CaseDetail,
    pub graph: Result<&'a GraphView, String>,
    /// The graph image's file name in the case file and its SVG.
    pub graph_svg: Option<(&'a str, &'a str)>,
    /// Each stored document with its path in the case file.
    pub reports: &'a [(DocumentView, String)],
    /// Each stored answer: path in the case file, kind, fetched at, SHA-256.
    pub raw: &'a [RawFile],
    pub as_of: &'a str,
    pub app_version: &'a str,
}

pub struct RawFile {
    pub path: String,
    pub kind: String,
    pub fetched_at: String,
    pub sha256: String,
}

/// `2026-12-01T12:03:04.123Z` → `2026-12-01 12:03:04 UTC`: every time in the case file in one
/// zone, said on every time.
pub fn when(s: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M:%S UTC")
                .to_string()
        })
        .unwrap_or_else(|_| s.to_owned())
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "not given".into(), str::to_owned)
}

fn provider_word(p: Provider) -> &'static str {
    match p {
        Provider::Organization => "BankID AML Organization API",
        Provider::Beneficial => "BankID Beneficial owners API",
        Provider::Amlyze => "Amlyze",
        Provider::Peer => "Peer data exchange",
    }
}

fn availability_note(s: &SectionState) -> Option<String> {
    let why = s
        .reason
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    match s.availability {
        Availability::Present => None,
        Availability::Empty => Some("Searched, nothing found.".into()),
        Availability::Missing => Some(format!("Requested, but not in the answer{why}.")),
        Availability::NotRequested => Some("Not requested in this lookup.".into()),
        Availability::NotAvailable => Some(format!("Not available{why}.")),
        Availability::Unreadable => Some(format!(
            "UNREADABLE: requested, but this part of the answer could not be read{why}. Its raw \
             JSON is in the case file."
        )),
    }
}

pub fn subject_name(case: &CaseDetail) -> String {
    case.summary
        .subject_name
        .clone()
        .unwrap_or_else(|| case.summary.identifier_display.clone())
}

fn env_word(e: EnvironmentKind) -> &'static str {
    match e {
        EnvironmentKind::Sandbox => "sandbox (invented data, for trying the app)",
        EnvironmentKind::Test => "test",
        EnvironmentKind::Production => "production",
    }
}

#[allow(clippy::too_many_lines)]
pub fn blocks(i: &SummaryInput<'_>) -> Vec<Block> {
    let c = i.case;
    let sm = &c.summary;
    let mut b = vec![Block::Title(format!("Case file: {}", subject_name(c)))];
    b.push(Block::Para(format!(
        "Due-diligence record of case {} as it stood at {} (its last recorded action), written by \
         AML Desk {}. All times are UTC (+00:00). The manifest (manifest.json) lists the SHA-256 \
         of every file of this case file; `amldesk verify` recomputes them.",
        sm.id,
        when(i.as_of),
        i.app_version
    )));
    if sm.environment == EnvironmentKind::Sandbox {
        b.push(Block::Note(
            "This case was run against the embedded sandbox: every owner, person, figure and hit \
             in it is invented and must not be relied on."
                .into(),
        ));
    }

    // Subject
    b.push(Block::Heading("Subject".into()));
    let mut facts = vec![
        ("Name".to_owned(), subject_name(c)),
        (
            "Identifier".into(),
            format!(
                "{} ({})",
                sm.identifier_display,
                sm.country
                    .map_or("country not given".into(), |c| format!("{c:?}"))
            ),
        ),
        (
            "Subject type".into(),
            match sm.subject_type {
                SubjectType::Organization => "organization".into(),
                SubjectType::Person => "person".into(),
            },
        ),
        ("Case".into(), sm.id.clone()),
        ("Opened".into(), when(&sm.created_at)),
        ("Status".into(), format!("{:?}", sm.status)),
        (
            "Risk".into(),
            sm.risk.clone().unwrap_or_else(|| "not assessed".into()),
        ),
    ];
    if !sm.unreadable.is_empty() {
        facts.push((
            "Unreadable".into(),
            format!(
                "sections {} could not be read: counts drawn from them are unknown",
                sm.unreadable.join(", ")
            ),
        ));
    }
    b.push(Block::Facts(facts));

    // Lookups
    b.push(Block::Heading("Lookups".into()));
    if c.sessions.is_empty() {
        b.push(Block::Note("No lookup was run in this case.".into()));
    } else {
        b.push(Block::Table {
            head: vec![
                "Lookup".into(),
                "Source".into(),
                "State".into(),
                "Started".into(),
                "Last change".into(),
                "Upstream session".into(),
            ],
            rows: c
                .sessions
                .iter()
                .map(|s| {
                    vec![
                        s.kind.clone(),
                        provider_word(s.provider).into(),
                        match &s.error {
                            Some(e) => format!("{:?}: {}", s.state, e.message),
                            None => format!("{:?}", s.state),
                        },
                        when(&s.created_at),
                        when(&s.updated_at),
                        s.upstream_id
                            .clone()
                            .unwrap_or_else(|| "not created".into()),
                    ]
                })
                .collect(),
            widths: vec![2, 3, 2, 3, 3, 3],
        });
    }

    // Environments and sources
    b.push(Block::Heading("Environments and sources".into()));
    b.push(Block::Facts(vec![(
        "Environment".into(),
        env_word(sm.environment).into(),
    )]));
    let results: Vec<&ResultView> = [&c.organization, &c.beneficial]
        .into_iter()
        .flatten()
        .collect();
    if results.is_empty() {
        b.push(Block::Note(
            "No organization or beneficial-owners answer is stored in this case.".into(),
        ));
    } else {
        b.push(Block::Table {
            head: vec![
                "Answer".into(),
                "Environment".into(),
                "Fetched".into(),
                "Sources named in the answer".into(),
                "SHA-256 of the raw answer".into(),
            ],
            rows: results
                .iter()
                .map(|r| {
                    vec![
                        provider_word(r.provenance.provider).into(),
                        format!("{:?}", r.provenance.environment),
                        format!(
                            "{}{}",
                            when(&r.provenance.fetched_at),
                            if r.provenance.stale { " (stale)" } else { "" }
                        ),
                        if r.provenance.sources.is_empty() {
                            "not given".into()
                        } else {
                            r.provenance.sources.join(", ")
                        },
                        r.sha256.clone(),
                    ]
                })
                .collect(),
            widths: vec![3, 2, 3, 3, 5],
        });
    }
    let unreadable: Vec<String> = results
        .iter()
        .flat_map(|r| r.sections.iter())
        .filter(|s| s.availability == Availability::Unreadable)
        .map(|s| {
            format!(
                "{}: unreadable{}",
                if s.path.is_empty() {
                    "(answer)"
                } else {
                    &s.path
                },
                s.reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            )
        })
        .collect();
    if !unreadable.is_empty() {
        b.push(Block::Para(
            "Parts of the answers that could not be read (kept raw in the case file):".into(),
        ));
        b.push(Block::List(unreadable));
    }

    // Key information
    b.push(Block::Heading("Key information".into()));
    match &c.organization {
        None => b.push(Block::Note(
            "Not fetched: no organization lookup is stored in this case.".into(),
        )),
        Some(org) => {
            let typed = amldesk_core::model::OrgResult::from_json(&org.data).ok();
            match typed.as_ref().filter(|t| t.key().is_some()) {
                None => b.push(Block::Note(
                    "UNREADABLE or absent: the answer's key information could not be read.".into(),
                )),
                Some(t) => {
                    let country = t.key().and_then(|k| k.country.clone());
                    b.push(Block::Facts(
                        crate::views::org::key_rows(t)
                            .into_iter()
                            .map(|(label, v)| {
                                let v = match (label, v) {
                                    ("Number", Some(n)) => crate::views::org::org_number(
                                        &n,
                                        country.as_deref(),
                                        sm.country,
                                    ),
                                    (_, v) => v.unwrap_or_else(|| "not given".into()),
                                };
                                (label.to_owned(), v)
                            })
                            .collect(),
                    ));
                }
            }
            if let Some(v) = &org.view {
                b.push(Block::Heading("Roles".into()));
                match availability_note(&v.roles.state) {
                    Some(n) => b.push(Block::Note(n)),
                    None => b.push(Block::Table {
                        head: vec![
                            "Role".into(),
                            "Name".into(),
                            "Born / org. number".into(),
                            "Since".into(),
                            "Flags".into(),
                        ],
                        rows: v
                            .roles
                            .rows
                            .iter()
                            .map(|r| {
                                let mut flags = Vec::new();
                                if r.pep {
                                    flags.push("PEP");
                                }
                                if r.sanctioned {
                                    flags.push("sanctioned");
                                }
                                vec![
                                    r.role.clone(),
                                    r.name.clone(),
                                    r.birth_date
                                        .clone()
                                        .or_else(|| r.org_number.clone())
                                        .unwrap_or_else(|| "not given".into()),
                                    opt(r.since.as_deref()),
                                    flags.join(", "),
                                ]
                            })
                            .collect(),
                        widths: vec![3, 3, 2, 2, 1],
                    }),
                }
                for a in [&v.authorities.signature, &v.authorities.procuration]
                    .into_iter()
                    .flatten()
                {
                    b.push(Block::Para(a.sentence.clone()));
                }
            }
        }
    }

    // Ownership graph
    b.push(Block::Heading("Ownership".into()));
    match (&i.graph, i.graph_svg) {
        (Err(why), _) => b.push(Block::Note(format!(
            "The ownership graph could not be built: {why}."
        ))),
        (Ok(_), Some((file, svg))) => {
            b.push(Block::Svg {
                file: file.into(),
                svg: svg.into(),
                alt: format!("Ownership graph of {}", subject_name(c)),
            });
            b.push(Block::Note(format!(
                "Arrows point from owner to owned, labelled with the share (and votes when they \
                 differ). Dark border: beneficial owner; red border: sanctioned. The image is also \
                 {file}; the statements are in ownership.bods.json (BODS 0.4)."
            )));
        }
        (Ok(_), None) => {}
    }
    if let Ok(g) = &i.graph {
        b.push(Block::Heading("Beneficial owners by rule".into()));
        let found: Vec<_> = g.owners.iter().filter(|o| o.is_beneficial_owner).collect();
        if g.owners.is_empty() {
            b.push(Block::Note(
                "No natural person appears in the ownership data of this case, so no rule could \
                 name one."
                    .into(),
            ));
        } else if found.is_empty() {
            b.push(Block::Para(
                "No person qualifies as a beneficial owner under any rule applied.".into(),
            ));
        }
        b.push(Block::Table {
            head: vec![
                "Person".into(),
                "Rules that make them one".into(),
                "Integrated share".into(),
                "Paths (owner → subject, share of each path)".into(),
                "Upstream says".into(),
            ],
            rows: g
                .owners
                .iter()
                .map(|o| {
                    vec![
                        format!(
                            "{}{}",
                            o.name,
                            o.date_of_birth
                                .as_deref()
                                .map(|d| format!(", born {d}"))
                                .unwrap_or_default()
                        ),
                        if o.rules.is_empty() {
                            "no rule qualifies".into()
                        } else {
                            o.rules
                                .iter()
                                .map(|r| r.label())
                                .collect::<Vec<_>>()
                                .join("; ")
                        },
                        percent(o.integrated_share),
                        path_words(g, &o.paths).join("; "),
                        match &o.upstream {
                            None => "not named by the upstream".into(),
                            Some(u) => format!(
                                "{}{}",
                                u.reason_phrase.clone().unwrap_or_else(|| u.source.clone()),
                                u.integrated_ownership
                                    .map(|v| format!(", {}", percent(v)))
                                    .unwrap_or_default()
                            ),
                        },
                    ]
                })
                .collect(),
            widths: vec![3, 4, 2, 6, 3],
        });
        let notes: Vec<String> = g
            .owners
            .iter()
            .flat_map(|o| {
                o.disagreements
                    .iter()
                    .map(move |d| format!("{}: {d}", o.name))
            })
            .chain(g.warnings.iter().map(|w| w.message.clone()))
            .collect();
        if !notes.is_empty() {
            b.push(Block::Para("Disagreements and data warnings:".into()));
            b.push(Block::List(notes));
        }
    }

    // Hits
    b.push(Block::Heading("Sanction and PEP hits".into()));
    let screening = c
        .organization
        .as_ref()
        .and_then(|o| o.view.as_ref())
        .map(|v| &v.screening);
    match screening {
        None => b.push(Block::Note(
            "Not screened: no readable organization answer with screening is stored.".into(),
        )),
        Some(sc) => match availability_note(&sc.state) {
            Some(n) => b.push(Block::Note(n)),
            None => {
                b.push(Block::Facts(vec![
                    (
                        "Lists searched".into(),
                        if sc.lists_searched.is_empty() {
                            "not given".into()
                        } else {
                            sc.lists_searched.join(", ")
                        },
                    ),
                    (
                        "OFAC".into(),
                        match sc.ofac_included {
                            Some(true) => "included".into(),
                            Some(false) => "not included".into(),
                            None => "not given".into(),
                        },
                    ),
                    (
                        "Hits".into(),
                        format!(
                            "{} sanction-list, {} PEP-list",
                            sc.sanction_hits, sc.pep_hits
                        ),
                    ),
                ]));
                if sc.hits.is_empty() {
                    b.push(Block::Para("Screened, no hits.".into()));
                } else {
                    b.push(Block::Table {
                        head: vec![
                            "Hit".into(),
                            "Kind".into(),
                            "Relation to the subject".into(),
                            "List (as screened)".into(),
                            "Match".into(),
                        ],
                        rows: sc
                            .hits
                            .iter()
                            .map(|h| {
                                vec![
                                    h.name.clone(),
                                    h.kind.clone(),
                                    opt(h.relation.as_deref()),
                                    format!(
                                        "{}{}",
                                        opt(h.list.as_deref()),
                                        h.last_update
                                            .as_deref()
                                            .map(|d| format!(", updated {d}"))
                                            .unwrap_or_default()
                                    ),
                                    match (h.match_indicator, &h.match_word) {
                                        (Some(m), Some(w)) => {
                                            format!("{m} of {} ({w})", h.match_max)
                                        }
                                        (Some(m), None) => format!("{m} of {}", h.match_max),
                                        _ => "not given".into(),
                                    },
                                ]
                            })
                            .collect(),
                        widths: vec![3, 2, 4, 3, 2],
                    });
                }
            }
        },
    }

    // Each hit's review
    b.push(Block::Heading("Review of each hit".into()));
    if c.hits.hits.is_empty() {
        b.push(Block::Para(match c.hits.availability {
            HitsAvailability::Present => "No hit to review.".into(),
            HitsAvailability::Unreadable => format!(
                "The screening could not be read ({}): no hit can be reviewed, and none is \
                 reported as absent.",
                c.hits
                    .unreadable_reason
                    .as_deref()
                    .unwrap_or("reason not given")
            ),
            HitsAvailability::NotRequested => "Screening was not requested.".into(),
        }));
    } else {
        b.push(Block::Table {
            head: vec![
                "Hit".into(),
                "List (as screened)".into(),
                "Disposition".into(),
                "Reason".into(),
                "Reviewer, when".into(),
            ],
            rows: c
                .hits
                .hits
                .iter()
                .map(|h| {
                    let who = |d: &HitDispositionView| {
                        format!(
                            "{} ({DECLARED_REVIEWER}), {}",
                            d.reviewer,
                            when(&d.reviewed_at)
                        )
                    };
                    let list = format!(
                        "{}{}",
                        h.list,
                        h.list_date
                            .as_deref()
                            .map(|d| format!(", updated {d}"))
                            .unwrap_or_default()
                    );
                    let name = format!("{} ({})", opt(h.name.as_deref()), h.id);
                    match &h.disposition {
                        Some(d) => vec![
                            name,
                            list,
                            d.disposition.as_str().into(),
                            if d.note.is_empty() {
                                d.reason_label.clone()
                            } else {
                                format!("{}: {}", d.reason_label, d.note)
                            },
                            who(d),
                        ],
                        None => vec![
                            name,
                            list,
                            "not reviewed".into(),
                            h.previous
                                .as_ref()
                                .map(|p| {
                                    format!(
                                        "the listing changed since an earlier review ({})",
                                        p.disposition.as_str()
                                    )
                                })
                                .unwrap_or_default(),
                            String::new(),
                        ],
                    }
                })
                .collect(),
            widths: vec![3, 3, 2, 4, 3],
        });
        if c.hits.unreviewed > 0 {
            b.push(Block::Note(format!(
                "{} hit(s) not reviewed at export.",
                c.hits.unreviewed
            )));
        }
    }

    // Changes
    b.push(Block::Heading("Changes since the previous snapshot".into()));
    match (&c.changes.previous_at, c.changes.changes.is_empty()) {
        (None, _) => b.push(Block::Para(
            "One snapshot only: there is no previous one to compare with.".into(),
        )),
        (Some(prev), true) => b.push(Block::Para(format!(
            "Compared with the snapshot of {}: nothing changed in the sections both answers hold.",
            when(prev)
        ))),
        (Some(prev), false) => {
            b.push(Block::Para(format!(
                "Compared with the snapshot of {}:",
                when(prev)
            )));
            b.push(Block::Table {
                head: vec!["Section".into(), "Change".into()],
                rows: c
                    .changes
                    .changes
                    .iter()
                    .map(|ch| vec![ch.section.clone(), ch.text.clone()])
                    .collect(),
                widths: vec![1, 4],
            });
        }
    }

    // Notes and decision
    b.push(Block::Heading("Notes".into()));
    let plain: Vec<&NoteView> = c.notes.iter().filter(|n| n.decision.is_none()).collect();
    if plain.is_empty() {
        b.push(Block::Para(
            "The officer wrote no notes in this case.".into(),
        ));
    } else {
        b.push(Block::Table {
            head: vec!["Written".into(), "Note".into()],
            rows: plain
                .iter()
                .map(|n| vec![when(&n.created_at), n.text.clone()])
                .collect(),
            widths: vec![1, 4],
        });
    }
    b.push(Block::Heading("Decision and reviewers".into()));
    let decisions: Vec<&NoteView> = c.notes.iter().filter(|n| n.decision.is_some()).collect();
    match (sm.decision, &c.decision) {
        (None, None) => b.push(Block::Para(
            "No decision has been recorded in this case.".into(),
        )),
        (Some(d), _) => b.push(Block::Facts(vec![("Decision".into(), format!("{d:?}"))])),
        (None, Some(d)) => b.push(Block::Facts(vec![(
            "Decision".into(),
            format!("{:?}, not final yet", d.decision),
        )])),
    }
    if !decisions.is_empty() {
        b.push(Block::Table {
            head: vec!["Recorded".into(), "Decision".into(), "Reason".into()],
            rows: decisions
                .iter()
                .map(|n| {
                    vec![
                        when(&n.created_at),
                        n.decision.map(|d| format!("{d:?}")).unwrap_or_default(),
                        n.text.clone(),
                    ]
                })
                .collect(),
            widths: vec![2, 1, 5],
        });
    }
    match &c.decision {
        None => {}
        Some(d) => {
            let mut facts = vec![
                ("State".into(), format!("{:?}", d.state).to_lowercase()),
                ("Reason".into(), d.reason.clone()),
                (
                    "Prepared by".into(),
                    format!(
                        "{} ({DECLARED_REVIEWER}), {}",
                        d.preparer,
                        when(&d.decided_at)
                    ),
                ),
            ];
            match (&d.confirmed_by, &d.confirmed_at) {
                (Some(by), Some(at)) => facts.push((
                    "Confirmed by".into(),
                    format!("{by} ({DECLARED_REVIEWER}), {}", when(at)),
                )),
                _ if d.four_eyes => facts.push((
                    "Confirmed by".into(),
                    "awaiting a second reviewer (four-eyes)".into(),
                )),
                _ => {}
            }
            facts.push((
                "Decided on".into(),
                format!(
                    "a snapshot of the views as shown (SHA-256 {}), reader {}",
                    d.snapshot_sha256, d.reader_version
                ),
            ));
            b.push(Block::Facts(facts));
        }
    }
    b.push(Block::Note(format!(
        "Reviewers are {DECLARED_REVIEWER}: names are declared in the local profile (the OS user \
         by default), not checked against an identity provider."
    )));
    discrepancy_blocks(&mut b, &c.discrepancy);

    // Files
    b.push(Block::Heading("Reports as downloaded".into()));
    if i.reports.is_empty() {
        b.push(Block::Para("No report was downloaded in this case.".into()));
    } else {
        b.push(Block::Table {
            head: vec![
                "Report".into(),
                "Source, fetched".into(),
                "File".into(),
                "SHA-256 (as downloaded)".into(),
            ],
            rows: i
                .reports
                .iter()
                .map(|(d, path)| {
                    vec![
                        d.title.clone(),
                        format!("{}, {}", provider_word(d.source), when(&d.fetched_at)),
                        path.clone(),
                        d.sha256.clone(),
                    ]
                })
                .collect(),
            widths: vec![2, 3, 3, 5],
        });
    }
    b.push(Block::Heading("Raw answers".into()));
    if i.raw.is_empty() {
        b.push(Block::Para("No answer is stored in this case.".into()));
    } else {
        b.push(Block::Table {
            head: vec![
                "Answer".into(),
                "Fetched".into(),
                "File".into(),
                "SHA-256".into(),
            ],
            rows: i
                .raw
                .iter()
                .map(|r| {
                    vec![
                        r.kind.clone(),
                        when(&r.fetched_at),
                        r.path.clone(),
                        r.sha256.clone(),
                    ]
                })
                .collect(),
            widths: vec![2, 3, 4, 5],
        });
    }
    b.push(Block::Para(
        "The case's audit log, each entry chained to the one before by SHA-256, is \
         audit-log.json."
            .into(),
    ));
    b
}

/// "Discrepancy with the register": the draft notice (RRH-0120) when the owners differ, else why
/// there is none; "no discrepancy" only when both sides were read.
fn discrepancy_blocks(b: &mut Vec<Block>, d: &DiscrepancyView) {
    if d.status == DiscrepancyStatus::NotApplicable {
        return;
    }
    b.push(Block::Heading("Discrepancy with the register".into()));
    let Some(n) = &d.notice else {
        match d.status {
            DiscrepancyStatus::NoneFound => b.push(Block::Para(d.message.clone())),
            _ => b.push(Block::Note(d.message.clone())),
        }
        return;
    };
    b.push(Block::Para(format!(
        "{} Draft notice to {}, form {} (not sent by AML Desk):",
        d.message, n.addressee, n.form
    )));
    b.push(Block::Table {
        head: vec![
            "Person".into(),
            "The register says".into(),
            "Computed under NO-REG".into(),
            "Evidence".into(),
        ],
        rows: n
            .differences
            .iter()
            .map(|x| {
                vec![
                    format!(
                        "{}{}{}",
                        x.person,
                        x.date_of_birth
                            .as_deref()
                            .map(|d| format!(", born {d}"))
                            .unwrap_or_default(),
                        if x.open { " (open: check first)" } else { "" }
                    ),
                    x.register_says.clone(),
                    x.computed.clone(),
                    x.evidence
                        .iter()
                        .map(|e| amldesk_core::review::discrepancy::evidence_words(e, when))
                        .collect::<Vec<_>>()
                        .join(" · "),
                ]
            })
            .collect(),
        widths: vec![3, 4, 4, 6],
    });
    if !n.caveats.is_empty() {
        b.push(Block::List(n.caveats.clone()));
    }
}
