import { describe, expect, it } from "vitest";
import { formatAgo, formatDateTime, formatNumber, formatPercent, formatMoney, formatBytes, formatDuration } from "../lib/format";
import { availability } from "../lib/orgModel";
import { pathsToSubject, visibleNodes } from "../features/ownership/paths";
import { toPlatformError, PlatformError } from "../platform/errors";
import { fromCoreGraph } from "../platform/graph";
import { createRecordedPlatform, RECORDED } from "../platform/recorded";

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
  it("shows dates as ISO with minutes, in local time with the offset", () => {
    const d = new Date(2026, 10, 22, 14, 5);
    expect(formatDateTime(d.toISOString())).toBe("2026-11-22 14:05 +01:00");
    expect(formatDateTime("2026-11-22")).toBe("2026-11-22");
    expect(formatAgo(new Date(Date.now() - 3 * 86400_000).toISOString())).toBe("3 days ago");
  });
  it("shows sizes and durations the way the progress line reads", () => {
    expect(formatBytes(120_832)).toBe("118 KB");
    expect(formatDuration(4213)).toBe("4.2 s");
  });
});

describe("identifier validation: the engine's recorded answers", () => {
  const platform = createRecordedPlatform();
  it("refuses a wrong Norwegian check digit with the register advice", async () => {
    const r = await platform.validateIdentifier({ subjectType: "organization", country: "NO", identifier: "988077918" });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe("Norwegian organization number 988 077 918 is not valid: its check digit does not match. Check the number against the register.");
  });
  it("formats valid numbers the engine's way", async () => {
    expect((await platform.validateIdentifier({ subjectType: "organization", country: "NO", identifier: "923609016" })).display).toBe("923 609 016");
    expect((await platform.validateIdentifier({ subjectType: "organization", country: "SE", identifier: "5560160680" })).display).toBe("556016-0680");
  });
  it("rejects what was not recorded instead of inventing an answer", async () => {
    const e = await platform.validateIdentifier({ subjectType: "organization", country: "FI", identifier: "0112038-9" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PlatformError);
    expect((e as PlatformError).message).toMatch(/^Not recorded/);
    for (const call of [
      () => platform.setDecision({ caseId: "c-equinor", decision: "approve", note: "x" }),
      () => platform.getDocument(RECORDED.cases["c-equinor"]!.documents[0]!.sha256),
      () => platform.getCase("c-unknown"),
      () => platform.search("nobody"),
    ]) await expect(call()).rejects.toThrow(/^Not recorded/);
  });
});

describe("section availability from the engine (recorded cases)", () => {
  const org = (id: string) => RECORDED.cases[id]!.organization!;
  it("takes the engine's availability over the data: the drifted address is unreadable, never empty", () => {
    expect(availability(org("c-drifted"), "address")).toBe("unreadable");
    expect(availability(org("c-equinor"), "address")).toBe("present");
  });
  it("tells missing, not requested, searched-and-empty and present apart", () => {
    expect(availability(RECORDED.cases["c-equinor"]!.beneficial!, "ownership")).toBe("missing");
    expect(availability(org("c-equinor"), "financials.accounting")).toBe("notRequested");
    expect(availability(org("c-registerenheten"), "ownership.shareholders")).toBe("empty");
    expect(availability(org("c-equinor"), "sanction")).toBe("present");
  });
  it("sorts Equinor's key figures by year", () => {
    expect(org("c-equinor").view!.keyFigures.years.map((f) => f.year)).toEqual([2023, 2024, 2025]);
  });
});

describe("ownership paths (Equinor's recorded graph)", () => {
  const g = fromCoreGraph(RECORDED.ownership["c-equinor"]!);
  const kari = "person:kari skarvholm|1968-04-12";
  it("multiplies shares along Kari Skarvholm's chain to the subject", () => {
    const [p] = pathsToSubject(g, kari);
    expect(p?.nodes).toEqual([kari, "org:921111401", "org:921111304", "org:921111207", "org:921111118", "org:923609016"]);
    expect(p?.share).toBeCloseTo(26.1, 5);
  });
  it("draws every node of the structure the engine sends, and counts parties not linked to the subject", () => {
    // The engine sends only what is linked to the subject (core's graph of the case's environment).
    // Every owner is drawn; only the two role holders of the subject (chair, CEO) are folded.
    const whole = visibleNodes(g, new Set());
    expect(whole.unrelated).toBe(0);
    expect(whole.visible.size + whole.rolesFolded).toBe(g.nodes.length);
    expect(whole.visible.has(kari)).toBe(true);
    // A party with no edge to the subject is counted, never drawn.
    const stray = { ...g.nodes.find((n) => n.id === kari)!, id: "person:stray|1970-01-01", label: "Stray", isSubject: false };
    const withStray = visibleNodes({ ...g, nodes: [...g.nodes, stray] }, new Set());
    expect(withStray.unrelated).toBe(1);
    expect(withStray.visible.has(stray.id)).toBe(false);
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

describe("core's ownership view mapped for drawing (Equinor, recorded)", () => {
  const core = RECORDED.ownership["c-equinor"]!;
  it("keeps ids, rules and paths, and tells a list hit from sanctions through ownership", () => {
    const v = fromCoreGraph(core);
    expect(v.subjectId).toBe("org:923609016");
    expect(v.nodes).toHaveLength(core.nodes.length);
    expect(v.edges).toHaveLength(core.edges.length);
    const kari = v.nodes.find((n) => n.label === "Kari Skarvholm")!;
    expect(kari.beneficialRules).toEqual(["chain", "register", "integrated", "amlr"]);
    expect(kari.identifier).toBe("born 1968-04-12");
    expect(v.nodes.find((n) => n.label === "Viktor Sanko")).toMatchObject({ sanctioned: true, sanctionedByOwnership: false });
    expect(v.beneficialOwners.map((o) => o.nodeId)).toEqual([kari.id]);
    expect(v.beneficialOwners[0]!.integratedShare).toBeCloseTo(26.1, 5);
    expect(v.warnings).toEqual([]);
  });
});
