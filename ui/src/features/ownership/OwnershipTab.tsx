import { useEffect, useMemo, useRef, useState } from "react";
import { OwnersTable } from "./OwnersTable";
import { useQuery } from "@tanstack/react-query";
import { usePlatform, type CaseDetail, type GraphView } from "../../platform";
import { keys } from "../../lib/queries";
import { Chip, Empty, ErrorBox, Loading, ProvenanceLine } from "../../components/ui";
import { formatPercent } from "../../lib/format";
import { RULE_SHORT, RULE_WORDS } from "../../lib/labels";
import { createGraph, type GraphHandle } from "./cy";
import { nextInDirection, pathsToSubject, tabOrder, visibleNodes, type Direction } from "./paths";

/** Every mark the drawing uses, in words. */
export function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li><span className="lg lg-company" aria-hidden="true" /> Company</li>
      <li><span className="lg lg-person" aria-hidden="true" /> Person</li>
      <li><span className="lg lg-foundation" aria-hidden="true" /> Foundation</li>
      <li><span className="lg lg-subject" aria-hidden="true" /> Subject of the case (bold, tinted)</li>
      <li><span className="lg lg-bo" aria-hidden="true" /> ★ Beneficial owner (thick blue border; the rule, or how many, named; all of them in the details)</li>
      <li><span className="lg lg-sanctioned" aria-hidden="true" /> ⚠ SANCTIONED: on a sanctions list (red border, red ground)</li>
      <li><span className="lg lg-pep" aria-hidden="true" /> ◆ PEP: politically exposed person (amber border, amber ground)</li>
      <li><span className="lg lg-soft" aria-hidden="true" /> Dashed red outline: ≥ 50 % owned by sanctioned parties</li>
      <li><span className="lg lg-cycle" aria-hidden="true" /> Dashed red arrow: part of an ownership cycle</li>
      <li><span className="lg lg-role" aria-hidden="true" /> Dotted line: control by a role, no shares</li>
      <li>“+N owners folded”: distant owners not drawn; select the party to show them.</li>
      <li>“+N role holders folded”: board members and officers of a large structure, listed under Roles; select the company to draw them.</li>
      <li>Arrows point from owner to owned; labels give the share (votes when different).</li>
      <li>Keys: Tab or the arrow keys move between parties, Enter shows the details.</li>
    </ul>
  );
}

function SidePanel({ view, nodeId }: { view: GraphView; nodeId: string | null }) {
  const n = view.nodes.find((x) => x.id === nodeId);
  if (!n) return <p className="muted">Select a node for its details and its paths to the subject. Hover a person to light up their paths.</p>;
  const bo = view.beneficialOwners.find((b) => b.nodeId === n.id);
  const paths = pathsToSubject(view, n.id);
  const name = (id: string) => view.nodes.find((x) => x.id === id)?.label ?? id;
  const owners = view.edges.filter((e) => e.target === n.id);
  return (
    <div className="node-details">
      <h3>{n.label}</h3>
      <p>
        <Chip>{n.kind === "person" ? "Person" : n.kind === "foundation" ? "Foundation" : n.kind === "company" ? "Company" : "Party"}</Chip>{" "}
        {n.subject ? <Chip tone="info">Subject of the case</Chip> : null}{" "}
        {n.sanctioned ? <Chip tone="bad" icon="⚠">On a sanctions list</Chip> : null}{" "}
        {n.pep ? <Chip tone="warn" icon="◆">PEP</Chip> : null}{" "}
        {n.sanctionedByOwnership ? <Chip tone="bad" icon="⚠">Owned ≥ 50 % by sanctioned parties</Chip> : null}
      </p>
      {n.identifier ? <p className="mono">{n.identifier}</p> : null}
      {bo ? (
        <div className="bo-box">
          <strong>★ Beneficial owner</strong>
          <ul>{bo.rules.map((r) => <li key={r}>{RULE_WORDS[r] ?? r}</li>)}</ul>
          <p>{bo.explanation}</p>
          {(["chain", "register", "integrated"] as const).filter((r) => !bo.rules.includes(r)).length && bo.rules.some((r) => r !== "role") ? (
            <p className="muted small">Not a beneficial owner under: {(["chain", "register", "integrated"] as const).filter((r) => !bo.rules.includes(r)).map((r) => RULE_WORDS[r]).join("; ")}.</p>
          ) : null}
        </div>
      ) : null}
      {n.integratedShare !== null ? <p>Integrated ownership of the subject: <strong>{formatPercent(n.integratedShare)}</strong></p> : null}
      {paths.length ? (
        <>
          <h4>Paths to the subject</h4>
          <ol className="paths">
            {paths.map((p, i) => (
              <li key={i}>{p.nodes.map(name).join(" → ")}: <strong>{p.share === null ? "share unknown" : formatPercent(p.share)}</strong></li>
            ))}
          </ol>
        </>
      ) : null}
      {owners.length ? (
        <>
          <h4>Owned by</h4>
          <ul>{owners.map((e) => <li key={e.id}>{name(e.source)}: {formatPercent(e.share)}{e.votes !== null && e.votes !== e.share ? ` (votes ${formatPercent(e.votes)})` : ""}</li>)}</ul>
        </>
      ) : null}
    </div>
  );
}

