// Pure graph helpers for the ownership view: paths from an owner down to the subject with the
// multiplied share, and which nodes to draw when a structure is large.
import type { GraphView } from "../../platform";

export type OwnerPath = { nodes: string[]; edges: string[]; share: number | null };

/** All simple paths from `from` to the subject following owner → owned edges (bounded). */
export function pathsToSubject(view: GraphView, from: string, limit = 50): OwnerPath[] {
  const out: OwnerPath[] = [];
  const byOwner = new Map<string, GraphView["edges"]>();
  for (const e of view.edges) byOwner.set(e.source, [...(byOwner.get(e.source) ?? []), e]);
  const walk = (n: string, nodes: string[], edges: string[], share: number | null) => {
    if (out.length >= limit) return;
    if (n === view.subjectId) { out.push({ nodes, edges, share }); return; }
    for (const e of byOwner.get(n) ?? []) {
      if (nodes.includes(e.target)) continue;
      const s = share === null || e.share === null ? null : (share * e.share) / 100;
      walk(e.target, [...nodes, e.target], [...edges, e.id], s);
    }
  };
  walk(from, [from], [], 100);
  return from === view.subjectId ? [] : out;
}

/** Distance (in ownership steps) of every node above the subject. */
export function depths(view: GraphView): Map<string, number> {
  const d = new Map<string, number>([[view.subjectId, 0]]);
  const owners = new Map<string, string[]>();
  for (const e of view.edges) owners.set(e.target, [...(owners.get(e.target) ?? []), e.source]);
  const queue = [view.subjectId];
  while (queue.length) {
    const n = queue.shift()!;
    for (const o of owners.get(n) ?? []) if (!d.has(o)) { d.set(o, d.get(n)! + 1); queue.push(o); }
  }
  return d;
}

/** Nodes linked to the subject by any chain of edges, in either direction (owners, subsidiaries, roles). */
export function connected(view: GraphView): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of view.edges) {
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
    next.set(e.target, [...(next.get(e.target) ?? []), e.source]);
  }
  const seen = new Set([view.subjectId]);
  const queue = [view.subjectId];
  while (queue.length) for (const m of next.get(queue.shift()!) ?? []) if (!seen.has(m)) { seen.add(m); queue.push(m); }
  return seen;
}

/**
 * Nodes to draw. Parties not linked to the subject at all (cached for other cases) are never
 * drawn, only counted (`unrelated`). A small structure is drawn whole; a large one up to
 * `maxDepth` steps, plus the owners of expanded nodes, with every beneficial owner, sanctioned
 * party and PEP kept with the chain that leads to them. Returns the folded-owner count of each
 * frontier node (`hiddenCount`).
 *
 * Beyond `roleFoldLimit` parties, persons linked only by a role (a chair, a CEO) who are neither
 * beneficial owners nor behind a hit are folded into the company they serve (`roleHidden`, a
 * count per company) until that company is expanded: they are listed in the Roles table, and
 * drawing them beside the owners makes a chain like Equinor's wider than the pane at a legible
 * size. The persons behind a PEP or sanction hit stay drawn by their relation.
 */
