import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp } from "../test/render";

vi.mock("../features/reports/pdf", async () => (await import("../test/mocks")).pdfMock);
vi.mock("../features/ownership/cy", async () => {
  const real = await vi.importActual<typeof import("../features/ownership/cy")>("../features/ownership/cy");
  return { ...real, createGraph: (await import("../test/mocks")).cyMock.createGraph };
});

describe("frame", () => {
  it("shows the environment, the online state and opens search with Ctrl+K", async () => {
    const { platform } = renderApp();
    expect(await screen.findByTestId("env-badge")).toHaveTextContent(/^Sandbox$/);
    expect(screen.getByTestId("app-shell")).toBeInTheDocument();
    expect(screen.getByTestId("online-indicator")).toHaveTextContent("Online");
    act(() => platform.setOnline(false));
    expect(await screen.findByTestId("offline-indicator")).toHaveTextContent(/Offline/);

    fireEvent.keyDown(window, { key: "k", ctrlKey: true });
    const input = await screen.findByTestId("global-search-input");
    await userEvent.type(input, "nordmann");
    const option = await within(screen.getByRole("listbox", { name: "Matches" })).findByRole("option");
    expect(option).toHaveTextContent("EQUINOR ASA");
    expect(option).toHaveTextContent("person");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(window.location.hash).toBe("#/cases/c-equinor/overview"));
  });
});

describe("startup without an OS keyring", () => {
  it("explains it and opens the workspace with secrets kept for this run only", async () => {
    const { platform } = renderApp("#/cases", { keyringUnavailable: true, empty: true });
    const gate = await screen.findByTestId("startup-gate");
    expect(gate).toHaveTextContent("The OS keyring is not available");
    expect(gate).toHaveTextContent(/not kept after you close AML Desk/);
    expect(screen.queryByTestId("cases-empty")).not.toBeInTheDocument();
    await userEvent.click(within(gate).getByTestId("memory-secrets"));
    expect(await screen.findByTestId("cases-empty")).toBeInTheDocument();
    expect(screen.queryByTestId("startup-gate")).not.toBeInTheDocument();
    expect(platform.calls).toContain("use_memory_secrets");
  });
});

describe("cases list", () => {
  it("shows one sentence and the New lookup button when there are no cases", async () => {
    renderApp("#/cases", { empty: true });
    const empty = await screen.findByTestId("cases-empty");
    expect(empty).toHaveTextContent(/lookup/i);
    expect(within(empty).getByRole("button", { name: "New lookup" })).toBeInTheDocument();
    expect(screen.getByTestId("new-lookup-button")).toHaveTextContent("New lookup");
  });

  it("lists cases with words for status, risk and decision; filters through the store's search; sorts", async () => {
    const { platform } = renderApp();
    const list = await screen.findByTestId("case-list");
    await within(list).findByText("EQUINOR ASA");
    const eq = list.querySelector('[data-case-id="c-equinor"]')!;
    expect(eq).toHaveTextContent("923 609 016");
    expect(eq).toHaveTextContent("High");
    expect(eq).toHaveTextContent("1 sanction");
    expect(list.querySelector('[data-case-id="c-dnb"]')).toHaveTextContent("Approved");
    expect(list.querySelector('[data-case-id="c-telenor"]')).toHaveTextContent("Needs attention");

    // A person's name is not in the row: only the store's full-text search can find the case.
    await userEvent.type(screen.getByTestId("case-filter"), "Havbris");
    await waitFor(() => expect(list.querySelectorAll("[data-case-id]").length).toBe(1));
    expect(platform.calls).toContain("search");
    expect(list.querySelector("[data-case-id]")).toHaveAttribute("data-case-id", "c-equinor");
    await userEvent.clear(screen.getByTestId("case-filter"));

    await userEvent.click(screen.getByRole("button", { name: /^Subject/ }));
    await waitFor(() => {
      const names = [...list.querySelectorAll("[data-case-id]")].map((r) => r.getAttribute("data-case-id"));
      expect(names[0]).toBe("c-dnb");
    });
    await userEvent.click(list.querySelector('[data-case-id="c-dnb"]')!);
    expect(window.location.hash).toBe("#/cases/c-dnb/overview");
  });
});

