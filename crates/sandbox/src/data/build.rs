//! Builders for the curated records: people, parties, holdings, roles and a company base.

use super::{synthetic, Company, Holding, Party, Person, Role};
use amldesk_core::Country;

pub(super) fn person(name: &str, dob: &str, city: &str, citizenship: &'static str) -> Person {
    Person {
        name: name.to_string(),
        date_of_birth: dob.to_string(),
        city: city.to_string(),
        citizenship,
        birthplace: city.to_string(),
        pep: None,
        sanction: None,
    }
}

pub(super) fn org(country: Country, id: &str, name: &str) -> Party {
    Party::Org {
        country,
        id: id.to_string(),
        name: name.to_string(),
    }
}

pub(super) fn hold(owner: Party, percentage: f64) -> Holding {
    Holding {
        owner,
        percentage,
        voting: None,
    }
}

pub(super) fn hold_v(owner: Party, percentage: f64, voting: f64) -> Holding {
    Holding {
        owner,
        percentage,
        voting: Some(voting),
    }
}

pub(super) fn roles(list: &[(&'static str, Person)]) -> Vec<Role> {
    list.iter()
        .map(|(r, p)| Role {
            role: r,
            person: p.clone(),
        })
        .collect()
}

pub(super) struct Base {
    pub(super) country: Country,
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) form: (&'static str, &'static str),
    pub(super) street: &'static str,
    pub(super) post_code: &'static str,
    pub(super) city: &'static str,
    pub(super) founded: &'static str,
    pub(super) employees: u32,
    pub(super) nace: (&'static str, &'static str),
    pub(super) turnover_m: f64,
}

pub(super) fn company(b: Base) -> Company {
    let mut c = synthetic(b.country, b.id);
    c.name = b.name.to_string();
    c.form = b.form;
    c.street = b.street.to_string();
    c.post_code = b.post_code.to_string();
    c.city = b.city.to_string();
    c.founded = b.founded.to_string();
    c.registered = b.founded.to_string();
    c.employees = b.employees;
    c.nace = b.nace;
    c.turnover_m = b.turnover_m;
    c.synthetic = false;
    c.owners = Vec::new();
    c.unlisted_shareholders = 0;
    c.website = None;
    c
}

pub(super) const NO: Country = Country::No;
pub(super) const SE: Country = Country::Se;
pub(super) const FI: Country = Country::Fi;
pub(super) const ASA: (&str, &str) = ("ASA", "Allmennaksjeselskap");
pub(super) const AS: (&str, &str) = ("AS", "Aksjeselskap");
pub(super) const STI: (&str, &str) = ("STI", "Stiftelse");
pub(super) const ORGL: (&str, &str) = ("ORGL", "Organisasjonsledd");
pub(super) const HOLDING: (&str, &str) = ("64.200", "Holdingselskaper");

pub(super) fn state_no() -> Party {
    org(NO, "912660680", "NÆRINGS- OG FISKERIDEPARTEMENTET")
}
