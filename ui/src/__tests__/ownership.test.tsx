// The ownership graph's drawing rules and its keyboard, on Equinor's recorded graph. Cytoscape
// itself cannot draw in jsdom: its wrapper is replaced (src/test/mocks.ts), the pure parts of
// cy.ts (labels, sizes, styles, theme colours) are tested as they are.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp } from "../test/render";
import { RECORDED } from "../platform/recorded";
import { fromCoreGraph } from "../platform/graph";
import { EDGE_FONT, graphStyle, MIN_DEFAULT_ZOOM, MIN_LABEL_PX, NODE_FONT, nodeLabel, nodeSize, themeColors } from "../features/ownership/cy";
import { nextInDirection, tabOrder, visibleNodes } from "../features/ownership/paths";
import { preloadCaseTabs } from "../features/case/CaseView";

vi.mock("../features/ownership/cy", async () => {
  const real = await vi.importActual<typeof import("../features/ownership/cy")>("../features/ownership/cy");
  return { ...real, createGraph: (await import("../test/mocks")).cyMock.createGraph };
});

const g = fromCoreGraph(RECORDED.ownership["c-equinor"]!);
const node = (id: string) => g.nodes.find((n) => n.id === id)!;
const VIKTOR = "person:viktor sanko|1961-09-30";

describe("graph labels", () => {
  it("shows identifiers as the rest of the window does", () => {
    expect(node("org:921111401").identifier).toBe("921 111 401");
    expect(nodeLabel(node("org:923609016"), 0).split("\n")).toContain("923 609 016");
    const ericsson = fromCoreGraph(RECORDED.ownership["c-ericsson"]!);
    expect(ericsson.nodes.find((n) => n.id === "org:5560160680")!.identifier).toBe("556016-0680");
  });

  it("marks a sanctioned party and a PEP with an icon and a word each, different from one another", () => {
    const viktor = nodeLabel(node(VIKTOR), 0);
    expect(viktor).toContain("⚠ SANCTIONED");
    expect(viktor).not.toContain("PEP");
    const pep = nodeLabel({ ...node("org:921111207"), kind: "person", pep: true }, 0);
    expect(pep).toContain("◆ PEP");
    expect(pep).not.toContain("SANCTIONED");
    const soft = nodeLabel({ ...node("org:921111207"), sanctionedByOwnership: true }, 0);
    expect(soft).toContain("≥ 50 % owned by sanctioned parties");
    expect(nodeLabel(node("org:921111207"), 3)).toContain("+3 owners folded");
  });

  it("keeps every label at least 12 px on screen at the default view's smallest zoom", () => {
    expect(Math.min(NODE_FONT, EDGE_FONT) * MIN_DEFAULT_ZOOM).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    expect(MIN_LABEL_PX).toBeGreaterThanOrEqual(12);
    const size = nodeSize(nodeLabel(node("org:921111401"), 0), false);
    // Two lines of 13 px text fit in the box ELK lays out.
    expect(size.h).toBeGreaterThanOrEqual(2 * NODE_FONT);
  });

  it("draws PEP, sanction and 'owned by sanctioned parties' in different styles", () => {
    const style = graphStyle(themeColors());
    const of = (sel: string) => (style.find((s) => s.selector === sel) as unknown as { style: Record<string, unknown> }).style;
    expect(of("node.pep")["border-color"]).not.toBe(of("node.sanctioned")["border-color"]);
    expect(of("node.flagged-soft")["border-style"]).toBe("dashed");
    expect(of("node.kbd")["outline-width"]).toBeGreaterThanOrEqual(2);
  });

  it("takes its colours from the theme at the moment it draws", () => {
    document.documentElement.style.setProperty("--fg", "#e6e9ed");
    document.documentElement.style.setProperty("--bg-elev", "#1e2227");
    try {
      const c = themeColors();
      expect(c.fg).toBe("#e6e9ed");
      expect(c.bg).toBe("#1e2227");
      const nodeStyle = (graphStyle(c).find((s) => s.selector === "node") as unknown as { style: Record<string, unknown> }).style;
      expect(nodeStyle.color).toBe("#e6e9ed");
    } finally {
      document.documentElement.style.removeProperty("--fg");
      document.documentElement.style.removeProperty("--bg-elev");
    }
  });
});

describe("folding", () => {
  it("folds distant owners of a large structure with a count, keeping the sanctioned party's chain", () => {
    // Many small owners two steps above the subject make the structure large.
    const extra = Array.from({ length: 40 }, (_, i) => ({ ...node("org:921111207"), id: `org:x${i}`, label: `OWNER ${i} AS`, sanctioned: false, pep: false, beneficialRules: [] }));
    const big = {
      ...g,
      nodes: [...g.nodes, ...extra],
      edges: [...g.edges, ...extra.map((n, i) => ({ id: `x${i}`, source: n.id, target: "org:921111207", share: 1, votes: null, inCycle: false, role: null }))],
    };
    const { visible, hiddenCount } = visibleNodes(big, new Set(), 1);
    expect(visible.has("org:x0")).toBe(false);
    expect(hiddenCount.get("org:921111207")).toBeGreaterThanOrEqual(40);
    expect(visible.has(VIKTOR)).toBe(true);
    const open = visibleNodes(big, new Set(["org:921111207"]), 1);
    expect(open.visible.has("org:x0")).toBe(true);
  });
});

