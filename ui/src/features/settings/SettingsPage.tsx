// Settings: the window's preferences, and each environment's settings and secrets — exactly the
// keys of `amldesk config set <env>.<key>` and the secrets of `amldesk secret` (same store keys,
// same audit rows). Secrets are write-only: the engine says whether one is stored, never what.
import { useEffect, useId, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  usePlatform, toPlatformError, type ConnectionTest, type EnvironmentConfig, type EnvironmentKind, type SecretState, type Settings,
} from "../../platform";
import { keys, useAppInfo } from "../../lib/queries";
import { ENV_LABEL, formatDuration } from "../../lib/format";
import { Chip, ErrorBox, Loading } from "../../components/ui";
import { applyTheme } from "../shell/theme";
import { ReviewSettingsCard } from "./ReviewSettingsCard";

const ENVS: EnvironmentKind[] = ["sandbox", "test", "production"];

export const envConfigKey = (env: EnvironmentKind) => ["environmentConfig", env] as const;

/** The scopes a BankID client may be entitled to, as checkboxes. */
const SCOPES: [string, string][] = [
  ["aml_organization/basic", "basic (every lookup needs it)"],
  ["aml_organization/OFAC", "OFAC sanction list"],
  ["aml_organization/financials.credit", "financials.credit (credit rating)"],
];

const LABEL: Record<string, string> = {
  "bankid.discovery_url": "OIDC discovery URL",
  "bankid.client_id": "Client id",
  "bankid.scopes": "Scopes the client is entitled to",
  "bankid.client_reference_dedup": "The upstream de-duplicates client references",
  "amlyze.base_url": "Base URL",
  "peer.base_url": "Base URL",
  "peer.user": "User name",
  "http.proxy": "HTTPS proxy",
  "http.ca_file": "Extra CA certificate (PEM file)",
};

const SECRET_LABEL: Record<string, string> = {
  "bankid.client_secret": "Client secret",
  "amlyze.token": "API token",
  "peer.password": "Password",
};

function storedWhere(s: SecretState): string {
  if (!s.stored) return "not set";
  switch (s.store) {
    case "keyring": return "stored in the OS keyring";
    case "passphrase": return "stored in the passphrase store";
    case "memory": return "stored for this run only";
    case "built-in": return "built in";
    default: return `stored (${s.store})`;
  }
}

function SecretField({ env, secret }: { env: EnvironmentKind; secret: SecretState }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const done = (v: EnvironmentConfig) => {
    setValue("");
    setEditing(false);
    qc.setQueryData(envConfigKey(env), v);
    if (v.active) void qc.invalidateQueries();
  };
  const store = useMutation({ mutationFn: () => platform.setEnvironmentSecret({ environment: env, name: secret.name, value }), onSuccess: done });
  const del = useMutation({ mutationFn: () => platform.setEnvironmentSecret({ environment: env, name: secret.name }), onSuccess: done });
  const label = SECRET_LABEL[secret.name] ?? secret.name;
  const status = storedWhere(secret);
  if (secret.store === "built-in") {
    return (
      <div className="secret" data-secret={secret.name}>
        <span className="field-label">{label} <Chip tone="ok">built in</Chip></span>
        <p className="muted small">The sandbox uses fixed, documented credentials; nothing to enter.</p>
      </div>
    );
  }
  const open = editing || !secret.stored;
  return (
    <div className="secret" data-secret={secret.name}>
      <label className="field" htmlFor={`${id}-v`}>
        <span>{label} <span className="mono muted small">{secret.name}</span> <Chip tone={secret.stored ? "ok" : "warn"}>{status}</Chip></span>
      </label>
      <span className="inline">
        {open ? (
          <>
            <input
              id={`${id}-v`} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)}
              placeholder={secret.stored ? "The new value" : "Paste the secret"} data-testid={`secret-${secret.name}`}
              aria-label={`${label} (${secret.name}) for ${ENV_LABEL[env]}`}
              onKeyDown={(e) => { if (e.key === "Enter" && value) { e.preventDefault(); store.mutate(); } }}
            />
            <button type="button" disabled={!value || store.isPending} onClick={() => store.mutate()} data-testid={`secret-store-${secret.name}`}>
              {secret.stored ? "Store the new value" : "Store"}
            </button>
            {secret.stored ? <button type="button" onClick={() => { setEditing(false); setValue(""); }}>Cancel</button> : null}
          </>
        ) : (
          <>
            <button type="button" onClick={() => setEditing(true)} data-testid={`secret-replace-${secret.name}`}>Replace</button>
            <button type="button" onClick={() => del.mutate()} disabled={del.isPending}>Delete</button>
          </>
        )}
      </span>
      {store.error ? <ErrorBox error={store.error} title={`${label} was not stored.`} /> : null}
      {del.error ? <ErrorBox error={del.error} title={`${label} was not deleted.`} /> : null}
    </div>
  );
}

