//! The window's section views of an organization answer, built from core's typed model: roles in
//! words, signature rights as a sentence, key figures with their currency, formatted
//! identifiers, sanction hits with relation and list. The window draws these and the CLI prints
//! them; neither walks the answer itself.

use amldesk_core::model::org::{Authority, OrgResult, OrgRole, RoleType, MATCH_INDICATOR_MAX};
use amldesk_core::model::{present, Availability, Coded, Metadata, SectionInfo};
use amldesk_core::{Country, OrgId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A section's state as core judged it (from `ResultView.sections`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionState {
    pub path: String,
    pub availability: Availability,
    pub reason: Option<String>,
    /// The section's own `metadata.sources` (registers the vendor read it from), when given.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// All section views of one organization answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgView {
    /// The sandbox marks every invented record (`sandbox: true`).
    pub sandbox: bool,
    pub key_information: KeyInfoView,
    pub addresses: AddressesView,
    pub indicators: IndicatorsView,
    pub roles: RolesView,
    pub authorities: AuthoritiesView,
    pub key_figures: KeyFiguresView,
    pub shareholders: ShareholdersView,
    pub subsidiaries: SubsidiariesView,
    pub screening: ScreeningView,
    /// Everyone flagged as politically exposed, wherever the answer names them.
    pub peps: Vec<PepFlag>,
}

/// `keyInformation`, field by field as the window shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfoView {
    pub state: SectionState,
    pub name: Option<String>,
    /// Formatted for the country (`923 609 016`).
    pub org_number: Option<String>,
    /// As upstream sent it, for copying.
    pub org_number_raw: Option<String>,
    pub duns: Option<String>,
    pub lei: Option<String>,
    /// "Allmennaksjeselskap (ASA)": the description with its code.
    pub legal_form: Option<String>,
    pub country: Option<String>,
    pub registered_date: Option<String>,
    pub founded_date: Option<String>,
    pub status: Option<String>,
    pub employees: Option<i64>,
    /// "Extraction of crude petroleum (06.100)".
    pub industry: Option<String>,
    pub institutional_sector: Option<String>,
    pub webpage: Option<String>,
    pub registries: Vec<String>,
    pub purpose: Option<String>,
}

/// `address`: each address on one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddressesView {
    pub state: SectionState,
    pub visiting: Option<String>,
    pub postal: Option<String>,
}

/// `ownership.indicators`: what the vendor computed about the shareholder structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorsView {
    pub state: SectionState,
    pub shareholders_total: Option<i64>,
    pub shareholders_direct: Option<i64>,
    pub shareholders_legal: Option<i64>,
    /// Steps in the longest ownership chain above the company.
    pub max_chain: Option<i64>,
    /// Percent of the shares whose holders are identified / unidentified / unknown; all `null`
    /// when the answer has no `knowledge` part.
    pub identified: Option<f64>,
    pub unidentified: Option<f64>,
    pub unknown: Option<f64>,
    pub unidentified_count: Option<i64>,
    /// Whether the answer has a `selfOwnership` part, and the percent it gives.
    pub has_self_ownership: bool,
    pub self_ownership: Option<f64>,
    /// Whether the answer has a `votingPower` part, and what it gives.
    pub has_voting_power: bool,
    pub share_classes: Option<i64>,
    /// Shareholders with much more voting power than integrated ownership.
    pub high_votes_low_ownership: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RolesView {
    pub state: SectionState,
    pub rows: Vec<RoleRow>,
}

