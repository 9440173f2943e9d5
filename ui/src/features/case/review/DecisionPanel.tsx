import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usePlatform, type CaseDetail } from "../../../platform";
import { keys } from "../../../lib/queries";
import { DECISION } from "../../../lib/labels";
import { Chip, ErrorBox, Time } from "../../../components/ui";
import { DECLARED } from "./words";
import { useReviewerField } from "./useReviewer";

/**
 * The case's decision: final (who decided, who confirmed), or pending with "awaiting second
 * reviewer" and a Confirm form that refuses the preparer (the engine refuses too).
 */
export function DecisionPanel({ c }: { c: CaseDetail }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const [reviewer, setReviewer] = useReviewerField();
  const m = useMutation({
    mutationFn: () => platform.confirmDecision({ caseId: c.summary.id, reviewer: reviewer.trim() || undefined }),
    onSuccess: (detail) => qc.setQueryData(keys.case(c.summary.id), detail),
  });
  const d = c.decision;
  if (!d) return null;
  const [label, tone, icon] = DECISION[d.decision];
  if (d.state === "final")
    return (
      <section className="decision-panel" data-testid="decision-panel" aria-label="Decision">
        <Chip tone={tone} icon={icon}>{label}</Chip>{" "}
        <span>by {d.preparer}{d.confirmedBy ? <>, confirmed by {d.confirmedBy} <Time at={d.confirmedAt} /></> : <> <Time at={d.decidedAt} /></>}</span>
        <span className="muted"> (declared reviewers, not authenticated)</span>
        <p className="small">Reason: {d.reason}</p>
      </section>
    );
  const own = reviewer.trim().toLowerCase() === d.preparer.trim().toLowerCase();
  const why = !reviewer.trim() ? "Give the second reviewer's name." : own ? `${d.preparer} prepared this decision and cannot confirm it: four-eyes needs a second, different reviewer.` : null;
  return (
    <section className="decision-panel pending" data-testid="decision-panel" aria-label="Decision awaiting a second reviewer">
      <p>
        <Chip tone="warn" icon="⏱">Awaiting second reviewer</Chip>{" "}
        <strong>{label.replace(/d$/, "")}</strong> prepared by {d.preparer} <span className="muted">({DECLARED})</span>, <Time at={d.decidedAt} />.
        {" "}Reason: {d.reason}
      </p>
      <form className="field-row" onSubmit={(e) => { e.preventDefault(); if (!why) m.mutate(); }} aria-label="Confirm as second reviewer">
        <label className="field">
          <span>Second reviewer ({DECLARED})</span>
          <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} aria-invalid={own} aria-describedby="confirm-why" />
        </label>
        <button type="submit" className="primary" disabled={!!why || m.isPending}>Confirm decision</button>
        <span id="confirm-why" className="muted" aria-live="polite" data-testid="confirm-why">{why}</span>
      </form>
      {m.error ? <ErrorBox error={m.error} title="The decision was not confirmed." /> : null}
    </section>
  );
}
