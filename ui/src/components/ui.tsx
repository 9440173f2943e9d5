import { useState, type FormEvent, type ReactNode } from "react";
import { adviceFor, toPlatformError } from "../platform";
import type { Provenance } from "../platform";
import { ENV_LABEL, PROVIDER_LABEL, formatAgo, formatDateTime, formatUtc } from "../lib/format";
import type { Availability } from "../lib/orgModel";

/** A date-time in local time with its offset (`2026-11-22 14:05 +01:00`); the UTC time on hover. */
export function Time({ at, className }: { at: string | null | undefined; className?: string }) {
  if (!at) return <>–</>;
  return <time dateTime={at} title={formatUtc(at)} className={className}>{formatDateTime(at)}</time>;
}

export type Tone = "neutral" | "ok" | "warn" | "bad" | "info";

/** A status chip: always words, colour only reinforces them. */
export function Chip({ tone = "neutral", icon, children, title }: { tone?: Tone; icon?: string; children: ReactNode; title?: string }) {
  return (
    <span className={`chip chip-${tone}`} title={title}>
      {icon ? <span aria-hidden="true">{icon} </span> : null}
      {children}
    </span>
  );
}

/** What happened (message), what to do (by code), and the technical detail behind a disclosure. */
export function ErrorBox({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  const e = toPlatformError(error);
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      {title ? <strong>{title}</strong> : null}
      <p>{e.message}</p>
      <p className="muted">{adviceFor(e.code)}</p>
      {e.detail ? (
        <details>
          <summary>Details</summary>
          <pre>{e.detail}</pre>
        </details>
      ) : null}
    </div>
  );
}

export function Copyable({ text, display, label }: { text: string; display?: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copyable">
      <span className="mono">{display ?? text}</span>
      <button
        type="button"
        className="icon-button"
        aria-label={`Copy ${label ?? "value"} ${display ?? text}`}
        title="Copy"
        onClick={() => {
          void navigator.clipboard?.writeText(text).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? "✓ copied" : "copy"}
      </button>
    </span>
  );
}

export function ProvenanceLine({ p, availability, sources }: { p: Provenance | null | undefined; availability?: Availability; sources?: string[] }) {
  if (!p) return <p className="provenance">Not fetched yet.</p>;
  return (
    <p className="provenance">
      {availability === "notRequested" ? <Chip>Not requested</Chip> : null}
      {availability === "empty" ? <Chip tone="info">Searched, nothing found</Chip> : null}
      {availability === "notAvailable" ? <Chip tone="warn">Not available</Chip> : null}
      {availability === "unreadable" ? <Chip tone="bad" icon="⚠">Unreadable</Chip> : null}
      {availability === "missing" ? <Chip tone="warn">Missing from the answer</Chip> : null}
      {p.stale ? <Chip tone="warn" icon="⏱">Stale</Chip> : null}
      <span>
        {PROVIDER_LABEL[p.provider]} · {ENV_LABEL[p.environment]} · fetched <Time at={p.fetchedAt} /> ({formatAgo(p.fetchedAt)})
        {sources?.length ? ` · sources ${sources.join(", ")}` : p.sources.length ? ` · sources ${p.sources.join(", ")}` : ""}
      </span>
    </p>
  );
}

export function Card({ title, children, provenance, sources, availability, actions, className }: {
  /** `sources`: the section's own `metadata.sources`, shown in place of the answer's. */
  title: string; children: ReactNode; provenance?: Provenance | null; sources?: string[]; availability?: Availability; actions?: ReactNode; className?: string;
}) {
  return (
    <section className={`card ${className ?? ""}`} aria-label={title} data-availability={availability}>
      <header className="card-head">
        <h3>{title}</h3>
        {actions}
      </header>
      {availability === "notRequested" ? (
        <p className="state-note">Not requested in this lookup. Re-run with this option to fetch it.</p>
      ) : availability === "empty" ? (
        <p className="state-note">Searched, nothing found.</p>
      ) : availability === "unreadable" ? (
        <p className="state-note warn" role="alert">
          Requested, but the answer could not be read. Do not take this as “nothing found”: the raw JSON is kept with the case.
        </p>
      ) : availability === "missing" ? (
        <p className="state-note warn" role="alert">Requested, but not in the answer. Re-run the lookup; do not read this as “nothing found”.</p>
      ) : (
        children
      )}
      {provenance !== undefined ? <ProvenanceLine p={provenance} availability={availability} sources={sources} /> : null}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading({ what }: { what: string }) {
  return <p className="muted" role="status">Loading {what}…</p>;
}

/** A modal form over the window: closes on Escape and on a click beside it. */
export function DialogForm({ label, describedBy, testId, onSubmit, onClose, children }: {
  label: string; describedBy?: string; testId?: string; onSubmit: () => void; onClose: () => void; children: ReactNode;
}) {
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={label}
        aria-describedby={describedBy}
        data-testid={testId}
        onSubmit={(e: FormEvent) => { e.preventDefault(); onSubmit(); }}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
      >
        {children}
      </form>
    </div>
  );
}
