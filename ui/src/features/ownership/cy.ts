// Cytoscape.js with the ELK layered layout: owners above, the subject at the bottom. This module is
// the only one touching cytoscape, so jsdom tests can replace it.
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from "cytoscape";
import elk from "cytoscape-elk";
import svg from "cytoscape-svg";
import type { GraphView } from "../../platform";
import { formatPercent } from "../../lib/format";
import { RULE_SHORT } from "../../lib/labels";

cytoscape.use(elk);
cytoscape.use(svg);

/** Label sizes in graph units; at zoom 1 they are CSS pixels. */
export const NODE_FONT = 13;
export const EDGE_FONT = 12;
/** No label smaller than this on screen at the default view (UI.md: legible at a glance). */
export const MIN_LABEL_PX = 12;
/** The default view never zooms out below this: the graph is panned, or its distant branches folded, instead. */
export const MIN_DEFAULT_ZOOM = MIN_LABEL_PX / Math.min(NODE_FONT, EDGE_FONT);

export type GraphHandle = {
  fit(): void;
  zoom(factor: number): void;
  png(): string;
  svg(): string;
  highlight(nodes: string[], edges: string[]): void;
  clearHighlight(): void;
  /** Draws the keyboard focus ring on one node (and pans it into view), or on none. */
  focusNode(id: string | null): void;
  /** Rendered centre of every drawn node, for moving by arrow keys. */
  positions(): Map<string, { x: number; y: number }>;
  destroy(): void;
};

export type GraphHandlers = {
  onSelect(nodeId: string | null): void;
  onHover(nodeId: string | null): void;
  onLaidOut(counts: { nodes: number; edges: number }): void;
};

export function edgeLabel(share: number | null, votes: number | null, inCycle: boolean): string {
  const s = share === null ? "share unknown" : formatPercent(share);
  const v = votes !== null && votes !== share ? ` (votes ${formatPercent(votes)})` : "";
  return `${s}${v}${inCycle ? " · cycle" : ""}`;
}

/**
 * The words of a node, one line each: name, identifier, then each flag as an icon and a word
 * (a sanction hit and a PEP look different and read differently), then what is folded.
 */
export function nodeLabel(n: GraphView["nodes"][number], hidden: number, roleHolders = 0): string {
  const lines = [n.label];
  if (n.identifier) lines.push(n.identifier);
  if (n.sanctioned) lines.push("⚠ SANCTIONED");
  if (n.pep) lines.push("◆ PEP");
  if (n.sanctionedByOwnership) lines.push("⚠ ≥ 50 % owned by sanctioned parties");
  // The rules are in the details and the owners table: on the node, the word alone keeps it small.
  if (n.beneficialRules.length) lines.push(`★ Beneficial owner (${n.beneficialRules.length === 1 ? RULE_SHORT[n.beneficialRules[0]!] ?? n.beneficialRules[0] : `${n.beneficialRules.length} rules`})`);
  const more = hidden + n.collapsedOwners;
  if (more) lines.push(`+${more} owner${more === 1 ? "" : "s"} folded: select to show`);
  // One short line: the subject's box must not grow taller than the chain above it allows.
  if (roleHolders) lines.push(`+${roleHolders} role holder${roleHolders === 1 ? "" : "s"} folded`);
  return lines.join("\n");
}

/** The theme's colours, read from the CSS custom properties at the moment of drawing. */
export type GraphColors = { fg: string; bg: string; line: string; accent: string; bad: string; badBg: string; warn: string; warnBg: string; subjectBg: string };

export function themeColors(): GraphColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v("--fg", "#1b1f24"),
    bg: v("--bg-elev", "#ffffff"),
    line: v("--border-strong", "#8a939e"),
    accent: v("--accent", "#1f5fbf"),
    bad: v("--bad", "#b42318"),
    badBg: v("--bad-bg", "#fde7e5"),
    warn: v("--warn", "#8a5200"),
    warnBg: v("--warn-bg", "#fdf0d8"),
    subjectBg: v("--accent-soft", "#e3ecfa"),
  };
}

