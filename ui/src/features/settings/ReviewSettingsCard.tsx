// Review settings of the active environment's profile — the same engine functions as
// `amldesk review-settings show|set` (store key `review.settings`, each change audited).
import { useEffect, useId, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePlatform, toPlatformError, type FourEyes, type ReviewSettings } from "../../platform";
import { ErrorBox, Loading } from "../../components/ui";

export const reviewSettingsKey = ["reviewSettings"] as const;

const FOUR_EYES: [FourEyes, string][] = [
  ["pepOrSanction", "For cases with a sanction or PEP hit (or unreadable screening)"],
  ["always", "Always: every decision needs a second reviewer"],
  ["off", "Never: one reviewer decides alone"],
];

type Draft = { fourEyes: FourEyes; retainYears: string; reviewer: string };

const draftOf = (s: ReviewSettings): Draft => ({ fourEyes: s.fourEyes, retainYears: String(s.retainYears), reviewer: s.reviewer ?? "" });

/** What is wrong with the draft before it is sent, by field (the engine checks again). */
function check(d: Draft): { field: string; message: string } | null {
  const n = Number(d.retainYears);
  if (!/^\d+$/.test(d.retainYears.trim()) || n < 1 || n > 100)
    return { field: "retention years", message: `Retention years: “${d.retainYears}” is not a whole number of years from 1 to 100.` };
  return null;
}

function Form({ settings }: { settings: ReviewSettings }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  useEffect(() => setDraft(draftOf(settings)), [settings]);
  const stored = draftOf(settings);
  const dirty = draft.fourEyes !== stored.fourEyes || draft.retainYears.trim() !== stored.retainYears || draft.reviewer.trim() !== stored.reviewer;
  const local = check(draft);
  const save = useMutation({
    mutationFn: () => platform.saveReviewSettings({ fourEyes: draft.fourEyes, retainYears: Number(draft.retainYears), reviewer: draft.reviewer.trim() || undefined }),
    onSuccess: (s) => {
      qc.setQueryData(reviewSettingsKey, s);
      void qc.invalidateQueries({ queryKey: ["defaultReviewer"] });
    },
  });
  const bad = local?.field ?? (save.error ? toPlatformError(save.error).field : undefined);
  return (
    <form
      aria-label="Review settings"
      data-testid="review-settings"
      onSubmit={(e) => { e.preventDefault(); if (dirty && !local) save.mutate(); }}
    >
      <fieldset className="row-fields">
        <legend>Four-eyes: when a decision needs a second, different reviewer</legend>
        {FOUR_EYES.map(([v, label]) => (
          <label key={v} className="check">
            <input type="radio" name={`${id}-four-eyes`} value={v} checked={draft.fourEyes === v} onChange={() => setDraft({ ...draft, fourEyes: v })} data-testid={`four-eyes-${v}`} /> {label}
          </label>
        ))}
      </fieldset>
      <label className="field" htmlFor={`${id}-years`}>
        <span>Retention: years a closed case is kept after the relationship ended</span>
        <input
          id={`${id}-years`} inputMode="numeric" value={draft.retainYears} aria-invalid={bad === "retention years" ? true : undefined}
          aria-describedby={bad === "retention years" ? `${id}-err` : undefined}
          onChange={(e) => setDraft({ ...draft, retainYears: e.target.value })} data-testid="review-retain-years"
        />
      </label>
      <label className="field" htmlFor={`${id}-reviewer`}>
        <span>Reviewer name (declared, not authenticated; empty: the OS user)</span>
        <input
          id={`${id}-reviewer`} value={draft.reviewer} autoComplete="off" spellCheck={false} aria-invalid={bad === "reviewer" ? true : undefined}
          aria-describedby={bad === "reviewer" ? `${id}-err` : undefined}
          onChange={(e) => setDraft({ ...draft, reviewer: e.target.value })} data-testid="review-reviewer"
        />
      </label>
      {local && dirty ? <p className="field-warn" role="alert" id={`${id}-err`} data-testid="review-settings-invalid">{local.message}</p> : null}
      {save.error ? <ErrorBox error={save.error} title="The review settings were not saved." testId="review-settings-error" /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!dirty || !!local || save.isPending} data-testid="review-settings-save">
          {save.isPending ? "Saving…" : "Save review settings"}
        </button>
        {dirty ? <button type="button" onClick={() => { setDraft(stored); save.reset(); }}>Discard changes</button> : null}
        {save.isSuccess && !dirty ? <span className="muted" role="status" data-testid="review-settings-saved">Saved (recorded in the audit log).</span> : null}
      </div>
    </form>
  );
}

/** The "Review" section of Settings. */
export function ReviewSettingsCard() {
  const platform = usePlatform();
  const q = useQuery({ queryKey: reviewSettingsKey, queryFn: () => platform.getReviewSettings() });
  return (
    <section className="card" aria-label="Review">
      <h2>Review</h2>
      <p className="muted small">For the active environment's cases; the same settings as <span className="mono">amldesk review-settings</span>.</p>
      {q.isLoading ? <Loading what="the review settings" /> : q.error || !q.data ? <ErrorBox error={q.error} title="The review settings could not be read." /> : <Form settings={q.data} />}
    </section>
  );
}
