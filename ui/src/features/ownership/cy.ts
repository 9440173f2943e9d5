// Cytoscape.js with the ELK layered layout: owners above, the subject at the bottom. This module is
// the only one touching cytoscape, so jsdom tests can replace it.
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import elk from "cytoscape-elk";
import svg from "cytoscape-svg";
import type { GraphView } from "../../platform";
import { formatPercent } from "../../lib/format";
import { RULE_SHORT } from "../../lib/labels";

cytoscape.use(elk);
cytoscape.use(svg);

export type GraphHandle = {
  fit(): void;
  zoom(factor: number): void;
  png(): string;
  svg(): string;
  highlight(nodes: string[], edges: string[]): void;
  clearHighlight(): void;
  destroy(): void;
};

export type GraphHandlers = {
  onSelect(nodeId: string | null): void;
  onHover(nodeId: string | null): void;
  onLaidOut(counts: { nodes: number; edges: number }): void;
};

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function edgeLabel(share: number | null, votes: number | null, inCycle: boolean): string {
  const s = share === null ? "share unknown" : formatPercent(share);
  const v = votes !== null && votes !== share ? ` (votes ${formatPercent(votes)})` : "";
  return `${s}${v}${inCycle ? " · cycle" : ""}`;
}

export function nodeLabel(n: GraphView["nodes"][number], hidden: number): string {
  const lines = [`${n.sanctioned ? "⚠ " : ""}${n.pep ? "◆ PEP " : ""}${n.label}`];
  if (n.identifier) lines.push(n.identifier);
  if (n.beneficialRules.length) lines.push(`★ Beneficial owner: ${n.beneficialRules.map((r) => RULE_SHORT[r] ?? r).join(", ")}`);
  else if (n.sanctionedByOwnership) lines.push("⚠ ≥ 50 % owned by sanctioned parties");
  const more = hidden + n.collapsedOwners;
  if (more) lines.push(`+${more} owner${more === 1 ? "" : "s"} not shown`);
  return lines.join("\n");
}