function TestConnection({ env }: { env: EnvironmentKind }) {
  const platform = usePlatform();
  const m = useMutation({ mutationFn: () => platform.testConnection(env) });
  const r: ConnectionTest | undefined = m.data;
  return (
    <div className="conn-test">
      <button type="button" onClick={() => m.mutate()} disabled={m.isPending} data-testid="test-connection">
        {m.isPending ? "Testing…" : `Test connection to ${ENV_LABEL[env]}`}
      </button>
      <span className="muted small"> Tests the saved settings: discovery, a token with each scope, one harmless call per API.</span>
      {r ? (
        <ol className="steps" aria-label={`Connection test of ${ENV_LABEL[env]}`} data-testid="connection-steps" data-ok={r.ok}>
          {r.steps.map((s) => (
            <li key={s.step} className={s.ok ? "ok" : "bad"}>
              <span aria-hidden="true">{s.ok ? "✓" : "✕"}</span> <strong>{s.step}</strong> {s.ok ? "ok" : "failed"}: {s.message} <span className="muted">({formatDuration(s.elapsedMs)})</span>
            </li>
          ))}
        </ol>
      ) : null}
      {m.error ? <ErrorBox error={m.error} title="The connection test could not run." /> : null}
    </div>
  );
}

type Draft = Record<string, string>;

function draftOf(c: EnvironmentConfig): Draft {
  return Object.fromEntries(c.entries.map((e) => [e.key, e.value ?? ""]));
}

