// The register-discrepancy card and Settings › Review, on the engine's recorded answers: Telenor's
// register omits Lars Eikrem, whom NO-REG gives (29 % through two companies he controls); Equinor's
// agrees; a case without the register's list says there is nothing to compare; an unreadable list
// is never "no discrepancy". Review settings save through the engine and show its refusal by field.
import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp, renderWithPlatform } from "../test/render";
import { RECORDED } from "../platform/recorded";
import { DiscrepancyCard } from "../features/case/review/DiscrepancyCard";
import type { DiscrepancyView } from "../platform";

vi.mock("../features/reports/pdf", async () => (await import("../test/mocks")).pdfMock);

describe("discrepancy with the register", () => {
  it("shows Telenor's draft notice under Beneficial owners and copies its text", async () => {
    const d = RECORDED.cases["c-telenor"]!.discrepancy;
    expect(d.status).toBe("found");
    renderApp("#/cases/c-telenor/beneficial");
    const card = await screen.findByRole("region", { name: "Discrepancy with the register — draft notice (RRH-0120)" });
    const notice = within(card).getByTestId("discrepancy-notice");
    expect(notice).toHaveTextContent("Brønnøysundregistrene");
    expect(notice).toHaveTextContent("RRH-0120");
    expect(notice).toHaveTextContent("982 463 718");
    const row = within(card).getByText("Lars Eikrem").closest("tr")!;
    expect(row).toHaveTextContent("Not named as a beneficial owner.");
    expect(row).toHaveTextContent(/A beneficial owner under NO-REG: 29\.00 % in aggregate with AURORA INVEST AS, BOREAL KAPITAL AS/);
    // Evidence: each answer's section and fetch time, and the report's SHA-256 (shortened, full on hover).
    expect(row).toHaveTextContent("ownership.beneficials");
    const report = d.notice!.differences[0]!.evidence.flatMap((e) => e.reports)[0]!;
    expect(within(row).getAllByTitle(report.sha256).length).toBeGreaterThan(0);
    expect(within(card).getByText(/Sandbox case: every owner and figure is invented/, { selector: "li" })).toBeInTheDocument();

    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await userEvent.click(within(card).getByRole("button", { name: "Copy text" }));
    expect(writeText).toHaveBeenCalledWith(d.notice!.text);
    expect(d.notice!.text).toContain("To: Brønnøysundregistrene");
    expect(d.notice!.text).toContain("Lars Eikrem, born 1975-02-18");
    expect(await within(card).findByRole("button", { name: "✓ Copied" })).toBeInTheDocument();
  });

  it("says no discrepancy only where both sides were read", async () => {
    expect(RECORDED.cases["c-equinor"]!.discrepancy.status).toBe("noneFound");
    renderApp("#/cases/c-equinor/beneficial");
    const status = await screen.findByTestId("discrepancy-status");
    expect(status).toHaveTextContent("No discrepancy: the owners the register names are those computed under NO-REG.");
    expect(screen.queryByTestId("discrepancy-notice")).toBeNull();
  });

  it("says there is nothing to compare when the register's list is missing", async () => {
    expect(RECORDED.cases["c-failing"]!.discrepancy.status).toBe("registerMissing");
    renderApp("#/cases/c-failing/beneficial");
    const status = await screen.findByTestId("discrepancy-status");
    expect(status).toHaveTextContent("Nothing to compare");
    expect(status).not.toHaveTextContent("No discrepancy");
  });

  it("shows an unreadable register list as unreadable, never as no discrepancy", () => {
    const d: DiscrepancyView = {
      status: "registerUnreadable",
      message: "UNREADABLE: the register's list of beneficial owners could not be read (BankID AML Organization API ownership.beneficials: found a text, expected a list): no discrepancy is claimed either way.",
      registerSources: [],
      ownershipSources: [],
    };
    renderWithPlatform(<DiscrepancyCard d={d} />);
    const status = screen.getByTestId("discrepancy-status");
    expect(status).toHaveAttribute("role", "alert");
    expect(status).toHaveTextContent("Unreadable");
    expect(status).not.toHaveTextContent("No discrepancy");
  });
});

describe("settings › review", () => {
  it("saves four-eyes, retention years and the reviewer through the engine", async () => {
    const { platform } = renderApp("#/settings");
    const form = await screen.findByRole("form", { name: "Review settings" });
    const s = RECORDED.review.settings;
    expect(within(form).getByTestId(`four-eyes-${s.fourEyes}`)).toBeChecked();
    const years = within(form).getByLabelText(/Retention/);
    expect(years).toHaveValue(String(s.retainYears));
    const save = within(form).getByTestId("review-settings-save");
    expect(save).toBeDisabled();

    // A bad number names the field and keeps Save disabled.
    await userEvent.clear(years);
    await userEvent.type(years, "0");
    expect(within(form).getByTestId("review-settings-invalid")).toHaveTextContent("Retention years: “0” is not a whole number of years from 1 to 100.");
    expect(years).toHaveAttribute("aria-invalid", "true");
    expect(save).toBeDisabled();

    const want = RECORDED.review.settingsSaved.request;
    await userEvent.clear(years);
    await userEvent.type(years, String(want.retainYears));
    await userEvent.click(within(form).getByTestId(`four-eyes-${want.fourEyes}`));
    await userEvent.type(within(form).getByLabelText(/Reviewer name/), want.reviewer!);
    await userEvent.click(save);
    await waitFor(() => expect(platform.calls).toContain("save_review_settings"));
    expect(await within(form).findByTestId("review-settings-saved")).toHaveTextContent("Saved (recorded in the audit log).");
    expect(within(form).getByTestId("four-eyes-always")).toBeChecked();
  });

  it("shows the engine's refusal naming the field", async () => {
    renderApp("#/settings");
    const form = await screen.findByRole("form", { name: "Review settings" });
    const reviewer = within(form).getByLabelText(/Reviewer name/);
    const long = RECORDED.review.settingsRefused.request.reviewer!;
    await userEvent.click(reviewer);
    await userEvent.paste(long);
    await userEvent.click(within(form).getByTestId("review-settings-save"));
    expect(await within(form).findByTestId("review-settings-error")).toHaveTextContent(RECORDED.review.settingsRefused.error.message);
    expect(reviewer).toHaveAttribute("aria-invalid", "true");
  });
});
