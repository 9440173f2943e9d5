//! Identifiers: parsing, normalization and validation before any network call
//! (API-NOTES §5). Every error says what is wrong in words an officer understands.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// Countries the organization API serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum Country {
    No,
    Se,
    Fi,
    Dk,
}

impl Country {
    pub const ALL: [Country; 4] = [Country::No, Country::Se, Country::Fi, Country::Dk];

    /// Two-letter ISO code, upper case.
    pub fn code(self) -> &'static str {
        match self {
            Country::No => "NO",
            Country::Se => "SE",
            Country::Fi => "FI",
            Country::Dk => "DK",
        }
    }

    /// Lower-case path segment (`/organization/session/no`).
    pub fn path(self) -> &'static str {
        match self {
            Country::No => "no",
            Country::Se => "se",
            Country::Fi => "fi",
            Country::Dk => "dk",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Country::No => "Norway",
            Country::Se => "Sweden",
            Country::Fi => "Finland",
            Country::Dk => "Denmark",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Country {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "NO" | "NOR" | "NORWAY" => Ok(Country::No),
            "SE" | "SWE" | "SWEDEN" => Ok(Country::Se),
            "FI" | "FIN" | "FINLAND" => Ok(Country::Fi),
            "DK" | "DNK" | "DENMARK" => Ok(Country::Dk),
            _ => Err(IdError::new(
                "country",
                format!(
                    "\"{}\" is not a supported country: use NO, SE, FI or DK",
                    s.trim()
                ),
            )),
        }
    }
}

/// A validation error: which field, and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, TS)]
#[error("{message}")]
pub struct IdError {
    /// The field or identifier kind that failed (`"organization number"`, `"phone"`, …).
    pub field: String,
    /// A complete sentence: what is wrong and what is expected.
    pub message: String,
}

impl IdError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        IdError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Keeps the digits, drops the separators people type (spaces, dashes, dots, non-breaking spaces).
/// Returns an error naming the first character that is neither.
fn digits_only(field: &str, input: &str) -> Result<String, IdError> {
    let mut out = String::with_capacity(input.len());
    for c in input.trim().chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if c == ' ' || c == '-' || c == '.' || c == '\u{a0}' || c == '\u{202f}' {
            continue;
        } else {
            return Err(IdError::new(
                field,
                format!("{field} may only contain digits; found \"{c}\""),
            ));
        }
    }
    if out.is_empty() {
        return Err(IdError::new(field, format!("{field} is empty")));
    }
    Ok(out)
}

fn digit_values(s: &str) -> Vec<u32> {
    s.bytes().map(|b| u32::from(b - b'0')).collect()
}

/// MOD11 with the given weights; `None` when the check digit would be 10 (no valid number).
fn mod11(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Norwegian organisasjonsnummer: 9 digits, MOD11 with weights 3,2,7,6,5,4,3,2.
pub fn parse_no_orgnr(input: &str) -> Result<String, IdError> {
    const F: &str = "Norwegian organization number";
    let d = digits_only(F, input)?;
    if d.len() != 9 {
        return Err(IdError::new(
            F,
            format!("{F} needs 9 digits; \"{}\" has {}", input.trim(), d.len()),
        ));
    }
    let v = digit_values(&d);
    match mod11(&v[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) {
        Some(k) if k == v[8] => Ok(d),
        _ => Err(IdError::new(
            F,
            format!(
                "{F} {} is not valid: its check digit does not match. Check the number against the register.",
                format_no_orgnr(&d)
            ),
        )),
    }
}

/// `923609016` → `923 609 016`.
pub fn format_no_orgnr(d: &str) -> String {
    if d.len() == 9 && d.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &d[..3], &d[3..6], &d[6..])
    } else {
        d.to_string()
    }
}

/// Whether a Swedish number looks like a legal person's (digits 3–4 ≥ 20). A warning, not an error.
pub fn se_orgnr_warning(normalized: &str) -> Option<String> {
    let d: String = normalized.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() == 10 {
        let month: u32 = d[2..4].parse().unwrap_or(0);
        if month < 20 {
            return Some(format!(
                "{} looks like a personal identity number (digits 3–4 are below 20), not a legal person's organization number",
                d
            ));
        }
    }
    None
}

/// Swedish organisationsnummer: 10 digits, hyphen optional, Luhn. Returns `NNNNNN-NNNN`.
pub fn parse_se_orgnr(input: &str) -> Result<String, IdError> {
    const F: &str = "Swedish organization number";
    let d = digits_only(F, input)?;
    if d.len() != 10 {
        return Err(IdError::new(
            F,
            format!(
                "{F} needs 10 digits (NNNNNN-NNNN); \"{}\" has {}",
                input.trim(),
                d.len()
            ),
        ));
    }
    if !luhn_valid(&digit_values(&d)) {
        return Err(IdError::new(
            F,
            format!(
                "{F} {}-{} is not valid: its check digit does not match. Check the number against the register.",
                &d[..6],
                &d[6..]
            ),
        ));
    }
    Ok(format!("{}-{}", &d[..6], &d[6..]))
}

