//! Curated Finnish companies.

use super::build::*;
use super::{Company, Party};

pub(super) fn companies() -> Vec<Company> {
    let mut out = Vec::new();

    // ---- FI ----
    let state_fi = org(FI, "0245437-2", "Valtioneuvoston kanslia");
    let fi = |id: &'static str, name: &'static str, street, pc, city, founded, emp, nace, t| {
        let mut c = company(Base {
            country: FI,
            id,
            name,
            form: ("OYJ", "Julkinen osakeyhtiö"),
            street,
            post_code: pc,
            city,
            founded,
            employees: emp,
            nace,
            turnover_m: t,
        });
        c.unlisted_shareholders = 200_000;
        c
    };
    let mut nokia = fi(
        "0112038-9",
        "Nokia Oyj",
        "Karakaari 7",
        "02610",
        "ESPOO",
        "1896-12-19",
        86_000,
        ("70100", "Activities of head offices"),
        19_220.0,
    );
    nokia.registered = "1978-03-15".into();
    nokia.website = Some("www.nokia.com".into());
    nokia.previous_names = vec!["Oy Nokia Ab".into()];
    nokia.owners = vec![hold(org(FI, "3100111-0", "Pohjola Sijoitus Oy"), 5.8)];
    nokia.roles = roles(&[
        ("ceo", person("Mikko Virtanen", "1969-03-03", "Espoo", "FI")),
        (
            "chairman",
            person("Leena Korhonen", "1958-07-15", "Helsinki", "FI"),
        ),
    ]);
    out.push(nokia);
    for (id, name, street, pc, city, founded, emp, nace, t, pct) in [
        (
            "1463611-4",
            "Fortum Oyj",
            "Keilalahdentie 2-4",
            "02150",
            "ESPOO",
            "1998-12-30",
            5_000,
            ("35110", "Sähköntuotanto"),
            6_700.0,
            51.3,
        ),
        (
            "1852302-9",
            "Neste Oyj",
            "Keilaranta 21",
            "02150",
            "ESPOO",
            "2004-01-01",
            5_500,
            ("19200", "Öljytuotteiden valmistus"),
            20_600.0,
            44.2,
        ),
        (
            "0108023-3",
            "Finnair Oyj",
            "Tietotie 9",
            "01530",
            "VANTAA",
            "1923-11-01",
            5_600,
            ("51100", "Matkustajalentoliikenne"),
            3_000.0,
            55.9,
        ),
    ] {
        let mut c = fi(id, name, street, pc, city, founded, emp, nace, t);
        c.owners = vec![hold(state_fi.clone(), pct)];
        c.roles = roles(&[(
            "ceo",
            person("Jari Mäkinen", "1966-01-21", "Helsinki", "FI"),
        )]);
        out.push(c);
    }
    let mut pohjola = fi(
        "3100111-0",
        "Pohjola Sijoitus Oy",
        "Aleksanterinkatu 5",
        "00100",
        "HELSINKI",
        "2011-04-04",
        6,
        ("64300", "Rahastotoiminta"),
        12.0,
    );
    pohjola.form = ("OY", "Osakeyhtiö");
    pohjola.unlisted_shareholders = 0;
    pohjola.owners = vec![hold(
        Party::Person(person("Aino Lehtonen", "1963-05-30", "Helsinki", "FI")),
        100.0,
    )];
    out.push(pohjola);
    let mut vnk = fi(
        "0245437-2",
        "Valtioneuvoston kanslia",
        "Snellmaninkatu 1 A",
        "00170",
        "HELSINKI",
        "1918-01-01",
        600,
        ("84110", "Julkinen hallinto"),
        0.0,
    );
    vnk.form = ("VALTIO", "Valtion laitos");
    vnk.unlisted_shareholders = 0;
    out.push(vnk);

    out
}