export function OwnershipGraph({ view, caseId }: { view: GraphView; caseId: string }) {
  const platform = usePlatform();
  const container = useRef<HTMLDivElement>(null);
  const handle = useRef<GraphHandle | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [counts, setCounts] = useState<{ nodes: number; edges: number } | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const { visible, hiddenCount, roleHidden, rolesFolded: foldedRoles, unrelated } = useMemo(() => visibleNodes(view, expanded), [view, expanded]);
  // The node the keyboard is on (its ring is drawn only while the graph has focus).
  const [kbd, setKbd] = useState<string | null>(null);
  const [graphFocused, setGraphFocused] = useState(false);
  const foldedOwners = view.nodes.length - unrelated - visible.size - foldedRoles;
  const boCount = view.beneficialOwners.length || view.nodes.filter((n) => n.beneficialRules.length).length;

  useEffect(() => {
    if (!container.current) return;
    setCounts(null);
    const h = createGraph(container.current, view, visible, hiddenCount, roleHidden, {
      onSelect: (id) => {
        setSelected(id);
        if (id) setKbd(id);
        if (id && (hiddenCount.has(id) || roleHidden.has(id))) setExpanded((s) => new Set([...s, id]));
      },
      onHover: setHover,
      onLaidOut: setCounts,
    });
    handle.current = h;
    return () => { h.destroy(); handle.current = null; };
  }, [view, visible, hiddenCount, roleHidden]);

  useEffect(() => {
    const h = handle.current;
    if (!h) return;
    const focus = hover ?? selected;
    const n = view.nodes.find((x) => x.id === focus);
    if (!n || n.subject) { h.clearHighlight(); return; }
    const paths = pathsToSubject(view, n.id);
    h.highlight([...new Set(paths.flatMap((p) => p.nodes)), n.id], [...new Set(paths.flatMap((p) => p.edges))]);
  }, [hover, selected, view]);

  useEffect(() => {
    handle.current?.focusNode(graphFocused && counts ? kbd : null);
  }, [kbd, graphFocused, counts]);

  const open = (id: string) => {
    setSelected(id);
    if (hiddenCount.has(id) || roleHidden.has(id)) setExpanded((s) => new Set([...s, id]));
  };
  const ARROWS: Record<string, Direction> = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right" };
  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const h = handle.current;
    if (!h || !counts) return;
    const pos = h.positions();
    const order = tabOrder(pos);
    if (!order.length) return;
    const at = kbd && pos.has(kbd) ? kbd : null;
    const move = (id: string | null) => { if (id) { setKbd(id); } };
    if (e.key === "Tab") {
      // Tab walks the parties in reading order, then leaves the graph at either end.
      const i = at ? order.indexOf(at) : -1;
      const next = e.shiftKey ? i - 1 : i + 1;
      if (next >= 0 && next < order.length) { e.preventDefault(); move(order[next]); }
    } else if (ARROWS[e.key]) {
      e.preventDefault();
      move(at ? nextInDirection(pos, at, ARROWS[e.key]) : order[0]);
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      move(e.key === "Home" ? order[0] : order[order.length - 1]);
    } else if ((e.key === "Enter" || e.key === " ") && at) {
      e.preventDefault();
      open(at);
    } else if (e.key === "Escape") {
      setSelected(null);
    }
  }
  function onFocus(e: React.FocusEvent<HTMLDivElement>) {
    setGraphFocused(true);
    const h = handle.current;
    if (!h || (kbd && h.positions().has(kbd))) return;
    const order = tabOrder(h.positions());
    // Entered backwards (Shift+Tab from what follows): start at the last party.
    const from = e.relatedTarget as Node | null;
    const backwards = !!from && !!(e.currentTarget.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING);
    setKbd((backwards ? order[order.length - 1] : order[0]) ?? null);
  }
  const kbdNode = view.nodes.find((n) => n.id === kbd);

  const hoverPaths = hover ? pathsToSubject(view, hover) : [];
  const hoverTotal = hoverPaths.reduce((a, p) => a + (p.share ?? 0), 0);

  const [saved, setSaved] = useState<{ ok: boolean; text: string } | null>(null);
  async function exportImage(format: "png" | "svg") {
    const h = handle.current;
    if (!h) return;
    try {
      // PNG comes as a data: URL; SVG as markup, sent base64 (UTF-8 safe).
      const dataBase64 = format === "png" ? h.png() : bytesToBase64(new TextEncoder().encode(h.svg()));
      const f = await platform.saveGraphImage({ caseId, format, dataBase64 });
      setSaved({ ok: true, text: `Saved ${format.toUpperCase()} to ${f.path}` });
    } catch (e) {
      setSaved({ ok: false, text: (e as Error).message });
    }
  }

  return (
    <div className="ownership">
      <div className="graph-area">
        <div className="graph-toolbar" role="toolbar" aria-label="Graph controls">
          <button type="button" onClick={() => handle.current?.fit()}>Fit</button>
          <button type="button" onClick={() => handle.current?.zoom(1.25)} aria-label="Zoom in">+</button>
          <button type="button" onClick={() => handle.current?.zoom(0.8)} aria-label="Zoom out">−</button>
          <button type="button" data-testid="graph-export-png" onClick={() => void exportImage("png")}>Export PNG</button>
          <button type="button" data-testid="graph-export-svg" onClick={() => void exportImage("svg")}>Export SVG</button>
          {saved ? <span role="status" data-testid="graph-export-status" className={saved.ok ? "small" : "small error"}>{saved.text}</span> : null}
          <span className="muted small">
            {view.nodes.length} parties · {boCount} beneficial owner{boCount === 1 ? "" : "s"}
            {view.cycles.length ? ` · ${view.cycles.length} cycle${view.cycles.length === 1 ? "" : "s"}` : ""}
            {foldedOwners > 0 ? ` · ${foldedOwners} distant owner${foldedOwners === 1 ? "" : "s"} folded: select a “+N” party to show them` : ""}
            {foldedRoles > 0 ? ` · ${foldedRoles} role holder${foldedRoles === 1 ? "" : "s"} folded (see Roles)` : ""}
            {unrelated ? ` · ${unrelated} part${unrelated === 1 ? "y" : "ies"} from other cases, not linked to this company, not drawn` : ""}
          </span>
          {hover && hoverPaths.length ? (
            <span className="hover-info" aria-live="polite">{view.nodes.find((n) => n.id === hover)?.label}: {formatPercent(hoverTotal)} of the subject over {hoverPaths.length} path{hoverPaths.length === 1 ? "" : "s"}</span>
          ) : null}
        </div>
        <div
          ref={container}
          className="graph"
          data-testid="ownership-graph"
          data-node-count={counts ? counts.nodes : undefined}
          data-edge-count={counts ? counts.edges : undefined}
          data-bo-count={counts ? boCount : undefined}
          data-kbd-node={graphFocused && kbd ? kbd : undefined}
          tabIndex={0}
          role="application"
          aria-roledescription="ownership graph"
          aria-label={`Ownership graph: ${visible.size} parties drawn, ${boCount} beneficial owner${boCount === 1 ? "" : "s"}. Tab or the arrow keys move between parties, Enter shows the details beside the graph.`}
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          onBlur={() => setGraphFocused(false)}
        />
        <p className="sr-only" aria-live="polite" data-testid="graph-kbd-status">
          {graphFocused && kbdNode ? `${kbdNode.label}${kbdNode.identifier ? `, ${kbdNode.identifier}` : ""}${kbdNode.sanctioned ? ", sanctioned" : ""}${kbdNode.pep ? ", PEP" : ""}${kbdNode.beneficialRules.length ? ", beneficial owner" : ""}. Enter for details.` : ""}
        </p>
        {!counts ? <p className="muted small graph-status" role="status">Laying out the graph…</p> : null}
      </div>
      <aside className="side-panel" aria-label="Details">
        <SidePanel view={view} nodeId={selected} />
        <h4>Beneficial owners</h4>
        <ul className="bo-list">
          {view.beneficialOwners.map((b) => (
            <li key={b.nodeId}>
              <button type="button" className="link" onClick={() => setSelected(b.nodeId)}>★ {view.nodes.find((n) => n.id === b.nodeId)?.label ?? b.nodeId}</button>
              {b.integratedShare !== null ? ` ${formatPercent(b.integratedShare)}` : ""} · {b.rules.map((r) => RULE_SHORT[r] ?? r).join(", ")}
            </li>
          ))}
          {view.beneficialOwners.length === 0 ? <li className="muted">None found by any rule.</li> : null}
        </ul>
        <Legend />
      </aside>
    </div>
  );
}

export function OwnershipTab({ c }: { c: CaseDetail }) {
  const platform = usePlatform();
  const q = useQuery({ queryKey: keys.ownership(c.summary.id), queryFn: () => platform.getOwnership(c.summary.id) });
  if (q.isLoading) return <Loading what="the ownership graph" />;
  if (q.error) return <ErrorBox error={q.error} title="The ownership graph could not be built." />;
  if (!q.data || q.data.nodes.length <= 1) {
    return <Empty>No ownership data for this case yet: request shareholders or beneficial owners in a lookup.</Empty>;
  }
  return (
    <>
      {q.data.warnings?.length ? (
        <details className="state-note"><summary>{q.data.warnings.length} data warning{q.data.warnings.length === 1 ? "" : "s"} about this structure</summary><ul>{q.data.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul></details>
      ) : null}
      <OwnershipGraph caseId={c.summary.id} view={q.data} />
      <OwnersTable view={q.data} />
      {c.organization ? <ProvenanceLine p={c.organization.provenance} /> : null}
    </>
  );
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
