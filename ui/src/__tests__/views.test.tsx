// The window draws the engine's typed views: the recorded Equinor case (the real engine's IPC
// answer, `cargo test -p amldesk-engine --test engine fixtures`) rendered as is.
import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import recorded from "../platform/fixtures/recorded.json";
import type { CaseDetail } from "../platform";
import { OverviewTab } from "../features/case/OverviewTab";
import { SanctionsTab } from "../features/case/tabs";
import { renderWithPlatform } from "../test/render";

const equinor = (recorded as unknown as { cases: Record<string, CaseDetail> }).cases["c-equinor"]!;

const card = (title: string) => screen.getByRole("region", { name: title });

describe("Equinor's overview from the recorded engine answer", () => {
  it("shows roles in core's words, the share capital with its currency and formatted identifiers", () => {
    render(<OverviewTab c={equinor} />);
    const roles = card("Roles");
    expect(within(roles).getByText("Chair of the board")).toBeInTheDocument();
    expect(within(roles).getByText("Chief executive officer")).toBeInTheDocument();
    expect(within(roles).queryByText("Person")).toBeNull();

    const figures = card("Financial key figures");
    expect(within(figures).getByText("5 976 872 600 NOK")).toBeInTheDocument();

    const owners = card("Ownership");
    expect(within(owners).getByText("912 660 680")).toBeInTheDocument();

    const screening = card("Screening");
    expect(within(screening).getByText(/OFAC included/)).toBeInTheDocument();
    const peps = within(screening).getByRole("list", { name: "Politically exposed persons" });
    expect(peps).toHaveTextContent("Astrid Haugland — Chairman of the board of VESTFJORD KAPITAL AS");
  });

  it("shows each hit with its relation and list", () => {
    // Each hit has its Review control, which talks to the platform.
    renderWithPlatform(<SanctionsTab c={equinor} />);
    expect(screen.getAllByText(/Shareholder \(10 %\) of BRATTLI INVEST AS/).length).toBeGreaterThan(0);
    expect(screen.getByText(/^EU_GLOBAL/)).toBeInTheDocument();
    expect(screen.getByText(/match 480 of 500/)).toBeInTheDocument();
  });
});