/// Finnish Y-tunnus: `NNNNNNN-C`, weights 7,9,10,5,8,4,2; a 6-digit body is left-padded.
pub fn parse_fi_ytunnus(input: &str) -> Result<String, IdError> {
    const F: &str = "Y-tunnus";
    let t = input.trim();
    let (body, check) = match t.split_once('-') {
        Some((b, c)) => (b.trim().to_string(), c.trim().to_string()),
        None => {
            let d = digits_only(F, t)?;
            if d.len() < 7 {
                return Err(IdError::new(
                    F,
                    format!(
                        "Y-tunnus needs 7 digits and a check digit (NNNNNNN-C); \"{t}\" has {}",
                        d.len()
                    ),
                ));
            }
            let (b, c) = d.split_at(d.len() - 1);
            (b.to_string(), c.to_string())
        }
    };
    if body.is_empty()
        || !body.bytes().all(|b| b.is_ascii_digit())
        || body.len() > 7
        || body.len() < 6
    {
        return Err(IdError::new(
            F,
            format!("Y-tunnus needs 7 digits and a check digit (NNNNNNN-C); got \"{t}\""),
        ));
    }
    if check.len() != 1 || !check.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::new(
            F,
            format!("Y-tunnus needs 7 digits and a check digit (NNNNNNN-C); got \"{t}\""),
        ));
    }
    let body = format!("{body:0>7}");
    let v = digit_values(&body);
    let sum: u32 = v
        .iter()
        .zip([7, 9, 10, 5, 8, 4, 2])
        .map(|(d, w)| d * w)
        .sum();
    let expected = match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    };
    let c: u32 = check.parse().unwrap_or(99);
    match expected {
        Some(k) if k == c => Ok(format!("{body}-{c}")),
        _ => Err(IdError::new(
            F,
            format!("Y-tunnus {body}-{check} is not valid: its check digit does not match. Check the number against the register."),
        )),
    }
}

/// DUNS: 9 digits, separators stripped, no check digit.
pub fn parse_duns(input: &str) -> Result<String, IdError> {
    const F: &str = "DUNS number";
    let d = digits_only(F, input)?;
    if d.len() != 9 {
        return Err(IdError::new(
            F,
            format!(
                "DUNS number needs 9 digits; \"{}\" has {}",
                input.trim(),
                d.len()
            ),
        ));
    }
    Ok(d)
}

/// Danish CVR: 8 digits (no check digit enforced since 2013's renumbering rules vary).
pub fn parse_dk_cvr(input: &str) -> Result<String, IdError> {
    const F: &str = "Danish CVR number";
    let d = digits_only(F, input)?;
    if d.len() != 8 {
        return Err(IdError::new(
            F,
            format!(
                "Danish CVR number needs 8 digits; \"{}\" has {}",
                input.trim(),
                d.len()
            ),
        ));
    }
    Ok(d)
}

/// Which kind of organization identifier an input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OrgIdKind {
    NationalNumber,
    Duns,
}

/// A validated organization identifier for a country.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrgId {
    pub country: Country,
    /// What is sent upstream: digits only for NO/DK/DUNS, `NNNNNN-NNNN` for SE, `NNNNNNN-C` for FI.
    pub value: String,
    pub kind: OrgIdKind,
}

impl OrgId {
    /// Parse for a country. A 9-digit input with NO that passes MOD11 is an organization number,
    /// otherwise a 9-digit input is read as DUNS.
    pub fn parse(country: Country, input: &str) -> Result<OrgId, IdError> {
        let digits: String = input.chars().filter(|c| c.is_ascii_digit()).collect();
        let national = match country {
            Country::No => parse_no_orgnr(input),
            Country::Se => parse_se_orgnr(input),
            Country::Fi => parse_fi_ytunnus(input),
            Country::Dk => parse_dk_cvr(input),
        };
        match national {
            Ok(value) => Ok(OrgId {
                country,
                value,
                kind: OrgIdKind::NationalNumber,
            }),
            // A 9-digit number that is not the national format: DUNS, except in Norway where the
            // national number itself has 9 digits and a failed check digit is an error, not a DUNS.
            Err(e) => {
                if digits.len() == 9 && country != Country::No && !input.contains('-') {
                    parse_duns(input).map(|value| OrgId {
                        country,
                        value,
                        kind: OrgIdKind::Duns,
                    })
                } else {
                    Err(e)
                }
            }
        }
    }