describe("role holders", () => {
  const SIGRID = "person:sigrid bjørnstad|1961-12-02";
  const TORBJORN = "person:torbjørn ødegård|1966-05-21";
  const ASTRID = "person:astrid haugland#23";
  const EQUINOR = "org:923609016";

  it("folds the subject's chair and CEO into a count on Equinor, and keeps the PEP chair and the sanctioned shareholder drawn", () => {
    const { visible, roleHidden, rolesFolded, hiddenCount } = visibleNodes(g, new Set());
    expect(visible.has(SIGRID)).toBe(false);
    expect(visible.has(TORBJORN)).toBe(false);
    expect(roleHidden.get(EQUINOR)).toBe(2);
    expect(rolesFolded).toBe(2);
    // Role holders are not owners: they are not counted as folded owners.
    expect(hiddenCount.get(EQUINOR)).toBeUndefined();
    // The PEP is drawn by her role, the sanctioned person by his shareholding; the chain is whole.
    for (const id of [ASTRID, VIKTOR, "person:kari skarvholm|1968-04-12", "org:921111401", "org:921111304", "org:921111207", "org:921111118", "org:912660680"]) {
      expect(visible.has(id)).toBe(true);
    }
    expect(nodeLabel(node(EQUINOR), 0, roleHidden.get(EQUINOR))).toContain("+2 role holders folded");
  });

  it("draws them once their company is expanded, and in a small structure always", () => {
    const open = visibleNodes(g, new Set([EQUINOR]));
    expect(open.visible.has(SIGRID)).toBe(true);
    expect(open.visible.has(TORBJORN)).toBe(true);
    expect(open.roleHidden.size).toBe(0);
    expect(open.rolesFolded).toBe(0);
    const small = visibleNodes(g, new Set(), 2, 30, g.nodes.length);
    expect(small.visible.size).toBe(g.nodes.length);
  });
});

describe("moving by keyboard", () => {
  // The Ownership tab loads lazily; a cold import outlasts findBy's wait.
  beforeAll(preloadCaseTabs, 30_000);
  const pos = new Map([
    ["a", { x: 100, y: 0 }], ["b", { x: 0, y: 100 }], ["c", { x: 200, y: 100 }], ["d", { x: 100, y: 200 }],
  ]);
  it("reads top to bottom, then left to right", () => {
    expect(tabOrder(pos)).toEqual(["a", "b", "c", "d"]);
  });
  it("goes to the nearest party in the arrow's direction, nowhere when there is none", () => {
    expect(nextInDirection(pos, "a", "down")).toBe("b");
    expect(nextInDirection(pos, "b", "right")).toBe("c");
    expect(nextInDirection(pos, "d", "up")).toBe("b");
    expect(nextInDirection(pos, "a", "up")).toBeNull();
    // Nothing within 60° above "b", but "a" is above it, far to the side: still reached.
    const wide = new Map([["a", { x: 400, y: 0 }], ["b", { x: 0, y: 100 }]]);
    expect(nextInDirection(wide, "b", "up")).toBe("a");
  });

  it("Tab and the arrow keys move through the parties, Enter opens the side panel", async () => {
    renderApp("#/cases/c-equinor/ownership");
    const graph = await screen.findByTestId("ownership-graph");
    await waitFor(() => expect(graph).toHaveAttribute("data-node-count"));
    act(() => graph.focus());
    const first = graph.getAttribute("data-kbd-node");
    expect(first).toBeTruthy();
    await userEvent.keyboard("{Tab}");
    const second = graph.getAttribute("data-kbd-node");
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(document.activeElement).toBe(graph);
    await userEvent.keyboard("{ArrowUp}");
    expect(graph.getAttribute("data-kbd-node")).toBe(first);
    await userEvent.keyboard("{Enter}");
    const panel = screen.getByRole("complementary", { name: "Details" });
    const label = g.nodes.find((n) => n.id === first)!.label;
    expect(within(panel).getByRole("heading", { level: 3 })).toHaveTextContent(label);
    expect(screen.getByTestId("graph-kbd-status")).toHaveTextContent(label);
  });

  it("lists every mark of the drawing in the legend", async () => {
    renderApp("#/cases/c-equinor/ownership");
    const legend = await screen.findByRole("list", { name: "Legend" });
    for (const t of ["⚠ SANCTIONED", "◆ PEP", "Dashed red outline: ≥ 50 % owned by sanctioned parties", "★ Beneficial owner", "Dotted line", "+N owners folded", "Enter shows the details"]) {
      expect(legend).toHaveTextContent(t);
    }
  });
});
