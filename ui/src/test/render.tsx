import { render } from "@testing-library/react";
import { App, makeQueryClient } from "../App";
import { createRecordedPlatform, RECORDED, type Recorded, type RecordedOptions, type RecordedPlatform } from "../platform/recorded";

/** Renders the whole window on the engine's recorded answers at `hash`. */
export function renderApp(hash = "#/cases", recorded: Recorded = RECORDED, options: RecordedOptions = {}): { platform: RecordedPlatform } & ReturnType<typeof render> {
  window.location.hash = hash;
  const platform = createRecordedPlatform(recorded, options);
  const r = render(<App platform={platform} queryClient={makeQueryClient()} />);
  return { platform, ...r };
}
