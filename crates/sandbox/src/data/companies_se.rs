//! Curated Swedish companies (A/B share classes: voting differs from capital).

use super::build::*;
use super::Company;

pub(super) fn companies() -> Vec<Company> {
    let mut out = Vec::new();

    // ---- SE ----
    let investor = org(SE, "556013-8298", "Investor AB");
    let industrivarden = org(SE, "556043-4200", "AB Industrivärden");
    let state_se = org(SE, "202100-3831", "Svenska staten genom Regeringskansliet");
    let se = |id: &'static str, name: &'static str, street, pc, city, founded, emp, nace, t| {
        let mut c = company(Base {
            country: SE,
            id,
            name,
            form: ("AB", "Publikt aktiebolag"),
            street,
            post_code: pc,
            city,
            founded,
            employees: emp,
            nace,
            turnover_m: t,
        });
        c.unlisted_shareholders = 350_000;
        c
    };
    let mut eric = se(
        "556016-0680",
        "Telefonaktiebolaget LM Ericsson",
        "Torshamnsgatan 21",
        "164 83",
        "STOCKHOLM",
        "1918-06-18",
        94_000,
        ("26.300", "Tillverkning av kommunikationsutrustning"),
        247_900.0,
    );
    eric.owners = vec![
        hold_v(investor.clone(), 8.7, 24.3),
        hold_v(industrivarden.clone(), 2.6, 15.1),
    ];
    eric.roles = roles(&[
        (
            "ceo",
            person("Erik Sjöström", "1968-02-29", "Stockholm", "SE"),
        ),
        (
            "chairman",
            person("Malin Lindqvist", "1960-10-20", "Stockholm", "SE"),
        ),
    ]);
    out.push(eric);
    let mut telia = se(
        "556103-4249",
        "Telia Company AB",
        "Stjärntorget 1",
        "169 79",
        "SOLNA",
        "1966-10-21",
        18_000,
        ("61.100", "Trådbunden telekommunikation"),
        88_000.0,
    );
    telia.owners = vec![hold(state_se.clone(), 39.5)];
    telia.roles = roles(&[("ceo", person("Anna Bergström", "1974-04-01", "Solna", "SE"))]);
    out.push(telia);
    let mut volvo = se(
        "556012-5790",
        "AB Volvo",
        "Gropegårdsgatan 2",
        "417 15",
        "GÖTEBORG",
        "1915-05-11",
        100_000,
        ("29.100", "Tillverkning av motorfordon"),
        552_000.0,
    );
    volvo.owners = vec![hold_v(industrivarden.clone(), 6.6, 27.2)];
    volvo.roles = roles(&[("ceo", person("Johan Ek", "1967-09-09", "Göteborg", "SE"))]);
    out.push(volvo);
    let mut saab = se(
        "556036-0793",
        "Saab AB",
        "Olof Palmes gata 17",
        "111 22",
        "STOCKHOLM",
        "1937-04-02",
        24_000,
        ("30.300", "Tillverkning av luftfartyg"),
        51_600.0,
    );
    saab.owners = vec![hold_v(investor.clone(), 30.2, 40.6)];
    saab.roles = roles(&[("ceo", person("Karin Holm", "1971-12-12", "Linköping", "SE"))]);
    out.push(saab);
    for (id, name, street, city) in [
        (
            "556013-8298",
            "Investor AB",
            "Arsenalsgatan 8C",
            "STOCKHOLM",
        ),
        (
            "556043-4200",
            "AB Industrivärden",
            "Storgatan 10",
            "STOCKHOLM",
        ),
    ] {
        let mut c = se(
            id,
            name,
            street,
            "114 47",
            city,
            "1916-01-01",
            100,
            ("64.300", "Investmentbolag"),
            20_000.0,
        );
        c.roles = roles(&[(
            "ceo",
            person("Gustav Wallin", "1965-06-06", "Stockholm", "SE"),
        )]);
        out.push(c);
    }
    let mut st = se(
        "202100-3831",
        "Svenska staten genom Regeringskansliet",
        "Rosenbad 4",
        "103 33",
        "STOCKHOLM",
        "1975-01-01",
        4_700,
        ("84.110", "Statlig förvaltning"),
        0.0,
    );
    st.form = ("STAT", "Statlig enhet");
    st.unlisted_shareholders = 0;
    out.push(st);

    out
}
