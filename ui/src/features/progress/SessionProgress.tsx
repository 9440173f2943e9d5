import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { usePlatform, type EntityProgress, type SessionView } from "../../platform";
import { formatBytes, formatDuration, PROVIDER_LABEL, shortHash } from "../../lib/format";
import { ENTITY_STATE, SESSION_STATE } from "../../lib/labels";
import { Chip, ErrorBox, Time } from "../../components/ui";

const TERMINAL = new Set(["done", "failed", "expired", "cancelled"]);
export const isRunning = (s: SessionView) => !TERMINAL.has(s.state);

/** Re-renders every second while something runs: the clock is local, the state comes from events. */
function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function entityLine(e: EntityProgress, s: SessionView, now: number): string {
  const [words] = ENTITY_STATE[e.state];
  if (e.state === "downloaded") {
    return `${e.label} · downloaded · ${formatBytes(e.bytes)} · sha256 ${shortHash(e.sha256, 4)}`;
  }
  const live = isRunning(s) && (e.state === "inProgress" || e.state === "ready")
    ? Math.max(e.elapsedMs, now - Date.parse(s.createdAt))
    : e.elapsedMs;
  return `${e.label} · ${words}${e.state === "notStarted" ? "" : ` · ${formatDuration(live)}`}`;
}

export function SessionCard({ s, now }: { s: SessionView; now: number }) {
  const platform = usePlatform();
  const cancel = useMutation({ mutationFn: () => platform.cancelSession(s.id) });
  const rerun = useMutation({ mutationFn: () => platform.rerunSession(s.id) });
  const [label, tone] = SESSION_STATE[s.state];
  return (
    <li className="session">
      <div className="session-head">
        <strong>{PROVIDER_LABEL[s.provider]}</strong>
        <Chip tone={tone}>{label}</Chip>
        <span className="muted small" title={s.upstreamId ?? "no upstream session yet"}>
          started <Time at={s.createdAt} />
          {s.attempts > 1 ? ` · attempt ${s.attempts}` : ""}
          {s.expiresAt && isRunning(s) ? <> · results downloadable until <Time at={s.expiresAt} /></> : null}
        </span>
        <span className="spacer" />
        {isRunning(s) ? <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>Cancel</button> : null}
        {s.state === "failed" || s.state === "expired" || s.state === "cancelled" ? (
          <button type="button" onClick={() => rerun.mutate()} disabled={rerun.isPending}>Run again</button>
        ) : null}
      </div>
      <ol className="entities">
        {s.entities.map((e) => (
          <li key={e.entity} className={`entity entity-${e.state}`}>
            <span aria-hidden="true" className="entity-icon">{e.state === "downloaded" ? "✓" : e.state === "failed" || e.state === "expired" ? "✕" : e.state === "notStarted" ? "○" : "◐"}</span>
            <span title={e.sha256 ?? undefined}>{entityLine(e, s, now)}</span>
          </li>
        ))}
      </ol>
      {s.error ? <ErrorBox error={s.error} /> : null}
      {cancel.error ? <ErrorBox error={cancel.error} /> : null}
      {rerun.error ? <ErrorBox error={rerun.error} /> : null}
    </li>
  );
}

/** Compact timeline of a case's sessions, newest first. */
export function SessionProgress({ sessions, title = "Lookups", testId = "session-progress" }: { sessions: SessionView[]; title?: string; testId?: string | null }) {
  const running = sessions.some(isRunning);
  const now = useNow(running);
  const ordered = [...sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="progress" data-testid={testId ?? undefined} aria-label={title} aria-live="polite" aria-busy={running}>
      <ul className="sessions">
        {ordered.map((s) => <SessionCard key={s.id} s={s} now={now} />)}
      </ul>
    </section>
  );
}
