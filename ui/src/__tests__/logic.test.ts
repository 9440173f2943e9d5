import { describe, expect, it } from "vitest";
import { formatAgo, formatDateTime, formatNumber, formatPercent, formatMoney, formatBytes, formatDuration } from "../lib/format";
import { validate, validateOrg } from "../platform/fakeIds";
import { availability, readRoles, readKeyFigures } from "../lib/orgModel";
import { pathsToSubject, visibleNodes } from "../features/ownership/paths";
import { equinorGraph, largeGraph, orgData } from "../platform/fakeData";
import { toPlatformError, PlatformError } from "../platform/errors";
import type { ResultView } from "../platform";

describe("display formats", () => {
  it("groups numbers as the Norwegian locale does", () => {
    expect(formatMoney(5976872600)).toBe("5 976 872 600 NOK");
    expect(formatNumber(-1234)).toBe("-1 234");
    expect(formatNumber(null)).toBe("–");
  });
  it("keeps at most two decimals in percentages", () => {
    expect(formatPercent(37.709999999999994)).toBe("37.71 %");
    expect(formatPercent(25)).toBe("25 %");
  });
  it("shows dates as ISO with minutes, in local time", () => {
    const d = new Date(2026, 10, 22, 14, 5);
    expect(formatDateTime(d.toISOString())).toBe("2026-11-22 14:05");
    expect(formatDateTime("2026-11-22")).toBe("2026-11-22");
    expect(formatAgo(new Date(Date.now() - 3 * 86400_000).toISOString())).toBe("3 days ago");
  });
  it("shows sizes and durations the way the progress line reads", () => {
    expect(formatBytes(120_832)).toBe("118 KB");
    expect(formatDuration(4213)).toBe("4.2 s");
  });
});

describe("identifier validation in the fake engine (same words as the CLI)", () => {
  it("refuses a wrong Norwegian check digit with the register advice", () => {
    const r = validateOrg("NO", "988077918");
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe("Norwegian organization number 988 077 918 is not valid: its check digit does not match. Check the number against the register.");
  });
  it("accepts and formats valid numbers of every country", () => {
    expect(validateOrg("NO", "923609016").display).toBe("923 609 016");
    expect(validateOrg("SE", "5560160680").display).toBe("556016-0680");
    expect(validateOrg("FI", "0112038-9").ok).toBe(true);
    expect(validateOrg("FI", "2077474-1").ok).toBe(false);
    expect(validateOrg("SE", "150483782").kind).toBe("duns");
  });
  it("normalizes Ukrainian phones to E.164", () => {
    expect(validate({ subjectType: "person", country: "NO", identifier: "0501234567", kind: "phone" }).normalized).toBe("+380501234567");
    expect(validate({ subjectType: "person", country: "NO", identifier: "+38050123", kind: "phone" }).ok).toBe(false);
  });
});

describe("reading upstream JSON tolerantly", () => {
  const data = orgData({ name: "X", orgNumber: "923609016", country: "NO", city: "Oslo", street: "a", postCode: "0001", employees: 1, orgType: ["AS", "AS"], industry: ["1", "x"], registered: "2000-01-01" }, { expands: ["roles", "sanction"] });
  const result = (requested: string[], d: unknown = data): ResultView => ({
    provenance: { provider: "organization", environment: "sandbox", fetchedAt: "2026-01-01T00:00:00Z", sources: [], sessionId: "s", stale: false },
    sessionId: "s", requested, sections: [], data: d, sha256: "x",
  });
  it("takes the engine's section availability over the data: unreadable never reads empty", () => {
    const r = { ...result(["roles", "sanction"]), sections: [
      { path: "sanction", availability: "unreadable" as const, reason: "at `sanction`: found a text, expected an object" },
      { path: "roles", availability: "missing" as const, reason: null },
    ] };
    expect(availability(r, "sanction")).toBe("unreadable");
    expect(availability(r, "roles")).toBe("missing");
    const whole = { ...result(["roles"]), sections: [{ path: "", availability: "unreadable" as const, reason: "not an object" }] };
    expect(availability(whole, "keyInformation")).toBe("unreadable");
  });
  it("tells not requested, searched-and-empty and present apart", () => {
    expect(availability(result(["roles", "sanction"]), "address")).toBe("notRequested");
    expect(availability(result(["roles", "sanction", "address"]), "address")).toBe("empty");
    expect(availability(result(["roles"]), "roles")).toBe("present");
    expect(availability(result(["sanction"], { sanction: { hits: [], metadata: { sources: ["X"] } } }), "sanction")).toBe("empty");
  });
  it("puts roles in plain words whether keyed by role or listed", () => {
    const keyed = readRoles((data as { roles: unknown }).roles);
    expect(keyed.find((r) => r.name === "Jon Erik Reinhardsen")?.role).toBe("Chair of the board");
    expect(readRoles([{ type: "CEO", name: "A B" }, { type: "BOARD_MEMBER", name: "C D" }]).map((r) => r.role)).toEqual(["CEO", "Board member"]);
    expect(readRoles("garbage")).toEqual([]);
  });
  it("sorts key figures by year and ignores rows without a year", () => {
    expect(readKeyFigures([{ accountingYear: 2024, turnover: 2 }, { accountingYear: 2022, turnover: 1 }, { turnover: 3 }]).map((f) => f.year)).toEqual([2022, 2024]);
  });
});

