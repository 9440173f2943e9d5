//! Curated Norwegian companies: Equinor's chain, Telenor's two paths, Hydro's cycle, DNB's
//! foundation, Brønnøysund (nothing found) and the failing subject.

use super::build::*;
use super::{Company, Party, Person, SanctionSpec, FAILING_NO};

#[allow(clippy::too_many_lines)]
pub(super) fn companies() -> Vec<Company> {
    // --- people (invented) ---
    let kari = person("Kari Skarvholm", "1968-04-12", "Bergen", "NO");
    let sanko = Person {
        sanction: Some(SanctionSpec {
            match_indicator: 480,
            source: "EU_GLOBAL",
            ofac_match_indicator: Some(455),
            aliases: vec!["Viktor Sanko", "Viktor A. Sanko", "Victor Sanco"],
            country: ("Cyprus", "CY"),
        }),
        ..person("Viktor Sanko", "1961-09-30", "Limassol", "CY")
    };
    let astrid = Person {
        pep: Some("Former state secretary, Ministry of Petroleum and Energy (2017–2021)"),
        ..person("Astrid Haugland", "1972-11-03", "Oslo", "NO")
    };
    let lars = person("Lars Eikrem", "1975-02-18", "Trondheim", "NO");
    let ingrid = person("Ingrid Moe", "1980-06-25", "Porsgrunn", "NO");
    let per = person("Per Olav Lunde", "1958-01-09", "Oslo", "NO");
    let henrik = person("Henrik Aasen", "1955-08-14", "Oslo", "NO");
    let marte = person("Marte Lind", "1983-03-30", "Oslo", "NO");
    let ceo_eq = person("Torbjørn Ødegård", "1966-05-21", "Stavanger", "NO");
    let chair_eq = person("Sigrid Bjørnstad", "1961-12-02", "Oslo", "NO");
    let board_eq = person("Øystein Åsheim", "1970-07-07", "Stavanger", "NO");

    let mut out = Vec::new();

    // ---- EQUINOR: state majority + private chain of four holding levels ----
    let mut eq = company(Base {
        country: NO,
        id: "923609016",
        name: "EQUINOR ASA",
        form: ASA,
        street: "Forusbeen 50",
        post_code: "4035",
        city: "STAVANGER",
        founded: "1972-09-18",
        employees: 21272,
        nace: ("06.100", "Utvinning av råolje"),
        turnover_m: 1_080_000.0,
    });
    eq.registered = "1995-03-12".into();
    eq.website = Some("www.equinor.com".into());
    eq.share_capital = 5_976_872_600.0;
    eq.sector = ("1120", "Statlig eide aksjeselskaper mv.");
    eq.purpose = "Å utvikle, produsere og markedsføre ulike former for energi, …".into();
    eq.previous_names = vec!["STATOIL ASA".into()];
    eq.lei = Some("OW6OFBNCKXC4US5C7523".into());
    eq.unlisted_shareholders = 4502;
    eq.owners = vec![
        hold(state_no(), 67.0),
        hold_v(
            org(NO, "921111118", "NORDKAPP ENERGI HOLDING AS"),
            29.0,
            31.0,
        ),
    ];
    eq.roles = roles(&[
        ("ceo", ceo_eq.clone()),
        ("chairman", chair_eq.clone()),
        ("deputyChairman", board_eq.clone()),
        (
            "boardMember",
            person("Hanne Kvitsand", "1977-09-11", "Bergen", "NO"),
        ),
        (
            "boardMember",
            person("Jon Rypdal", "1969-01-28", "Oslo", "NO"),
        ),
        ("contactPerson", ceo_eq.clone()),
    ]);
    out.push(eq);

    let chain = [
        (
            "921111118",
            "NORDKAPP ENERGI HOLDING AS",
            "Stavanger",
            vec![hold(org(NO, "921111207", "VESTFJORD KAPITAL AS"), 100.0)],
            vec![("ceo", person("Eirik Nes", "1979-10-10", "Stavanger", "NO"))],
        ),
        (
            "921111207",
            "VESTFJORD KAPITAL AS",
            "Bodø",
            vec![hold(org(NO, "921111304", "BRATTLI INVEST AS"), 100.0)],
            vec![
                ("ceo", person("Tone Vik", "1985-04-04", "Bodø", "NO")),
                ("chairman", astrid.clone()),
            ],
        ),
        (
            "921111304",
            "BRATTLI INVEST AS",
            "Ålesund",
            vec![
                hold(org(NO, "921111401", "SKARVEN FAMILIEHOLDING AS"), 90.0),
                hold(Party::Person(sanko.clone()), 10.0),
            ],
            vec![("ceo", person("Rune Brattli", "1964-12-24", "Ålesund", "NO"))],
        ),
        (
            "921111401",
            "SKARVEN FAMILIEHOLDING AS",
            "Bergen",
            vec![hold(Party::Person(kari.clone()), 100.0)],
            vec![("ceo", kari.clone()), ("chairman", kari.clone())],
        ),
    ];
    for (id, name, city, owners, r) in chain {
        let mut c = company(Base {
            country: NO,
            id,
            name,
            form: AS,
            street: "Strandkaien 3",
            post_code: "5013",
            city,
            founded: "2009-05-14",
            employees: 2,
            nace: HOLDING,
            turnover_m: 3.5,
        });
        c.share_capital = 30_000.0;
        c.owners = owners;
        c.roles = roles(&r);
        out.push(c);
    }

    let mut state = company(Base {
        country: NO,
        id: "912660680",
        name: "NÆRINGS- OG FISKERIDEPARTEMENTET",
        form: ORGL,
        street: "Kongens gate 8",
        post_code: "0153",
        city: "OSLO",
        founded: "2004-01-01",
        employees: 390,
        nace: (
            "84.130",
            "Offentlig administrasjon tilknyttet næringsvirksomhet",
        ),
        turnover_m: 0.0,
    });
    state.sector = ("6100", "Statsforvaltningen");
    state.roles = roles(&[(
        "contactPerson",
        person("Nina Solheim", "1976-02-14", "Oslo", "NO"),
    )]);
    out.push(state);

    // ---- TELENOR: one person above 25 % only through two separate indirect paths ----
    let mut tel = company(Base {
        country: NO,
        id: "982463718",
        name: "TELENOR ASA",
        form: ASA,
        street: "Snarøyveien 30",
        post_code: "1360",
        city: "FORNEBU",
        founded: "2000-07-21",
        employees: 1690,
        nace: ("61.100", "Kabelbasert telekommunikasjon"),
        turnover_m: 79_900.0,
    });
    tel.website = Some("www.telenor.com".into());
    tel.unlisted_shareholders = 38_000;
    tel.owners = vec![
        hold(state_no(), 54.0),
        hold(org(NO, "921111509", "AURORA INVEST AS"), 15.0),
        hold(org(NO, "921111606", "BOREAL KAPITAL AS"), 14.0),
    ];
    tel.roles = roles(&[
        ("ceo", person("Bente Rudberg", "1970-08-08", "Bærum", "NO")),
        (
            "chairman",
            person("Geir Holmsen", "1962-03-19", "Oslo", "NO"),
        ),
    ]);
    out.push(tel);
    for (id, name) in [
        ("921111509", "AURORA INVEST AS"),
        ("921111606", "BOREAL KAPITAL AS"),
    ] {
        let mut c = company(Base {
            country: NO,
            id,
            name,
            form: AS,
            street: "Munkegata 20",
            post_code: "7011",
            city: "TRONDHEIM",
            founded: "2012-02-01",
            employees: 1,
            nace: HOLDING,
            turnover_m: 1.2,
        });
        c.owners = vec![hold(Party::Person(lars.clone()), 100.0)];
        c.roles = roles(&[("ceo", lars.clone()), ("chairman", lars.clone())]);
        out.push(c);
    }

    // ---- NORSK HYDRO: a cross-holding cycle ----
    let mut hy = company(Base {
        country: NO,
        id: "914778271",
        name: "NORSK HYDRO ASA",
        form: ASA,
        street: "Drammensveien 264",
        post_code: "0283",
        city: "OSLO",
        founded: "1905-12-02",
        employees: 390,
        nace: ("24.420", "Produksjon av aluminium"),
        turnover_m: 193_000.0,
    });
    hy.website = Some("www.hydro.com".into());
    hy.unlisted_shareholders = 61_000;
    hy.owners = vec![
        hold(state_no(), 34.3),
        hold(org(NO, "921111703", "HYDRA HOLDING AS"), 22.0),
    ];
    hy.roles = roles(&[
        ("ceo", person("Åse Strøm", "1971-10-01", "Oslo", "NO")),
        (
            "chairman",
            person("Dag Mjølhus", "1959-04-17", "Porsgrunn", "NO"),
        ),
    ]);
    out.push(hy);
    let mut hydra = company(Base {
        country: NO,
        id: "921111703",
        name: "HYDRA HOLDING AS",
        form: AS,
        street: "Hydrovegen 55",
        post_code: "3936",
        city: "PORSGRUNN",
        founded: "2015-09-09",
        employees: 3,
        nace: HOLDING,
        turnover_m: 2.0,
    });
    hydra.owners = vec![
        hold(org(NO, "921111800", "KRYSSEIE AS"), 60.0),
        hold(Party::Person(ingrid.clone()), 40.0),
    ];
    hydra.roles = roles(&[("ceo", ingrid.clone())]);
    out.push(hydra);
    let mut kryss = company(Base {
        country: NO,
        id: "921111800",
        name: "KRYSSEIE AS",
        form: AS,
        street: "Storgata 1",
        post_code: "3915",
        city: "PORSGRUNN",
        founded: "2015-09-10",
        employees: 1,
        nace: HOLDING,
        turnover_m: 0.8,
    });
    kryss.owners = vec![
        hold(org(NO, "921111703", "HYDRA HOLDING AS"), 35.0),
        hold(Party::Person(per.clone()), 65.0),
    ];
    kryss.roles = roles(&[("ceo", per.clone())]);
    out.push(kryss);

    // ---- DNB BANK: a foundation in the chain ----
    let mut dnb = company(Base {
        country: NO,
        id: "984851006",
        name: "DNB BANK ASA",
        form: ASA,
        street: "Dronning Eufemias gate 30",
        post_code: "0191",
        city: "OSLO",
        founded: "2002-09-10",
        employees: 9850,
        nace: ("64.190", "Bankvirksomhet ellers"),
        turnover_m: 98_000.0,
    });
    dnb.website = Some("www.dnb.no".into());
    dnb.owners = vec![hold(org(NO, "981276957", "DNB ASA"), 100.0)];
    dnb.roles = roles(&[
        (
            "ceo",
            person("Kjersti Braathen", "1969-11-11", "Oslo", "NO"),
        ),
        (
            "chairman",
            person("Olaug Svarva", "1957-05-05", "Oslo", "NO"),
        ),
    ]);
    out.push(dnb);
    let mut dnbasa = company(Base {
        country: NO,
        id: "981276957",
        name: "DNB ASA",
        form: ASA,
        street: "Dronning Eufemias gate 30",
        post_code: "0191",
        city: "OSLO",
        founded: "1999-12-01",
        employees: 12,
        nace: HOLDING,
        turnover_m: 15_000.0,
    });
    dnbasa.unlisted_shareholders = 70_000;
    dnbasa.owners = vec![
        hold(state_no(), 34.0),
        hold(org(NO, "921111908", "STIFTELSEN NORDLYS"), 28.0),
    ];
    dnbasa.roles = roles(&[(
        "ceo",
        person("Kjersti Braathen", "1969-11-11", "Oslo", "NO"),
    )]);
    out.push(dnbasa);
    let mut stift = company(Base {
        country: NO,
        id: "921111908",
        name: "STIFTELSEN NORDLYS",
        form: STI,
        street: "Kirkegata 15",
        post_code: "0153",
        city: "OSLO",
        founded: "2002-12-05",
        employees: 4,
        nace: (
            "64.300",
            "Investeringsselskaper, verdipapirfond og andre fond",
        ),
        turnover_m: 40.0,
    });
    stift.foundation = true;
    stift.sector = ("7000", "Ideelle organisasjoner");
    stift.roles = roles(&[("chairman", henrik.clone()), ("ceo", marte.clone())]);
    out.push(stift);

    // ---- BRØNNØYSUND: a state agency, nothing to find in ownership ----
    let mut brreg = company(Base {
        country: NO,
        id: "974760673",
        name: "REGISTERENHETEN I BRØNNØYSUND",
        form: ORGL,
        street: "Havnegata 48",
        post_code: "8900",
        city: "BRØNNØYSUND",
        founded: "1995-02-20",
        employees: 560,
        nace: ("84.110", "Generell offentlig administrasjon"),
        turnover_m: 0.0,
    });
    brreg.sector = ("6100", "Statsforvaltningen");
    brreg.website = Some("www.brreg.no".into());
    out.push(brreg);

    // ---- the subject whose sessions fail ----
    let mut fail = company(Base {
        country: NO,
        id: FAILING_NO,
        name: "FEILHÅNDTERING TESTSELSKAP AS",
        form: AS,
        street: "Testveien 9",
        post_code: "0001",
        city: "OSLO",
        founded: "2020-01-01",
        employees: 0,
        nace: HOLDING,
        turnover_m: 0.0,
    });
    fail.fails = true;
    out.push(fail);

    out
}
