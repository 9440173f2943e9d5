// Before the first production lookup or batch after the app starts: a dialog naming the
// environment. Confirmed once, it is not asked again in this run of the window.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useAppInfo } from "../../lib/queries";
import { ENV_LABEL } from "../../lib/format";

let confirmedThisRun = false;

/** For tests: a new run of the window. */
export function forgetProductionConfirmation() {
  confirmedThisRun = false;
}

function ConfirmDialog({ what, baseUrl, answer }: { what: string; baseUrl: string; answer: (ok: boolean) => void }) {
  const go = useRef<HTMLButtonElement>(null);
  useEffect(() => { go.current?.focus(); }, []);
  return (
    <div className="overlay" onMouseDown={(e) => { if (e.target === e.currentTarget) answer(false); }}>
      <div
        className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="prod-confirm-title" aria-describedby="prod-confirm-text"
        data-testid="production-confirm" onKeyDown={(e) => { if (e.key === "Escape") { e.stopPropagation(); answer(false); } }}
      >
        <header className="dialog-head"><h2 id="prod-confirm-title"><span className="red-dot" aria-hidden="true" /> {ENV_LABEL.production} environment</h2></header>
        <p id="prod-confirm-text">
          This {what} goes to <strong>{ENV_LABEL.production}</strong>{baseUrl ? <> (<span className="mono">{baseUrl}</span>)</> : null}: real
          registers, billed by the vendor, recorded in the production case file. You are asked once after AML Desk starts.
        </p>
        <footer className="dialog-foot">
          <button type="button" onClick={() => answer(false)}>Cancel</button>
          <button type="button" className="primary" ref={go} onClick={() => answer(true)} data-testid="production-confirm-yes">
            Continue in {ENV_LABEL.production}
          </button>
        </footer>
      </div>
    </div>
  );
}

/**
 * `ask(what)` resolves true at once outside production or once confirmed in this run; otherwise
 * it shows the dialog (render `dialog`) and resolves with the officer's answer.
 */
export function useProductionConfirm(): { ask: (what: string) => Promise<boolean>; dialog: ReactNode } {
  const info = useAppInfo();
  const [pending, setPending] = useState<{ what: string; resolve: (ok: boolean) => void } | null>(null);
  const production = info.data?.environment === "production";
  const ask = useCallback(
    (what: string) => {
      if (!production || confirmedThisRun) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => setPending({ what, resolve }));
    },
    [production],
  );
  const dialog = pending ? (
    <ConfirmDialog
      what={pending.what}
      baseUrl={info.data?.baseUrl ?? ""}
      answer={(ok) => {
        if (ok) confirmedThisRun = true;
        pending.resolve(ok);
        setPending(null);
      }}
    />
  ) : null;
  return { ask, dialog };
}
