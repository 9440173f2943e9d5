import { useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { usePlatform, type CaseStatus, type CaseSummary } from "../../platform";
import { keys, useAppInfo } from "../../lib/queries";
import { navigate } from "../../lib/router";
import { countryName, ENV_LABEL, formatAgo, formatDateTime, formatUtc } from "../../lib/format";
import { CASE_STATUS, DECISION, riskTone, riskWords } from "../../lib/labels";
import { Chip, ErrorBox, Loading } from "../../components/ui";
import { useNetworkGate } from "../../components/network";
import { useLookup } from "../shell/lookupContext";
import { useDebounced } from "../shell/GlobalSearch";
import { hitWords } from "../case/hits";

type SortKey = "subject" | "country" | "identifier" | "environment" | "status" | "risk" | "decision" | "fetched" | "open";
const COLUMNS: [SortKey, string][] = [
  ["subject", "Subject"], ["country", "Country"], ["identifier", "Identifier"], ["environment", "Environment"], ["status", "Status"],
  ["risk", "Risk"], ["decision", "Decision"], ["fetched", "Last fetched"], ["open", "Open"],
];
const RISK_ORDER: Record<string, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, EXTREME: 4 };

function sortValue(c: CaseSummary, k: SortKey): string | number {
  switch (k) {
    case "subject": return (c.subjectName ?? "").toLowerCase();
    case "country": return c.country ?? "";
    case "identifier": return c.identifier;
    case "environment": return c.environment;
    case "status": return c.status;
    case "risk": return RISK_ORDER[c.risk ?? ""] ?? -1;
    case "decision": return c.decision ?? "";
    case "fetched": return c.lastFetchedAt ?? "";
    case "open": return c.openSessions;
  }
}

export const ROW_HEIGHT = 32;

