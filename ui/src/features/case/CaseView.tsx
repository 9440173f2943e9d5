import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { usePlatform, type CaseDetail, type CaseFileExported } from "../../platform";
import { useCase } from "../../lib/queries";
import { navigate } from "../../lib/router";
import { countryName, ENV_LABEL, formatAgo, PROVIDER_LABEL } from "../../lib/format";
import { CASE_STATUS, DECISION, riskTone, riskWords } from "../../lib/labels";
import { Chip, Copyable, ErrorBox, Loading, Time } from "../../components/ui";
import { useNetworkGate } from "../../components/network";
import { SessionProgress, isRunning } from "../progress/SessionProgress";
import { useLookup } from "../shell/lookupContext";
import { hasPendingPush, takePendingPush } from "../lookup/pendingPush";
import { OverviewTab } from "./OverviewTab";
import { ActivityTab, BeneficialTab, PeerTab, RiskTab, SanctionsTab } from "./tabs";
import { hitTotal, hitWords } from "./hits";
import { DecideDialog } from "./DecideDialog";
import { ExportDialog } from "./ExportDialog";
import { DecisionPanel } from "./review/DecisionPanel";

// Cytoscape + ELK and pdf.js are most of the bundle: loaded when their tab is first opened, not
// at the first screen (docs/PERFORMANCE.md, `bench app`).
const loadOwnership = () => import("../ownership/OwnershipTab");
const loadReports = () => import("../reports/ReportsTab");
const OwnershipTab = lazy(() => loadOwnership().then((m) => ({ default: m.OwnershipTab })));
const ReportsTab = lazy(() => loadReports().then((m) => ({ default: m.ReportsTab })));
/** Loads both tabs now: for tests, whose waits are shorter than a cold import of Cytoscape. */
export const preloadCaseTabs = () => Promise.all([loadOwnership(), loadReports()]);

export const TABS: [string, string][] = [
  ["overview", "Overview"], ["ownership", "Ownership"], ["beneficial", "Beneficial owners"], ["sanctions", "Sanctions & PEP"],
  ["reports", "Reports"], ["risk", "Risk (Amlyze)"], ["peer", "Peer data"], ["activity", "Activity"],
];

function Header({ c, onDecide, onExport, exported }: { c: CaseDetail; onDecide: () => void; onExport: () => void; exported: CaseFileExported | null }) {
  const platform = usePlatform();
  const { openLookup } = useLookup();
  const s = c.summary;
  const legal = c.organization?.view?.keyInformation.legalForm ?? null;
  const latestByProvider = new Map<string, string>();
  for (const x of [...c.sessions].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) if (x.provider === "organization" || x.provider === "beneficial") latestByProvider.set(x.provider, x.id);
  const rerun = useMutation({ mutationFn: async () => { for (const id of latestByProvider.values()) await platform.rerunSession(id); } });
  const running = c.sessions.some(isRunning);
  const net = useNetworkGate();
  const p = c.organization?.provenance;
  const [sLabel, sTone, sIcon] = CASE_STATUS[s.status];
  return (
    <header className="case-head">
      <div className="case-title-row">
        <h1 data-testid="case-title">{s.subjectName ?? s.identifierDisplay}</h1>
        <span className="actions">
          {net.note}
          <button type="button" onClick={() => rerun.mutate()} disabled={net.offline || running || rerun.isPending || latestByProvider.size === 0} title={running ? "A lookup is still running" : "Fetch everything again with the same options"} {...net.reasonProps}>Re-run</button>
          <button type="button" onClick={() => openLookup({ caseId: s.id })} disabled={net.offline} {...net.reasonProps}>More lookups</button>
          <button type="button" className="primary" onClick={onDecide} data-testid="decide-button">Decide</button>
          <button type="button" data-testid="export-case" onClick={onExport} disabled={running} title={running ? "A lookup is still running" : "Write the case file (summary, reports, raw answers, ownership, audit log, manifest) to a folder or a .zip file"}>
            Export case file…
          </button>
        </span>
      </div>
      {exported ? (
        <p role="status" data-testid="export-status" className="small">
          Case file written to <Copyable text={exported.path} display={exported.path} label="case file path" /> ({exported.files} files) · manifest SHA-256{" "}
          <Copyable text={exported.manifestSha256} display={`${exported.manifestSha256.slice(0, 16)}…`} label="manifest SHA-256" /> (kept in the audit log)
        </p>
      ) : null}
      <div className="case-meta">
        <Copyable text={s.identifier} display={s.identifierDisplay} label="identifier" />
        <span>{countryName(s.country)}</span>
        {legal ? <span>{legal}</span> : null}
        <Chip tone={sTone} icon={sIcon}>{sLabel}</Chip>
        <Chip tone={riskTone(s.risk)}>Risk: {riskWords(s.risk)}</Chip>
        {s.sanctionHits ? <Chip tone="bad" icon="⚠">{hitWords(s.sanctionHits, "sanction")}</Chip> : null}
        {s.pepHits ? <Chip tone="warn" icon="◆">{hitWords(s.pepHits, "pep")}</Chip> : null}
        {s.decision ? <Chip tone={DECISION[s.decision][1]} icon={DECISION[s.decision][2]}>{DECISION[s.decision][0]}</Chip> : null}
        {c.decision?.state === "pending" ? <Chip tone="warn" icon="⏱">{DECISION[c.decision.decision][0]}, awaiting second reviewer</Chip> : null}
        {p?.stale ? <Chip tone="warn" icon="⏱">Stale data</Chip> : null}
      </div>
      <p className="provenance">
        {p ? <>Fetched <Time at={p.fetchedAt} /> ({formatAgo(p.fetchedAt)}) from {PROVIDER_LABEL[p.provider]} ({ENV_LABEL[p.environment]})</> : <>Not fetched yet · {ENV_LABEL[s.environment]}</>}
      </p>
      {rerun.error ? <ErrorBox error={rerun.error} title="The lookup could not start again." /> : null}
    </header>
  );
}

