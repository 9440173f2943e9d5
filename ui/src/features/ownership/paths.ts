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

/**
 * Nodes to draw: everything when the structure is small; otherwise up to `maxDepth` steps, plus
 * the owners of expanded nodes. Returns the hidden-owner count for each frontier node.
 */
export function visibleNodes(view: GraphView, expanded: ReadonlySet<string>, maxDepth = 2, smallLimit = 60) {
  const all = new Set(view.nodes.map((n) => n.id));
  const hiddenCount = new Map<string, number>();
  if (view.nodes.length <= smallLimit) return { visible: all, hiddenCount };
  const d = depths(view);
  const visible = new Set<string>();
  for (const n of view.nodes) if ((d.get(n.id) ?? Infinity) <= maxDepth || n.beneficialRules.length || n.sanctioned) visible.add(n.id);
  // Beneficial owners and sanctioned parties stay visible with the chain that leads to them.
  for (const n of view.nodes) if (n.beneficialRules.length || n.sanctioned) for (const p of pathsToSubject(view, n.id, 5)) p.nodes.forEach((x) => visible.add(x));
  let changed = true;
  while (changed) {
    changed = false;
    for (const e of view.edges) if (expanded.has(e.target) && visible.has(e.target) && !visible.has(e.source)) { visible.add(e.source); changed = true; }
  }
  for (const e of view.edges) if (visible.has(e.target) && !visible.has(e.source)) hiddenCount.set(e.target, (hiddenCount.get(e.target) ?? 0) + 1);
  return { visible, hiddenCount };
}
