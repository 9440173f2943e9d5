import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { usePlatform, type BatchStarted, type SessionState } from "../../platform";
import { keys } from "../../lib/queries";
import { hrefOf, navigate } from "../../lib/router";
import { SESSION_STATE } from "../../lib/labels";
import { Chip, ErrorBox, Loading, Time } from "../../components/ui";
import { useNetworkGate } from "../../components/network";
import { EXPAND_CHOICES } from "../lookup/NewLookupDialog";
import { useProductionConfirm } from "../settings/productionConfirm";

function Upload() {
  const platform = usePlatform();
  const [csv, setCsv] = useState<{ text: string; name: string } | null>(null);
  const [drag, setDrag] = useState(false);
  const [withOwnership, setWithOwnership] = useState(true);
  const [started, setStarted] = useState<BatchStarted | null>(null);
  const net = useNetworkGate();
  const production = useProductionConfirm();
  const start = useMutation({
    mutationFn: () => platform.startBatch({
      csv: csv!.text, fileName: csv!.name,
      expands: withOwnership ? EXPAND_CHOICES.map(([k]) => k) : ["sanction"],
      reports: ["aml"],
    }),
    onSuccess: (b) => { setStarted(b); if (b.accepted > 0) navigate({ name: "batch", batchId: b.batchId }); },
  });
  const read = async (f: File | undefined) => {
    if (!f) return;
    setStarted(null);
    // FileReader rather than Blob.text(): it exists in every webview (and in jsdom).
    const text = await new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result ?? ""));
      r.onerror = () => reject(r.error);
      r.readAsText(f);
    });
    setCsv({ text, name: f.name });
  };
  const lines = csv ? csv.text.split(/\r?\n/).filter((l) => l.trim()).length : 0;
  return (
    <section className="card wide">
      <h2>Start a batch from a CSV file</h2>
      <p className="muted">One organization per line: <code>country,identifier[,name]</code>, for example <code>NO,923609016,Equinor</code>. A header line is optional.</p>
      <label
        className={`dropzone ${drag ? "drag" : ""}`}
        onDragOver={(e) => { e.preventDefault(); setDrag(true); }}
        onDragLeave={() => setDrag(false)}
        onDrop={(e) => { e.preventDefault(); setDrag(false); void read(e.dataTransfer.files[0]); }}
      >
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void read(e.target.files?.[0])} data-testid="batch-file" />
        <span>{csv ? `${csv.name}: ${lines} line${lines === 1 ? "" : "s"}` : "Drop a CSV file here, or choose one"}</span>
      </label>
      <label className="check"><input type="checkbox" checked={withOwnership} onChange={(e) => setWithOwnership(e.target.checked)} /> Full lookup (roles, figures, ownership, screening); otherwise screening only</label>
      <div className="actions">
        <button type="button" className="primary" disabled={net.offline || !csv || start.isPending} onClick={() => void production.ask("batch").then((ok) => ok && start.mutate())} data-testid="batch-start" {...net.reasonProps}>Start batch</button>
        {net.note}
      </div>
      {production.dialog}
      {start.error ? <ErrorBox error={start.error} title="The batch could not start." /> : null}
      {started && started.rejected.length ? (
        <div className="rejected" role="alert">
          <p><strong>{started.rejected.length} line{started.rejected.length === 1 ? " was" : "s were"} not accepted</strong>{started.accepted ? `; ${started.accepted} started.` : "; nothing started."} Fix them in the file and upload it again.</p>
          <RejectedTable rows={started.rejected} />
        </div>
      ) : null}
    </section>
  );
}

function RejectedTable({ rows }: { rows: { line: number; field: string; message: string }[] }) {
  return (
    <table className="table" data-testid="batch-rejected">
      <thead><tr><th scope="col" className="num">Line</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead>
      <tbody>{rows.map((r) => <tr key={`${r.line}-${r.field}`}><td className="num">{r.line}</td><td>{r.field}</td><td>{r.message}</td></tr>)}</tbody>
    </table>
  );
}

