import { useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { usePlatform, type CaseDetail, type Decision } from "../../platform";
import { PROVIDER_LABEL } from "../../lib/format";
import { DECISION, SESSION_STATE } from "../../lib/labels";
import { ErrorBox, Time } from "../../components/ui";
import { isRunning } from "../progress/SessionProgress";
import { hitWords } from "./hits";

const WORDS: Record<Decision, string> = { approve: "Approve", reject: "Reject", escalate: "Escalate" };

/** Until per-hit review exists, every sanction and PEP hit of the case counts as not reviewed. */
export function unreviewedHits(c: CaseDetail): number {
  return c.summary.sanctionHits + c.summary.pepHits;
}

/**
 * Deciding is deliberate: nothing is pre-selected and focus starts on the dialog's summary (not on
 * Approve); the dialog names the hits not reviewed and the sessions still running, and a decision
 * is saved only with a chosen outcome and a reason.
 */
export function DecideDialog({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const platform = usePlatform();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState("");
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => summaryRef.current?.focus(), []);
  const m = useMutation({
    mutationFn: (d: Decision) => platform.setDecision({ caseId: c.summary.id, decision: d, note: note.trim() }),
    onSuccess: onClose,
  });
  const hits = unreviewedHits(c);
  const { sanctionHits, pepHits } = c.summary;
  const running = c.sessions.filter(isRunning);
  const missing = [
    decision ? null : "choose a decision",
    note.trim() ? null : hits ? `give a reason (${hits} hit${hits === 1 ? " is" : "s are"} not reviewed)` : "give a reason",
  ].filter((x): x is string => !!x);
  const why = missing.length ? `To save, ${missing.join(" and ")}.` : null;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Decide"
        aria-describedby="decide-summary"
        data-testid="decide-dialog"
        onSubmit={(e) => { e.preventDefault(); if (decision && note.trim()) m.mutate(decision); }}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
      >
        <header className="dialog-head"><h2>Decide on {c.summary.subjectName ?? c.summary.identifierDisplay}</h2></header>
        <div id="decide-summary" ref={summaryRef} tabIndex={-1} className="decide-summary" data-testid="decide-summary">
          {hits ? (
            <p className="decide-warn" data-testid="decide-unreviewed">
              <span aria-hidden="true">⚠ </span>
              <strong>{hits} hit{hits === 1 ? "" : "s"} not reviewed</strong>
              {" "}({[sanctionHits ? hitWords(sanctionHits, "sanction") : null, pepHits ? hitWords(pepHits, "pep") : null].filter(Boolean).join(", ")}).
              {" "}Hits cannot be reviewed one by one yet, so every hit counts as not reviewed: say in the reason how you assessed them.
            </p>
          ) : (
            <p>No sanction or PEP hits in this case.</p>
          )}
          {running.length ? (
            <div className="decide-warn" data-testid="decide-running">
              <p><span aria-hidden="true">⏱ </span><strong>{running.length} lookup session{running.length === 1 ? " is" : "s are"} still running</strong>; their results are not in the case yet:</p>
              <ul>
                {running.map((s) => (
                  <li key={s.id}>{PROVIDER_LABEL[s.provider]} · {SESSION_STATE[s.state][0]} · started <Time at={s.createdAt} /></li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <fieldset className="row-fields">
          <legend>Decision</legend>
          {(Object.keys(DECISION) as Decision[]).map((d) => (
            <label key={d}><input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {WORDS[d]}</label>
          ))}
        </fieldset>
        <label className="field">
          <span>Reason (required; kept in the case file and the audit log)</span>
          <textarea rows={4} value={note} onChange={(e) => setNote(e.target.value)} required aria-required="true" />
        </label>
        {m.error ? <ErrorBox error={m.error} title="The decision was not saved." /> : null}
        <footer className="dialog-foot">
          <span className="muted" id="decide-why" data-testid="decide-why" aria-live="polite">{why}</span>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={!!why || m.isPending} aria-describedby={why ? "decide-why" : undefined}>Save decision</button>
        </footer>
      </form>
    </div>
  );
}
