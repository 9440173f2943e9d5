import { useCallback, useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePlatform } from "../../platform";
import { keys, useAppInfo, useEngineEvents } from "../../lib/queries";
import { hrefOf, useRoute } from "../../lib/router";
import { ENV_LABEL } from "../../lib/format";
import { LookupContext } from "./lookupContext";
import { GlobalSearch } from "./GlobalSearch";
import { applyTheme } from "./theme";
import { CaseList } from "../cases/CaseList";
import { CaseView } from "../case/CaseView";
import { BatchPage } from "../batch/BatchPage";
import { SettingsPage } from "../settings/SettingsPage";
import { NewLookupDialog } from "../lookup/NewLookupDialog";
import { StartupGate } from "./StartupGate";
import { useNetworkGate } from "../../components/network";

export function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

export function AppShell() {
  useEngineEvents();
  const platform = usePlatform();
  const route = useRoute();
  const info = useAppInfo();
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => platform.getSettings() });
  const [lookup, setLookup] = useState<{ caseId?: string } | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const openLookup = useCallback((o?: { caseId?: string }) => setLookup(o ?? {}), []);

  useEffect(() => {
    if (settings.data) applyTheme(settings.data.theme);
  }, [settings.data]);

  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setSearchOpen(true);
      } else if ((mod && e.key.toLowerCase() === "n") || (e.key === "n" && !mod && !e.altKey && !isTyping(e.target) && !lookup && !searchOpen)) {
        e.preventDefault();
        setLookup({});
      }
    };
    window.addEventListener("keydown", on);
    return () => window.removeEventListener("keydown", on);
  }, [lookup, searchOpen]);

  const env = info.data?.environment;
  const online = info.data?.online ?? true;
  const net = useNetworkGate({ visible: false });
  const section = route.name === "case" ? "cases" : route.name;
  // A test or production environment without its client is opened, not refused: Settings says
  // what to enter; lookups wait until then.
  const missing = info.data?.notConfigured ?? [];

  return (
    <LookupContext.Provider value={{ openLookup }}>
      <div className="shell" data-testid="app-shell">
        <nav className="rail" aria-label="Main">
          <div className="brand" aria-label="AML Desk">AML<br />Desk</div>
          <a href={hrefOf({ name: "cases" })} aria-current={section === "cases" ? "page" : undefined}>
            <span aria-hidden="true">▤</span> Cases
          </a>
          <a href={hrefOf({ name: "batch" })} aria-current={section === "batch" ? "page" : undefined}>
            <span aria-hidden="true">≣</span> Batch
          </a>
          <a href={hrefOf({ name: "settings" })} aria-current={section === "settings" ? "page" : undefined}>
            <span aria-hidden="true">⚙</span> Settings
          </a>
        </nav>
        <header className="topbar">
          {env ? (
            <span className={`env-badge env-${env}`} title={`Active environment: ${ENV_LABEL[env]} (${info.data?.baseUrl ?? ""})`}>
              {env === "production" ? <span className="red-dot" aria-hidden="true" /> : null}
              <span data-testid="env-badge">{ENV_LABEL[env]}</span>
            </span>
          ) : (
            <span className="env-badge">…</span>
          )}
          {info.data ? (
          <span
            className={`conn ${online ? "conn-on" : "conn-off"}`}
            data-testid={online ? "online-indicator" : "offline-indicator"}
            title={online ? "The active environment answers" : "The active environment does not answer; cached cases stay readable"}
          >
            <span aria-hidden="true">{online ? "●" : "○"}</span> {online ? "Online" : "Offline: showing cached data"}
          </span>
          ) : null}
          <button type="button" className="search-trigger" onClick={() => setSearchOpen(true)} aria-keyshortcuts="Control+K Meta+K">
            <span aria-hidden="true">⌕</span> Search all cases… <kbd>Ctrl K</kbd>
          </button>
          <span className="spacer" />
          {net.note}
          <button type="button" className="primary" onClick={() => setLookup({})} aria-keyshortcuts="N Control+N" data-testid="new-lookup-button" disabled={net.offline || missing.length > 0} {...(missing.length ? { title: "Configure this environment in Settings first" } : net.reasonProps)}>
            New lookup <kbd>N</kbd>
          </button>
        </header>
        <main className="content">
          {info.error ? <StartupGate error={info.error} retry={() => void info.refetch()} /> : null}
          {info.error ? null : <>
          {env && missing.length ? (
            <div className="banner warn" role="status" data-testid="not-configured">
              <strong>{ENV_LABEL[env]} is not configured yet.</strong> Configure it in <a href={hrefOf({ name: "settings" })}>Settings</a>: {missing.join(", ")}. Cases of {ENV_LABEL[env]} stay readable; lookups start once it is configured.
            </div>
          ) : null}
          {route.name === "cases" ? <CaseList /> : null}
          {route.name === "case" ? <CaseView caseId={route.caseId} tab={route.tab} /> : null}
          {route.name === "batch" ? <BatchPage batchId={route.batchId} /> : null}
          {route.name === "settings" ? <SettingsPage /> : null}
          </>}
        </main>
        {lookup ? <NewLookupDialog caseId={lookup.caseId} onClose={() => setLookup(null)} /> : null}
        {searchOpen ? <GlobalSearch onClose={() => setSearchOpen(false)} /> : null}
      </div>
    </LookupContext.Provider>
  );
}