const COUNT_LABELS: [keyof Omit<import("../../platform").BatchCounts, "total">, string, "neutral" | "info" | "ok" | "bad"][] = [
  ["planned", "waiting", "neutral"], ["running", "running", "info"], ["done", "done", "ok"],
  ["failed", "failed", "bad"], ["expired", "expired", "bad"], ["cancelled", "cancelled", "neutral"],
];

function BatchView({ batchId }: { batchId: string }) {
  const platform = usePlatform();
  const q = useQuery({ queryKey: keys.batch(batchId), queryFn: () => platform.getBatch(batchId) });
  const cancel = useMutation({ mutationFn: () => platform.cancelBatch(batchId) });
  const retry = useMutation({ mutationFn: () => platform.retryBatch(batchId) });
  if (q.isLoading) return <Loading what="the batch" />;
  if (q.error || !q.data) return <ErrorBox error={q.error} title="The batch could not be read." />;
  const b = q.data;
  const c = b.counts;
  const finished = c.done + c.failed + c.expired + c.cancelled;
  const pct = c.total ? Math.round((finished / c.total) * 100) : 0;
  const failedRows = b.rows.filter((r) => r.state === "failed" || r.state === "expired");
  return (
    <section className="card wide batch-view" aria-label="Batch progress">
      <header className="card-head">
        <h2>{b.fileName ?? "Batch"} <span className="muted small">started <Time at={b.createdAt} /></span></h2>
        <span className="actions">
          <button type="button" onClick={() => cancel.mutate()} disabled={finished === c.total || cancel.isPending}>Cancel batch</button>
          <button type="button" onClick={() => retry.mutate()} disabled={c.failed + c.expired + c.cancelled === 0 || retry.isPending}>Retry failed</button>
        </span>
      </header>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={c.total} aria-valuenow={finished} aria-label={`${finished} of ${c.total} finished`}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <p data-testid="batch-counts">
        {finished} of {c.total} finished ({pct} %):{" "}
        {COUNT_LABELS.filter(([k]) => c[k] > 0).map(([k, label, tone]) => <Chip key={k} tone={tone}>{c[k]} {label}</Chip>)}
      </p>
      {cancel.error ? <ErrorBox error={cancel.error} /> : null}
      {retry.error ? <ErrorBox error={retry.error} /> : null}
      {failedRows.length ? (
        <div className="failed-rows">
          <h3>Failed rows</h3>
          <ul>{failedRows.map((r) => <li key={r.line}>Line {r.line} · <span className="mono">{r.identifierDisplay}</span>: {r.error?.message ?? "failed without a reason"}</li>)}</ul>
        </div>
      ) : null}
      <table className="table" data-testid="batch-rows">
        <thead><tr><th scope="col" className="num">Line</th><th scope="col">Identifier</th><th scope="col">Subject</th><th scope="col">State</th><th scope="col">Reason</th></tr></thead>
        <tbody>
          {b.rows.map((r) => {
            const [label, tone] = SESSION_STATE[r.state as SessionState];
            return (
              <tr key={r.line}>
                <td className="num">{r.line}</td>
                <td className="mono"><a href={hrefOf({ name: "case", caseId: r.caseId, tab: "overview" })}>{r.identifierDisplay}</a></td>
                <td>{r.subjectName ?? <span className="muted">not fetched yet</span>}</td>
                <td><Chip tone={tone}>{label}</Chip></td>
                <td>{r.error?.message ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {b.rejected.length ? (<><h3>Lines not accepted</h3><RejectedTable rows={b.rejected} /></>) : null}
    </section>
  );
}

export function BatchPage({ batchId }: { batchId?: string }) {
  return (
    <div className="page batch-page">
      <div className="toolbar"><h1>Batch</h1>{batchId ? <a href={hrefOf({ name: "batch" })}>New batch</a> : null}</div>
      <div className="cards">
        {batchId ? <BatchView batchId={batchId} /> : <Upload />}
      </div>
    </div>
  );
}
