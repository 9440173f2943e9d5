import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePlatform, type ConnectionTest, type EnvironmentKind, type Provider, type Settings } from "../../platform";
import { keys, useAppInfo } from "../../lib/queries";
import { ENV_LABEL, PROVIDER_LABEL, formatDuration } from "../../lib/format";
import { Chip, ErrorBox, Loading } from "../../components/ui";
import { useNetworkGate } from "../../components/network";
import { applyTheme } from "../shell/theme";

const SECRET_LABEL: Record<Provider, string> = {
  organization: "Client secret", beneficial: "Client secret", amlyze: "API token", peer: "Password",
};

function SecretField({ env, provider, stored, keyring }: { env: EnvironmentKind; provider: Provider; stored: boolean; keyring: boolean }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const [value, setValue] = useState("");
  const m = useMutation({
    mutationFn: () => platform.setSecret({ environment: env, provider, value }),
    onSuccess: () => { setValue(""); void qc.invalidateQueries({ queryKey: keys.settings }); },
  });
  const status = m.data ? (m.data.store === "keyring" ? "stored in keyring" : "this run only") : stored ? (keyring ? "stored in keyring" : "this run only") : "not set";
  if (env === "sandbox") {
    // The sandbox's credentials are fixed, documented defaults built into the app, not secrets.
    return (
      <div className="secret">
        <span>{SECRET_LABEL[provider]} <Chip tone="ok">built in</Chip></span>
        <p className="muted small">The sandbox uses fixed, documented credentials; nothing to enter.</p>
      </div>
    );
  }
  return (
    <div className="secret">
      <label className="field">
        <span>{SECRET_LABEL[provider]} <Chip tone={status === "not set" ? "warn" : "ok"}>{status}</Chip></span>
        <span className="inline">
          <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} placeholder={stored ? "Enter a new value to replace it" : "Paste the secret"} aria-label={`${SECRET_LABEL[provider]} for ${PROVIDER_LABEL[provider]} (${ENV_LABEL[env]})`} />
          <button type="button" disabled={!value || m.isPending} onClick={() => m.mutate()}>Save secret</button>
        </span>
      </label>
      {m.error ? <ErrorBox error={m.error} title="The secret was not saved." /> : null}
    </div>
  );
}

function TestConnection({ provider, disabled }: { provider: Provider; disabled: boolean }) {
  const platform = usePlatform();
  const m = useMutation({ mutationFn: () => platform.testConnection(provider) });
  const r: ConnectionTest | undefined = m.data;
  const net = useNetworkGate();
  return (
    <div className="conn-test">
      <button type="button" onClick={() => m.mutate()} disabled={disabled || net.offline || m.isPending} title={disabled ? "Connections are tested on the active environment" : undefined} {...(disabled ? {} : net.reasonProps)}>
        {m.isPending ? "Testing…" : "Test connection"}
      </button>
      {disabled ? null : net.note}
      {r ? (
        <ol className="steps" aria-label={`Connection test of ${PROVIDER_LABEL[provider]}`}>
          {r.steps.map((s) => (
            <li key={s.step} className={s.ok ? "ok" : "bad"}>
              <span aria-hidden="true">{s.ok ? "✓" : "✕"}</span> <strong>{s.step}</strong> {s.ok ? "passed" : "failed"}: {s.message} <span className="muted">({formatDuration(s.elapsedMs)})</span>
            </li>
          ))}
        </ol>
      ) : null}
      {m.error ? <ErrorBox error={m.error} /> : null}
    </div>
  );
}

