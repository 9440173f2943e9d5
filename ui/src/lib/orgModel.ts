// What is left of the window's own reading of answers: the availability of a section, from the
// engine's `sections` only (core read the answer), and the beneficial-owners tab's readers
// (being replaced by the engine's typed beneficial-owners view). Every organization section the
// overview draws comes typed from the engine (`ResultView.view`, crates/engine/src/views/org.rs).
import type { ResultView } from "../platform";

export type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const get = (v: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);
export const str = (v: unknown): string | null =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : isObj(v) ? str(v.description ?? v.name ?? v.code) : null;
export const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : null;
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export type Availability = "present" | "empty" | "missing" | "notRequested" | "notAvailable" | "unreadable";

/**
 * Availability of a section as the engine judged it (`result.sections`, read by core): an
 * unreadable or missing section never reads "searched, nothing found". A path the engine does
 * not list was requested but is not in the answer (`missing`), or was not requested.
 */
export function availability(result: ResultView | null, expand: string, path = expand): Availability {
  if (!result) return "notRequested";
  const whole = (result.sections ?? []).find((s) => s.path === "" && s.availability === "unreadable");
  if (whole) return "unreadable";
  const listed = (result.sections ?? []).find((s) => s.path === path);
  if (listed) return listed.availability;
  const requested =
    expand === "keyInformation" ||
    result.requested.some((r) => r === expand || expand.startsWith(`${r}.`) || r.startsWith(`${expand}.`));
  return requested ? "missing" : "notRequested";
}

// ---- beneficial owners ----
export type BeneficialOwner = {
  name: string; birthDate: string | null; reason: string | null; reasonPhrase: string | null;
  share: number | null; integrated: number | null; control: number | null;
  citizenship: string[] | null; birthplace: string | null; roles: string[];
};
export function readBeneficialOwners(data: unknown): BeneficialOwner[] {
  const list = arr(get(data, "beneficialOwners") ?? get(data, "beneficials") ?? get(data, "ownership.beneficials"));
  return list.filter(isObj).map((b) => {
    const cit = b.citizenship;
    return {
      name: str(b.name) ?? "(unnamed)",
      birthDate: str(b.birthDate ?? b.dateOfBirth),
      reason: str(b.reason),
      reasonPhrase: str(b.reasonPhrase),
      share: num(b.ownerShare ?? b.percentage),
      integrated: num(b.integratedOwnership),
      control: num(b.percentageControl),
      citizenship: Array.isArray(cit) ? cit.map(String) : typeof cit === "string" ? [cit] : null,
      birthplace: str(b.birthplace),
      roles: arr(b.roles).map((r) => str(r) ?? "").filter(Boolean),
    };
  });
}

const REASONS: Record<string, string> = {
  DIRECT_OWNERSHIP: "Direct ownership above 25 %",
  INDIRECT_OWNERSHIP: "Indirect control or ownership (at least 25 % at each step)",
  FOUNDATION_ROLE: "Role in a foundation",
  INDIRECT_FOUNDATION_ROLE: "Indirect control through a role in a foundation",
  VOTING_RIGHTS: "Voting rights above 25 %",
  VOTING_AND_OWNERSHIP: "Both voting rights and direct ownership",
};
export const reasonWords = (b: BeneficialOwner) =>
  b.reasonPhrase ?? (b.reason ? REASONS[b.reason] ?? b.reason : "Reason not given");