export function CaseView({ caseId, tab }: { caseId: string; tab: string }) {
  const platform = usePlatform();
  const q = useCase(caseId);
  const [deciding, setDeciding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<CaseFileExported | null>(null);
  // The last export shown belongs to this case only.
  useEffect(() => { setExported(null); setExporting(false); }, [caseId]);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const active = TABS.some(([k]) => k === tab) ? tab : "overview";
  const setTab = (t: string) => navigate({ name: "case", caseId, tab: t });

  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (!(e.altKey || e.ctrlKey || e.metaKey)) return;
      const i = Number(e.key) - 1;
      if (Number.isInteger(i) && i >= 0 && i < TABS.length) {
        e.preventDefault();
        setTab(TABS[i]![0]);
        tabRefs.current[TABS[i]![0]]?.focus();
      }
    };
    window.addEventListener("keydown", on);
    return () => window.removeEventListener("keydown", on);
  });

  const c = q.data;
  useEffect(() => {
    if (c && c.organization && !c.sessions.some(isRunning) && hasPendingPush(c.summary.id)) {
      takePendingPush(c.summary.id);
      void platform.amlyzePush({ caseId: c.summary.id, validateOnly: false });
    }
  }, [c, platform]);

  if (q.isLoading) return <Loading what="the case" />;
  if (q.error || !c) return <ErrorBox error={q.error} title="The case could not be opened." />;

  const running = c.sessions.filter(isRunning);
  // The Reports tab lists the PDFs; raw JSON documents are kept too but are not reports.
  const pdfCount = c.documents.filter((d) => d.mediaType === "application/pdf").length;
  // A failure stays in view until a later session of the same provider supersedes it.
  const failed = c.sessions.filter((s) => (s.state === "failed" || s.state === "expired") &&
    !c.sessions.some((o) => o.provider === s.provider && o.createdAt > s.createdAt));
  const latest = [...c.sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const lastBatch = latest.filter((s) => latest[0] && Math.abs(Date.parse(s.createdAt) - Date.parse(latest[0].createdAt)) < 60_000);
  const onTabKey = (e: React.KeyboardEvent, i: number) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]![0];
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="page case-page">
      <Header c={c} onDecide={() => setDeciding(true)} onExport={() => setExporting(true)} exported={exported} />
      <DecisionPanel c={c} />
      {running.length || failed.length ? (
        <SessionProgress sessions={[...running, ...failed.filter((f) => !running.includes(f))]} />
      ) : lastBatch.length ? (
        <details className="progress-summary" data-testid="session-progress">
          <summary>Last lookup <Time at={lastBatch[0]!.updatedAt} />: {lastBatch.length} session{lastBatch.length === 1 ? "" : "s"} done, {plural(lastBatch.reduce((a, s) => a + s.entities.filter((e) => e.state === "downloaded").length, 0), "result")} downloaded</summary>
          <SessionProgress sessions={lastBatch} testId={null} />
        </details>
      ) : null}
      <div className="tabs" role="tablist" aria-label="Case sections">
        {TABS.map(([k, label], i) => (
          <button
            key={k}
            ref={(el) => { tabRefs.current[k] = el; }}
            role="tab"
            type="button"
            id={`tab-${k}`}
            aria-selected={active === k}
            aria-controls={`panel-${k}`}
            tabIndex={active === k ? 0 : -1}
            data-testid={`tab-${k}`}
            onClick={() => setTab(k)}
            onKeyDown={(e) => onTabKey(e, i)}
            title={`Alt+${i + 1}`}
          >
            {label}
            {k === "sanctions" && hitTotal(c.summary) > 0 ? <span className="tab-count" title={`${hitWords(c.summary.sanctionHits, "sanction")}, ${hitWords(c.summary.pepHits, "pep")}`}> ({hitTotal(c.summary)})</span> : null}
            {k === "reports" && pdfCount ? <span className="tab-count"> ({pdfCount})</span> : null}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === "overview" ? <OverviewTab c={c} /> : null}
        {active === "ownership" ? <Suspense fallback={<Loading what="the ownership graph" />}><OwnershipTab c={c} /></Suspense> : null}
        {active === "beneficial" ? <BeneficialTab c={c} /> : null}
        {active === "sanctions" ? <SanctionsTab c={c} /> : null}
        {active === "reports" ? <Suspense fallback={<Loading what="the reports" />}><ReportsTab c={c} /></Suspense> : null}
        {active === "risk" ? <RiskTab c={c} /> : null}
        {active === "peer" ? <PeerTab c={c} /> : null}
        {active === "activity" ? <ActivityTab c={c} /> : null}
      </div>
      {deciding ? <DecideDialog c={c} onClose={() => setDeciding(false)} /> : null}
      {exporting ? <ExportDialog c={c} onClose={() => setExporting(false)} onDone={setExported} /> : null}
    </div>
  );
}

/** `1 result`, `3 results`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