    /// Explicitly a DUNS number.
    pub fn duns(country: Country, input: &str) -> Result<OrgId, IdError> {
        parse_duns(input).map(|value| OrgId {
            country,
            value,
            kind: OrgIdKind::Duns,
        })
    }

    /// Formatted for display: `923 609 016`, `556016-0680`, `0112038-9`.
    pub fn display(&self) -> String {
        match (self.kind, self.country) {
            (OrgIdKind::NationalNumber, Country::No) => format_no_orgnr(&self.value),
            _ => self.value.clone(),
        }
    }

    /// Digits and dashes exactly as normalized (for keys and search).
    pub fn key(&self) -> String {
        format!("{}:{}", self.country.code(), self.value)
    }
}

/// Norwegian fødselsnummer or D-number: 11 digits with two MOD11 check digits.
pub fn parse_no_person(input: &str) -> Result<String, IdError> {
    const F: &str = "Norwegian national identity number";
    let d = digits_only(F, input)?;
    if d.len() != 11 {
        return Err(IdError::new(
            F,
            format!("{F} needs 11 digits; it has {}", d.len()),
        ));
    }
    let v = digit_values(&d);
    let k1 = mod11(&v[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2]);
    let k2 = mod11(&v[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if k1 != Some(v[9]) || k2 != Some(v[10]) {
        return Err(IdError::new(
            F,
            format!("{F} is not valid: its check digits do not match"),
        ));
    }
    let mut day = v[0] * 10 + v[1];
    if day > 40 {
        day -= 40; // D-number
    }
    let month = v[2] * 10 + v[3];
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return Err(IdError::new(
            F,
            format!("{F} is not valid: its first six digits are not a date (DDMMYY)"),
        ));
    }
    Ok(d)
}

/// Whether a valid Norwegian personal number is a D-number (day + 40).
pub fn is_d_number(normalized: &str) -> bool {
    normalized.len() == 11 && normalized.as_bytes()[0] >= b'4'
}

/// Ukrainian mobile number to E.164 (`+380XXXXXXXXX`); accepts `+380…`, `380…` and `0…`.
pub fn parse_ua_phone(input: &str) -> Result<String, IdError> {
    const F: &str = "phone number";
    let t = input.trim();
    let plus = t.starts_with('+');
    let rest = if plus { &t[1..] } else { t };
    let mut d = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            d.push(c);
        } else if c == ' ' || c == '-' || c == '(' || c == ')' {
            continue;
        } else {
            return Err(IdError::new(
                F,
                format!(
                    "phone number may only contain digits, spaces and a leading +; found \"{c}\""
                ),
            ));
        }
    }
    let national = if let Some(n) = d.strip_prefix("380") {
        n.to_string()
    } else if !plus && d.starts_with('0') {
        d[1..].to_string()
    } else {
        return Err(IdError::new(
            F,
            format!("phone number \"{t}\" must be Ukrainian: +380 and 9 digits (or 380…, 0…)"),
        ));
    };
    if national.len() != 9 {
        return Err(IdError::new(
            F,
            format!(
                "phone number \"{t}\" needs 9 digits after +380; it has {}",
                national.len()
            ),
        ));
    }
    Ok(format!("+380{national}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic on purpose
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn norwegian_org_numbers() {
        for ok in [
            "923609016",
            "988077917",
            "123456785",
            "923 609 016",
            " 923-609-016 ",
        ] {
            assert!(parse_no_orgnr(ok).is_ok(), "{ok}");
        }
        let e = parse_no_orgnr("988077918").unwrap_err();
        assert!(
            e.message.contains("check digit does not match"),
            "{}",
            e.message
        );
        assert!(e.message.contains("988 077 918"));
        assert!(parse_no_orgnr("12345678")
            .unwrap_err()
            .message
            .contains("9 digits"));
        assert!(parse_no_orgnr("92360901x")
            .unwrap_err()
            .message
            .contains("\"x\""));
        assert_eq!(format_no_orgnr("923609016"), "923 609 016");
    }

    #[test]
    fn swedish_org_numbers() {
        for ok in ["5560160680", "5561034249", "1234567897", "556016-0680"] {
            assert!(parse_se_orgnr(ok).is_ok(), "{ok}");
        }
        assert_eq!(parse_se_orgnr("5560160680").unwrap(), "556016-0680");
        assert!(parse_se_orgnr("1234567891")
            .unwrap_err()
            .message
            .contains("check digit"));
        assert!(se_orgnr_warning("556016-0680").is_none());
        assert!(se_orgnr_warning("1234567897").is_none());
        assert!(parse_se_orgnr("811218-9876").is_ok());
        assert!(se_orgnr_warning("811218-9876").is_some());
    }

    #[test]
    fn finnish_ytunnus() {
        assert_eq!(parse_fi_ytunnus("0112038-9").unwrap(), "0112038-9");
        assert_eq!(parse_fi_ytunnus("2077474-0").unwrap(), "2077474-0");
        assert_eq!(parse_fi_ytunnus("112038-9").unwrap(), "0112038-9");
        assert_eq!(parse_fi_ytunnus("01120389").unwrap(), "0112038-9");
        assert!(parse_fi_ytunnus("2077474-1")
            .unwrap_err()
            .message
            .contains("check digit"));
        assert!(parse_fi_ytunnus("20774-1")
            .unwrap_err()
            .message
            .contains("7 digits and a check digit"));
        for ok in ["1463611-4", "1852302-9", "0108023-3"] {
            assert!(parse_fi_ytunnus(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn duns_and_dispatch() {
        assert_eq!(parse_duns("15-048-3782").unwrap(), "150483782");
        assert!(parse_duns("15048378")
            .unwrap_err()
            .message
            .contains("9 digits"));
        let id = OrgId::parse(Country::No, "923609016").unwrap();
        assert_eq!(id.kind, OrgIdKind::NationalNumber);
        assert_eq!(id.display(), "923 609 016");
        // Norway: a 9-digit number that fails MOD11 is an error, not silently a DUNS.
        assert!(OrgId::parse(Country::No, "988077918").is_err());
        // Sweden: 9 digits cannot be an organisationsnummer, so it is read as DUNS.
        let d = OrgId::parse(Country::Se, "150483782").unwrap();
        assert_eq!(d.kind, OrgIdKind::Duns);
        assert_eq!(
            OrgId::parse(Country::Se, "556016-0680").unwrap().value,
            "556016-0680"
        );
        assert_eq!(
            OrgId::parse(Country::Fi, "0112038-9").unwrap().value,
            "0112038-9"
        );
        assert!("xx"
            .parse::<Country>()
            .unwrap_err()
            .message
            .contains("NO, SE, FI or DK"));
    }

    #[test]
    fn norwegian_person_numbers() {
        assert!(parse_no_person("31129956715").is_ok());
        assert!(parse_no_person("31129956716")
            .unwrap_err()
            .message
            .contains("check digits"));
        assert!(parse_no_person("3112995671")
            .unwrap_err()
            .message
            .contains("11 digits"));
        // D-number: day + 40 of the same birth date; check digits recomputed.
        let base = [7u32, 1, 1, 2, 9, 9, 5, 6, 7];
        let k1 = mod11(&base, &[3, 7, 6, 1, 8, 9, 4, 5, 2]).unwrap();
        let mut ten = base.to_vec();
        ten.push(k1);
        let k2 = mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).unwrap();
        let s: String = ten
            .iter()
            .chain([k2].iter())
            .map(|d| char::from(b'0' + *d as u8))
            .collect();
        assert!(parse_no_person(&s).is_ok(), "{s}");
        assert!(is_d_number(&s));
    }

    #[test]
    fn ukrainian_phones() {
        assert_eq!(parse_ua_phone("+380501234567").unwrap(), "+380501234567");
        assert_eq!(parse_ua_phone("380501234567").unwrap(), "+380501234567");
        assert_eq!(parse_ua_phone("0501234567").unwrap(), "+380501234567");
        assert_eq!(
            parse_ua_phone("+380 50 123 45 67").unwrap(),
            "+380501234567"
        );
        assert!(parse_ua_phone("+38050123")
            .unwrap_err()
            .message
            .contains("9 digits"));
        assert!(parse_ua_phone("+4791234567").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse_no_orgnr(&s);
            let _ = parse_se_orgnr(&s);
            let _ = parse_fi_ytunnus(&s);
            let _ = parse_duns(&s);
            let _ = parse_dk_cvr(&s);
            let _ = parse_no_person(&s);
            let _ = parse_ua_phone(&s);
            for c in Country::ALL { let _ = OrgId::parse(c, &s); }
            let _ = s.parse::<Country>();
        }

        #[test]
        fn normalize_is_stable(s in "[0-9 -]{0,14}") {
            for c in Country::ALL {
                if let Ok(id) = OrgId::parse(c, &s) {
                    let again = OrgId::parse(c, &id.value).unwrap();
                    prop_assert_eq!(&again, &id);
                    let from_display = OrgId::parse(c, &id.display()).unwrap();
                    prop_assert_eq!(&from_display, &id);
                }
            }
            if let Ok(p) = parse_ua_phone(&s) {
                prop_assert_eq!(parse_ua_phone(&p).unwrap(), p);
            }
        }
    }
}
