import { useState } from "react";
import type { DiscrepancyView, NoticeEvidence } from "../../../platform";
import { Card, Chip, Time } from "../../../components/ui";
import { shortHash } from "../../../lib/format";

const TITLE = "Discrepancy with the register — draft notice (RRH-0120)";

function Evidence({ e }: { e: NoticeEvidence }) {
  return (
    <li>
      {e.source}, section <code>{e.section}</code>{e.about ? <> of {e.about}</> : null}, fetched <Time at={e.fetchedAt} /> · answer SHA-256{" "}
      <span className="mono" title={e.answerSha256}>{shortHash(e.answerSha256)}</span>
      {e.reports.map((r) => (
        <span key={r.sha256}> · report “{r.title}” SHA-256 <span className="mono" title={r.sha256}>{shortHash(r.sha256)}</span></span>
      ))}
    </li>
  );
}

/** The owners the register names against those computed under NO-REG (`CaseDetail.discrepancy`). */
export function DiscrepancyCard({ d }: { d: DiscrepancyView }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  if (d.status === "notApplicable") return null;
  const n = d.notice;
  if (!n) {
    const unreadable = d.status === "registerUnreadable" || d.status === "ownershipUnreadable";
    return (
      <Card title="Discrepancy with the register" className="wide">
        <p className={unreadable ? "state-note warn" : "state-note"} role={unreadable ? "alert" : undefined} data-testid="discrepancy-status" data-status={d.status}>
          {unreadable ? <Chip tone="bad" icon="⚠">Unreadable</Chip> : d.status === "noneFound" ? <Chip tone="ok" icon="✓">No discrepancy</Chip> : <Chip tone="warn">Nothing to compare</Chip>}{" "}
          {d.message}
        </p>
      </Card>
    );
  }
  const copy = () => {
    const done = navigator.clipboard?.writeText(n.text);
    if (!done) { setCopied("failed"); return; }
    void done.then(() => { setCopied("yes"); setTimeout(() => setCopied("no"), 1500); }, () => setCopied("failed"));
  };
  return (
    <Card
      title={TITLE}
      className="wide"
      actions={<button type="button" onClick={copy} data-testid="discrepancy-copy">{copied === "yes" ? "✓ Copied" : "Copy text"}</button>}
    >
      <div data-testid="discrepancy-notice" data-status={d.status}>
        <p>
          <Chip tone="warn" icon="⚠">{n.differences.length === 1 ? "1 difference" : `${n.differences.length} differences`}</Chip>{" "}
          {d.message} To: <strong>{n.addressee}</strong>, form {n.form}. Entity: {n.subject.name}, <span className="mono">{n.subject.identifierDisplay}</span>.
        </p>
        {copied === "failed" ? <p className="state-note warn" role="alert">The text could not be copied here; select it under “Draft text” instead.</p> : null}
        <table className="table">
          <thead>
            <tr><th scope="col">Person</th><th scope="col">The register says</th><th scope="col">Computed under NO-REG</th><th scope="col">Evidence</th></tr>
          </thead>
          <tbody>
            {n.differences.map((x, i) => (
              <tr key={i}>
                <td>
                  <strong>{x.person}</strong>{x.dateOfBirth ? <div className="muted small">born {x.dateOfBirth}</div> : null}
                  {x.open ? <div><Chip tone="warn">Open: check first</Chip></div> : null}
                </td>
                <td>{x.registerSays}</td>
                <td>{x.computed}</td>
                <td className="small"><ul className="plain">{x.evidence.map((e, k) => <Evidence key={k} e={e} />)}</ul></td>
              </tr>
            ))}
          </tbody>
        </table>
        {n.caveats.length ? <ul className="small">{n.caveats.map((c, i) => <li key={i}>{c}</li>)}</ul> : null}
        <details>
          <summary>Draft text</summary>
          <pre className="notice-text" data-testid="discrepancy-text">{n.text}</pre>
        </details>
      </div>
    </Card>
  );
}
