import { useState } from "react";
import type { CaseDetail } from "../../platform";
import { Copyable, Empty, Time } from "../../components/ui";
import { formatAgo, formatBytes, PROVIDER_LABEL } from "../../lib/format";
import { PdfViewer } from "./PdfViewer";

export function ReportsTab({ c }: { c: CaseDetail }) {
  // The AML report first: it is what the officer reads; then the certificate, then the rest.
  const order = (kind: string) => ["aml", "certificate-of-registration"].indexOf(kind) >>> 0;
  const pdfs = c.documents
    .filter((d) => d.mediaType === "application/pdf")
    .sort((a, b) => order(a.kind) - order(b.kind));
  const [sel, setSel] = useState(pdfs[0]?.sha256 ?? null);
  const current = pdfs.find((d) => d.sha256 === sel) ?? pdfs[0];
  if (!current) return <Empty>No reports stored for this case. Reports are requested in the lookup (AML report, certificate of registration, beneficial owners).</Empty>;
  const expired = current.upstreamExpiresAt ? Date.parse(current.upstreamExpiresAt) < Date.now() : false;
  return (
    <div className="reports">
      <aside className="report-list" aria-label="Reports">
        <ul>
          {pdfs.map((d) => (
            <li key={d.sha256}>
              <button type="button" data-doc-kind={d.kind} aria-pressed={d.sha256 === current.sha256} onClick={() => setSel(d.sha256)}>
                <strong>{d.title}</strong>
                <span className="muted small"><Time at={d.fetchedAt} /> · {formatBytes(d.bytes)}</span>
              </button>
            </li>
          ))}
        </ul>
        <dl className="kv small doc-meta">
          <dt>Source</dt><dd>{PROVIDER_LABEL[current.source]}</dd>
          <dt>Fetched</dt><dd title={formatAgo(current.fetchedAt)}><Time at={current.fetchedAt} /></dd>
          <dt>Upstream copy</dt>
          <dd>{current.upstreamExpiresAt ? <>{expired ? "expired" : "expires"} <Time at={current.upstreamExpiresAt} /></> : "–"}<div className="muted">The local copy stays.</div></dd>
          <dt>SHA-256</dt><dd><Copyable text={current.sha256} display={`${current.sha256.slice(0, 16)}…`} label="SHA-256" /></dd>
          <dt>Size</dt><dd>{formatBytes(current.bytes)}</dd>
        </dl>
      </aside>
      <PdfViewer key={current.sha256} sha256={current.sha256} title={current.title} />
    </div>
  );
}
