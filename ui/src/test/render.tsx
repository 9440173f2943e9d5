import { render } from "@testing-library/react";
import { App, makeQueryClient } from "../App";
import { createRecordedPlatform, RECORDED, type Recorded, type RecordedPlatform } from "../platform/recorded";

/** Renders the whole window on the engine's recorded answers at `hash`. */
export function renderApp(hash = "#/cases", recorded: Recorded = RECORDED): { platform: RecordedPlatform } & ReturnType<typeof render> {
  window.location.hash = hash;
  const platform = createRecordedPlatform(recorded);
  const r = render(<App platform={platform} queryClient={makeQueryClient()} />);
  return { platform, ...r };
}
