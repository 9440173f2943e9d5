// The whole window on the engine's recorded answers (src/platform/fixtures/recorded.json, written
// by crates/engine/tests/engine/fixtures.rs against the sandbox). No hand-made engine shapes.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp } from "../test/render";
import { RECORDED } from "../platform/recorded";
import type { EngineEvent } from "../platform";
import { preloadCaseTabs } from "../features/case/CaseView";

vi.mock("../features/reports/pdf", async () => (await import("../test/mocks")).pdfMock);
vi.mock("../features/ownership/cy", async () => {
  const real = await vi.importActual<typeof import("../features/ownership/cy")>("../features/ownership/cy");
  return { ...real, createGraph: (await import("../test/mocks")).cyMock.createGraph };
});

const recordedEvents = RECORDED.lookupEvents.filter((e): e is EngineEvent => !("started" in e));

describe("frame", () => {
  it("shows the environment, the online state and finds a person with Ctrl+K", async () => {
    renderApp();
    expect(await screen.findByTestId("env-badge")).toHaveTextContent(/^Sandbox$/);
    expect(screen.getByTestId("online-indicator")).toHaveTextContent("Online");

    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    const input = await screen.findByTestId("global-search-input");
    fireEvent.change(input, { target: { value: "skarvholm" } });
    const option = await within(screen.getByRole("listbox", { name: "Matches" })).findByRole("option");
    expect(option).toHaveTextContent("EQUINOR ASA");
    expect(option).toHaveTextContent("person");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(window.location.hash).toBe("#/cases/c-equinor/overview"));
  });
});

describe("cases list", () => {
  it("shows one sentence and the New lookup button when the store is empty", async () => {
    renderApp("#/cases", { ...RECORDED, listCases: [] });
    const empty = await screen.findByTestId("cases-empty");
    expect(empty).toHaveTextContent(/lookup/i);
    expect(within(empty).getByRole("button", { name: "New lookup" })).toBeInTheDocument();
  });

  it("lists the recorded cases with words for status, risk and hits; filters through the store's search", async () => {
    const { platform } = renderApp();
    const list = await screen.findByTestId("case-list");
    await within(list).findAllByText("EQUINOR ASA");
    expect(list.querySelectorAll("[data-case-id]")).toHaveLength(RECORDED.listCases.length);
    const eq = list.querySelector('[data-case-id="c-equinor"]')!;
    expect(eq).toHaveTextContent("923 609 016");
    expect(eq).toHaveTextContent("High");
    expect(eq).toHaveTextContent("2 sanction");
    expect(eq).toHaveTextContent("1 PEP");
    expect(list.querySelector('[data-case-id="c-dnb"]')).toHaveTextContent("Approved");
    const failing = list.querySelector('[data-case-id="c-failing"]')!;
    expect(failing).toHaveTextContent("Needs attention");
    expect(failing).toHaveTextContent("999 999 999");
    expect(failing).toHaveTextContent("never");

    // A person's name is not in the row: only the store's full-text search finds the case.
    fireEvent.change(screen.getByTestId("case-filter"), { target: { value: "skarvholm" } });
    await waitFor(() => expect(list.querySelectorAll("[data-case-id]").length).toBe(1));
    expect(platform.calls).toContain("search");
    expect(list.querySelector("[data-case-id]")).toHaveAttribute("data-case-id", "c-equinor");
    await userEvent.click(list.querySelector('[data-case-id="c-equinor"]')!);
    expect(window.location.hash).toBe("#/cases/c-equinor/overview");
  });
});

