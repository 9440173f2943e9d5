// Every person behind the subject with every beneficial-owner rule side by side, as core computed
// them (crates/core/src/ownership/rules.rs): a real table, which is also the ownership graph's
// text alternative for screen readers. Nothing is recomputed here.
import type { GraphView } from "../../platform";
import type { BeneficialOwnerFinding } from "../../platform/generated/BeneficialOwnerFinding";
import { formatPercent } from "../../lib/format";

const RULES = [
  { key: "chainRule", code: "NO-AML-14", head: "Chain rule", words: "Hvitvaskingsloven § 14: more than 25 % of shares or votes at every step of a chain (a board appointment or foundation role counts as a step)." },
  { key: "controlRule", code: "NO-REG", head: "Control rule", words: "Register of beneficial owners: controls each intermediate (at least 50 % of its votes), then more than 25 % in aggregate." },
  { key: "integratedRule", code: "integrated", head: "Integrated > 25 %", words: "Shares multiplied along each chain and summed over chains (a cross-holding's loop counted as a geometric series): more than 25 %." },
  { key: "amlrRule", code: "EU-AMLR-52", head: "EU AMLR ≥ 25 %", words: "Regulation (EU) 2024/1624 art. 52, from 10 July 2027: the same product and sum, 25 % or more." },
] as const;

type RuleKey = (typeof RULES)[number]["key"];

/** `923609016` → `923 609 016` (Norwegian organization numbers); anything else unchanged. */
export function formatOrgNumber(id: string): string {
  const digits = id.replace(/\s/g, "");
  return /^\d{9}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : id;
}

function ruleWord(o: BeneficialOwnerFinding, key: RuleKey): { text: string; tone: string } {
  if (o[key]) return { text: "Yes", tone: "ok" };
  if (o.possibly.includes(key)) return { text: "Possibly", tone: "warn" };
  return { text: "No", tone: "muted" };
}

export function OwnersTable({ view }: { view: GraphView }) {
  const owners = view.owners ?? [];
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const subject = byId.get(view.subjectId);
  const partyName = (id: string) => {
    const n = byId.get(id);
    if (!n) return id;
    const ident = n.kind === "person" ? null : n.identifier;
    return ident && ident !== n.label ? `${n.label} (${formatOrgNumber(ident)})` : n.label;
  };
  const anyAssumed = owners.some((o) => o.assumed.length > 0);
  const s = view.sanctionsOwnership;
  return (
    <section className="owners-table" aria-labelledby="owners-table-title">
      <h4 id="owners-table-title">Owners by every rule</h4>
      {owners.length === 0 ? (
        <p className="muted">No natural person is behind {subject?.label ?? "the subject"} in the data here.</p>
      ) : (
        <table data-testid="owners-table">
          <caption>
            Every person behind {subject?.label ?? "the subject"}, with each beneficial-owner rule side by side. The same facts as the ownership graph.
          </caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Integrated share</th>
              {RULES.map((r) => (
                <th scope="col" key={r.key}><abbr title={r.words}>{r.head}</abbr> <span className="muted small">({r.code})</span></th>
              ))}
              <th scope="col">Other grounds</th>
              <th scope="col">Chains (owner first, subject last)</th>
            </tr>
          </thead>
          <tbody>
            {owners.map((o) => (
              <tr key={o.nodeId} data-testid="owner-row" className={o.isBeneficialOwner ? "bo" : undefined}>
                <th scope="row">
                  {o.name}
                  {o.dateOfBirth ? <span className="muted small"> born {o.dateOfBirth}</span> : null}
                  {o.pep ? <span className="badge warn"> PEP</span> : null}
                </th>
                <td>
                  {o.integratedPercent !== undefined && o.integratedPercent !== null
                    ? formatPercent(o.integratedPercent)
                    : `${formatPercent(o.integratedShare)}–${formatPercent(o.integratedMax)} (a share is not stated)`}
                  {o.assumed.length ? <span title={o.assumed.join(" ")} aria-label="assumed values, see the note below"> *</span> : null}
                </td>
                {RULES.map((r) => {
                  const w = ruleWord(o, r.key);
                  return <td key={r.key} className={w.tone}>{w.text}</td>;
                })}
                <td>
                  {[
                    o.foundationRoles.length ? `Foundation role: ${o.foundationRoles.map((f) => `${f.role} of ${partyName(f.foundationId)}`).join(", ")}` : null,
                    o.seniorManagingOfficial ? "Senior managing official (no natural person qualifies)" : null,
                    o.upstream ? `Named by BankID${o.upstream.reasonPhrase ? ` (${o.upstream.reasonPhrase})` : ""}` : null,
                  ]
                    .filter(Boolean)
                    .join("; ") || "–"}
                </td>
                <td>
                  {o.paths.length ? (
                    <ol className="paths">
                      {o.paths.map((p, i) => (
                        <li key={i}>
                          {p.nodes.map(partyName).join(" → ")}{" "}
                          <span className="muted small">
                            ({p.steps.map((x, k) => p.stepRoles[k] ?? formatPercent(x)).join(" × ")}
                            {p.stepRoles.some((r) => r) ? "" : ` = ${formatPercent(p.share)}`})
                          </span>
                        </li>
                      ))}
                    </ol>
                  ) : (
                    "–"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="legend small" aria-label="Rules">
        {RULES.map((r) => (
          <div key={r.key}><dt>{r.head} ({r.code})</dt><dd>{r.words}</dd></div>
        ))}
        <div><dt>Possibly</dt><dd>A share on the way is not stated (or given as a range): the rule holds for some of the values the data allows.</dd></div>
      </dl>
      {anyAssumed ? (
        <div className="small" data-testid="owners-assumed">
          <p>* Assumed values:</p>
          <ul>{owners.flatMap((o) => o.assumed.map((a, i) => <li key={`${o.nodeId}-${i}`}>{a}</li>))}</ul>
        </div>
      ) : null}
      {s && (s.ofac50 || s.euSanctions50 || s.possibly.length) ? (
        <div role="alert" className="error">
          <p><strong>Sanctions through ownership:</strong> {s.ofac50 ? "OFAC-50 applies. " : ""}{s.euSanctions50 ? "EU-SANCTIONS-50 applies. " : ""}</p>
          <ul>{s.grounds.map((g, i) => <li key={i}>{g}</li>)}</ul>
        </div>
      ) : null}
      {view.simplifiedDueDiligence?.length ? (
        <div className="small"><p>Simplified due diligence may apply:</p><ul>{view.simplifiedDueDiligence.map((x, i) => <li key={i}>{x}</li>)}</ul></div>
      ) : null}
      {view.differences?.length ? (
        <div className="small" data-testid="owners-differences"><p>Differences from the owners BankID names (register rule):</p><ul>{view.differences.map((d, i) => <li key={i}>{d.message}</li>)}</ul></div>
      ) : null}
      {view.warnings?.length ? (
        <div className="small"><p>Warnings about the data:</p><ul>{view.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul></div>
      ) : null}
    </section>
  );
}
