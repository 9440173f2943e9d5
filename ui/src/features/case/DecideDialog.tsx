import { useEffect, useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { usePlatform, type CaseDetail, type Decision } from "../../platform";
import { PROVIDER_LABEL } from "../../lib/format";
import { DECISION, SESSION_STATE } from "../../lib/labels";
import { DialogForm, ErrorBox, Time } from "../../components/ui";
import { isRunning } from "../progress/SessionProgress";
import { DECLARED } from "./review/words";
import { useReviewerField } from "./review/useReviewer";

const WORDS: Record<Decision, string> = { approve: "Approve", reject: "Reject", escalate: "Escalate" };

/** Hits without a disposition that holds (the engine's count, hit by hit). */
export function unreviewedHits(c: CaseDetail): number {
  return c.hits.unreviewed;
}

/** Why Approve cannot be chosen now, or null. The engine refuses it too. */
export function approveBlocked(c: CaseDetail): string | null {
  if (c.hits.availability === "unreadable") return "Approve is not possible: the screening could not be read, so its hits are unknown.";
  const n = c.hits.unreviewed;
  return n ? `Approve is not possible while ${n} hit${n === 1 ? " is" : "s are"} not reviewed: review each hit in Sanctions & PEP, or reject or escalate.` : null;
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
  const [reviewer, setReviewer] = useReviewerField();
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => summaryRef.current?.focus(), []);
  const m = useMutation({
    mutationFn: (d: Decision) => platform.setDecision({ caseId: c.summary.id, decision: d, note: note.trim(), reviewer: reviewer.trim() || undefined }),
    onSuccess: onClose,
  });
  const hits = unreviewedHits(c);
  const total = c.hits.hits.length;
  const blocked = approveBlocked(c);
  const running = c.sessions.filter(isRunning);
  const missing = [
    decision ? null : "choose a decision",
    decision === "approve" && blocked ? "choose reject or escalate" : null,
    note.trim() ? null : hits ? `give a reason (${hits} hit${hits === 1 ? " is" : "s are"} not reviewed)` : "give a reason",
    reviewer.trim() ? null : "give the reviewer's name",
  ].filter((x): x is string => !!x);
  const why = missing.length ? `To save, ${missing.join(" and ")}.` : null;
  return (
    <DialogForm
      label="Decide"
      describedBy="decide-summary"
      testId="decide-dialog"
      onSubmit={() => { if (decision && !why) m.mutate(decision); }}
      onClose={onClose}
    >
        <header className="dialog-head"><h2>Decide on {c.summary.subjectName ?? c.summary.identifierDisplay}</h2></header>
        <div id="decide-summary" ref={summaryRef} tabIndex={-1} className="decide-summary" data-testid="decide-summary">
          {hits ? (
            <p className="decide-warn" data-testid="decide-unreviewed">
              <span aria-hidden="true">⚠ </span>
              <strong>{hits} hit{hits === 1 ? "" : "s"} not reviewed</strong> (of {total}).
              {" "}{blocked}
            </p>
          ) : c.hits.availability === "unreadable" ? (
            <p className="decide-warn" data-testid="decide-unreadable"><span aria-hidden="true">⚠ </span>{blocked}</p>
          ) : total ? (
            <p data-testid="decide-reviewed">All {total} hits reviewed.</p>
          ) : (
            <p>No sanction or PEP hits in this case.</p>
          )}
          {c.fourEyes ? (
            <p data-testid="decide-four-eyes">Four-eyes: this decision is final only when a second, different reviewer confirms it.</p>
          ) : null}
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
            <label key={d} title={d === "approve" && blocked ? blocked : undefined}>
              <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} disabled={d === "approve" && !!blocked} aria-describedby={d === "approve" && blocked ? "decide-summary" : undefined} /> {WORDS[d]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Reason (required; kept in the case file and the audit log)</span>
          <textarea rows={4} value={note} onChange={(e) => setNote(e.target.value)} required aria-required="true" />
        </label>
        <label className="field">
          <span>Reviewer ({DECLARED})</span>
          <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} required aria-required="true" />
        </label>
        {m.error ? <ErrorBox error={m.error} title="The decision was not saved." /> : null}
        <footer className="dialog-foot">
          <span className="muted" id="decide-why" data-testid="decide-why" aria-live="polite">{why}</span>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={!!why || m.isPending} aria-describedby={why ? "decide-why" : undefined}>Save decision</button>
        </footer>
    </DialogForm>
  );
}