export function createGraph(container: HTMLElement, view: GraphView, visible: Set<string>, hidden: Map<string, number>, h: GraphHandlers): GraphHandle {
  const fg = cssVar("--fg", "#1b1f24");
  const bg = cssVar("--bg-elev", "#ffffff");
  const line = cssVar("--border-strong", "#8a939e");
  const accent = cssVar("--accent", "#1f5fbf");
  const bad = cssVar("--bad", "#c62828");
  const subjectBg = cssVar("--accent-soft", "#e3ecfa");

  const els: ElementDefinition[] = [];
  for (const n of view.nodes) {
    if (!visible.has(n.id)) continue;
    const label = nodeLabel(n, hidden.get(n.id) ?? 0);
    const lines = label.split("\n");
    // Explicit sizes: ELK lays out with these, so nodes never overlap whatever the font metrics.
    const w = Math.min(230, Math.max(90, Math.max(...lines.map((l) => l.length)) * (n.subject ? 7.4 : 6.6) + 24));
    const wrapped = lines.reduce((a, l) => a + Math.max(1, Math.ceil((l.length * 6.6) / (w - 24))), 0);
    els.push({
      data: { id: n.id, label, kind: n.kind, w, h: wrapped * 14 + 18 },
      classes: [n.kind, n.subject ? "subject" : "", n.beneficialRules.length ? "bo" : "", n.sanctioned || n.pep ? "flagged" : "", n.sanctionedByOwnership ? "flagged-soft" : ""].join(" "),
    });
  }
  for (const e of view.edges) {
    if (!visible.has(e.source) || !visible.has(e.target)) continue;
    const label = e.role ? `role: ${e.role}` : edgeLabel(e.share, e.votes, e.inCycle);
    els.push({ data: { id: e.id, source: e.source, target: e.target, label }, classes: [e.inCycle ? "cycle" : "", e.role ? "role" : ""].join(" ") });
  }

  // One fresh element per instance: cytoscape destroys any instance already bound to a container,
  // which would break a previous instance whose ELK layout is still running.
  const host = document.createElement("div");
  host.style.cssText = "position:absolute;inset:0;";
  container.appendChild(host);
  const cy: Core = cytoscape({
    container: host,
    elements: els,
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        label: "data(label)", "text-wrap": "wrap", "text-max-width": "206px", "text-valign": "center", "text-halign": "center",
        "font-size": 11, color: fg, "background-color": bg, "border-width": 1.5, "border-color": line,
        width: "data(w)", height: "data(h)", shape: "rectangle", "font-family": "system-ui, sans-serif",
      } },
      { selector: "node.person", style: { shape: "round-rectangle", "corner-radius": "18" } as cytoscape.Css.Node },
      { selector: "node.foundation", style: { shape: "cut-rectangle", "border-style": "double", "border-width": 4 } },
      { selector: "node.subject", style: { "background-color": subjectBg, "border-width": 2.5, "border-color": accent, "font-weight": "bold" } },
      { selector: "node.bo", style: { "border-width": 5, "border-color": accent } },
      { selector: "node.flagged", style: { "border-color": bad, "border-width": 4 } },
      { selector: "node.flagged-soft", style: { "border-color": bad, "border-style": "dashed", "border-width": 3 } },
      { selector: "node.bo.flagged", style: { "border-width": 6, "border-style": "double" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": line, "target-arrow-color": line, "target-arrow-shape": "triangle", "curve-style": "bezier",
        label: "data(label)", "font-size": 10, color: fg, "text-background-color": bg, "text-background-opacity": 1, "text-background-padding": "2px",
      } },
      { selector: "edge.cycle", style: { "line-style": "dashed", "line-color": bad, "target-arrow-color": bad } },
      { selector: "edge.role", style: { "line-style": "dotted", "target-arrow-shape": "diamond" } },
      { selector: ".faded", style: { opacity: 0.25 } },
      { selector: "node.lit", style: { "border-color": accent, "border-width": 5 } },
      { selector: "edge.lit", style: { width: 4, "line-color": accent, "target-arrow-color": accent } },
      { selector: "node:selected", style: { "overlay-color": accent, "overlay-opacity": 0.15, "overlay-padding": 6 } },
    ],
    layout: { name: "preset" },
  });

  const layout = cy.layout({
    name: "elk",
    nodeDimensionsIncludeLabels: false,
    fit: true,
    padding: 24,
    elk: {
      algorithm: "layered",
      "elk.direction": "DOWN",
      "elk.layered.spacing.nodeNodeBetweenLayers": 70,
      "elk.spacing.nodeNode": 30,
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
    },
  } as unknown as cytoscape.LayoutOptions);
  // A wide structure fitted into the pane gets unreadably small: keep a legible zoom and put the
  // subject at the bottom centre instead; "Fit" still shows everything.
  const readable = () => {
    if (cy.zoom() >= 0.6) return;
    const subject = cy.nodes(".subject").first();
    cy.zoom(0.85);
    if (subject.nonempty()) {
      const p = subject.position();
      cy.pan({ x: cy.width() / 2 - p.x * 0.85, y: cy.height() - 60 - p.y * 0.85 });
    }
  };
  let dead = false;
  let laidOut = false;
  layout.one("layoutstop", () => {
    laidOut = true;
    // The layout extension still touches the instance after this event: act on the next tick.
    setTimeout(() => {
      if (dead) { cy.destroy(); host.remove(); return; }
      readable();
      h.onLaidOut({ nodes: cy.nodes().length, edges: cy.edges().length });
    }, 0);
  });
  layout.run();

  cy.on("tap", "node", (e) => h.onSelect(e.target.id()));
  cy.on("tap", (e) => { if (e.target === cy) h.onSelect(null); });
  cy.on("mouseover", "node", (e) => h.onHover(e.target.id()));
  cy.on("mouseout", "node", () => h.onHover(null));

  return {
    fit: () => cy.animate({ fit: { eles: cy.elements(), padding: 24 } }, { duration: 150 }),
    zoom: (f) => cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
    png: () => cy.png({ full: true, scale: 2, bg }),
    svg: () => (cy as unknown as { svg(o: object): string }).svg({ full: true, scale: 1, bg }),
    highlight(nodes, edges) {
      cy.elements().addClass("faded").removeClass("lit");
      for (const id of nodes) cy.getElementById(id).removeClass("faded").addClass("lit");
      for (const id of edges) cy.getElementById(id).removeClass("faded").addClass("lit");
    },
    clearHighlight: () => { cy.elements().removeClass("faded lit"); },
    // ELK finishes asynchronously; destroying before it lands makes it write into a dead renderer.
    destroy: () => {
      dead = true;
      host.style.display = "none";
      if (laidOut) setTimeout(() => { cy.destroy(); host.remove(); }, 0);
    },
  };
}