export function SettingsPage() {
  const platform = usePlatform();
  const qc = useQueryClient();
  const info = useAppInfo();
  const q = useQuery({ queryKey: keys.settings, queryFn: () => platform.getSettings() });
  const [draft, setDraft] = useState<Settings | null>(null);
  useEffect(() => { if (q.data) setDraft(structuredClone(q.data)); }, [q.data]);
  const save = useMutation({
    mutationFn: (s: Settings) => platform.saveSettings(s),
    onSuccess: (s) => { qc.setQueryData(keys.settings, s); void qc.invalidateQueries({ queryKey: keys.appInfo }); },
  });
  if (q.isLoading || !draft) return <Loading what="settings" />;
  if (q.error) return <ErrorBox error={q.error} title="Settings could not be read." />;
  const keyring = info.data?.keyringAvailable ?? true;
  const dirty = JSON.stringify(draft) !== JSON.stringify(q.data);
  const setUrl = (env: EnvironmentKind, provider: Provider, field: "url" | "clientId", v: string) =>
    setDraft((d) => d && ({ ...d, environments: d.environments.map((e) => e.kind !== env ? e : { ...e, providers: e.providers.map((p) => p.provider !== provider ? p : { ...p, [field]: v }) }) }));

  return (
    <div className="page settings-page">
      <div className="toolbar">
        <h1>Settings</h1>
        <span className="spacer" />
        {save.isSuccess && !dirty ? <span className="muted" role="status">Saved.</span> : null}
        <button type="button" className="primary" disabled={!dirty || save.isPending} onClick={() => save.mutate(draft)}>Save settings</button>
      </div>
      {save.error ? <ErrorBox error={save.error} title="Settings were not saved." /> : null}
      <div className="cards">
        <section className="card">
          <h2>General</h2>
          <label className="field">
            <span>Active environment</span>
            <select value={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.value as EnvironmentKind })}>
              {draft.environments.map((e) => <option key={e.kind} value={e.kind}>{ENV_LABEL[e.kind]}</option>)}
            </select>
          </label>
          <label className="field">
            <span>Theme</span>
            <select value={draft.theme} onChange={(e) => { setDraft({ ...draft, theme: e.target.value }); applyTheme(e.target.value); }}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <label className="field">
            <span>Mark results as stale after (days)</span>
            <input type="number" min={1} max={3650} value={draft.staleAfterDays} onChange={(e) => setDraft({ ...draft, staleAfterDays: Math.max(1, Number(e.target.value) || 1) })} />
          </label>
          <dl className="kv">
            <dt>Data directory</dt><dd className="mono">{draft.dataDir}</dd>
            <dt>Secrets</dt><dd>{keyring ? "Kept in the OS keyring." : `Kept for this run only: ${info.data?.keyringMessage ?? "the OS keyring is not available."}`}</dd>
            <dt>Version</dt><dd>{info.data?.version}</dd>
          </dl>
        </section>
        {draft.environments.map((env) => (
          <section key={env.kind} className="card wide" aria-label={`${ENV_LABEL[env.kind]} environment`}>
            <h2>{ENV_LABEL[env.kind]} {env.kind === draft.active ? <Chip tone="info">active</Chip> : null}</h2>
            {env.providers.map((p) => (
              <fieldset key={p.provider} className="provider">
                <legend>{PROVIDER_LABEL[p.provider]}</legend>
                <div className="field-row">
                  <label className="field grow">
                    <span>{p.provider === "organization" || p.provider === "beneficial" ? "OIDC discovery URL" : "Base URL"}</span>
                    <input value={p.url} onChange={(e) => setUrl(env.kind, p.provider, "url", e.target.value)} spellCheck={false} />
                  </label>
                  <label className="field">
                    <span>{p.provider === "peer" ? "User name" : "Client id"}</span>
                    <input value={p.clientId ?? ""} onChange={(e) => setUrl(env.kind, p.provider, "clientId", e.target.value)} spellCheck={false} />
                  </label>
                </div>
                {p.scopes.length ? <p className="muted small">Scopes: {p.scopes.join(", ")}</p> : null}
                <SecretField env={env.kind} provider={p.provider} stored={p.secretStored} keyring={keyring} />
                <TestConnection provider={p.provider} disabled={env.kind !== q.data?.active} />
              </fieldset>
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}
