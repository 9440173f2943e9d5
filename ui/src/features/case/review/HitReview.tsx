import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usePlatform, type CaseDetail, type Disposition, type HitDispositionView, type HitView, type ReasonCode } from "../../../platform";
import { keys } from "../../../lib/queries";
import { Chip, ErrorBox, Time } from "../../../components/ui";
import { formatDate } from "../../../lib/format";
import { DECLARED, DISPOSITION, REASONS } from "./words";
import { useReviewerField } from "./useReviewer";

const TONE: Record<Disposition, "ok" | "bad" | "warn"> = { "true-match": "bad", "false-positive": "ok", escalate: "warn" };

function Recorded({ d, prefix }: { d: HitDispositionView; prefix?: string }) {
  return (
    <span>
      {prefix}
      <Chip tone={TONE[d.disposition]}>{DISPOSITION[d.disposition]}</Chip> {d.reasonLabel}
      {d.note ? <>: “{d.note}”</> : null} — {d.reviewer} <span className="muted">({DECLARED})</span>, <Time at={d.reviewedAt} />
      <span className="muted"> · list {d.list}{d.listDate ? ` of ${formatDate(d.listDate)}` : ""} as screened</span>
    </span>
  );
}

/** One hit's review: what holds now, and a form to review it (nothing pre-selected). */
export function HitReview({ c, hit }: { c: CaseDetail; hit: HitView }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [disposition, setDisposition] = useState<Disposition | null>(null);
  const [reason, setReason] = useState<ReasonCode | "">("");
  const [note, setNote] = useState("");
  const [reviewer, setReviewer] = useReviewerField();
  const m = useMutation({
    mutationFn: () =>
      platform.reviewHit({
        caseId: c.summary.id,
        hitId: hit.id,
        disposition: disposition!,
        reasonCode: reason as ReasonCode,
        note: note.trim() || undefined,
        reviewer: reviewer.trim() || undefined,
      }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.case(c.summary.id), detail);
      setOpen(false);
    },
  });
  const missing = [
    disposition ? null : "choose a disposition",
    reason ? null : "choose a reason",
    reason === "other" && !note.trim() ? "say why in the note" : null,
    reviewer.trim() ? null : "give the reviewer's name",
  ].filter((x): x is string => !!x);
  const why = missing.length ? `To save, ${missing.join(", ")}.` : null;
  return (
    <div className="hit-review" data-testid={`hit-review-${hit.id}`}>
      <p className="hit-review-state">
        {hit.disposition ? (
          <Recorded d={hit.disposition} />
        ) : hit.previous ? (
          <span data-testid="hit-changed">
            <Chip tone="warn" icon="⚠">Not reviewed</Chip> the listing or the match changed since it was reviewed (
            <Recorded d={hit.previous} prefix="was: " />)
          </span>
        ) : (
          <Chip tone="warn" icon="⚠">Not reviewed</Chip>
        )}
        {" "}<span className="mono muted small">{hit.id}</span>
        {!open ? (
          <button type="button" className="hit-review-open" onClick={() => setOpen(true)} aria-expanded={false} aria-controls={`${id}-form`}>
            {hit.disposition ? "Review again" : "Review"}
          </button>
        ) : null}
      </p>
      {open ? (
        <form
          id={`${id}-form`}
          className="hit-review-form"
          aria-label={`Review the hit on ${hit.name ?? hit.id}`}
          onSubmit={(e) => { e.preventDefault(); if (!why) m.mutate(); }}
          onKeyDown={(e) => { if (e.key === "Escape") setOpen(false); }}
        >
          <fieldset className="row-fields">
            <legend>Disposition</legend>
            {(Object.keys(DISPOSITION) as Disposition[]).map((d) => (
              <label key={d}><input type="radio" name={`${id}-disposition`} value={d} checked={disposition === d} onChange={() => setDisposition(d)} /> {DISPOSITION[d]}</label>
            ))}
          </fieldset>
          <div className="field-row">
            <label className="field">
              <span>Reason</span>
              <select value={reason} onChange={(e) => setReason(e.target.value as ReasonCode | "")} required aria-required="true">
                <option value="">Choose a reason…</option>
                {REASONS.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Reviewer ({DECLARED})</span>
              <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} required aria-required="true" />
            </label>
          </div>
          <label className="field">
            <span>Note{reason === "other" ? " (required for “Other”)" : " (optional)"}</span>
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          {m.error ? <ErrorBox error={m.error} title="The review was not saved." /> : null}
          <div className="dialog-foot">
            <span className="muted" aria-live="polite">{why}</span>
            <button type="button" onClick={() => setOpen(false)}>Cancel</button>
            <button type="submit" className="primary" disabled={!!why || m.isPending}>Save review</button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
