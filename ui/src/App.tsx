import { useMemo, useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { PlatformContext, type Platform } from "./platform";
import { AppShell } from "./features/shell/AppShell";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // IPC is local: no refetch on focus, no retries that would hide an engine error.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

export function App({ platform, queryClient }: { platform: Platform; queryClient?: QueryClient }) {
  const [qc] = useState(() => queryClient ?? makeQueryClient());
  const p = useMemo(() => platform, [platform]);
  return (
    <PlatformContext.Provider value={p}>
      <QueryClientProvider client={qc}>
        <AppShell />
      </QueryClientProvider>
    </PlatformContext.Provider>
  );
}