/** The stylesheet for one set of theme colours; redrawn whenever the theme changes. */
export function graphStyle(c: GraphColors): StylesheetJson {
  return [
    { selector: "node", style: {
      label: "data(label)", "text-wrap": "wrap", "text-max-width": "data(tw)", "text-valign": "center", "text-halign": "center",
      "font-size": NODE_FONT, "line-height": 1.3, color: c.fg, "background-color": c.bg, "border-width": 1.5, "border-color": c.line,
      width: "data(w)", height: "data(h)", shape: "rectangle", "font-family": "system-ui, sans-serif",
    } },
    { selector: "node.person", style: { shape: "round-rectangle", "corner-radius": "18" } as cytoscape.Css.Node },
    { selector: "node.foundation", style: { shape: "cut-rectangle", "border-style": "double", "border-width": 4 } },
    { selector: "node.subject", style: { "background-color": c.subjectBg, "border-width": 2.5, "border-color": c.accent, "font-weight": "bold" } },
    { selector: "node.bo", style: { "border-width": 5, "border-color": c.accent } },
    // PEP: amber, solid; a sanction hit: red, solid, on a red ground; owned ≥ 50 % by sanctioned parties: red, dashed.
    { selector: "node.pep", style: { "border-color": c.warn, "border-width": 4, "background-color": c.warnBg } },
    { selector: "node.sanctioned", style: { "border-color": c.bad, "border-width": 4, "background-color": c.badBg } },
    { selector: "node.flagged-soft", style: { "border-color": c.bad, "border-style": "dashed", "border-width": 3 } },
    { selector: "node.bo.sanctioned, node.bo.pep", style: { "border-width": 6, "border-style": "double" } },
    { selector: "edge", style: {
      width: 1.5, "line-color": c.line, "target-arrow-color": c.line, "target-arrow-shape": "triangle", "curve-style": "bezier",
      label: "data(label)", "font-size": EDGE_FONT, color: c.fg, "text-background-color": c.bg, "text-background-opacity": 1, "text-background-padding": "2px",
      "font-family": "system-ui, sans-serif",
    } },
    { selector: "edge.cycle", style: { "line-style": "dashed", "line-color": c.bad, "target-arrow-color": c.bad } },
    { selector: "edge.role", style: { "line-style": "dotted", "target-arrow-shape": "diamond" } },
    { selector: ".faded", style: { opacity: 0.25 } },
    { selector: "node.lit", style: { "border-color": c.accent, "border-width": 5 } },
    { selector: "edge.lit", style: { width: 4, "line-color": c.accent, "target-arrow-color": c.accent } },
    { selector: "node:selected", style: { "overlay-color": c.accent, "overlay-opacity": 0.15, "overlay-padding": 6 } },
    // The keyboard focus ring: a thick outline a little away from the node, in the accent colour.
    { selector: "node.kbd", style: { "outline-width": 3, "outline-color": c.accent, "outline-offset": 4, "outline-style": "solid", opacity: 1 } as cytoscape.Css.Node },
  ];
}

/** Explicit sizes: ELK lays out with these, so nodes never overlap whatever the font metrics. */
export function nodeSize(label: string, subject: boolean): { w: number; h: number; tw: number } {
  const lines = label.split("\n");
  // Average glyph width of the UI font (DejaVu Sans / system-ui) at 13 px, bold a little wider.
  const ch = NODE_FONT * (subject ? 0.68 : 0.62);
  const w = Math.min(290, Math.max(100, Math.max(...lines.map((l) => l.length)) * ch + 20));
  const tw = w - 12;
  const rows = lines.reduce((a, l) => a + Math.max(1, Math.ceil((l.length * ch) / tw)), 0);
  return { w, h: Math.ceil(rows * NODE_FONT * 1.3 + 12), tw };
}

