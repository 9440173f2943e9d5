// Settings on the engine's recorded answers: the environments' settings and write-only secrets,
// the not-configured state, and the confirmation before the first production lookup.
import { beforeEach, describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp } from "../test/render";
import { RECORDED, type Recorded } from "../platform/recorded";
import { forgetProductionConfirmation } from "../features/settings/productionConfirm";

beforeEach(() => forgetProductionConfirmation());

describe("settings", () => {
  it("edits the CLI's keys per environment; a secret is write-only and never shown back", async () => {
    const { platform } = renderApp("#/settings");
    expect(await screen.findByText("/home/officer/.local/share/no.amldesk.desktop")).toBeInTheDocument();
    await userEvent.click(await screen.findByTestId("env-tab-test"));
    const panel = await screen.findByTestId("env-panel-test");
    expect(await within(panel).findByTestId("env-missing")).toHaveTextContent("Not configured yet: set bankid.client_id, bankid.client_secret.");
    expect(platform.calls).toContain("get_environment_config");
    const discovery = within(panel).getByTestId("setting-bankid.discovery_url");
    expect(discovery).toHaveAttribute("placeholder", expect.stringContaining("https://auth.current.bankid.no/"));
    expect(within(panel).getByTestId("scope-basic")).toBeChecked();
    expect(within(panel).getByTestId("scope-OFAC")).not.toBeChecked();
    expect(within(panel).getByTestId("setting-bankid.client_reference_dedup")).not.toBeChecked();

    const save = within(panel).getByTestId("settings-save");
    expect(save).toBeDisabled();
    fireEvent.change(within(panel).getByTestId("setting-bankid.client_id"), { target: { value: "bank-42" } });
    await userEvent.click(within(panel).getByTestId("scope-OFAC"));
    expect(save).toBeEnabled();
    await userEvent.click(save);
    await waitFor(() => expect(platform.calls).toContain("set_environment_config"));
    expect(await within(panel).findByTestId("settings-error")).toHaveTextContent("The settings were not saved.");

    const secret = within(panel).getByTestId("secret-bankid.client_secret");
    expect(within(panel).getAllByText("not set").length).toBe(3);
    fireEvent.change(secret, { target: { value: "s3cret-value" } });
    await userEvent.click(within(panel).getByTestId("secret-store-bankid.client_secret"));
    await waitFor(() => expect(platform.calls).toContain("set_environment_secret"));
    expect(await within(panel).findByText("Client secret was not stored.")).toBeInTheDocument();
    expect(document.body.textContent).not.toContain("s3cret-value");
  }, 20_000);

  it("shows the sandbox's fixed addresses and built-in credentials; switching asks the engine", async () => {
    const { platform } = renderApp("#/settings");
    const panel = await screen.findByTestId("env-panel-sandbox");
    expect(await within(panel).findByTestId("setting-amlyze.base_url")).toHaveAttribute("readonly");
    expect(within(panel).getAllByText("built in").length).toBe(3);
    expect(within(panel).queryByTestId("switch-environment")).toBeNull();
    await userEvent.click(screen.getByTestId("env-tab-production"));
    const prod = await screen.findByTestId("env-panel-production");
    await userEvent.click(await within(prod).findByTestId("switch-environment"));
    await waitFor(() => expect(platform.calls).toContain("switch_environment"));
  });

  it("an environment not configured says so in the frame and holds lookups", async () => {
    const recorded: Recorded = { ...RECORDED, appInfo: { ...RECORDED.appInfo, environment: "test", notConfigured: ["bankid.client_id", "bankid.client_secret"] } };
    renderApp("#/cases", recorded);
    expect(await screen.findByTestId("not-configured")).toHaveTextContent("Test is not configured yet. Configure it in Settings: bankid.client_id, bankid.client_secret.");
    expect(screen.getByTestId("new-lookup-button")).toBeDisabled();
    expect(screen.getByTestId("env-badge")).toHaveTextContent("Test");
  });
});

describe("production", () => {
  it("asks once before the first lookup of the run, naming the environment", async () => {
    const recorded: Recorded = { ...RECORDED, appInfo: { ...RECORDED.appInfo, environment: "production" } };
    const { platform } = renderApp("#/cases", recorded);
    const lookup = async () => {
      await userEvent.click(await screen.findByTestId("new-lookup-button"));
      fireEvent.change(await screen.findByTestId("lookup-identifier"), { target: { value: "923609016" } });
      expect(await screen.findByText(/Valid number 923 609 016/)).toBeInTheDocument();
      await userEvent.click(screen.getByTestId("lookup-submit"));
    };
    await lookup();
    const dialog = await screen.findByTestId("production-confirm");
    expect(dialog).toHaveTextContent("This lookup goes to Production");
    expect(screen.getByTestId("production-confirm-yes")).toHaveFocus();
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("production-confirm")).toBeNull();
    expect(platform.calls).not.toContain("start_lookup");

    await userEvent.click(screen.getByTestId("lookup-submit"));
    await userEvent.click(await screen.findByTestId("production-confirm-yes"));
    await waitFor(() => expect(platform.calls).toContain("start_lookup"));
    await waitFor(() => expect(window.location.hash).toBe("#/cases/c-equinor/overview"));

    // Not asked again in this run.
    await lookup();
    await waitFor(() => expect(platform.calls.filter((c) => c === "start_lookup").length).toBe(2));
    expect(screen.queryByTestId("production-confirm")).toBeNull();
  }, 20_000);

  it("asks before the first batch too, and starts nothing when cancelled", async () => {
    const recorded: Recorded = { ...RECORDED, appInfo: { ...RECORDED.appInfo, environment: "production" } };
    const { platform } = renderApp("#/batch", recorded);
    const file = new File(["country,identifier\nNO,923609016\n"], RECORDED.batch.fileName ?? "kyc.csv", { type: "text/csv" });
    await userEvent.upload(await screen.findByTestId("batch-file"), file);
    await userEvent.click(await screen.findByTestId("batch-start"));
    const dialog = await screen.findByTestId("production-confirm");
    expect(dialog).toHaveTextContent("This batch goes to Production");
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("production-confirm")).toBeNull());
    expect(platform.calls).not.toContain("start_batch");
    await userEvent.click(screen.getByTestId("batch-start"));
    await userEvent.click(await screen.findByTestId("production-confirm-yes"));
    await waitFor(() => expect(platform.calls).toContain("start_batch"));
  }, 20_000);
});
