//! Synthetic companies: deterministic from (country, identifier), so batches of thousands work.

use super::build::{hold, roles};
use super::{Company, Party, Person};
use amldesk_core::Country;
use sha2::{Digest, Sha256};

const FIRST: [&str; 12] = [
    "Nord", "Fjell", "Skog", "Havn", "Lys", "Stein", "Elv", "Vind", "Berg", "Sol", "Is", "Furu",
];
const SECOND: [&str; 10] = [
    "tek",
    "invest",
    "handel",
    "bygg",
    "data",
    "kraft",
    "logistikk",
    "konsult",
    "eiendom",
    "mat",
];
const GIVEN: [&str; 16] = [
    "Ola", "Kari", "Anders", "Ingrid", "Mats", "Sofie", "Henrik", "Nora", "Jonas", "Emma", "Erik",
    "Sara", "Aksel", "Maja", "Tor", "Linnea",
];
const FAMILY: [&str; 16] = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Berg",
    "Haugen",
    "Dahl",
    "Lie",
    "Strand",
    "Nilsen",
    "Bakke",
    "Moen",
    "Solberg",
    "Aasen",
    "Lund",
    "Ødegård",
];
const CITIES_NO: [(&str, &str); 6] = [
    ("OSLO", "0150"),
    ("BERGEN", "5003"),
    ("TRONDHEIM", "7010"),
    ("STAVANGER", "4006"),
    ("TROMSØ", "9008"),
    ("KRISTIANSAND", "4611"),
];

pub fn hash_bytes(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize().into()
}

fn pick<'a>(list: &'a [&'a str], b: u8) -> &'a str {
    list[usize::from(b) % list.len()]
}

pub fn synthetic_person(seed: &[u8], country: Country, city: &str) -> Person {
    let year = 1950 + u32::from(seed[2]) % 50;
    let month = 1 + u32::from(seed[3]) % 12;
    let day = 1 + u32::from(seed[4]) % 28;
    Person {
        name: format!("{} {}", pick(&GIVEN, seed[0]), pick(&FAMILY, seed[1])),
        date_of_birth: format!("{year:04}-{month:02}-{day:02}"),
        city: city.to_string(),
        citizenship: country.code(),
        birthplace: city.to_string(),
        pep: None,
        sanction: None,
    }
}

pub fn synthetic(country: Country, id: &str) -> Company {
    synthetic_owned(country, id, None)
}

/// A synthetic company; `owners` persons own equal shares of it when given (else one to three
/// by its identifier).
pub fn synthetic_owned(country: Country, id: &str, owners: Option<u32>) -> Company {
    let h = hash_bytes(&["company", country.code(), id]);
    let (suffix, form) = match country {
        Country::No => ("AS", ("AS", "Aksjeselskap")),
        Country::Se => ("AB", ("AB", "Privat aktiebolag")),
        Country::Fi => ("Oy", ("OY", "Osakeyhtiö")),
        Country::Dk => ("ApS", ("APS", "Anpartsselskab")),
    };
    let stem = format!("{}{}", pick(&FIRST, h[0]), pick(&SECOND, h[1]));
    let name = if country == Country::No {
        format!("{} {}", stem.to_uppercase(), suffix)
    } else {
        format!("{stem} {suffix}")
    };
    let (city, pc) = CITIES_NO[usize::from(h[2]) % CITIES_NO.len()];
    let founded = format!(
        "{:04}-{:02}-{:02}",
        1960 + u32::from(h[3]) % 64,
        1 + u32::from(h[4]) % 12,
        1 + u32::from(h[5]) % 28
    );
    let n_owners = owners.map_or(1 + usize::from(h[6]) % 3, |n| n.max(1) as usize);
    let even;
    let splits: &[f64] = match n_owners {
        1 => &[100.0],
        2 => &[60.0, 40.0],
        3 => &[50.0, 30.0, 20.0],
        n => {
            even = vec![100.0 / n as f64; n];
            &even
        }
    };
    let people: Vec<Person> = (0..n_owners)
        .map(|i| {
            let s = hash_bytes(&["owner", country.code(), id, &i.to_string()]);
            synthetic_person(&s, country, city)
        })
        .collect();
    let chair = synthetic_person(&hash_bytes(&["chair", country.code(), id]), country, city);
    let owners = people
        .iter()
        .zip(splits)
        .map(|(p, s)| hold(Party::Person(p.clone()), *s))
        .collect();
    let duns_n = u32::from_be_bytes([h[7], h[8], h[9], h[10]]) % 900_000_000 + 100_000_000;
    let employees = u32::from(h[11]) * 3 % 400;
    Company {
        country,
        id: id.to_string(),
        duns: duns_n.to_string(),
        name,
        form,
        street: format!("{}gata {}", pick(&FIRST, h[12]), 1 + h[13] % 90),
        post_code: pc.to_string(),
        city: city.to_string(),
        registered: founded.clone(),
        founded,
        employees,
        nace: ("62.010", "Programmeringstjenester"),
        sector: ("2100", "Private aksjeselskaper mv."),
        website: None,
        lei: None,
        purpose:
            "Konsulentvirksomhet, handel og investeringer, og det som står i forbindelse med dette."
                .into(),
        share_capital: 30_000.0 + f64::from(h[14]) * 1000.0,
        turnover_m: 1.0 + f64::from(h[15]) * 0.7,
        previous_names: Vec::new(),
        owners,
        roles: roles(&[
            ("ceo", people[0].clone()),
            ("chairman", chair),
            ("contactPerson", people[0].clone()),
        ]),
        foundation: false,
        fails: false,
        synthetic: true,
        unlisted_shareholders: 0,
    }
}
