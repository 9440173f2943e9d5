// Tolerant readers over the upstream JSON (API-NOTES: vendors add nullable fields without
// versioning). Nothing here throws on an unexpected shape: it returns less.
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

/** Whether a node is "empty" in the vendor's sense: searched, nothing found. */
export function isEmptyNode(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).filter((k) => k !== "metadata").every((k) => isEmptyNode(v[k]));
  return false;
}

export type Availability = "present" | "empty" | "missing" | "notRequested" | "notAvailable" | "unreadable";

/**
 * Availability of an expand in a result. The engine's own answer (`result.sections`, read by
 * core) wins: an unreadable or missing section must never read "searched, nothing found". Only
 * paths the engine does not list fall back to looking at the data: not requested (not in
 * `requested`), requested and empty, or present. `keyInformation` is always requested.
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
  const node = get(result.data, path);
  if (!requested && (node === undefined || node === null)) return "notRequested";
  return isEmptyNode(node) ? "empty" : "present";
}

export function sourcesOf(node: unknown): string[] {
  return arr(get(node, "metadata.sources")).map(String);
}

// ---- roles and key figures: superseded ----
// The window draws the engine's typed views (`ResultView.view`: roles in core's words, key
// figures with their currency and share capital). These two readers are kept only because
// `__tests__/logic.test.ts` (being rewritten elsewhere) still imports them; no view uses them.
// Delete them with that test.
const ROLE_WORDS: Record<string, string> = {
  ceo: "CEO", dagl: "CEO", chairman: "Chair of the board", chair: "Chair of the board", lede: "Chair of the board",
  deputychairman: "Deputy chair", nestleder: "Deputy chair", boardmember: "Board member", boardmembers: "Board member",
  member: "Board member", medl: "Board member", deputy: "Deputy board member", deputies: "Deputy board member",
  vara: "Deputy board member", contactperson: "Contact person", kont: "Contact person", secretary: "Secretary",
  proprietor: "Proprietor", innh: "Proprietor", foreignrepresentative: "Foreign representative",
  trustee: "Trustee", auditor: "Auditor", revi: "Auditor", accountant: "Accountant", regn: "Accountant",
};

/** @deprecated use `ResultView.view.roles` */
export function roleWords(type: string): string {
  const k = type.replace(/[^a-z]/gi, "").toLowerCase();
  return ROLE_WORDS[k] ?? type.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

export type RoleRow = { role: string; name: string; birthDate: string | null; orgNumber: string | null; since: string | null; note: string | null };

function roleRow(type: string, v: unknown): RoleRow | null {
  if (!isObj(v)) return null;
  const name = str(v.name) ?? ([str(v.firstName), str(v.lastName)].filter(Boolean).join(" ") || null);
  if (!name) return null;
  return {
    role: roleWords(str(v.type) ?? str(v.role) ?? type),
    name,
    birthDate: str(v.birthDate ?? v.dateOfBirth),
    orgNumber: str(v.orgNumber ?? v.organizationNumber),
    since: str(v.fromDate ?? v.since ?? v.validFrom),
    note: v.employeeRepresentative === true ? "employee representative" : null,
  };
}

/** Roles as rows, whether upstream sends an array of `{type, …}` or an object keyed by role. */
/** @deprecated use `ResultView.view.roles` */
export function readRoles(node: unknown): RoleRow[] {
  const out: RoleRow[] = [];
  if (Array.isArray(node)) for (const r of node) { const row = roleRow("", r); if (row) out.push(row); }
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "metadata") continue;
      for (const item of Array.isArray(v) ? v : [v]) { const row = roleRow(k, item); if (row) out.push(row); }
    }
  }
  return out;
}

// ---- financials ----
export type KeyFigures = { year: number; currency: string; values: Record<string, number | null> };
export const FIGURE_LABELS: [string, string][] = [
  ["turnover", "Turnover"], ["operatingProfit", "Operating profit"], ["earnings", "Earnings"], ["equity", "Equity"], ["shareCapital", "Share capital"],
];

/** @deprecated use `ResultView.view.keyFigures` */
export function readKeyFigures(node: unknown): KeyFigures[] {
  const list = Array.isArray(node) ? node : isObj(node) ? arr(node.years ?? node.accountingYears ?? node.figures) : [];
  return list
    .filter(isObj)
    .map((f) => ({
      year: num(f.accountingYear ?? f.year) ?? 0,
      currency: str(f.currency) ?? "NOK",
      values: Object.fromEntries(FIGURE_LABELS.map(([k]) => [k, num(f[k])])),
    }))
    .filter((f) => f.year > 0)
    .sort((a, b) => a.year - b.year);
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

export function addressLine(a: unknown): string | null {
  if (!isObj(a)) return str(a);
  const street = Array.isArray(a.street) ? a.street.join(", ") : str(a.street ?? a.addressLine ?? a.address);
  const parts = [street, [str(a.postCode ?? a.postalCode), str(a.city ?? a.postPlace)].filter(Boolean).join(" "), str(a.country ?? a.countryCode)];
  const line = parts.filter(Boolean).join(", ");
  return line || null;
}