export function CaseList() {
  const platform = usePlatform();
  const { openLookup } = useLookup();
  const info = useAppInfo();
  const net = useNetworkGate();
  const [text, setText] = useState("");
  const [status, setStatus] = useState<CaseStatus | "">("");
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "fetched", desc: true });
  const q = useDebounced(text.trim(), 150);
  const cases = useQuery({ queryKey: keys.cases({}), queryFn: () => platform.listCases({}) });
  // Full-text search runs in the store (names, numbers, people, roles, hits), not over the rows here.
  const hits = useQuery({ queryKey: keys.search(q), queryFn: () => platform.search(q), enabled: q.length > 0 });

  const rows = useMemo(() => {
    let list = cases.data ?? [];
    if (status) list = list.filter((c) => c.status === status);
    if (q) {
      const ids = new Set((hits.data ?? []).map((h) => h.caseId));
      const t = q.toLowerCase();
      list = list.filter((c) => ids.has(c.id) || (c.subjectName ?? "").toLowerCase().includes(t) || c.identifier.includes(t.replace(/[\s-]/g, "")));
    }
    const dir = sort.desc ? -1 : 1;
    return [...list].sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return x < y ? -dir : x > y ? dir : 0;
    });
  }, [cases.data, hits.data, q, status, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1000, height: 800 },
  });

  if (cases.isLoading) return <Loading what="cases" />;
  if (cases.error) return <ErrorBox error={cases.error} title="The case list could not be read." />;
  const all = cases.data ?? [];

  if (all.length === 0) {
    return (
      <div className="cases-empty" data-testid="cases-empty">
        <p>No cases yet: start a lookup on an organization to open your first case.</p>
        <button type="button" className="primary" onClick={() => openLookup()} disabled={net.offline} {...net.reasonProps}>New lookup</button>
        {net.note}
      </div>
    );
  }

  const onRowKey = (e: React.KeyboardEvent<HTMLDivElement>, i: number, c: CaseSummary) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); navigate({ name: "case", caseId: c.id, tab: "overview" }); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)));
      virtual.scrollToIndex(next);
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
    }
  };

  return (
    <div className="page cases-page">
      <div className="toolbar">
        <h1>Cases</h1>
        <input
          type="search"
          placeholder="Filter: name, number, person, role…"
          aria-label="Filter cases"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="case-filter"
        />
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value as CaseStatus | "")} aria-label="Filter by status">
            <option value="">All</option>
            {(Object.keys(CASE_STATUS) as CaseStatus[]).map((s) => <option key={s} value={s}>{CASE_STATUS[s][0]}</option>)}
          </select>
        </label>
        <span className="muted">{rows.length === all.length ? `${all.length} case${all.length === 1 ? "" : "s"}` : `${rows.length} of ${all.length} cases`}</span>
        {info.data && !info.data.online ? <Chip tone="warn" icon="○">Offline: the list comes from the local store</Chip> : null}
      </div>
      <div className="grid-table" role="table" aria-label="Cases" aria-rowcount={rows.length + 1} data-testid="case-list">
        <div ref={scrollRef} className="grid-scroll vscroll">
          <div className="grid-row grid-head" role="row">
            {COLUMNS.map(([k, label]) => (
              <div key={k} role="columnheader" aria-sort={sort.key === k ? (sort.desc ? "descending" : "ascending") : "none"}>
                <button type="button" className="sort" onClick={() => setSort((s) => ({ key: k, desc: s.key === k ? !s.desc : false }))}>
                  {label} {sort.key === k ? <span aria-hidden="true">{sort.desc ? "▼" : "▲"}</span> : null}
                </button>
              </div>
            ))}
          </div>
          {rows.length === 0 ? <p className="pad muted">No case matches “{q}”{status ? ` with status ${CASE_STATUS[status][0]}` : ""}.</p> : null}
          <div style={{ height: virtual.getTotalSize(), position: "relative" }} role="rowgroup">
            {virtual.getVirtualItems().map((v) => {
              const c = rows[v.index]!;
              const [sLabel, sTone, sIcon] = CASE_STATUS[c.status];
              return (
                <div
                  key={c.id}
                  role="row"
                  tabIndex={0}
                  className="grid-row grid-body-row"
                  data-index={v.index}
                  data-case-id={c.id}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => navigate({ name: "case", caseId: c.id, tab: "overview" })}
                  onKeyDown={(e) => onRowKey(e, v.index, c)}
                >
                  <div role="cell" className="ellipsis strong">{c.subjectName ?? (c.unreadable.includes("keyInformation")
                    ? <span className="warn-text" title="The answer's key information could not be read; its raw JSON is kept with the case.">⚠ name unreadable in the answer</span>
                    : <span className="muted">name not fetched yet</span>)}</div>
                  <div role="cell" title={countryName(c.country)}>{c.country ?? "–"}</div>
                  <div role="cell" className="mono">{c.identifierDisplay}</div>
                  <div role="cell" data-testid="case-environment"><Chip tone={c.environment === "production" ? "bad" : c.environment === "test" ? "info" : "neutral"} title={`Fetched from the ${ENV_LABEL[c.environment]} environment`}>{ENV_LABEL[c.environment]}</Chip></div>
                  <div role="cell"><Chip tone={sTone} icon={sIcon}>{sLabel}</Chip></div>
                  <div role="cell">
                    <Chip tone={riskTone(c.risk)}>{riskWords(c.risk)}</Chip>
                    {c.sanctionHits ? <span className="flag" title={hitWords(c.sanctionHits, "sanction")}> ⚠ {c.sanctionHits} sanction</span> : null}
                    {c.pepHits ? <span className="flag" title={hitWords(c.pepHits, "pep")}> ◆ {c.pepHits} PEP</span> : null}
                  </div>
                  <div role="cell">{c.decision ? <Chip tone={DECISION[c.decision][1]} icon={DECISION[c.decision][2]}>{DECISION[c.decision][0]}</Chip> : <span className="muted">none</span>}</div>
                  <div role="cell" title={c.lastFetchedAt ? `${formatDateTime(c.lastFetchedAt)} (${formatUtc(c.lastFetchedAt)})` : "Never fetched"}>{formatAgo(c.lastFetchedAt)}</div>
                  <div role="cell" className="num">{c.openSessions || <span className="muted">0</span>}</div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
