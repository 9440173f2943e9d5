import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { OwnersTable, formatOrgNumber } from "../features/ownership/OwnersTable";
import { fromCoreGraph } from "../platform/graph";
import { RECORDED } from "../platform/recorded";

describe("the owners table (every rule side by side; the graph's text alternative)", () => {
  it("lists Kari Skarvholm with every rule in words, her integrated share and her chain with formatted numbers", () => {
    render(<OwnersTable view={fromCoreGraph(RECORDED.ownership["c-equinor"]!)} />);
    const table = screen.getByRole("table");
    expect(within(table).getByText(/Every person behind EQUINOR ASA/)).toBeInTheDocument();
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(expect.arrayContaining([
      expect.stringContaining("NO-AML-14"), expect.stringContaining("NO-REG"), expect.stringContaining("EU-AMLR-52"),
    ]));
    const kari = within(table).getByRole("rowheader", { name: /Kari Skarvholm/ }).closest("tr")!;
    const cells = within(kari).getAllByRole("cell").map((c) => c.textContent);
    expect(cells[0]).toContain("26.1 %");
    // Votes in the holding companies are not stated: taken as equal to the shares, and marked.
    expect(cells[0]).toContain("*");
    expect(screen.getByTestId("owners-assumed")).toHaveTextContent("taken as equal to its shares");
    expect(cells.slice(1, 5)).toEqual(["Yes", "Yes", "Yes", "Yes"]);
    expect(kari).toHaveTextContent("NORDKAPP ENERGI HOLDING AS (921 111 118)");
    expect(kari).toHaveTextContent("EQUINOR ASA");
    const sanko = within(table).getByRole("rowheader", { name: /Viktor Sanko/ }).closest("tr")!;
    expect(within(sanko).getAllByRole("cell").slice(1, 5).map((c) => c.textContent)).toEqual(["No", "No", "No", "No"]);
    expect(screen.getByText(/State ownership: .* 67.00 %/)).toBeInTheDocument();
  });

  it("shows the senior managing officials when no natural person qualifies (Norsk Hydro's cycle)", () => {
    render(<OwnersTable view={fromCoreGraph(RECORDED.ownership["c-hydro"]!)} />);
    const rows = screen.getAllByTestId("owner-row");
    expect(rows.some((r) => /Åse Strøm/.test(r.textContent ?? "") && /Senior managing official/.test(r.textContent ?? ""))).toBe(true);
    const ingrid = rows.find((r) => /Ingrid Moe/.test(r.textContent ?? ""))!;
    expect(ingrid).toHaveTextContent("11.14 %");
  });

  it("formats Norwegian organization numbers in groups of three", () => {
    expect(formatOrgNumber("923609016")).toBe("923 609 016");
    expect(formatOrgNumber("556016-0680")).toBe("556016-0680");
  });
});