export function visibleNodes(view: GraphView, expanded: ReadonlySet<string>, maxDepth = 2, smallLimit = 30, roleFoldLimit = 8) {
  const linked = connected(view);
  const unrelated = view.nodes.length - view.nodes.filter((n) => linked.has(n.id)).length;
  const hiddenCount = new Map<string, number>();
  const roleHidden = new Map<string, number>();
  const nodes = view.nodes.filter((n) => linked.has(n.id));
  const kept = (n: GraphView["nodes"][number]) => n.beneficialRules.length || n.sanctioned || n.pep;
  // Role-only persons, with the companies they hold a role in.
  const roleTargets = new Map<string, string[]>();
  if (nodes.length > roleFoldLimit) {
    const touching = new Map<string, GraphView["edges"]>();
    for (const e of view.edges) for (const id of [e.source, e.target]) touching.set(id, [...(touching.get(id) ?? []), e]);
    for (const n of nodes) {
      const es = touching.get(n.id) ?? [];
      if (n.kind !== "person" || n.id === view.subjectId || kept(n) || !es.length) continue;
      if (es.every((e) => e.role !== null && e.source === n.id)) roleTargets.set(n.id, es.map((e) => e.target));
    }
  }
  // Folded while none of the companies they serve is expanded.
  const foldedRole = (id: string) => roleTargets.get(id)?.every((t) => !expanded.has(t)) ?? false;
  // The role holders not drawn, each counted once (`rolesFolded`) and on each drawn company they serve.
  let rolesFolded = 0;
  const countRoles = (visible: Set<string>) => {
    for (const [id, targets] of roleTargets) {
      if (!foldedRole(id) || visible.has(id)) continue;
      rolesFolded += 1;
      for (const t of new Set(targets)) if (visible.has(t)) roleHidden.set(t, (roleHidden.get(t) ?? 0) + 1);
    }
  };
  if (nodes.length <= smallLimit) {
    const visible = new Set(nodes.filter((n) => !foldedRole(n.id)).map((n) => n.id));
    countRoles(visible);
    return { visible, hiddenCount, roleHidden, rolesFolded, unrelated };
  }
  const d = depths(view);
  const visible = new Set<string>();
  for (const n of nodes) if (((d.get(n.id) ?? 0) <= maxDepth && !foldedRole(n.id)) || kept(n)) visible.add(n.id);
  for (const n of nodes) if (kept(n)) for (const p of pathsToSubject(view, n.id, 5)) p.nodes.forEach((x) => visible.add(x));
  let changed = true;
  while (changed) {
    changed = false;
    for (const e of view.edges) if (expanded.has(e.target) && visible.has(e.target) && linked.has(e.source) && !visible.has(e.source)) { visible.add(e.source); changed = true; }
  }
  for (const e of view.edges) if (visible.has(e.target) && linked.has(e.source) && !visible.has(e.source) && !roleTargets.has(e.source)) hiddenCount.set(e.target, (hiddenCount.get(e.target) ?? 0) + 1);
  countRoles(visible);
  return { visible, hiddenCount, roleHidden, rolesFolded, unrelated };
}

export type Point = { x: number; y: number };
export type Direction = "up" | "down" | "left" | "right";

/** Reading order for Tab: top to bottom, then left to right (rows within half a node height). */
export function tabOrder(positions: ReadonlyMap<string, Point>): string[] {
  return [...positions.entries()]
    .sort(([, a], [, b]) => (Math.abs(a.y - b.y) > 20 ? a.y - b.y : a.x - b.x))
    .map(([id]) => id);
}

/**
 * The nearest node in a direction from `from` (arrow keys), or `null` when there is none on that
 * side: nodes within 60° of the direction first, the closest by distance weighted against the
 * side; else the closest anywhere on that side.
 */
export function nextInDirection(positions: ReadonlyMap<string, Point>, from: string, dir: Direction): string | null {
  const p = positions.get(from);
  if (!p) return null;
  // Within 60° of the direction first; when nothing is there, anything on that side.
  let best: string | null = null;
  let bestScore = Infinity;
  let wide: string | null = null;
  let wideScore = Infinity;
  for (const [id, q] of positions) {
    if (id === from) continue;
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const along = dir === "up" ? -dy : dir === "down" ? dy : dir === "left" ? -dx : dx;
    const side = dir === "up" || dir === "down" ? Math.abs(dx) : Math.abs(dy);
    if (along <= 0) continue;
    // Rows are layers: up/down goes to the nearest layer even when off to the side, left/right
    // stays in the row.
    const score = along + side * (dir === "up" || dir === "down" ? 0.5 : 2);
    if (score < wideScore) { wideScore = score; wide = id; }
    if (side <= along * Math.tan(Math.PI / 3) && score < bestScore) { bestScore = score; best = id; }
  }
  return best ?? wide;
}
