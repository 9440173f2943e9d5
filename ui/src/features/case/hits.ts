/**
 * Words for screening-hit counts, shared by the case header, the Overview's Screening card and
 * the Sanctions & PEP tab. The counts themselves come from core (`HitCounts`): a hit on a PEP
 * list is a PEP-list hit only, every other hit is a sanction-list hit, each hit counts once.
 */
export function hitWords(n: number, kind: "sanction" | "pep"): string {
  return `${n} ${kind === "pep" ? "PEP-list" : "sanction-list"} hit${n === 1 ? "" : "s"}`;
}

/** All hits the Sanctions & PEP tab lists: sanction-list plus PEP-list hits. */
export function hitTotal(c: { sanctionHits: number; pepHits: number }): number {
  return c.sanctionHits + c.pepHits;
}
