// Issue 10, item 5: times with their offset (UTC on hover), network actions disabled offline with
// the reason, the environment of each case in the case list. On the engine's recorded answers.
import { describe, expect, it, vi } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp } from "../test/render";
import { RECORDED } from "../platform/recorded";
import { formatDateTime, formatOffset, formatUtc } from "../lib/format";
import { OFFLINE_REASON } from "../components/network";

vi.mock("../features/reports/pdf", async () => (await import("../test/mocks")).pdfMock);
vi.mock("../features/ownership/cy", async () => {
  const real = await vi.importActual<typeof import("../features/ownership/cy")>("../features/ownership/cy");
  return { ...real, createGraph: (await import("../test/mocks")).cyMock.createGraph };
});

describe("date-times with the time zone", () => {
  it("shows the local time with its offset (the tests run in Europe/Oslo)", () => {
    expect(formatDateTime("2026-11-22T13:05:00Z")).toBe("2026-11-22 14:05 +01:00");
    expect(formatDateTime("2026-06-22T13:05:00Z")).toBe("2026-06-22 15:05 +02:00");
    expect(formatDateTime("2026-11-22")).toBe("2026-11-22");
    expect(formatDateTime(null)).toBe("–");
  });
  it("shows the time at an explicit offset, and UTC for hover and exports", () => {
    expect(formatDateTime("2026-11-22T13:05:00Z", 60)).toBe("2026-11-22 14:05 +01:00");
    expect(formatDateTime("2026-11-22T13:05:00Z", -330)).toBe("2026-11-22 07:35 -05:30");
    expect(formatDateTime("2026-11-22T23:30:00Z", 120)).toBe("2026-11-23 01:30 +02:00");
    expect(formatDateTime("2026-11-22T14:05:00+01:00", 0)).toBe("2026-11-22 13:05 +00:00");
    expect(formatUtc("2026-11-22T14:05:00+01:00")).toBe("2026-11-22 13:05 UTC");
    expect(formatOffset(0)).toBe("+00:00");
  });
  it("puts the UTC time in the title of the provenance line", async () => {
    renderApp("#/cases/c-equinor/overview");
    await screen.findByTestId("case-title");
    const times = await waitFor(() => {
      const t = [...document.querySelectorAll(".provenance time")];
      expect(t.length).toBeGreaterThan(0);
      return t;
    });
    for (const t of times) {
      const at = t.getAttribute("datetime")!;
      expect(t).toHaveTextContent(/^\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d$/);
      expect(t).toHaveAttribute("title", formatUtc(at));
      expect(t.getAttribute("title")).toMatch(/ UTC$/);
    }
  });
});

describe("offline", () => {
  it("disables Re-run and More lookups with the reason", async () => {
    renderApp("#/cases/c-equinor/overview", RECORDED, { online: false });
    await screen.findByTestId("case-title");
    expect(screen.getByTestId("offline-indicator")).toHaveTextContent("Offline: showing cached data");
    for (const name of ["Re-run", "More lookups"]) {
      const b = screen.getByRole("button", { name });
      expect(b).toBeDisabled();
      expect(b).toHaveAttribute("title", OFFLINE_REASON);
      expect(b).toHaveAccessibleDescription(OFFLINE_REASON);
    }
    expect(screen.getByTestId("new-lookup-button")).toBeDisabled();
    expect(screen.getAllByText(OFFLINE_REASON).length).toBeGreaterThan(0);
  });
  it("disables the Amlyze push and validation offline", async () => {
    renderApp("#/cases/c-equinor/risk", RECORDED, { online: false });
    const b = await screen.findByRole("button", { name: "Push to Amlyze" });
    expect(b).toBeDisabled();
    expect(b).toHaveAccessibleDescription(OFFLINE_REASON);
    expect(screen.getByRole("button", { name: "Validate only" })).toBeDisabled();
  });
  it("enables them again when the engine reports the connection back", async () => {
    const { platform } = renderApp("#/cases/c-equinor/overview", RECORDED, { online: false });
    await screen.findByTestId("case-title");
    expect(screen.getByRole("button", { name: "More lookups" })).toBeDisabled();
    act(() => platform.emit({ type: "connectivity", online: true, message: null }));
    await waitFor(() => expect(screen.getByRole("button", { name: "More lookups" })).toBeEnabled());
    expect(screen.getByRole("button", { name: "More lookups" })).not.toHaveAttribute("title");
    expect(screen.queryByText(OFFLINE_REASON)).toBeNull();
  });
  it("keeps the actions enabled online", async () => {
    renderApp("#/cases/c-equinor/overview");
    await screen.findByTestId("case-title");
    expect(screen.getByRole("button", { name: "More lookups" })).toBeEnabled();
    expect(screen.queryByText(OFFLINE_REASON)).toBeNull();
  });
});

describe("the environment in the case list", () => {
  it("shows each case's environment, and sorts by it", async () => {
    const listCases = RECORDED.listCases.map((c, i) => (i === 0 ? { ...c, environment: "production" as const } : c));
    renderApp("#/cases", { ...RECORDED, listCases });
    const list = await screen.findByTestId("case-list");
    expect(within(list).getByRole("columnheader", { name: /Environment/ })).toBeInTheDocument();
    const cells = await within(list).findAllByTestId("case-environment");
    expect(cells.length).toBe(listCases.length);
    const first = list.querySelector(`[data-case-id="${listCases[0]!.id}"] [data-testid="case-environment"]`);
    expect(first).toHaveTextContent("Production");
    expect(cells.filter((c) => c.textContent === "Sandbox").length).toBe(listCases.length - 1);
    await userEvent.click(within(list).getByRole("button", { name: /Environment/ }));
    expect(within(list).getAllByTestId("case-environment")[0]).toHaveTextContent("Production");
  });
});

describe("a name the answer did not let us read", () => {
  it("says unreadable in the case list, never 'not fetched yet'", async () => {
    const listCases = RECORDED.listCases.map((c, i) =>
      i === 0 ? { ...c, subjectName: null, unreadable: ["keyInformation"] } : c,
    );
    renderApp("#/cases", { ...RECORDED, listCases });
    const list = await screen.findByTestId("case-list");
    const row = list.querySelector(`[data-case-id="${listCases[0]!.id}"]`) as HTMLElement;
    expect(row).toHaveTextContent("name unreadable in the answer");
    expect(row).not.toHaveTextContent("not fetched yet");
  });
});
