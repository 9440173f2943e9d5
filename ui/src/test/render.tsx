import { render } from "@testing-library/react";
import { App, makeQueryClient } from "../App";
import { createFakePlatform, type FakeOptions, type FakePlatform } from "../platform/fake";

/** Renders the whole window on the fake engine at `hash`. */
export function renderApp(hash = "#/cases", opts: FakeOptions = {}): { platform: FakePlatform } & ReturnType<typeof render> {
  window.location.hash = hash;
  const platform = createFakePlatform({ live: false, ...opts });
  const r = render(<App platform={platform} queryClient={makeQueryClient()} />);
  return { platform, ...r };
}