/// One role holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleRow {
    /// In words (core's label): "Chair of the board".
    pub role: String,
    /// As upstream coded it (`CHAIRMAN`), `null` when not given.
    pub role_code: Option<String>,
    pub name: String,
    pub birth_date: Option<String>,
    /// For an organization holding the role (auditor, accountant), formatted: `921 112 009`.
    pub org_number: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub pep: bool,
    pub sanctioned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthoritiesView {
    pub state: SectionState,
    pub signature: Option<AuthorityView>,
    pub procuration: Option<AuthorityView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityView {
    /// The rule as registered ("Styrets leder alene …").
    pub description: Option<String>,
    pub code: Option<String>,
    /// The persons named, each with their role in words when known: "Ola Nordmann (Chair of the
    /// board)".
    pub persons: Vec<String>,
    /// The rule and the persons in one sentence.
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyFiguresView {
    pub state: SectionState,
    /// As upstream gave it; `null` when not given (never assumed).
    pub currency: Option<String>,
    pub share_capital: Option<f64>,
    /// Oldest first.
    pub years: Vec<FigureYear>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FigureYear {
    pub year: i64,
    /// The year's own currency, else the key figures'.
    pub currency: Option<String>,
    pub turnover: Option<f64>,
    pub operating_profit: Option<f64>,
    pub earnings: Option<f64>,
    pub equity: Option<f64>,
    pub total_assets: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareholdersView {
    pub state: SectionState,
    pub rows: Vec<ShareholderRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareholderRow {
    pub name: String,
    /// `person`, `organization` or `unknown`.
    pub kind: String,
    /// Formatted (`912 660 680`).
    pub org_number: Option<String>,
    /// As upstream sent it (digits), for copying and search.
    pub org_number_raw: Option<String>,
    pub birth_date: Option<String>,
    pub share: Option<f64>,
    pub votes: Option<f64>,
    pub country: Option<String>,
    pub pep: bool,
    pub sanctioned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubsidiariesView {
    pub state: SectionState,
    pub rows: Vec<SubsidiaryRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubsidiaryRow {
    pub name: String,
    pub org_number: Option<String>,
    pub org_number_raw: Option<String>,
    pub country: Option<String>,
    pub share: Option<f64>,
    pub votes: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScreeningView {
    pub state: SectionState,
    pub status: Option<String>,
    pub message: Option<String>,
    pub lists_searched: Vec<String>,
    /// Whether OFAC was among the lists; `null` when upstream did not say.
    pub ofac_included: Option<bool>,
    /// Hits on sanction lists; a PEP-list hit is not one (core's `HitCounts`, as the case header).
    pub sanction_hits: u32,
    /// Hits on PEP lists.
    pub pep_hits: u32,
    pub hits: Vec<HitRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HitRow {
    pub name: String,
    pub pep: bool,
    /// "PEP" or "Sanction".
    pub kind: String,
    /// How the hit relates to the subject: "Shareholder (10 %) of BRATTLI INVEST AS (921111304)".
    pub relation: Option<String>,
    /// The list (source): `EU_GLOBAL`, `OFAC`, `PEP_NORDIC`, …
    pub list: Option<String>,
    pub provider: Option<String>,
    pub match_indicator: Option<f64>,
    pub match_max: f64,
    /// "strong", "possible" or "weak".
    pub match_word: Option<String>,
    pub aliases: Vec<String>,
    pub addresses: Vec<String>,
    pub urls: Vec<String>,
    pub comment: Option<String>,
    pub external_id: Option<String>,
    pub first_update: Option<String>,
    pub last_update: Option<String>,
}

/// A person flagged as politically exposed, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PepFlag {
    pub name: String,
    /// `role`, `shareholder`, `beneficialOwner` or `screening`.
    pub source: String,
    /// The role in words, the share, or the hit's relation.
    pub detail: Option<String>,
}

fn state(sections: &[SectionInfo], path: &str) -> SectionState {
    let whole = sections
        .iter()
        .find(|s| s.path.is_empty() && s.availability == Availability::Unreadable);
    let s = whole.or_else(|| sections.iter().find(|s| s.path == path));
    SectionState {
        path: path.to_owned(),
        availability: s.map_or(Availability::NotRequested, |s| s.availability),
        reason: s.and_then(|s| s.reason.clone()),
        sources: Vec::new(),
    }
}

/// A section's state with its own `metadata.sources` (and any further sources it lists).
fn state_with(
    sections: &[SectionInfo],
    path: &str,
    meta: Option<&Metadata>,
    more: &[String],
) -> SectionState {
    let mut st = state(sections, path);
    for src in meta
        .map(|m| m.sources.as_slice())
        .unwrap_or(&[])
        .iter()
        .chain(more)
    {
        if !st.sources.contains(src) {
            st.sources.push(src.clone());
        }
    }
    st
}

/// "Allmennaksjeselskap (ASA)"; the code alone, or the description alone, when only one is given.
fn coded_words(c: Option<&Coded>) -> Option<String> {
    let c = c?;
    match (c.description.as_deref(), c.code.as_deref()) {
        (Some(d), Some(code)) if d != code => Some(format!("{d} ({code})")),
        (Some(d), _) => Some(d.to_owned()),
        (None, Some(code)) => Some(code.to_owned()),
        (None, None) => None,
    }
}

fn key_info_view(org: &OrgResult, sections: &[SectionInfo], home: Option<Country>) -> KeyInfoView {
    let ki = org.key();
    let raw = ki.and_then(|k| k.identifier());
    KeyInfoView {
        state: state_with(
            sections,
            "keyInformation",
            ki.and_then(|k| k.metadata.as_ref()),
            ki.map(|k| k.sources.as_slice()).unwrap_or(&[]),
        ),
        name: ki.and_then(|k| k.name.clone()),
        org_number: raw
            .as_deref()
            .map(|n| org_number(n, ki.and_then(|k| k.country.as_deref()), home)),
        org_number_raw: raw,
        duns: ki.and_then(|k| k.duns.clone()),
        lei: ki
            .and_then(|k| k.lei.as_ref())
            .and_then(|l| l.present())
            .and_then(|l| l.lei.clone()),
        legal_form: coded_words(ki.and_then(|k| k.organization_type.as_ref())),
        country: ki.and_then(|k| k.country.clone()),
        registered_date: ki.and_then(|k| k.registered_date.clone()),
        founded_date: ki.and_then(|k| k.founded_date.clone()),
        status: ki
            .and_then(|k| k.status.as_ref().or(k.status_code.as_ref()))
            .and_then(|c| c.text().map(str::to_owned)),
        employees: ki.and_then(|k| k.employees),
        industry: coded_words(ki.and_then(|k| k.industry_sector.as_ref())),
        institutional_sector: coded_words(ki.and_then(|k| k.institutional_sector.as_ref())),
        webpage: ki.and_then(|k| k.webpage.clone()),
        registries: ki
            .map(|k| {
                k.registries
                    .iter()
                    .filter_map(|r| r.text().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        purpose: ki.and_then(|k| k.purpose.clone()),
    }
}

fn addresses_view(org: &OrgResult, sections: &[SectionInfo]) -> AddressesView {
    let a = present(&org.address);
    let line = |n: Option<&amldesk_core::model::Node<amldesk_core::model::org::Address>>| {
        n.and_then(|n| n.present())
            .map(|a| a.one_line())
            .filter(|l| !l.is_empty())
    };
    AddressesView {
        state: state_with(
            sections,
            "address",
            a.and_then(|a| a.metadata.as_ref()),
            &[],
        ),
        visiting: line(a.and_then(|a| a.visiting_address.as_ref())),
        postal: line(a.and_then(|a| a.postal_address.as_ref())),
    }
}

/// The `metadata` of `ownership`, which its sections share.
fn ownership_meta(org: &OrgResult) -> Option<&Metadata> {
    present(&org.ownership).and_then(|o| present(&o.metadata))
}

fn indicators_view(org: &OrgResult, sections: &[SectionInfo]) -> IndicatorsView {
    let i = present(&org.ownership).and_then(|o| present(&o.indicators));
    let k = i.and_then(|i| i.key_indicators.as_ref());
    let kn = i.and_then(|i| i.knowledge.as_ref());
    let so = i.and_then(|i| i.self_ownership.as_ref());
    let vp = i.and_then(|i| i.voting_power.as_ref());
    IndicatorsView {
        state: state_with(sections, "ownership.indicators", ownership_meta(org), &[]),
        shareholders_total: k.and_then(|k| k.number_of_shareholders_total),
        shareholders_direct: k.and_then(|k| k.number_of_shareholders_direct),
        shareholders_legal: k.and_then(|k| k.number_of_shareholders_legal),
        max_chain: k.and_then(|k| k.max_share_holder_distance),
        identified: kn.and_then(|k| k.sum_identified_shareholders),
        unidentified: kn.and_then(|k| k.sum_unidentified_shareholders),
        unknown: kn.and_then(|k| k.sum_unknown_shareholders),
        unidentified_count: kn.and_then(|k| k.number_of_unidentified_shareholders),
        has_self_ownership: so.is_some(),
        self_ownership: so.and_then(|s| s.company_self_ownership),
        has_voting_power: vp.is_some(),
        share_classes: vp.and_then(|v| v.number_of_share_classes),
        high_votes_low_ownership: vp.and_then(|v| v.number_of_high_vp_low_integrated),
    }
}

/// An organization number formatted for `country` (`923 609 016`), as given when it does not
/// read as one.
pub fn org_number(raw: &str, country: Option<&str>, fallback: Option<Country>) -> String {
    let c = country.and_then(|c| c.parse::<Country>().ok()).or(fallback);
    c.and_then(|c| OrgId::parse(c, raw).ok())
        .map(|id| id.display())
        .unwrap_or_else(|| raw.to_owned())
}

/// Core's label for a role, "Role not given" without one.
/// The key information rows the case header (CLI) and the case file's summary show, in this
/// order; a value the answer does not give is `None`. The number is as upstream sent it.
pub fn key_rows(typed: &OrgResult) -> Vec<(&'static str, Option<String>)> {
    let k = typed.key();
    let coded =
        |c: Option<&amldesk_core::model::Coded>| c.and_then(|c| c.text().map(str::to_owned));
    let address = typed
        .address
        .as_ref()
        .and_then(|a| a.present())
        .and_then(|a| {
            a.visiting_address
                .as_ref()
                .and_then(|n| n.present())
                .or_else(|| a.postal_address.as_ref().and_then(|n| n.present()))
        })
        .map(|a| a.one_line())
        .filter(|l| !l.is_empty());
    vec![
        ("Name", k.and_then(|k| k.name.clone())),
        ("Number", k.and_then(|k| k.org_number.clone())),
        ("Form", coded(k.and_then(|k| k.organization_type.as_ref()))),
        (
            "Status",
            coded(k.and_then(|k| k.status_code.as_ref().or(k.status.as_ref()))),
        ),
        ("Country", k.and_then(|k| k.country.clone())),
        ("Registered", k.and_then(|k| k.registered_date.clone())),
        (
            "Employees",
            k.and_then(|k| k.employees.map(|e| e.to_string())),
        ),
        ("Web page", k.and_then(|k| k.webpage.clone())),
        ("Address", address),
    ]
}

pub fn role_label(r: &OrgRole) -> String {
    r.role_type
        .as_ref()
        .map_or_else(|| "Role not given".to_owned(), |t| t.label().to_owned())
}

fn match_word(m: f64) -> &'static str {
    if m >= 350.0 {
        "strong"
    } else if m >= 200.0 {
        "possible"
    } else {
        "weak"
    }
}

fn authority(a: &Authority, roles: &[OrgRole], label: &str) -> AuthorityView {
    let persons: Vec<String> = a
        .persons
        .iter()
        .filter_map(|p| {
            let name = p.display_name()?;
            let words: Vec<String> = match &p.role_type {
                Some(t) => vec![t.label().to_owned()],
                // The person's roles in the company, when the rule does not say.
                None => roles
                    .iter()
                    .filter(|r| {
                        r.display_name().as_deref() == Some(name.as_str())
                            && (p.date_of_birth.is_none() || r.date_of_birth == p.date_of_birth)
                    })
                    .filter_map(|r| r.role_type.as_ref())
                    // Roles that sign or hold a procuration; not the contact person or auditor.
                    .filter(|t| {
                        !matches!(
                            t,
                            RoleType::ContactPerson | RoleType::Auditor | RoleType::Accountant
                        )
                    })
                    .map(|t| t.label().to_owned())
                    .fold(Vec::new(), |mut v, w| {
                        if !v.contains(&w) {
                            v.push(w);
                        }
                        v
                    }),
            };
            Some(if words.is_empty() {
                name
            } else {
                format!("{name} ({})", words.join(", ").to_lowercase())
            })
        })
        .collect();
    let rule = a
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.trim_end_matches('.').to_owned())
        .or_else(|| a.code.clone())
        .unwrap_or_else(|| "rule not given".to_owned());
    let sentence = if persons.is_empty() {
        format!("{label}: {rule}.")
    } else {
        format!("{label}: {rule}. Registered: {}.", persons.join(", "))
    };
    AuthorityView {
        description: a.description.clone(),
        code: a.code.clone(),
        persons,
        sentence,
    }
}

/// The section views of an organization answer; `sections` as core judged them.
pub fn org_view(org: &OrgResult, sections: &[SectionInfo]) -> OrgView {
    let home: Option<Country> = org
        .key()
        .and_then(|k| k.country.as_deref())
        .and_then(|c| c.parse().ok());
    let fmt = |raw: &Option<String>, country: Option<&str>| {
        raw.as_deref().map(|n| org_number(n, country, home))
    };
    let role_list = org.role_list();
    let roles = RolesView {
        state: state_with(
            sections,
            "roles",
            present(&org.roles).and_then(|r| r.metadata.as_ref()),
            &[],
        ),
        rows: role_list
            .iter()
            .map(|r| RoleRow {
                role: role_label(r),
                role_code: r.role_type.as_ref().map(|t| t.as_str().to_owned()),
                name: r
                    .display_name()
                    .unwrap_or_else(|| "(name not given)".into()),
                birth_date: r.date_of_birth.clone(),
                org_number: fmt(&r.org_number, None),
                since: r.from_date.clone(),
                until: r.to_date.clone(),
                pep: r.pep == Some(true),
                sanctioned: r.sanctioned == Some(true),
            })
            .collect(),
    };
    let auth = org.authorities.as_ref().and_then(|a| a.present());
    let authorities = AuthoritiesView {
        state: state_with(
            sections,
            "authorities",
            auth.and_then(|a| a.metadata.as_ref()),
            &[],
        ),
        signature: auth
            .and_then(|a| a.signature_rights.as_ref())
            .and_then(|n| n.present())
            .map(|a| authority(a, role_list, "Signs for the company")),
        procuration: auth
            .and_then(|a| a.power_of_procuration.as_ref())
            .and_then(|n| n.present())
            .map(|a| authority(a, role_list, "Procuration")),
    };
    let fin = org.financials.as_ref().and_then(|f| f.present());
    let kf = fin
        .and_then(|f| f.key_figures.as_ref())
        .and_then(|k| k.present());
    let accounting = fin
        .and_then(|f| f.accounting.as_ref())
        .and_then(|a| a.present());
    let currency = kf.and_then(|k| k.currency.clone()).or_else(|| {
        kf.into_iter()
            .flat_map(|k| k.years.iter().chain(&k.accounting_years))
            .chain(accounting.into_iter().flatten())
            .find_map(|y| y.currency.clone())
    });
    let mut years: Vec<FigureYear> = Vec::new();
    let sources_of_years = kf
        .into_iter()
        .flat_map(|k| k.years.iter().chain(&k.accounting_years))
        .chain(accounting.into_iter().flatten());
    for y in sources_of_years {
        let Some(year) = y.year else { continue };
        let row = FigureYear {
            year,
            currency: y.currency.clone().or_else(|| currency.clone()),
            turnover: y.turnover,
            operating_profit: y.operating_profit,
            earnings: y.earnings,
            equity: y.equity,
            total_assets: y.total_assets,
        };
        match years.iter_mut().find(|r| r.year == year) {
            // A year listed twice (`years` and `accountingYears`): fill in what is missing.
            Some(r) => {
                r.turnover = r.turnover.or(row.turnover);
                r.operating_profit = r.operating_profit.or(row.operating_profit);
                r.earnings = r.earnings.or(row.earnings);
                r.equity = r.equity.or(row.equity);
                r.total_assets = r.total_assets.or(row.total_assets);
            }
            None => years.push(row),
        }
    }
    years.sort_by_key(|y| y.year);
    let key_figures = KeyFiguresView {
        state: state_with(
            sections,
            "financials.keyFigures",
            None,
            kf.map(|k| k.sources.as_slice()).unwrap_or(&[]),
        ),
        currency,
        share_capital: kf.and_then(|k| k.share_capital),
        years,
        sources: kf.map(|k| k.sources.clone()).unwrap_or_default(),
    };
    let shareholders = ShareholdersView {
        state: state_with(sections, "ownership.shareholders", ownership_meta(org), &[]),
        rows: org
            .shareholders()
            .iter()
            .map(|s| ShareholderRow {
                name: s.name.clone().unwrap_or_else(|| "(name not given)".into()),
                kind: if s.is_person() {
                    "person"
                } else if s.org_number.is_some() || s.shareholder_type.is_some() {
                    "organization"
                } else {
                    "unknown"
                }
                .into(),
                org_number: fmt(&s.org_number, s.country.as_deref()),
                org_number_raw: s.org_number.clone(),
                birth_date: s.date_of_birth.clone(),
                share: s.percentage,
                votes: s.voting_percentage,
                country: s.country.clone(),
                pep: s.pep == Some(true),
                sanctioned: s.sanctioned == Some(true),
            })
            .collect(),
    };
    let subsidiaries = SubsidiariesView {
        state: state_with(sections, "ownership.subsidiaries", ownership_meta(org), &[]),
        rows: org
            .subsidiaries()
            .iter()
            .map(|s| SubsidiaryRow {
                name: s.name.clone().unwrap_or_else(|| "(name not given)".into()),
                org_number: fmt(&s.org_number, s.country.as_deref()),
                org_number_raw: s.org_number.clone(),
                country: s.country.clone(),
                share: s.percentage,
                votes: s.voting_percentage,
            })
            .collect(),
    };
    let node = org.sanction.as_ref().and_then(|s| s.present());
    let hits: Vec<HitRow> = org
        .sanction_hits()
        .iter()
        .map(|h| {
            let pep = h.is_pep();
            HitRow {
                name: h.name.clone().unwrap_or_else(|| "(name not given)".into()),
                pep,
                kind: if pep { "PEP" } else { "Sanction" }.into(),
                relation: h.relation.clone(),
                list: h.source.as_ref().map(|s| s.as_str().to_owned()),
                provider: h.provider.clone(),
                match_indicator: h.match_indicator,
                match_max: MATCH_INDICATOR_MAX,
                match_word: h.match_indicator.map(|m| match_word(m).to_owned()),
                aliases: h.alias_list.clone(),
                addresses: h
                    .address_list
                    .iter()
                    .map(|a| {
                        let place = [a.post_code.as_deref(), a.city.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                        [
                            a.street.clone(),
                            Some(place).filter(|p| !p.is_empty()),
                            a.country_name.clone().or_else(|| a.country_code.clone()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                    })
                    .filter(|l| !l.is_empty())
                    .collect(),
                urls: h.url_list.clone(),
                comment: h.comment.clone(),
                external_id: h.external_id.clone(),
                first_update: h.first_update.clone(),
                last_update: h.last_update.clone(),
            }
        })
        .collect();
    let counts = org.hit_counts();
    let screening = ScreeningView {
        state: state_with(
            sections,
            "sanction",
            node.and_then(|n| n.metadata.as_ref()),
            &[],
        ),
        status: node.and_then(|n| n.status.clone()),
        message: node.and_then(|n| n.message.clone()),
        lists_searched: node.map(|n| n.lists_searched.clone()).unwrap_or_default(),
        ofac_included: node.and_then(|n| n.ofac_included),
        sanction_hits: counts.sanction,
        pep_hits: counts.pep,
        hits,
    };
    let mut peps: Vec<PepFlag> = Vec::new();
    for r in roles.rows.iter().filter(|r| r.pep) {
        peps.push(PepFlag {
            name: r.name.clone(),
            source: "role".into(),
            detail: Some(r.role.clone()),
        });
    }
    for s in shareholders.rows.iter().filter(|s| s.pep) {
        peps.push(PepFlag {
            name: s.name.clone(),
            source: "shareholder".into(),
            detail: s.share.map(|p| format!("{p} %")),
        });
    }
    for b in org.beneficials().iter().filter(|b| b.pep == Some(true)) {
        peps.push(PepFlag {
            name: b.display_name().unwrap_or_default(),
            source: "beneficialOwner".into(),
            detail: b.reason_phrase.clone(),
        });
    }
    for h in screening.hits.iter().filter(|h| h.pep) {
        peps.push(PepFlag {
            name: h.name.clone(),
            source: "screening".into(),
            detail: h.relation.clone(),
        });
    }
    OrgView {
        sandbox: present(&org.sandbox).is_some_and(|f| f.0),
        key_information: key_info_view(org, sections, home),
        addresses: addresses_view(org, sections),
        indicators: indicators_view(org, sections),
        roles,
        authorities,
        key_figures,
        shareholders,
        subsidiaries,
        screening,
        peps,
    }
}

#[cfg(test)]
mod tests;