describe("new lookup", () => {
  it("validates live with the CLI's words, then starts and shows progress driven by events", async () => {
    const { platform } = renderApp("#/cases", { empty: true });
    await userEvent.click(await screen.findByTestId("new-lookup-button"));
    const input = await screen.findByTestId("lookup-identifier");
    expect(screen.getByTestId("lookup-country")).toHaveValue("NO");
    await userEvent.type(input, "988077918");
    expect(await screen.findByTestId("lookup-error")).toHaveTextContent("check digit does not match");
    expect(platform.calls).not.toContain("start_lookup");
    // Submitting an invalid number sends nothing.
    await userEvent.click(screen.getByTestId("lookup-submit"));
    expect(platform.calls).not.toContain("start_lookup");

    await userEvent.clear(input);
    await userEvent.type(input, "923609016");
    await waitFor(() => expect(screen.queryByTestId("lookup-error")).toBeNull());
    expect(await screen.findByText(/Valid number 923 609 016/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("lookup-submit"));

    const progress = await screen.findByTestId("session-progress");
    expect(progress).toHaveTextContent("BankID AML Organization API");
    expect(progress).toHaveTextContent("AML report · not started");
    expect(screen.getByTestId("case-title")).toHaveTextContent("923 609 016");

    act(() => { platform.step(); platform.step(); });
    await waitFor(() => expect(screen.getByTestId("session-progress")).toHaveTextContent(/AML report · in progress · \d/));
    act(() => platform.runAll());
    await waitFor(() => expect(screen.getByTestId("case-title")).toHaveTextContent("EQUINOR ASA"));
    expect(screen.getByTestId("session-progress")).toHaveTextContent(/AML report · downloaded · 116 KB · sha256 [0-9a-f]{4}…/);
  });

  it("offers OFAC only when the client has the scope, and opens with n", async () => {
    renderApp("#/cases");
    await screen.findByTestId("case-list");
    fireEvent.keyDown(window, { key: "n" });
    await screen.findByTestId("lookup-identifier");
    expect(screen.getByLabelText(/OFAC sanction list/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Sanctions and PEP screening/)).toBeChecked();
  });
});

describe("case view", () => {
  it("shows the header, tabs by keyboard and the overview in plain words with provenance", async () => {
    renderApp("#/cases/c-equinor/overview");
    expect(await screen.findByTestId("case-title")).toHaveTextContent("EQUINOR ASA");
    expect(screen.getByRole("button", { name: "Export case file" })).toBeDisabled();
    expect(screen.getByText("Case file export comes in a later release")).toBeInTheDocument();
    expect(screen.getByText("Chair of the board")).toBeInTheDocument();
    expect(screen.getByText(/the chair of the board alone, or two board members jointly/i)).toBeInTheDocument();
    expect(screen.getAllByText(/5 976 872 600/).length).toBeGreaterThan(0);
    expect(screen.getByText(/for 37.71 % the owner is unknown/)).toBeInTheDocument();
    expect(screen.getAllByText(/BankID AML Organization API · Sandbox · fetched \d{4}-\d\d-\d\d \d\d:\d\d/).length).toBeGreaterThan(3);
    expect(screen.getByRole("img", { name: "Turnover by year" })).toBeInTheDocument();

    fireEvent.keyDown(window, { key: "3", altKey: true });
    await waitFor(() => expect(screen.getByTestId("tab-beneficial")).toHaveAttribute("aria-selected", "true"));
    expect(screen.getAllByText("not available: no National Registry access").length).toBeGreaterThan(0);
    expect(screen.getByText("Ola Nordmann")).toBeInTheDocument();

    fireEvent.keyDown(window, { key: "4", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("tab-sanctions")).toHaveAttribute("aria-selected", "true"));
    expect(screen.getByText(/match 325 of 500/)).toBeInTheDocument();
    expect(screen.getByText(/EU_GLOBAL/)).toBeInTheDocument();
  });

  it("tells not requested apart from searched-and-found-nothing", async () => {
    renderApp("#/cases/c-dnb/overview");
    await screen.findByTestId("case-title");
    // DNB was fetched with address and sanction only.
    expect(screen.getAllByText(/Not requested in this lookup/).length).toBeGreaterThan(2);
    expect(screen.getByText(/No hits in EU, UN or national lists/)).toBeInTheDocument();
  });

  it("draws the ownership graph and exposes its counts once laid out", async () => {
    renderApp("#/cases/c-equinor/ownership");
    const g = await screen.findByTestId("ownership-graph");
    await waitFor(() => expect(g).toHaveAttribute("data-bo-count", "2"));
    expect(g).toHaveAttribute("data-node-count", "10");
    expect(g).toHaveAttribute("data-edge-count", "10");
    await userEvent.click(screen.getByRole("button", { name: "★ Ola Nordmann" }));
    expect(screen.getByText(/Ola Nordmann → FJORDKRAFT INVEST AS → EQUINOR ASA/)).toHaveTextContent("27 %");
    expect(screen.getByText("AML act chain rule (> 25 % at every step)")).toBeInTheDocument();
  });

  it("saves the graph as SVG and PNG through the engine and says where", async () => {
    const { platform } = renderApp("#/cases/c-equinor/ownership");
    await screen.findByTestId("ownership-graph");
    const saveSpy = vi.spyOn(platform, "saveGraphImage");
    await userEvent.click(await screen.findByRole("button", { name: "Export SVG" }));
    expect(await screen.findByTestId("graph-export-status")).toHaveTextContent(/Saved SVG to .*ownership\.svg/);
    const svgReq = saveSpy.mock.calls[0]![0];
    expect(svgReq).toMatchObject({ caseId: "c-equinor", format: "svg" });
    expect(atob(svgReq.dataBase64)).toContain("<svg");
    await userEvent.click(screen.getByRole("button", { name: "Export PNG" }));
    await waitFor(() => expect(screen.getByTestId("graph-export-status")).toHaveTextContent(/Saved PNG/));
    expect(saveSpy.mock.calls[1]![0].dataBase64).toMatch(/^data:image\/png;base64,/);
  });

  it("opens the stored PDF from its bytes and reports the rendered page", async () => {
    const { platform } = renderApp("#/cases/c-equinor/reports");
    const viewer = await screen.findByTestId("pdf-viewer");
    await waitFor(() => expect(viewer).toHaveAttribute("data-rendered-page", "1"));
    expect(platform.calls).toContain("get_document");
    expect(screen.getByText(/of 2/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(viewer).toHaveAttribute("data-rendered-page", "2"));
    expect(screen.getByText("SHA-256")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Find in document"), "EQUINOR{Enter}");
    expect(await screen.findByText("on page 1")).toBeInTheDocument();
  });

  it("shows Amlyze rows with their error codes in words and pushes", async () => {
    const { platform } = renderApp("#/cases/c-equinor/risk");
    expect(await screen.findByText(/This communication number was already sent to Amlyze/)).toBeInTheDocument();
    expect(screen.getByText(/risk medium → high/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Validate only" }));
    await waitFor(() => expect(platform.calls).toContain("amlyze_push"));
    expect(await screen.findByText(/^Validation/)).toBeInTheDocument();
  });

  it("groups peer data by category and shows the audit log with short hashes", async () => {
    renderApp("#/cases/c-equinor/peer");
    expect(await screen.findByRole("heading", { name: "Subscription" })).toBeInTheDocument();
    expect(screen.getByText(/sent as \+380501234567/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("tab-activity"));
    const hashes = await screen.findAllByText(/^[0-9a-f]{8}…$/);
    expect(hashes.length).toBeGreaterThan(2);
  });

  it("explains a failed lookup and records a decision", async () => {
    const { platform } = renderApp("#/cases/c-telenor/overview");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("BankID AML answered with a server error three times");
    expect(alert).toHaveTextContent("retrying later usually helps");
    expect(within(alert).getByText("Details")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Decide" }));
    await userEvent.click(screen.getByLabelText("Escalate"));
    await userEvent.type(screen.getByRole("textbox"), "Upstream failing; escalate for manual check.");
    await userEvent.click(screen.getByRole("button", { name: "Save decision" }));
    await waitFor(() => expect(platform.calls).toContain("set_decision"));
    expect(await screen.findByText("Escalated")).toBeInTheDocument();
  });
});

describe("batch", () => {
  it("uploads a CSV, lists rejected lines by number, and follows progress to the end", async () => {
    const { platform } = renderApp("#/batch");
    const file = new File(["country,identifier\nNO,923609016\nNO,988077918\nXX,1\nSE,5560160680\n"], "kyc.csv", { type: "text/csv" });
    await userEvent.upload(await screen.findByTestId("batch-file"), file);
    await screen.findByText(/kyc.csv: 5 lines/);
    await userEvent.click(screen.getByTestId("batch-start"));
    const rejected = await screen.findByTestId("batch-rejected");
    expect(within(rejected).getByText("3")).toBeInTheDocument();
    expect(within(rejected).getByText("4")).toBeInTheDocument();
    expect(rejected).toHaveTextContent("check digit does not match");
    expect(await screen.findByTestId("batch-counts")).toHaveTextContent("0 of 2 finished");
    act(() => platform.runAll());
    await waitFor(() => expect(screen.getByTestId("batch-counts")).toHaveTextContent("2 of 2 finished (100 %)"));
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2");
  });
});

describe("settings", () => {
  it("stores a secret without showing it back and lists each connection step", async () => {
    const { platform } = renderApp("#/settings");
    const field = await screen.findByLabelText("Client secret for BankID AML Organization API (Test)");
    await userEvent.type(field, "s3cret-value");
    const save = within(field.closest(".secret") as HTMLElement).getByRole("button", { name: "Save secret" });
    await userEvent.click(save);
    await waitFor(() => expect(field).toHaveValue(""));
    expect(within(field.closest(".secret") as HTMLElement).getByText("stored in keyring")).toBeInTheDocument();
    expect(document.body.textContent).not.toContain("s3cret-value");
    expect(screen.getByText("/home/officer/.local/share/no.amldesk.desktop")).toBeInTheDocument();

    const sandbox = screen.getByRole("region", { name: "Sandbox environment" });
    await userEvent.click(within(sandbox).getAllByRole("button", { name: "Test connection" })[0]!);
    const steps = await screen.findByRole("list", { name: "Connection test of BankID AML Organization API" });
    expect(steps).toHaveTextContent("discovery passed");
    expect(steps).toHaveTextContent("token passed");
    expect(platform.calls).toContain("test_connection");
  });
});
