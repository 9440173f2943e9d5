// TanStack Query over IPC. The engine pushes events; this file turns them into cache updates,
// so nothing in the UI polls.
import { useEffect } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { usePlatform, type AppInfo, type BatchView, type CaseDetail, type CaseQuery, type EngineEvent } from "../platform";

export const keys = {
  appInfo: ["appInfo"] as const,
  cases: (q?: CaseQuery) => (q ? (["cases", q] as const) : (["cases"] as const)),
  case: (id: string) => ["case", id] as const,
  ownership: (id: string) => ["ownership", id] as const,
  batch: (id: string) => ["batch", id] as const,
  settings: ["settings"] as const,
  search: (t: string) => ["search", t] as const,
  document: (sha: string) => ["document", sha] as const,
};

export function applyEvent(qc: QueryClient, e: EngineEvent) {
  switch (e.type) {
    case "sessionUpdated": {
      const s = e.session;
      qc.setQueryData<CaseDetail>(keys.case(s.caseId), (old) => {
        if (!old) return old;
        const i = old.sessions.findIndex((x) => x.id === s.id);
        const sessions = i >= 0 ? old.sessions.map((x) => (x.id === s.id ? s : x)) : [...old.sessions, s];
        return { ...old, sessions };
      });
      break;
    }
    case "caseUpdated":
      void qc.invalidateQueries({ queryKey: keys.case(e.caseId) });
      void qc.invalidateQueries({ queryKey: keys.ownership(e.caseId) });
      void qc.invalidateQueries({ queryKey: ["cases"] });
      void qc.invalidateQueries({ queryKey: ["search"] });
      break;
    case "batchProgress":
      qc.setQueryData<BatchView>(keys.batch(e.batchId), (old) => (old ? { ...old, counts: e.counts } : old));
      void qc.invalidateQueries({ queryKey: keys.batch(e.batchId) });
      break;
    case "connectivity":
      qc.setQueryData<AppInfo>(keys.appInfo, (old) => (old ? { ...old, online: e.online } : old));
      break;
  }
}

/** Subscribes once to engine events for the whole window. */
export function useEngineEvents() {
  const platform = usePlatform();
  const qc = useQueryClient();
  useEffect(() => platform.onEvent((e) => applyEvent(qc, e)), [platform, qc]);
}

export function useAppInfo() {
  const p = usePlatform();
  return useQuery({ queryKey: keys.appInfo, queryFn: () => p.appInfo(), staleTime: Infinity });
}

export function useCase(caseId: string) {
  const p = usePlatform();
  return useQuery({ queryKey: keys.case(caseId), queryFn: () => p.getCase(caseId) });
}