describe("new lookup", () => {
  it("validates with the engine's words, starts, and follows the recorded session events", async () => {
    const { platform } = renderApp("#/cases");
    await userEvent.click(await screen.findByTestId("new-lookup-button"));
    const input = await screen.findByTestId("lookup-identifier");
    expect(screen.getByTestId("lookup-country")).toHaveValue("NO");
    fireEvent.change(input, { target: { value: "988077918" } });
    expect(await screen.findByTestId("lookup-error")).toHaveTextContent(
      "Norwegian organization number 988 077 918 is not valid: its check digit does not match.",
    );
    await userEvent.click(screen.getByTestId("lookup-submit"));
    expect(platform.calls).not.toContain("start_lookup");

    fireEvent.change(input, { target: { value: "923609016" } });
    await waitFor(() => expect(screen.queryByTestId("lookup-error")).toBeNull());
    expect(await screen.findByText(/Valid number 923 609 016/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("lookup-submit"));
    await waitFor(() => expect(platform.calls).toContain("start_lookup"));
    await waitFor(() => expect(window.location.hash).toBe("#/cases/c-equinor/overview"));
    expect(await screen.findByTestId("case-title")).toHaveTextContent("EQUINOR ASA");
    await waitFor(() => expect(screen.getByTestId("session-progress")).toHaveTextContent(/AML report · downloaded · 18 KB · sha256 b743…/));
  });
});

describe("case view", () => {
  // The Ownership and Reports tabs load lazily; a cold import outlasts findBy's wait.
  beforeAll(preloadCaseTabs, 30_000);
  it("shows Equinor's header and overview with provenance", async () => {
    renderApp("#/cases/c-equinor/overview");
    expect(await screen.findByTestId("case-title")).toHaveTextContent("EQUINOR ASA");
    // Header, Screening card and tab count the same hits with the same words (core's HitCounts):
    // two sanction-list hits (EU and OFAC), one PEP-list hit, three hits listed on the tab.
    const s = RECORDED.cases["c-equinor"]!.summary;
    const screening = RECORDED.cases["c-equinor"]!.organization!.view!.screening;
    expect([s.sanctionHits, s.pepHits]).toEqual([screening.sanctionHits, screening.pepHits]);
    expect([s.sanctionHits, s.pepHits]).toEqual([2, 1]);
    expect(screen.getAllByText("2 sanction-list hits")).toHaveLength(2);
    expect(screen.getAllByText("1 PEP-list hit")).toHaveLength(2);
    expect(screen.getByRole("tab", { name: /Sanctions & PEP/ })).toHaveTextContent("Sanctions & PEP (3)");
    expect(screening.hits).toHaveLength(3);
    expect(screen.getByText("Risk: High")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Export case file…" })).toBeEnabled();
    expect(screen.getAllByText("Forusbeen 50, 4035 STAVANGER, Norway")).toHaveLength(2);
    expect(screen.getByText(/styrets leder alene, eller daglig leder og ett styremedlem i fellesskap/i)).toBeInTheDocument();
    expect(screen.getAllByText(/1 069 740 000 000/).length).toBeGreaterThan(0);
    expect(screen.getByText(/for 4 % the owner is unknown/)).toBeInTheDocument();
    const provenance = /BankID AML Organization API · Sandbox · fetched \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d/;
    expect(screen.getAllByText((_, el) => el?.tagName === "P" && el.classList.contains("provenance") && provenance.test(el.textContent ?? "")).length).toBeGreaterThan(3);

    fireEvent.keyDown(window, { key: "4", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("tab-sanctions")).toHaveAttribute("aria-selected", "true"));
    expect(screen.getByText(/match 480 of 500/)).toBeInTheDocument();
    expect(screen.getAllByText(/EU_GLOBAL/).length).toBeGreaterThan(0);
    expect(screen.getAllByText(/OFAC \(via TRAPETS\)/).length).toBeGreaterThan(0);
  });

  it("never shows the drifted case's unreadable section as searched-and-empty", async () => {
    renderApp("#/cases/c-drifted/overview");
    expect(await screen.findByTestId("case-title")).toHaveTextContent("EQUINOR ASA");
    expect(RECORDED.cases["c-drifted"]!.summary.unreadable).toContain("address");
    const card = screen.getByRole("heading", { name: "Addresses" }).closest("section, article, div.card") as HTMLElement;
    expect(card).toHaveTextContent(/could not be read/);
    expect(card).toHaveTextContent("Unreadable");
    expect(card).not.toHaveTextContent(/nothing found\.?$/i);
    expect(card).not.toHaveTextContent("Searched, nothing found");
    // "Searched, nothing found" appears only where the engine says the section is empty.
    const empty = RECORDED.cases["c-drifted"]!.organization!.sections.filter((s) => s.availability === "empty").map((s) => s.path);
    expect(empty).toContain("ownership.subsidiaries");
    expect(empty).not.toContain("address");
    for (const el of screen.queryAllByText(/Searched, nothing found/)) {
      expect(el.closest("section")?.getAttribute("aria-label")).toBe("Subsidiaries");
    }
    expect(document.body).not.toHaveTextContent("No hits");
  });

  it("tells searched-and-empty apart: Registerenheten has no shareholders and no hits", async () => {
    renderApp("#/cases/c-registerenheten/overview");
    await screen.findByTestId("case-title");
    expect(screen.getAllByText(/Searched, nothing found/).length).toBeGreaterThan(0);
    expect(screen.getByText(/No hits in EU_GLOBAL, UN_CONSOLIDATED_1, PEP_NORDIC, OFAC_SDN/)).toBeInTheDocument();
  });

  it("explains the failed lookup of 999 999 999 and what to do", async () => {
    renderApp("#/cases/c-failing/overview");
    expect(await screen.findByTestId("case-title")).toHaveTextContent("999 999 999");
    const progress = screen.getByTestId("session-progress");
    expect(progress).toHaveTextContent("Organization data · failed");
    expect(progress).toHaveTextContent("The provider could not produce Organization data and cancelled the session.");
    expect(progress).toHaveTextContent("retrying later usually helps");
    expect(screen.getByText(/No organization data yet/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent("No hits");
  });

  it("names Kari Skarvholm as Equinor's beneficial owner in the ownership graph, with her rules and path", async () => {
    renderApp("#/cases/c-equinor/ownership");
    const g = await screen.findByTestId("ownership-graph");
    await waitFor(() => expect(g).toHaveAttribute("data-bo-count", "1"));
    // Everything linked to Equinor, and nothing of the recording's other cases.
    expect(Number(g.getAttribute("data-node-count"))).toBeGreaterThanOrEqual(7);
    expect(screen.queryByText(/from other cases, not linked to this company/)).not.toBeInTheDocument();
    const kari = screen.getByRole("button", { name: /Kari Skarvholm/ });
    const line = kari.parentElement!;
    expect(line).toHaveTextContent("26.1 %");
    expect(line).toHaveTextContent("Chain, Register, Integrated, AMLR");
    await userEvent.click(kari);
    expect(screen.getAllByText(/Kari Skarvholm → .*EQUINOR ASA/).length).toBeGreaterThan(0);
  });

  it("asks the engine for the case file in the typed folder, as one .zip file, and says why the recording cannot write one", async () => {
    const { platform } = renderApp("#/cases/c-equinor/overview");
    await screen.findByTestId("case-title");
    const spy = vi.spyOn(platform, "exportCase");
    await userEvent.click(screen.getByRole("button", { name: "Export case file…" }));
    const dialog = await screen.findByRole("dialog", { name: "Export case file" });
    // The folder field starts with the engine's export folder and has the focus.
    const folder = within(dialog).getByLabelText(/In the folder/);
    await waitFor(() => expect(folder).toHaveValue(RECORDED.appInfo.exportDir));
    expect(folder).toHaveFocus();
    await userEvent.clear(folder);
    await userEvent.type(folder, "/home/officer/Case files");
    await userEvent.click(within(dialog).getByLabelText("as one .zip file"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Export" }));
    await waitFor(() => expect(spy).toHaveBeenCalledWith({ caseId: "c-equinor", zip: true, directory: "/home/officer/Case files" }));
    expect(await within(dialog).findByText("The case file could not be written.")).toBeInTheDocument();
    expect(screen.queryByTestId("export-result")).toBeNull();
    expect(screen.queryByTestId("export-status")).toBeNull();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog", { name: "Export case file" })).toBeNull();
  });

  it("sends the drawn graph to the engine and reports that the recording cannot save it", async () => {
    const { platform } = renderApp("#/cases/c-equinor/ownership");
    await screen.findByTestId("ownership-graph");
    const saveSpy = vi.spyOn(platform, "saveGraphImage");
    await userEvent.click(await screen.findByRole("button", { name: "Export SVG" }));
    await waitFor(() => expect(saveSpy).toHaveBeenCalled());
    expect(saveSpy.mock.calls[0]![0]).toMatchObject({ caseId: "c-equinor", format: "svg" });
    expect(atob(saveSpy.mock.calls[0]![0].dataBase64)).toContain("<svg");
    expect(await screen.findByText(/Not recorded/)).toBeInTheDocument();
    expect(screen.queryByText(/Saved SVG/)).toBeNull();
  });

  it("lists the recorded reports with SHA-256 and never shows an invented document", async () => {
    const { platform } = renderApp("#/cases/c-equinor/reports");
    expect(await screen.findByText("AML report")).toBeInTheDocument();
    expect(screen.getByText("Beneficial owners report")).toBeInTheDocument();
    expect(screen.getByText("SHA-256")).toBeInTheDocument();
    expect(screen.getByText(/^b743cbe1bb107033/)).toBeInTheDocument();
    await waitFor(() => expect(platform.calls).toContain("get_document"));
    expect(await screen.findByText(/The report could not be read/)).toBeInTheDocument();
  });

  it("shows Amlyze rows and events, and validates through the engine", async () => {
    const { platform } = renderApp("#/cases/c-equinor/risk");
    expect(await screen.findByText(/KYC risk scoring completed/)).toHaveTextContent("risk high → high, decision manual review");
    expect(screen.getByTestId("app-shell")).toHaveTextContent(/Push 2026-01-15 10:00 \+01:00 · final risk high/);
    await userEvent.click(screen.getByRole("button", { name: "Validate only" }));
    await waitFor(() => expect(platform.calls).toContain("amlyze_push"));
  });

  it("groups peer data by category and shows the audit log with short hashes", async () => {
    renderApp("#/cases/c-equinor/peer");
    expect(await screen.findByRole("heading", { name: "Identity" })).toBeInTheDocument();
    expect(screen.getByText(/sent as \+380501234567/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("tab-activity"));
    const hashes = await screen.findAllByText(/^[0-9a-f]{8}…$/);
    expect(hashes.length).toBe(RECORDED.cases["c-equinor"]!.audit.length);
  });
});

describe("deciding", () => {
  const openDecide = async (hash = "#/cases/c-equinor/overview") => {
    const r = renderApp(hash);
    await screen.findByTestId("case-title");
    await userEvent.click(screen.getByRole("button", { name: "Decide" }));
    return { ...r, dialog: await screen.findByRole("dialog", { name: "Decide" }) };
  };

  it("pre-selects nothing, keeps focus off Approve and counts the engine's unreviewed hits", async () => {
    const { dialog } = await openDecide();
    for (const name of ["Approve", "Reject", "Escalate"]) expect(within(dialog).getByLabelText(name)).not.toBeChecked();
    expect(document.activeElement).not.toBe(within(dialog).getByLabelText("Approve"));
    expect(document.activeElement).toBe(screen.getByTestId("decide-summary"));
    const h = RECORDED.cases["c-equinor"]!.hits;
    expect(h.unreviewed).toBe(3);
    expect(screen.getByTestId("decide-unreviewed")).toHaveTextContent("3 hits not reviewed (of 3)");
    expect(within(dialog).getByLabelText("Approve")).toBeDisabled();
    expect(screen.getByTestId("decide-four-eyes")).toHaveTextContent("second, different reviewer");
    expect(screen.queryByTestId("decide-running")).toBeNull();
  });

  it("requires a decision and a reason, says why, then sends them to the engine", async () => {
    const { platform, dialog } = await openDecide();
    const save = within(dialog).getByRole("button", { name: "Save decision" });
    expect(save).toBeDisabled();
    expect(screen.getByTestId("decide-why")).toHaveTextContent("To save, choose a decision and give a reason (3 hits are not reviewed).");
    await userEvent.click(within(dialog).getByLabelText("Escalate"));
    expect(save).toBeDisabled();
    expect(screen.getByTestId("decide-why")).toHaveTextContent("give a reason (3 hits are not reviewed)");
    const reason = within(dialog).getByLabelText(/^Reason/);
    await userEvent.type(reason, "   ");
    expect(save).toBeDisabled();
    await userEvent.type(reason, "Hits are a shareholder's shareholder; assessed manually.");
    await waitFor(() => expect(within(dialog).getByLabelText(/^Reviewer/)).toHaveValue("kari.officer"));
    expect(save).toBeEnabled();
    expect(screen.getByTestId("decide-why")).toBeEmptyDOMElement();
    const spy = vi.spyOn(platform, "setDecision");
    await userEvent.click(save);
    await waitFor(() => expect(spy).toHaveBeenCalledWith({ caseId: "c-equinor", decision: "escalate", note: "Hits are a shareholder's shareholder; assessed manually.", reviewer: "kari.officer" }));
    // The recording holds no decision: the dialog stays open and says it was not saved.
    expect(await within(dialog).findByText("The decision was not saved.")).toBeInTheDocument();
  }, 20_000);

  it("names the sessions still running", async () => {
    const { platform } = renderApp("#/cases/c-equinor/overview");
    await screen.findByTestId("case-title");
    // The recorded first event of Equinor's organization session: planned.
    act(() => platform.emit(recordedEvents[0]!));
    await userEvent.click(screen.getByRole("button", { name: "Decide" }));
    const running = await screen.findByTestId("decide-running");
    expect(running).toHaveTextContent("1 lookup session is still running");
    expect(running).toHaveTextContent("BankID AML Organization API · planned");
  });

  it("a case without hits says so and still needs a reason", async () => {
    const { dialog } = await openDecide("#/cases/c-registerenheten/overview");
    expect(dialog).toHaveTextContent("No sanction or PEP hits in this case.");
    expect(screen.queryByTestId("decide-unreviewed")).toBeNull();
    await userEvent.click(within(dialog).getByLabelText("Escalate"));
    expect(within(dialog).getByRole("button", { name: "Save decision" })).toBeDisabled();
    expect(screen.getByTestId("decide-why")).toHaveTextContent("To save, give a reason.");
  });
});

describe("batch", () => {
  it("uploads the recorded CSV, lists rejected lines by number with the engine's words, and shows the counts", async () => {
    renderApp("#/batch");
    const file = new File(["country,identifier\nNO,923609016\nNO,988077918\nXX,1\nSE,5560160680\n"], "kyc.csv", { type: "text/csv" });
    await userEvent.upload(await screen.findByTestId("batch-file"), file);
    await screen.findByText(/kyc.csv: 5 lines/);
    await userEvent.click(screen.getByTestId("batch-start"));
    const rejected = await screen.findByTestId("batch-rejected");
    expect(within(rejected).getByText("3")).toBeInTheDocument();
    expect(within(rejected).getByText("4")).toBeInTheDocument();
    expect(rejected).toHaveTextContent("check digit does not match");
    expect(rejected).toHaveTextContent("is not a supported country");
    await waitFor(() => expect(screen.getByTestId("batch-counts")).toHaveTextContent("2 of 2 finished (100 %)"));
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2");
  });
});

