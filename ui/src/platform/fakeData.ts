// Fixture data for the fake engine. Registry facts (name, address, employees) follow the public
// records in shared/data/registry; ownership, people, figures and hits are invented and say so
// (`sandbox: true`), like the embedded sandbox's data.
import type { GraphEdge, GraphNode, GraphView } from "./graph";

export const ALL_EXPANDS = [
  "address", "roles", "authorities", "financials.keyFigures", "ownership.shareholders",
  "ownership.beneficials", "ownership.subsidiaries", "ownership.indicators", "sanction",
];

type Org = {
  name: string;
  orgNumber: string;
  country: string;
  city: string;
  street: string;
  postCode: string;
  employees: number;
  orgType: [string, string];
  industry: [string, string];
  registered: string;
  webpage?: string;
};

export function orgData(o: Org, opts: { hits?: "equinor" | "none"; expands?: string[] } = {}): Record<string, unknown> {
  const expands = opts.expands ?? ALL_EXPANDS;
  const has = (e: string) => expands.includes(e);
  const meta = (...sources: string[]) => ({ sources, urls: [] as string[] });
  const data: Record<string, unknown> = {
    sandbox: true,
    keyInformation: {
      name: o.name,
      orgNumber: o.orgNumber,
      duns: "548746285",
      organizationType: { code: o.orgType[0], description: o.orgType[1] },
      country: o.country,
      registeredDate: o.registered,
      webpage: o.webpage ?? null,
      employees: o.employees,
      statusCode: "ACTIVE",
      industrySector: { code: o.industry[0], description: o.industry[1] },
      institutionalSector: { code: "1120", description: "State-owned limited companies" },
      purpose: "Exploration, production, transport, refining and marketing of petroleum and derived products, and other forms of energy.",
      registries: ["Register of Business Enterprises", "VAT Register"],
      metadata: meta("BRREG"),
    },
  };
  if (has("address")) {
    data.address = {
      postalAddress: { street: "Postboks 8500", postCode: o.postCode, city: o.city.toUpperCase(), country: o.country },
      visitingAddress: { street: o.street, postCode: o.postCode, city: o.city.toUpperCase(), country: o.country },
      metadata: meta("BRREG"),
    };
  }
  if (has("roles")) {
    data.roles = {
      ceo: [{ name: "Anders Opedal", birthDate: "1968-04-18", fromDate: "2020-08-02" }],
      chairman: [{ name: "Jon Erik Reinhardsen", birthDate: "1956-10-07", fromDate: "2017-09-01" }],
      deputyChairman: [{ name: "Anne Drinkwater", birthDate: "1956-09-04", fromDate: "2021-06-10" }],
      boardMembers: [
        { name: "Jonathan Lewis", birthDate: "1969-03-12", fromDate: "2020-07-01" },
        { name: "Finn Bjørn Ruyter", birthDate: "1964-01-05", fromDate: "2021-06-10" },
        { name: "Haakon Bruun-Hanssen", birthDate: "1960-07-05", fromDate: "2022-07-01", employeeRepresentative: false },
        { name: "Stig Lægreid", birthDate: "1963-11-14", fromDate: "2019-07-01", employeeRepresentative: true },
      ],
      auditor: [{ name: "ERNST & YOUNG AS", orgNumber: "976389387", fromDate: "2019-05-15" }],
      metadata: meta("BRREG"),
    };
  }
  if (has("authorities")) {
    data.authorities = {
      signatureRights: { code: "STYR", description: "The chair of the board alone, or two board members jointly." },
      procuration: { code: "POFE", description: "Procuration held jointly by two of: Anders Opedal, Torgrim Reitan, Siv Helen Rygh Torstensen." },
      metadata: meta("BRREG"),
    };
  }
  if (has("financials.keyFigures")) {
    data.financials = {
      keyFigures: [
        { accountingYear: 2021, currency: "NOK", shareCapital: 7971617757, turnover: 790734000000, operatingProfit: 295632000000, equity: 361497000000, earnings: 73264000000 },
        { accountingYear: 2022, currency: "NOK", shareCapital: 7971617757, turnover: 1420820000000, operatingProfit: 740000000000, equity: 511270000000, earnings: 275000000000 },
        { accountingYear: 2023, currency: "NOK", shareCapital: 6392505800, turnover: 1130000000000, operatingProfit: 388000000000, equity: 480000000000, earnings: 124000000000 },
        { accountingYear: 2024, currency: "NOK", shareCapital: 5976872600, turnover: 1080000000000, operatingProfit: 322000000000, equity: 455000000000, earnings: 94500000000 },
      ],
      metadata: meta("BRREG", "BISNODE"),
    };
  }
  const ownership: Record<string, unknown> = {};
  if (has("ownership.shareholders")) {
    ownership.shareholders = [
      { name: "NÆRINGS- OG FISKERIDEPARTEMENTET", orgNumber: "912660680", percentage: 51, type: "ORGANIZATION" },
      { name: "FJORDKRAFT INVEST AS", orgNumber: "999888777", percentage: 30, type: "ORGANIZATION" },
      { name: "HAVBRIS STIFTELSE", orgNumber: "999777666", percentage: 10, type: "FOUNDATION" },
      { name: "NORDLYS HOLDING AS", orgNumber: "999666555", percentage: 9, votingPercentage: 15, type: "ORGANIZATION" },
    ];
  }
  if (has("ownership.beneficials")) {
    ownership.beneficials = [
      { name: "Ola Nordmann", birthDate: "1961-05-17", ownerShare: 27, integratedOwnership: 27, percentageControl: 90, reason: "INDIRECT_OWNERSHIP", reasonPhrase: "Indirect control or ownership (≥ 25 % at each step)" },
      { name: "Eva Havbris", birthDate: "1975-02-11", ownerShare: null, integratedOwnership: null, percentageControl: null, reason: "FOUNDATION_ROLE", reasonPhrase: "Role in a foundation", roles: ["Chair of the board of HAVBRIS STIFTELSE"] },
    ];
  }
  if (has("ownership.subsidiaries")) {
    ownership.subsidiaries = [
      { name: "EQUINOR ENERGY AS", orgNumber: "990888213", percentage: 100 },
      { name: "EQUINOR REFINING NORWAY AS", orgNumber: "983010411", percentage: 100 },
      { name: "NORTHERN LIGHTS JV DA", orgNumber: "926048562", percentage: 33.33 },
    ];
  }
  if (has("ownership.indicators")) {
    ownership.indicators = {
      keyIndicators: { numberOfShareholdersTotal: 4502, numberOfShareholdersDirect: 22, numberOfShareholdersLegal: 1799, maxShareHolderDistance: 7 },
      knowledge: { sumIdentifiedShareholders: 38.49, sumUnidentifiedShareholders: 23.8, sumUnknownShareholders: 37.709999999999994, numberOfUnidentifiedShareholders: 936 },
      selfOwnership: { companySelfOwnership: 0, numberOfSelfOwnedShareholders: 0 },
      votingPower: { numberOfShareholdersManyShareClasses: 0, numberOfShareClasses: 1, numberOfHighVpLowIntegrated: 1 },
    };
  }
  if (Object.keys(ownership).length) data.ownership = { ...ownership, metadata: meta("BISNODE", "TRANK") };
  if (has("sanction")) {
    data.sanction =
      opts.hits === "equinor"
        ? {
            status: "HIT",
            hits: [
              {
                matchIndicator: 325, name: "Sergei Ivanov (sandbox)", category: "SANCTION",
                aliasList: ["Sergey Ivanov", "S. Ivanov"],
                addressList: [{ countryName: "Cyprus", countryCode: "CY", city: "Limassol" }],
                urlList: ["https://eur-lex.europa.eu/"], provider: "TRAPETS", source: "EU_GLOBAL",
                externalId: "3641", firstUpdate: "2022-03-09T00:00:00", lastUpdate: "2025-12-15T00:00:00",
                comment: "Invented sandbox hit: owns 60 % of NORDLYS INVEST AS.",
              },
              {
                matchIndicator: 480, name: "Ola Nordmann", category: "PEP",
                aliasList: [], addressList: [{ countryName: "Norway", countryCode: "NO", city: "Oslo" }],
                urlList: [], provider: "TRAPETS", source: "PEP_NO",
                firstUpdate: "2019-10-01T00:00:00", lastUpdate: "2026-01-10T00:00:00",
                comment: "Invented sandbox PEP: former state secretary.",
              },
            ],
            metadata: meta("TRAPETS"),
          }
        : { status: "NO_HIT", message: "No hits in EU, UN or national lists.", hits: [], metadata: meta("TRAPETS") };
  }
  return data;
}

