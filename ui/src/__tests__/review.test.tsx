// Reviewing on the engine's recorded answers (fixtures.rs records Equinor's review steps): each
// hit reviewed with nothing pre-selected, Decide with the real unreviewed count, a pending
// decision confirmed by a second reviewer (never the preparer), and what changed.
import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp } from "../test/render";
import { RECORDED, type Recorded } from "../platform/recorded";

vi.mock("../features/reports/pdf", async () => (await import("../test/mocks")).pdfMock);

const withEquinor = (c: Recorded["cases"][string]): Recorded => ({ ...RECORDED, cases: { ...RECORDED.cases, "c-equinor": c } });

describe("reviewing hits", () => {
  it("reviews one hit with a disposition and a reason code from the list, nothing pre-selected", async () => {
    const { platform } = renderApp("#/cases/c-equinor/sanctions");
    const hits = await screen.findAllByTestId("hit");
    expect(hits).toHaveLength(3);
    expect(screen.getByTestId("hits-unreviewed")).toHaveTextContent("3 of 3 hits not reviewed.");
    const first = RECORDED.cases["c-equinor"]!.hits.hits[0]!;
    const box = screen.getByTestId(`hit-review-${first.id}`);
    expect(box).toHaveTextContent("Not reviewed");
    await userEvent.click(within(box).getByRole("button", { name: "Review" }));
    const form = within(box).getByRole("form");
    for (const name of ["True match", "False positive", "Escalate"]) expect(within(form).getByLabelText(name)).not.toBeChecked();
    const reason = within(form).getByLabelText("Reason");
    expect(reason).toHaveValue("");
    expect(within(reason).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual([
      "", "exact_identifier_match", "name_only_match", "different_date_of_birth", "different_nationality",
      "different_person_same_name", "listed_entity_not_subject", "needs_more_information", "other",
    ]);
    const save = within(form).getByRole("button", { name: "Save review" });
    expect(save).toBeDisabled();
    await waitFor(() => expect(within(form).getByLabelText(/^Reviewer/)).toHaveValue("kari.officer"));
    await userEvent.click(within(form).getByLabelText("False positive"));
    await userEvent.selectOptions(reason, "other");
    expect(save).toBeDisabled();
    expect(form).toHaveTextContent("say why in the note");
    await userEvent.selectOptions(reason, "different_date_of_birth");
    await userEvent.type(within(form).getByLabelText(/^Note/), "Checked against the register");
    expect(save).toBeEnabled();
    const spy = vi.spyOn(platform, "reviewHit");
    await userEvent.click(save);
    await waitFor(() =>
      expect(spy).toHaveBeenCalledWith({
        caseId: "c-equinor", hitId: first.id, disposition: "false-positive", reasonCode: "different_date_of_birth",
        note: "Checked against the register", reviewer: "kari.officer",
      }),
    );
    // The engine's answer: the hit now shows its disposition, reviewer and date.
    const done = await screen.findByTestId(`hit-review-${first.id}`);
    await waitFor(() => expect(done).toHaveTextContent("False positive"));
    expect(done).toHaveTextContent("Different date of birth");
    expect(done).toHaveTextContent("kari.officer (declared reviewer, not authenticated)");
    expect(screen.getByTestId("hits-unreviewed")).toHaveTextContent("2 of 3 hits not reviewed.");
  }, 30_000);

  it("Decide counts the hits still unreviewed and refuses Approve", async () => {
    renderApp("#/cases/c-equinor/overview", withEquinor(RECORDED.review.oneReviewed));
    await screen.findByTestId("case-title");
    await userEvent.click(screen.getByRole("button", { name: "Decide" }));
    const dialog = await screen.findByRole("dialog", { name: "Decide" });
    expect(screen.getByTestId("decide-unreviewed")).toHaveTextContent("2 hits not reviewed (of 3)");
    expect(screen.getByTestId("decide-unreviewed")).toHaveTextContent("Approve is not possible while 2 hits are not reviewed");
    expect(within(dialog).getByLabelText("Approve")).toBeDisabled();
    expect(within(dialog).getByLabelText("Reject")).toBeEnabled();
    // The engine refuses it in the same words (recorded).
    expect(RECORDED.review.approveRefused.message).toContain("approve refused: 2 hits of case c-equinor are not reviewed");
  });

  it("a pending decision awaits a second reviewer; the preparer cannot confirm it", async () => {
    const { platform } = renderApp("#/cases/c-equinor/overview", withEquinor(RECORDED.review.pending));
    const panel = await screen.findByTestId("decision-panel");
    expect(panel).toHaveTextContent("Awaiting second reviewer");
    expect(panel).toHaveTextContent("prepared by kari.officer");
    const who = within(panel).getByLabelText(/^Second reviewer/);
    const confirm = within(panel).getByRole("button", { name: "Confirm decision" });
    // The default reviewer is the preparer here: refused until another name is given.
    await waitFor(() => expect(who).toHaveValue("kari.officer"));
    expect(confirm).toBeDisabled();
    expect(screen.getByTestId("confirm-why")).toHaveTextContent("kari.officer prepared this decision and cannot confirm it");
    await userEvent.clear(who);
    await userEvent.type(who, "ola.second");
    expect(confirm).toBeEnabled();
    const spy = vi.spyOn(platform, "confirmDecision");
    await userEvent.click(confirm);
    await waitFor(() => expect(spy).toHaveBeenCalledWith({ caseId: "c-equinor", reviewer: "ola.second" }));
    await waitFor(() => expect(screen.getByTestId("decision-panel")).toHaveTextContent("confirmed by ola.second"));
    expect(screen.getByTestId("decision-panel")).toHaveTextContent("Approved");
  }, 20_000);

  it("with every hit reviewed, Approve can be chosen and four-eyes is said", async () => {
    renderApp("#/cases/c-equinor/overview", withEquinor({ ...RECORDED.review.pending, decision: undefined }));
    await screen.findByTestId("case-title");
    await userEvent.click(screen.getByRole("button", { name: "Decide" }));
    const dialog = await screen.findByRole("dialog", { name: "Decide" });
    expect(screen.getByTestId("decide-reviewed")).toHaveTextContent("All 3 hits reviewed.");
    expect(within(dialog).getByLabelText("Approve")).toBeEnabled();
    expect(within(dialog).getByLabelText("Approve")).not.toBeChecked();
    expect(screen.getByTestId("decide-four-eyes")).toBeInTheDocument();
  });

  it("shows what changed, and a hit whose listing changed as unreviewed again", async () => {
    renderApp("#/cases/c-equinor/overview", withEquinor(RECORDED.review.changed));
    const list = await screen.findByTestId("changes-list");
    expect(list).toHaveTextContent("Hit changed: Viktor Sanko on EU_GLOBAL (the listing or the match changed; unreviewed again)");
    await userEvent.click(screen.getByTestId("tab-sanctions"));
    const changed = await screen.findByTestId("hit-changed");
    expect(changed).toHaveTextContent("Not reviewed");
    expect(changed).toHaveTextContent("was: False positive");
    expect(screen.getByTestId("hits-unreviewed")).toHaveTextContent("1 of 3 hits not reviewed.");
  });

  it("a single snapshot has nothing to compare", async () => {
    renderApp("#/cases/c-equinor/overview");
    expect(await screen.findByTestId("changes-none")).toHaveTextContent("nothing to compare yet");
  });
});
