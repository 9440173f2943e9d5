import { useMutation } from "@tanstack/react-query";
import { usePlatform, type CaseDetail } from "../../platform";
import { Card, Chip, Empty, ErrorBox, ProvenanceLine, Time } from "../../components/ui";
import { useNetworkGate } from "../../components/network";
import { countryName, formatDate, formatPercent, shortHash } from "../../lib/format";
import { availability, get, readBeneficialOwners, reasonWords } from "../../lib/orgModel";
import { ListsSearched } from "./OverviewTab";
import { SessionProgress } from "../progress/SessionProgress";
import { HitReview } from "./review/HitReview";
import { DiscrepancyCard } from "./review/DiscrepancyCard";

const NO_REGISTRY = "not available: no National Registry access";

export function BeneficialTab({ c }: { c: CaseDetail }) {
  const r = c.beneficial;
  const fromOrg = c.organization && availability(c.organization, "ownership.beneficials") === "present";
  const result = r ?? (fromOrg ? c.organization : null);
  if (!result) return <><Empty>Beneficial owners were not requested for this case. Run a lookup with “Look up beneficial owners”.</Empty><DiscrepancyCard d={c.discrepancy} /></>;
  const owners = readBeneficialOwners(result.data);
  const granted = (c.nationalRegistryAccess ?? "").toUpperCase() === "GRANTED";
  const requested = (x: string) => result.requested.includes(x);
  const regField = (v: string | null, expand: string) =>
    v ? v : !requested(expand) && r ? <span className="muted">not requested</span> : granted ? <span className="muted">not given</span> : <span className="muted">{NO_REGISTRY}</span>;
  return (
    <>
    <Card title="Beneficial owners" provenance={result.provenance} className="wide">
      {c.nationalRegistryAccess && !granted ? (
        <p className="state-note">National Registry access: {c.nationalRegistryAccess.toLowerCase().replace("_", " ")}. Citizenship and birthplace are not available.</p>
      ) : null}
      {owners.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th><th scope="col">Reason</th><th scope="col" className="num">Share</th><th scope="col" className="num">Integrated</th>
              <th scope="col" className="num">Control</th><th scope="col">Date of birth</th><th scope="col">Citizenship</th><th scope="col">Birthplace</th>
            </tr>
          </thead>
          <tbody>
            {owners.map((b, i) => (
              <tr key={i}>
                <td><strong>{b.name}</strong>{b.roles.length ? <div className="muted small">{b.roles.join("; ")}</div> : null}</td>
                <td>{reasonWords(b)}</td>
                <td className="num">{b.share === null ? <span className="muted">role, no share</span> : formatPercent(b.share)}</td>
                <td className="num">{formatPercent(b.integrated)}</td>
                <td className="num">{formatPercent(b.control)}</td>
                <td className="mono">{b.birthDate ? formatDate(b.birthDate) : "–"}</td>
                <td>{regField(b.citizenship ? b.citizenship.map(countryName).join(", ") : null, "citizenship")}</td>
                <td>{regField(b.birthplace, "birthplace")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <Empty>Searched, nothing found: the register lists no beneficial owners.</Empty>}
    </Card>
    <DiscrepancyCard d={c.discrepancy} />
    </>
  );
}

export function SanctionsTab({ c }: { c: CaseDetail }) {
  const r = c.organization;
  const av = availability(r, "sanction");
  if (!r || av === "notRequested") return <Empty>Sanctions and PEP screening was not requested for this case.</Empty>;
  if (av === "unreadable" || av === "missing")
    return (
      <div className="cards">
        <Card title="Sanctions and PEP screening" provenance={r.provenance} availability={av} className="wide">{null}</Card>
      </div>
    );
  const s = r.view?.screening;
  if (!s)
    return (
      <div className="cards">
        <Card title="Sanctions and PEP screening" provenance={r.provenance} availability={av} className="wide">
          <Empty>The engine sent no view of this answer: see the raw JSON under details.</Empty>
        </Card>
      </div>
    );
  return (
    <div className="cards">
      <Card title="Sanctions and PEP screening" provenance={r.provenance} className="wide">
        {s.hits.length === 0 ? <p><Chip tone="ok" icon="✓">Searched, nothing found</Chip> {s.message}</p> : null}
        <ListsSearched lists={s.listsSearched} ofac={s.ofacIncluded} />
        {c.hits.availability === "present" && c.hits.hits.length ? (
          <p data-testid="hits-unreviewed" className={c.hits.unreviewed ? "state-note warn" : "state-note"}>
            {c.hits.unreviewed ? `${c.hits.unreviewed} of ${c.hits.hits.length} hits not reviewed.` : `All ${c.hits.hits.length} hits reviewed.`}
          </p>
        ) : null}
        <ul className="hits">
          {s.hits.map((h, i) => (
            <li key={i} className="hit" data-testid="hit">
              <div className="hit-head">
                {h.pep ? <Chip tone="warn" icon="◆">PEP list</Chip> : <Chip tone="bad" icon="⚠">Sanction list</Chip>}
                <strong>{h.name}</strong>
                {h.matchIndicator !== null ? (
                  <span className="match" title={`Match indicator: ${h.matchMax} is a certain match`}>
                    match {h.matchIndicator} of {h.matchMax}
                    <meter min={0} max={h.matchMax} low={200} high={350} optimum={0} value={h.matchIndicator} aria-label={`Match ${h.matchIndicator} of ${h.matchMax}`} />
                    {h.matchWord ? ` (${h.matchWord})` : null}
                  </span>
                ) : null}
              </div>
              <dl className="kv">
                <dt>Relation</dt><dd>{h.relation ?? <span className="muted">not given</span>}</dd>
                <dt>List</dt><dd>{h.list ?? "–"}{h.provider ? ` (via ${h.provider})` : ""}{h.externalId ? <span className="mono muted"> {h.externalId}</span> : null}</dd>
                <dt>On the list</dt><dd>since {formatDate(h.firstUpdate)}, last updated {formatDate(h.lastUpdate)}</dd>
                <dt>Aliases</dt><dd>{h.aliases.length ? h.aliases.join("; ") : <span className="muted">none listed</span>}</dd>
                <dt>Addresses</dt><dd>{h.addresses.length ? h.addresses.join(" · ") : <span className="muted">none listed</span>}</dd>
                {h.comment ? <><dt>Comment</dt><dd>{h.comment}</dd></> : null}
                <dt>Links</dt>
                <dd>{h.urls.length ? h.urls.map((u) => <span key={u} className="mono small">{u} </span>) : <span className="muted">none</span>}</dd>
              </dl>
              {/* The engine lists the hits of the same answer in the same order. */}
              {c.hits.hits[i] && c.hits.hits[i]!.name === h.name ? <HitReview c={c} hit={c.hits.hits[i]!} /> : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

const EVENT_WORDS: Record<string, string> = {
  "app.amlyze.customer.riskmanagement.kyc_scoring.completed": "KYC risk scoring completed",
  "app.amlyze.customer.screening.sanctions.completed": "Sanctions screening completed",
};

export function RiskTab({ c }: { c: CaseDetail }) {
  const platform = usePlatform();
  const push = useMutation({ mutationFn: (validateOnly: boolean) => platform.amlyzePush({ caseId: c.summary.id, validateOnly }) });
  const net = useNetworkGate();
  return (
    <div className="cards">
      <Card
        title="Amlyze risk platform"
        className="wide"
        actions={
          <span className="actions">
            {net.note}
            <button type="button" onClick={() => push.mutate(true)} disabled={net.offline || push.isPending} {...net.reasonProps}>Validate only</button>
            <button type="button" className="primary" onClick={() => push.mutate(false)} disabled={net.offline || push.isPending} {...net.reasonProps}>Push to Amlyze</button>
          </span>
        }
      >
        {push.error ? <ErrorBox error={push.error} title="The push did not go through." /> : null}
        {c.amlyze.length === 0 ? <Empty>Not pushed yet. “Validate only” checks the customer record without saving it.</Empty> : null}
        {c.amlyze.map((p) => (
          <div key={p.sessionId} className="push">
            <h4>
              {p.validateOnly ? "Validation" : "Push"} <Time at={p.pushedAt} />
              {p.finalRiskLevel ? <> · final risk <Chip tone={p.finalRiskLevel === "HIGH" ? "bad" : "neutral"}>{p.finalRiskLevel.toLowerCase()}</Chip></> : null}
            </h4>
            <table className="table">
              <thead><tr><th scope="col">Result</th><th scope="col">Communication number</th><th scope="col">Customer</th><th scope="col">Error</th></tr></thead>
              <tbody>
                {p.rows.map((row, i) => (
                  <tr key={i}>
                    <td>{row.resultType === "REQUEST_ACCEPTED" ? <Chip tone="ok" icon="✓">Accepted</Chip> : <Chip tone="bad" icon="✕">Rejected</Chip>}</td>
                    <td className="mono">{row.communicationNumber ?? "–"}</td>
                    <td className="mono">{row.customerExtId ?? "–"}</td>
                    <td>
                      {row.errorCode ? (
                        <>
                          <span className="mono">{row.errorCode}</span>: {row.explanation ?? row.errorDescription}
                          {row.explanation && row.errorDescription ? <details><summary>Amlyze's text</summary>{row.errorDescription}</details> : null}
                        </>
                      ) : "–"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {p.events.length ? (
              <>
                <h5>Assessment events</h5>
                <ul className="timeline">
                  {p.events.map((e, i) => (
                    <li key={i}>
                      <span className="mono small"><Time at={e.receivedAt} /></span> {EVENT_WORDS[e.type] ?? e.type}
                      {e.type.endsWith("kyc_scoring.completed") ? (
                        <span>: risk {String(get(e.data, "initialRiskLevel") ?? "?").toLowerCase()} → {String(get(e.data, "finalRiskLevel") ?? "?").toLowerCase()}, decision {String(get(e.data, "decisionType") ?? "?").toLowerCase().replace(/_/g, " ")}</span>
                      ) : null}
                      <details><summary>Event data</summary><pre>{JSON.stringify(e.data, null, 2)}</pre></details>
                    </li>
                  ))}
                </ul>
              </>
            ) : <p className="muted">No assessment events received yet.</p>}
          </div>
        ))}
      </Card>
    </div>
  );
}

export function PeerTab({ c }: { c: CaseDetail }) {
  if (c.peer.length === 0) return <Empty>No peer data requested for this case. Use “More lookups” to request it.</Empty>;
  return (
    <div className="cards">
      {c.peer.map((p) => {
        const groups = new Map<string, typeof p.details>();
        for (const d of p.details) groups.set(d.group, [...(groups.get(d.group) ?? []), d]);
        return (
          <Card key={p.sessionId} title={`${p.typeRequest} · document ${p.idDocument}`} className="wide">
            <p>
              <Chip tone={p.status === "Done" ? "ok" : "info"}>{p.status === "Done" ? "Answered" : "Waiting for answers"}</Chip>{" "}
              Phone {p.phoneOriginal}{p.phone !== p.phoneOriginal ? <span className="muted"> (sent as {p.phone})</span> : null}
              {p.idRequest ? <span className="muted"> · request {p.idRequest}</span> : null}
            </p>
            {[...groups.entries()].map(([g, items]) => (
              <section key={g}>
                <h4>{g}</h4>
                <table className="table">
                  <tbody>
                    {items.map((d, i) => <tr key={i}><th scope="row">{d.field}</th><td>{d.value}</td><td className="muted small">from {d.peer}</td></tr>)}
                  </tbody>
                </table>
              </section>
            ))}
            {p.details.length === 0 ? <Empty>No answers yet.</Empty> : null}
          </Card>
        );
      })}
    </div>
  );
}

export function ActivityTab({ c }: { c: CaseDetail }) {
  return (
    <div className="cards">
      <Card title="Sessions" className="wide">
        {c.sessions.length ? <SessionProgress sessions={c.sessions} testId={null} /> : <Empty>No lookups yet.</Empty>}
      </Card>
      <Card title="Notes and decisions" className="wide">
        {c.notes.length ? (
          <ul className="timeline">
            {c.notes.map((n) => (
              <li key={n.id}><span className="mono small"><Time at={n.createdAt} /></span> {n.decision ? <Chip>{n.decision}</Chip> : null} {n.text}</li>
            ))}
          </ul>
        ) : <Empty>No notes yet.</Empty>}
      </Card>
      <Card title="Audit log" className="wide">
        <table className="table">
          <thead><tr><th scope="col" className="num">#</th><th scope="col">When</th><th scope="col">What</th><th scope="col">Detail</th><th scope="col">Hash</th></tr></thead>
          <tbody>
            {c.audit.map((a) => (
              <tr key={a.seq}>
                <td className="num">{a.seq}</td><td className="mono"><Time at={a.at} /></td><td>{a.action}</td><td>{a.detail}</td>
                <td className="mono" title={a.hash}>{shortHash(a.hash)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">Each row's hash chains it to the previous one; a changed row breaks the chain.</p>
      </Card>
      {c.organization ? <ProvenanceLine p={c.organization.provenance} /> : null}
    </div>
  );
}