export function beneficialData(registry: "GRANTED" | "NOT_GRANTED"): Record<string, unknown> {
  const granted = registry === "GRANTED";
  return {
    sandbox: true,
    beneficialOwners: [
      {
        name: "Ola Nordmann", birthDate: "1961-05-17", reason: "INDIRECT_OWNERSHIP",
        reasonPhrase: "Indirect control or ownership (≥ 25 % at each step)",
        ownerShare: 27, integratedOwnership: 27, percentageControl: 90,
        citizenship: granted ? ["NO"] : null, birthplace: granted ? "Bergen" : null,
        address: { city: "Oslo", country: "NO" },
      },
      {
        name: "Eva Havbris", birthDate: "1975-02-11", reason: "FOUNDATION_ROLE", reasonPhrase: "Role in a foundation",
        ownerShare: null, integratedOwnership: null, percentageControl: null,
        citizenship: granted ? ["NO", "SE"] : null, birthplace: granted ? "Tromsø" : null,
        roles: ["Chair of the board of HAVBRIS STIFTELSE"],
      },
    ],
    metadata: { sources: ["BRREG", "RRH"], urls: [] },
  };
}

const node = (id: string, label: string, kind: GraphNode["kind"], extra: Partial<GraphNode> = {}): GraphNode => ({
  id, label, kind, identifier: null, country: "NO", subject: false, sanctioned: false, pep: false,
  sanctionedByOwnership: false, beneficialRules: [], integratedShare: null, collapsedOwners: 0, ...extra,
});
const edge = (source: string, target: string, share: number, votes: number | null = null, inCycle = false): GraphEdge => ({
  id: `${source}->${target}`, source, target, share, votes, inCycle,
});