function EnvironmentForm({ config }: { config: EnvironmentConfig }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const id = useId();
  const env = config.environment;
  const [draft, setDraft] = useState<Draft>(() => draftOf(config));
  useEffect(() => setDraft(draftOf(config)), [config]);
  const stored = draftOf(config);
  const changes = Object.keys(draft).filter((k) => draft[k].trim() !== stored[k]).map((key) => ({ key, value: draft[key] }));
  const save = useMutation({
    mutationFn: () => platform.setEnvironmentConfig({ environment: env, changes }),
    onSuccess: (v) => {
      qc.setQueryData(envConfigKey(env), v);
      if (v.active) void qc.invalidateQueries();
    },
  });
  const bad = save.error ? toPlatformError(save.error).field : undefined;
  const entry = (key: string) => config.entries.find((e) => e.key === key);
  const effective = (key: string) => draft[key] || entry(key)?.default || "";

  const text = (key: string, opts: { wide?: boolean; placeholder?: string } = {}) => {
    const e = entry(key);
    if (!e) return null;
    const fid = `${id}-${key}`;
    return (
      <label className={`field ${opts.wide ? "grow" : ""}`} htmlFor={fid}>
        <span>{LABEL[key]} <span className="mono muted small">{key}</span></span>
        <input
          id={fid} value={e.fixed ? e.default ?? "" : draft[key] ?? ""} readOnly={e.fixed} spellCheck={false}
          placeholder={e.default ? `default: ${e.default}` : opts.placeholder ?? "not set"}
          aria-invalid={bad === key ? true : undefined} data-testid={`setting-${key}`}
          onChange={(ev) => setDraft({ ...draft, [key]: ev.target.value })}
        />
        {e.fixed ? <span className="muted small">Fixed: the embedded sandbox's own.</span> : null}
      </label>
    );
  };

  const scopes = effective("bankid.scopes").split(/\s+/).filter(Boolean);
  const toggleScope = (s: string) => {
    const next = scopes.includes(s) ? scopes.filter((x) => x !== s) : [...scopes, s];
    const ordered = SCOPES.map(([k]) => k).filter((k) => next.includes(k));
    setDraft({ ...draft, "bankid.scopes": ordered.join(" ") });
  };
  const dedup = effective("bankid.client_reference_dedup") === "true";

  return (
    <form className="env-form" onSubmit={(e) => { e.preventDefault(); if (changes.length) save.mutate(); }} aria-label={`${ENV_LABEL[env]} settings`}>
      <fieldset className="provider">
        <legend>BankID — Organization and Beneficial owners (one client)</legend>
        <div className="field-row">{text("bankid.discovery_url", { wide: true })}{text("bankid.client_id")}</div>
        <fieldset className="row-fields" aria-invalid={bad === "bankid.scopes" ? true : undefined}>
          <legend>{LABEL["bankid.scopes"]} <span className="mono muted small">bankid.scopes</span></legend>
          {SCOPES.map(([s, label]) => (
            <label key={s} className="check">
              <input type="checkbox" checked={scopes.includes(s)} onChange={() => toggleScope(s)} data-testid={`scope-${s.split("/")[1]}`} /> {label}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox" checked={dedup} data-testid="setting-bankid.client_reference_dedup"
            onChange={(e) => setDraft({ ...draft, "bankid.client_reference_dedup": String(e.target.checked) })}
          /> {LABEL["bankid.client_reference_dedup"]} <span className="muted small">(only if the vendor confirms it; otherwise every retry is checked and warned)</span>
        </label>
      </fieldset>
      <fieldset className="provider">
        <legend>Amlyze</legend>
        <div className="field-row">{text("amlyze.base_url", { wide: true })}</div>
      </fieldset>
      <fieldset className="provider">
        <legend>Peer data exchange</legend>
        <div className="field-row">{text("peer.base_url", { wide: true })}{text("peer.user")}</div>
      </fieldset>
      <fieldset className="provider">
        <legend>Network</legend>
        <div className="field-row">
          {text("http.proxy", { wide: true, placeholder: "none (HTTPS_PROXY applies if set)" })}
          {text("http.ca_file", { wide: true, placeholder: "none (the OS certificate store is trusted)" })}
        </div>
      </fieldset>
      {save.error ? <ErrorBox error={save.error} title="The settings were not saved." testId="settings-error" /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!changes.length || save.isPending} data-testid="settings-save">
          {save.isPending ? "Saving…" : `Save ${ENV_LABEL[env]} settings`}
        </button>
        {changes.length ? <button type="button" onClick={() => { setDraft(stored); save.reset(); }}>Discard changes</button> : null}
        {save.isSuccess && !changes.length ? <span className="muted" role="status" data-testid="settings-saved">Saved{config.active ? "; the environment reopened with them." : "."}</span> : null}
        <span className="muted small">Plain http only to loopback hosts. An empty field uses the default.</span>
      </div>
    </form>
  );
}

function EnvironmentPanel({ env, active }: { env: EnvironmentKind; active: EnvironmentKind | undefined }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: envConfigKey(env), queryFn: () => platform.getEnvironmentConfig(env) });
  const sw = useMutation({
    mutationFn: () => platform.switchEnvironment(env),
    onSettled: () => { qc.removeQueries({ predicate: (x) => x.queryKey[0] !== "appInfo" }); void qc.invalidateQueries(); },
  });
  if (q.isLoading) return <Loading what={`the ${ENV_LABEL[env]} settings`} />;
  if (q.error || !q.data) return <ErrorBox error={q.error} title={`The ${ENV_LABEL[env]} settings could not be read.`} />;
  const c = q.data;
  const isActive = env === active;
  return (
    <section className="card wide env-panel" role="tabpanel" aria-label={`${ENV_LABEL[env]} environment`} data-testid={`env-panel-${env}`}>
      <div className="toolbar">
        <h2>{ENV_LABEL[env]} {isActive ? <Chip tone="info">active</Chip> : null}</h2>
        <span className="spacer" />
        {isActive ? null : (
          <button type="button" className="primary" onClick={() => sw.mutate()} disabled={sw.isPending} data-testid="switch-environment">
            {sw.isPending ? "Switching…" : `Switch to ${ENV_LABEL[env]}`}
          </button>
        )}
      </div>
      <p className="muted small">Cases, settings and audit log of this environment: <span className="mono">{c.database}</span></p>
      {c.missing.length ? (
        <p className="field-warn" role="status" data-testid="env-missing">
          Not configured yet: set {c.missing.join(", ")}.
        </p>
      ) : null}
      {sw.error ? <ErrorBox error={sw.error} title={`AML Desk could not switch to ${ENV_LABEL[env]}.`} /> : null}
      <EnvironmentForm config={c} />
      <fieldset className="provider">
        <legend>Secrets (write-only: never shown again)</legend>
        {c.secrets.map((s) => <SecretField key={s.name} env={env} secret={s} />)}
      </fieldset>
      <TestConnection env={env} />
    </section>
  );
}

function General({ settings }: { settings: Settings }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const info = useAppInfo();
  const [draft, setDraft] = useState(settings);
  useEffect(() => setDraft(settings), [settings]);
  const save = useMutation({
    mutationFn: (s: Settings) => platform.saveSettings(s),
    onSuccess: (s) => { qc.setQueryData(keys.settings, s); },
  });
  const dirty = draft.theme !== settings.theme || draft.staleAfterDays !== settings.staleAfterDays;
  const store = info.data?.keyringAvailable ? "Kept in the OS keyring." : info.data?.keyringMessage ?? "Kept in the passphrase-protected file in the data directory.";
  return (
    <section className="card">
      <h2>General</h2>
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
      <div className="actions">
        <button type="button" disabled={!dirty || save.isPending} onClick={() => save.mutate(draft)}>Save</button>
        {save.isSuccess && !dirty ? <span className="muted" role="status">Saved.</span> : null}
      </div>
      {save.error ? <ErrorBox error={save.error} title="The preferences were not saved." /> : null}
      <dl className="kv">
        <dt>Data directory</dt><dd className="mono">{settings.dataDir}</dd>
        <dt>Secrets</dt><dd>{store}</dd>
        <dt>Version</dt><dd>{info.data?.version}</dd>
      </dl>
    </section>
  );
}

export function SettingsPage() {
  const platform = usePlatform();
  const info = useAppInfo();
  const q = useQuery({ queryKey: keys.settings, queryFn: () => platform.getSettings() });
  const active = info.data?.environment;
  const [shown, setShown] = useState<EnvironmentKind | null>(null);
  const env = shown ?? active ?? "sandbox";
  return (
    <div className="page settings-page">
      <div className="toolbar"><h1>Settings</h1></div>
      <div className="cards">
        <div className="settings-envs">
          <div className="tabs" role="tablist" aria-label="Environment">
            {ENVS.map((e) => (
              <button
                key={e} type="button" role="tab" aria-selected={e === env} tabIndex={e === env ? 0 : -1}
                onClick={() => setShown(e)} data-testid={`env-tab-${e}`}
                onKeyDown={(k) => {
                  const i = ENVS.indexOf(env);
                  if (k.key === "ArrowRight" || k.key === "ArrowLeft") {
                    const next = ENVS[(i + (k.key === "ArrowRight" ? 1 : ENVS.length - 1)) % ENVS.length];
                    setShown(next);
                    (k.currentTarget.parentElement?.querySelector(`[data-testid=env-tab-${next}]`) as HTMLElement | null)?.focus();
                  }
                }}
              >
                {ENV_LABEL[e]}{e === active ? " (active)" : ""}
              </button>
            ))}
          </div>
          <EnvironmentPanel key={env} env={env} active={active} />
        </div>
        {q.error ? <ErrorBox error={q.error} title="Preferences could not be read." /> : q.data ? <General settings={q.data} /> : <Loading what="settings" />}
        <ReviewSettingsCard />
      </div>
    </div>
  );
}
