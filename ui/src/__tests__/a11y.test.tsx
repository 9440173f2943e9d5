// Every screen of the window, rendered from the engine's recorded answers, checked by axe-core
// against WCAG 2.0/2.1 A and AA. jsdom does no layout, so colour contrast is left to the
// end-to-end run (tests/e2e/tests/a11y.rs), which runs the same axe-core in the real webview.
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { renderApp } from "../test/render";
import { RECORDED } from "../platform/recorded";
import { TABS } from "../features/case/CaseView";

vi.mock("../features/reports/pdf", async () => (await import("../test/mocks")).pdfMock);
vi.mock("../features/ownership/cy", async () => {
  const real = await vi.importActual<typeof import("../features/ownership/cy")>("../features/ownership/cy");
  return { ...real, createGraph: (await import("../test/mocks")).cyMock.createGraph };
});

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Violations as one readable line each: rule, impact, and the offending elements. */
async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { runOnly: { type: "tag", values: WCAG_AA }, rules: { "color-contrast": { enabled: false } } });
  // The screen was really checked: a rendered window passes rules, not none.
  expect(r.passes.length).toBeGreaterThan(3);
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

/** Waits until no "Loading…" status is left, so the finished screen is what is checked. */
async function settled() {
  await waitFor(() => expect(document.body.textContent).not.toMatch(/Loading /), { timeout: 5000 });
  await act(async () => { await new Promise((r) => setTimeout(r, 20)); });
}

afterEach(() => cleanup());
// axe-core measures icon ligatures on a canvas, which jsdom lacks; without one it skips that check.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement["getContext"];
// jsdom on a shared machine: rendering the whole window and running axe takes seconds.
vi.setConfig({ testTimeout: 30_000 });

/** Every tab of the richest case; the overview and the tabs that differ most for the others. */
const SCREENS: [string, string][] = [
  ...TABS.map(([tab]): [string, string] => ["c-equinor", tab]),
  ...Object.keys(RECORDED.cases).filter((c) => c !== "c-equinor").map((c): [string, string] => [c, "overview"]),
  ["c-drifted", "sanctions"], ["c-drifted", "beneficial"], ["c-failing", "ownership"], ["c-nokia", "ownership"],
];

describe("accessibility (axe-core, WCAG 2 AA)", () => {
  it("case list", async () => {
    renderApp("#/cases");
    await screen.findByTestId("case-list");
    await settled();
    expect(await violations()).toEqual([]);
  });

  it("empty case list", async () => {
    renderApp("#/cases", { ...RECORDED, listCases: [] });
    await screen.findByTestId("cases-empty");
    expect(await violations()).toEqual([]);
  });

  for (const [caseId, tab] of SCREENS) {
    it(`case ${caseId}, tab ${tab}`, async () => {
      renderApp(`#/cases/${caseId}/${tab}`);
      await screen.findByTestId("case-title", {}, { timeout: 10_000 });
      await settled();
      expect(await violations()).toEqual([]);
    });
  }

  it("the check itself catches a control without a name", async () => {
    renderApp("#/cases", { ...RECORDED, listCases: [] });
    await screen.findByTestId("cases-empty");
    const b = document.body.appendChild(document.createElement("button"));
    try {
      expect((await violations()).join("\n")).toMatch(/^button-name/m);
    } finally {
      b.remove();
    }
  });

  it("new lookup dialog", async () => {
    renderApp("#/cases");
    await userEvent.click(await screen.findByTestId("new-lookup-button"));
    await screen.findByTestId("lookup-identifier");
    expect(await violations()).toEqual([]);
  });

  it("batch", async () => {
    renderApp("#/batch");
    await settled();
    expect(await violations()).toEqual([]);
  });

  it("batch result", async () => {
    renderApp(`#/batch/${encodeURIComponent(RECORDED.batch.id)}`);
    await settled();
    expect(await violations()).toEqual([]);
  });

  it("settings", async () => {
    renderApp("#/settings");
    await settled();
    expect(await violations()).toEqual([]);
  });
});
