import { render } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { PlatformContext } from "../platform";
import { App, makeQueryClient } from "../App";
import { createRecordedPlatform, RECORDED, type Recorded, type RecordedOptions, type RecordedPlatform } from "../platform/recorded";

/** Renders the whole window on the engine's recorded answers at `hash`. */
export function renderApp(hash = "#/cases", recorded: Recorded = RECORDED, options: RecordedOptions = {}): { platform: RecordedPlatform } & ReturnType<typeof render> {
  window.location.hash = hash;
  const platform = createRecordedPlatform(recorded, options);
  const r = render(<App platform={platform} queryClient={makeQueryClient()} />);
  return { platform, ...r };
}

/** Renders one component with the recorded platform and a query client (no router, no frame). */
export function renderWithPlatform(ui: React.ReactElement, recorded: Recorded = RECORDED): { platform: RecordedPlatform } & ReturnType<typeof render> {
  const platform = createRecordedPlatform(recorded);
  const r = render(
    <PlatformContext.Provider value={platform}>
      <QueryClientProvider client={makeQueryClient()}>{ui}</QueryClientProvider>
    </PlatformContext.Provider>,
  );
  return { platform, ...r };
}