export function createGraph(container: HTMLElement, view: GraphView, visible: Set<string>, hidden: Map<string, number>, roleHidden: Map<string, number>, h: GraphHandlers): GraphHandle {
  let colors = themeColors();

  const els: ElementDefinition[] = [];
  for (const n of view.nodes) {
    if (!visible.has(n.id)) continue;
    const label = nodeLabel(n, hidden.get(n.id) ?? 0, roleHidden.get(n.id) ?? 0);
    const { w, h: height, tw } = nodeSize(label, n.subject);
    els.push({
      data: { id: n.id, label, kind: n.kind, w, h: height, tw: `${tw}px` },
      classes: [n.kind, n.subject ? "subject" : "", n.beneficialRules.length ? "bo" : "", n.sanctioned ? "sanctioned" : "", n.pep ? "pep" : "", n.sanctionedByOwnership ? "flagged-soft" : ""].join(" "),
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
  host.className = "cy-host";
  host.style.cssText = "position:absolute;inset:0;";
  container.appendChild(host);
  const cy: Core = cytoscape({
    container: host,
    elements: els,
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 3,
    style: graphStyle(colors),
    layout: { name: "preset" },
  });

  // The theme is the document's `data-theme`, or the system's preference when it has none:
  // either change redraws the graph in the new colours.
  const restyle = () => {
    colors = themeColors();
    cy.style(graphStyle(colors));
  };
  const themeWatch = new MutationObserver(restyle);
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
  const media = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  media?.addEventListener?.("change", restyle);

  const layout = cy.layout({
    name: "elk",
    nodeDimensionsIncludeLabels: false,
    fit: true,
    padding: 12,
    elk: {
      algorithm: "layered",
      "elk.direction": "DOWN",
      // Tight enough for Equinor's six layers to fit the pane at zoom 1; an edge label still fits between.
      "elk.layered.spacing.nodeNodeBetweenLayers": 30,
      "elk.spacing.nodeNode": 24,
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
    },
  } as unknown as cytoscape.LayoutOptions);
  // A structure fitted into the pane may get too small to read: the default view keeps every
  // label at least MIN_LABEL_PX on screen and puts the subject at the bottom centre instead
  // (drag to pan; "Fit" still shows everything, smaller).
  const readable = () => {
    if (cy.zoom() > 1.5) {
      cy.zoom(1.5);
      cy.center();
    }
    if (cy.zoom() >= MIN_DEFAULT_ZOOM) return;
    const z = MIN_DEFAULT_ZOOM;
    const bb = cy.elements().boundingBox({});
    const subject = cy.nodes(".subject").first();
    const sx = subject.nonempty() ? subject.position().x : (bb.x1 + bb.x2) / 2;
    const bottom = subject.nonempty() ? subject.position().y + subject.height() / 2 : bb.y2;
    cy.zoom(z);
    // Each axis: centre the drawing when it fits at this zoom, else keep the subject in view
    // (centred across, at the bottom down the page).
    const x = bb.w * z <= cy.width() ? cy.width() / 2 - ((bb.x1 + bb.x2) / 2) * z : cy.width() / 2 - sx * z;
    const y = bb.h * z <= cy.height() ? cy.height() / 2 - ((bb.y1 + bb.y2) / 2) * z : cy.height() - 8 - bottom * z;
    cy.pan({ x, y });
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
    png: () => cy.png({ full: true, scale: 2, bg: colors.bg }),
    svg: () => (cy as unknown as { svg(o: object): string }).svg({ full: true, scale: 1, bg: colors.bg }),
    highlight(nodes, edges) {
      cy.elements().addClass("faded").removeClass("lit");
      for (const id of nodes) cy.getElementById(id).removeClass("faded").addClass("lit");
      for (const id of edges) cy.getElementById(id).removeClass("faded").addClass("lit");
    },
    clearHighlight: () => { cy.elements().removeClass("faded lit"); },
    focusNode(id) {
      cy.nodes(".kbd").removeClass("kbd");
      if (!id) return;
      const n = cy.getElementById(id);
      if (n.empty()) return;
      n.addClass("kbd");
      // Bring it into view with the least movement (a node at the edge does not throw the
      // drawing around).
      const b = n.renderedBoundingBox({});
      const m = 16;
      const dx = b.x1 < m ? m - b.x1 : b.x2 > cy.width() - m ? cy.width() - m - b.x2 : 0;
      const dy = b.y1 < m ? m - b.y1 : b.y2 > cy.height() - m ? cy.height() - m - b.y2 : 0;
      if (dx || dy) cy.animate({ panBy: { x: dx, y: dy } }, { duration: 120 });
    },
    positions() {
      const out = new Map<string, { x: number; y: number }>();
      cy.nodes().forEach((n) => { out.set(n.id(), n.renderedPosition()); });
      return out;
    },
    // ELK finishes asynchronously; destroying before it lands makes it write into a dead renderer.
    destroy: () => {
      dead = true;
      themeWatch.disconnect();
      media?.removeEventListener?.("change", restyle);
      host.style.display = "none";
      if (laidOut) setTimeout(() => { cy.destroy(); host.remove(); }, 0);
    },
  };
}