export function equinorGraph(subjectName = "EQUINOR ASA", subjectIdent = "923 609 016"): GraphView {
  return {
    subjectId: "s",
    nodes: [
      node("s", subjectName, "company", { subject: true, identifier: subjectIdent }),
      node("nfd", "NÆRINGS- OG FISKERIDEPARTEMENTET", "company", { identifier: "912 660 680", collapsedOwners: 0 }),
      node("fji", "FJORDKRAFT INVEST AS", "company", { identifier: "999 888 777" }),
      node("ola", "Ola Nordmann", "person", { identifier: "born 1961-05-17", pep: true, beneficialRules: ["chain", "register", "integrated"], integratedShare: 27 }),
      node("hav", "HAVBRIS STIFTELSE", "foundation", { identifier: "999 777 666" }),
      node("eva", "Eva Havbris", "person", { identifier: "born 1975-02-11", beneficialRules: ["role"] }),
      node("nh", "NORDLYS HOLDING AS", "company", { identifier: "999 666 555", sanctionedByOwnership: true }),
      node("ni", "NORDLYS INVEST AS", "company", { identifier: "999 555 444", sanctionedByOwnership: true }),
      node("iv", "Sergei Ivanov (sandbox)", "person", { country: "CY", sanctioned: true, integratedShare: 2.25 }),
      node("kn", "Kari Nordlys", "person", { identifier: "born 1980-09-30", integratedShare: 1.5, collapsedOwners: 0 }),
    ],
    edges: [
      edge("nfd", "s", 51),
      edge("fji", "s", 30),
      edge("ola", "fji", 90),
      edge("hav", "s", 10),
      edge("nh", "s", 9, 15),
      { id: "eva->hav", source: "eva", target: "hav", share: null, votes: null, inCycle: false, role: "chair of the board" },
      edge("ni", "nh", 100, null, true),
      edge("nh", "ni", 40, null, true),
      edge("iv", "ni", 60),
      edge("kn", "ni", 40),
    ],
    cycles: [["nh", "ni"]],
    beneficialOwners: [
      {
        nodeId: "ola", rules: ["chain", "register", "integrated"], integratedShare: 27,
        explanation: "Owns 90 % of FJORDKRAFT INVEST AS, which owns 30 % of the subject: 27 % integrated, above 25 % at every step.",
        paths: [{ nodes: ["ola", "fji", "s"], share: 27 }],
      },
      {
        nodeId: "eva", rules: ["role"], integratedShare: null,
        explanation: "Chair of the board of HAVBRIS STIFTELSE, a foundation owning 10 % of the subject.",
        paths: [{ nodes: ["eva", "hav", "s"], share: 0 }],
      },
    ],
  };
}

/** A large synthetic structure (120+ nodes) for checking readability. */
export function largeGraph(): GraphView {
  const nodes: GraphNode[] = [node("s", "NORDIC CONGLOMERATE ASA", "company", { subject: true, identifier: "914 778 271" })];
  const edges: GraphEdge[] = [];
  let n = 0;
  for (let a = 0; a < 6; a++) {
    const h = `h${a}`;
    nodes.push(node(h, `HOLDING ${a + 1} AS`, "company", { identifier: `9${String(100000 + a).padStart(8, "0")}` }));
    edges.push(edge(h, "s", a === 0 ? 30 : 14));
    for (let b = 0; b < 4; b++) {
      const m = `${h}m${b}`;
      nodes.push(node(m, `INVEST ${a + 1}.${b + 1} AS`, b === 3 ? "foundation" : "company"));
      edges.push(edge(m, h, 25));
      for (let c = 0; c < 4; c++) {
        const p = `${m}p${c}`;
        const bo = a === 0 && b === 0 && c === 0;
        nodes.push(node(p, `Person ${++n}`, "person", bo ? { beneficialRules: ["register"], integratedShare: 6.75 } : {}));
        edges.push(edge(p, m, bo ? 90 : 25));
      }
    }
  }
  return {
    subjectId: "s", nodes, edges, cycles: [],
    beneficialOwners: [{ nodeId: "h0m0p0", rules: ["register"], integratedShare: 6.75, explanation: "Controls INVEST 1.1 AS, which controls HOLDING 1 AS, which owns 30 % of the subject.", paths: [{ nodes: ["h0m0p0", "h0m0", "h0", "s"], share: 6.75 }] }],
  };
}
