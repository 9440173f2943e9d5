import { useMutation, useQueryClient } from "@tanstack/react-query";
import { usePlatform } from "../../platform";
import { PlatformError } from "../../platform/errors";

/**
 * Shown instead of the workspace when the engine could not start. A missing or locked OS keyring
 * is the common case: the officer can retry after unlocking it, or keep secrets (and this run's
 * cases) in memory only.
 */
export function StartupGate({ error, retry }: { error: unknown; retry: () => void }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const memory = useMutation({
    mutationFn: () => platform.useMemorySecrets(),
    onSuccess: () => qc.invalidateQueries(),
  });
  const toSandbox = useMutation({
    mutationFn: () => platform.switchEnvironment("sandbox"),
    onSettled: () => qc.invalidateQueries(),
  });
  const e = error instanceof PlatformError ? error : null;
  const keyring = e?.code === "KeychainUnavailable";
  return (
    <div className="startup-gate" role="alert" data-testid="startup-gate">
      <h1>{keyring ? "The OS keyring is not available" : "AML Desk could not open its case database"}</h1>
      <p>{e?.message ?? String(error)}</p>
      {keyring ? (
        <p>
          AML Desk keeps the key of its encrypted case database and your API credentials in the OS
          keyring. Unlock the keyring (log in to the desktop session) and try again, or keep
          secrets for this run only: the cases you look up now are not kept after you close AML Desk.
        </p>
      ) : null}
      {e?.detail ? (
        <details>
          <summary>Details</summary>
          <pre>{e.detail}</pre>
        </details>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={retry}>Try again</button>
        {!keyring ? (
          <button type="button" onClick={() => toSandbox.mutate()} disabled={toSandbox.isPending}>Open the sandbox instead</button>
        ) : null}
        {keyring ? (
          <button type="button" data-testid="memory-secrets" onClick={() => memory.mutate()} disabled={memory.isPending}>
            Keep secrets for this run only
          </button>
        ) : null}
      </div>
      {memory.error ? <p className="error">{(memory.error as Error).message}</p> : null}
    </div>
  );
}