describe("ownership paths", () => {
  it("multiplies shares along the chain to the subject", () => {
    const [p] = pathsToSubject(equinorGraph(), "ola");
    expect(p?.nodes).toEqual(["ola", "fji", "s"]);
    expect(p?.share).toBeCloseTo(27);
  });
  it("terminates in cycles and sums nothing twice", () => {
    const paths = pathsToSubject(equinorGraph(), "iv");
    expect(paths.length).toBe(1);
    expect(paths[0]!.share).toBeCloseTo(60 * 1 * 0.09, 5);
  });
  it("folds distant branches of large structures but keeps beneficial owners", () => {
    const g = largeGraph();
    const { visible, hiddenCount } = visibleNodes(g, new Set());
    expect(g.nodes.length).toBeGreaterThan(100);
    expect(visible.size).toBeLessThan(g.nodes.length);
    expect(visible.has("h0m0p0")).toBe(true);
    expect([...hiddenCount.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const unfolded = visibleNodes(g, new Set(["h1m0"]));
    expect(unfolded.visible.has("h1m0p1")).toBe(true);
  });
});

describe("errors from the engine", () => {
  it("keeps the code, message and detail of an ErrorDto", () => {
    const e = toPlatformError({ code: "RateLimited", message: "Slow down.", detail: "429" });
    expect(e).toBeInstanceOf(PlatformError);
    expect(e.code).toBe("RateLimited");
    expect(e.detail).toBe("429");
  });
  it("never loses an unexpected rejection's text", () => {
    const e = toPlatformError("boom");
    expect(e.code).toBe("Internal");
    expect(e.detail).toBe("boom");
  });
});

import { fromCoreGraph } from "../platform/graph";
import type { GraphView as CoreGraphView } from "../platform/generated/GraphView";

describe("core's ownership view mapped for drawing", () => {
  const core: CoreGraphView = {
    subject: "org:923609016",
    nodes: [
      { id: "org:923609016", label: "EQUINOR ASA", kind: "company", identifier: "923 609 016", isSubject: true, isBeneficialOwner: false, rules: [], sanctioned: false, sanctionedByOwnership: false, pep: false, inCycle: false, depth: 0 },
      { id: "p:ola", label: "Ola Nordmann", kind: "person", dateOfBirth: "1961-05-17", isSubject: false, isBeneficialOwner: true, rules: ["chainOwnership", "integratedOwnership"], sanctioned: false, sanctionedByOwnership: false, pep: true, inCycle: false, depth: 2, integratedShare: 27 },
      { id: "org:1", label: "FJORDKRAFT INVEST AS", kind: "company", isSubject: false, isBeneficialOwner: false, rules: [], sanctioned: true, sanctionedByOwnership: true, pep: false, inCycle: false, depth: 1 },
      { id: "x:state", label: "STATE", kind: "other", isSubject: false, isBeneficialOwner: false, rules: [], sanctioned: true, sanctionedByOwnership: false, pep: false, inCycle: false },
    ],
    edges: [
      { from: "p:ola", to: "org:1", kind: "ownership", share: 90, declaredControl: false, inCycle: false },
      { from: "org:1", to: "org:923609016", kind: "ownership", share: 30, votes: 40, declaredControl: false, inCycle: false },
      { from: "p:ola", to: "x:state", kind: "role", declaredControl: false, inCycle: false, role: "chair of the board" },
    ],
    owners: [
      { nodeId: "p:ola", name: "Ola Nordmann", isBeneficialOwner: true, rules: ["chainOwnership", "integratedOwnership"], integratedShare: 27, controlShare: 27, controlledVia: [], paths: [{ nodes: ["p:ola", "org:1", "org:923609016"], steps: [90, 30], share: 27, everyStepAbove25: true }], foundationRoles: [], disagreements: ["The register rule does not apply."], explanation: ["Chain above 25 % at every step."] },
      { nodeId: "p:none", name: "Not one", isBeneficialOwner: false, rules: [], integratedShare: 3, controlShare: 3, controlledVia: [], paths: [], foundationRoles: [], disagreements: [], explanation: [] },
    ],
    warnings: [{ code: "missingShare", message: "A shareholder of X has no share." }],
  };
  it("keeps ids, rules and paths, and tells a list hit from sanctions through ownership", () => {
    const v = fromCoreGraph(core);
    expect(v.subjectId).toBe("org:923609016");
    const ola = v.nodes.find((n) => n.id === "p:ola")!;
    expect(ola.beneficialRules).toEqual(["chain", "integrated"]);
    expect(ola.identifier).toBe("born 1961-05-17");
    expect(v.nodes.find((n) => n.id === "org:1")).toMatchObject({ sanctioned: false, sanctionedByOwnership: true });
    expect(v.nodes.find((n) => n.id === "x:state")).toMatchObject({ kind: "unknown", sanctioned: true });
    expect(v.edges[1]).toMatchObject({ source: "org:1", target: "org:923609016", share: 30, votes: 40, role: null });
    expect(v.edges[2]!.role).toBe("chair of the board");
    expect(v.beneficialOwners).toHaveLength(1);
    expect(v.beneficialOwners[0]!.explanation).toContain("register rule does not apply");
    expect(pathsToSubject(v, "p:ola")[0]!.share).toBeCloseTo(27);
    expect(v.warnings).toEqual(["A shareholder of X has no share."]);
  });
});
