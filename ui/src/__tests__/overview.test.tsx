// The overview's key information, addresses and ownership indicators come typed from the engine
// (ResultView.view, crates/engine/src/views/org.rs), each with the section's own sources; the
// window reads no answer JSON for them.
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { renderApp } from "../test/render";
import { RECORDED } from "../platform/recorded";

const card = async (name: string) => screen.findByRole("region", { name });

describe("overview sections from the engine's views", () => {
  it("shows Equinor's key information with formatted number, legal form, industry and its sources", async () => {
    renderApp("#/cases/c-equinor/overview");
    const ki = await card("Key information");
    expect(ki).toHaveTextContent("EQUINOR ASA");
    expect(ki).toHaveTextContent("923 609 016");
    expect(ki).toHaveTextContent("Allmennaksjeselskap (ASA)");
    expect(ki).toHaveTextContent("Utvinning av råolje (06.100)");
    expect(ki).toHaveTextContent("21 272");
    expect(ki).toHaveTextContent("Enhetsregisteret, Foretaksregisteret, Merverdiavgiftsregisteret");
    expect(ki).toHaveTextContent("sources BRREG, BISNODE");
  });

  it("shows the addresses on one line each and the indicators in sentences, with their own sources", async () => {
    renderApp("#/cases/c-equinor/overview");
    const a = await card("Addresses");
    expect(a).toHaveTextContent("Forusbeen 50, 4035 STAVANGER, Norway");
    const ind = await card("Ownership indicators");
    expect(ind).toHaveTextContent("4 509 shareholders in total, 4 504 of them direct, 2 legal persons.");
    expect(ind).toHaveTextContent("The longest ownership chain above the company has 5 steps.");
    expect(ind).toHaveTextContent("sources BISNODE, TRANK");
    expect(RECORDED.cases["c-equinor"]!.organization!.view!.indicators.state.sources).toEqual(["BISNODE", "TRANK"]);
  });

  it("warns about the drifted case's unreadable address and never says nothing found there", async () => {
    renderApp("#/cases/c-drifted/overview");
    const a = await card("Addresses");
    expect(a).toHaveAttribute("data-availability", "unreadable");
    expect(a).toHaveTextContent("could not be read");
    expect(a).not.toHaveTextContent(/searched, nothing found/i);
    expect(within(a).queryByText("Visiting address")).toBeNull();
  });
});
