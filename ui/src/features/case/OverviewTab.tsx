import { ChangesCard } from "./review/ChangesCard";
import { useState } from "react";
import type { CaseDetail } from "../../platform";
import { Card, Chip, Copyable, Empty } from "../../components/ui";
import { countryName, formatCompact, formatDate, formatMoney, formatNumber, formatPercent } from "../../lib/format";
import { availability } from "../../lib/orgModel";
import type { IndicatorsView } from "../../platform/generated/IndicatorsView";
import type { OrgView } from "../../platform/generated/OrgView";
import type { FigureYear } from "../../platform/generated/FigureYear";
import type { SectionState } from "../../platform/generated/SectionState";
import { hitWords } from "./hits";

type Figure = "turnover" | "operatingProfit" | "earnings" | "equity";
export const FIGURE_LABELS: [Figure, string][] = [
  ["turnover", "Turnover"], ["operatingProfit", "Operating profit"], ["earnings", "Earnings"], ["equity", "Equity"],
];

/** The view's own availability; `undefined` without a view (the card then says so). */
const av = (s: SectionState | undefined) => s?.availability;

function NoView() {
  return <Empty>The engine sent no view of this answer: see the raw JSON under details.</Empty>;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">not given</span>}</dd>
    </>
  );
}

export function FiguresChart({ figures, figure, currency }: { figures: FigureYear[]; figure: Figure; currency: string | null }) {
  const values = figures.map((f) => f[figure] ?? null);
  const max = Math.max(1, ...values.map((v) => Math.abs(v ?? 0)));
  const w = 320;
  const h = 140;
  const bw = Math.min(56, (w - 20) / Math.max(1, figures.length) - 12);
  const label = FIGURE_LABELS.find(([k]) => k === figure)?.[1] ?? figure;
  return (
    <svg className="chart" viewBox={`0 0 ${w} ${h + 36}`} role="img" aria-label={`${label} by year`}>
      <line x1="0" x2={w} y1={h} y2={h} className="axis" />
      {figures.map((f, i) => {
        const v = values[i];
        const bh = v === null ? 0 : (Math.abs(v) / max) * (h - 18);
        const x = 10 + i * ((w - 20) / figures.length) + 6;
        return (
          <g key={f.year}>
            <rect x={x} y={h - bh} width={bw} height={bh} className={v !== null && v < 0 ? "bar bar-neg" : "bar"}>
              <title>{`${f.year}: ${formatMoney(v, f.currency ?? currency ?? "(currency not given)")}`}</title>
            </rect>
            <text x={x + bw / 2} y={h - bh - 4} textAnchor="middle" className="bar-label">{v === null ? "n/a" : formatCompact(v)}</text>
            <text x={x + bw / 2} y={h + 16} textAnchor="middle" className="year-label">{f.year}</text>
          </g>
        );
      })}
    </svg>
  );
}

function KeyFiguresCard({ c, view }: { c: CaseDetail; view: OrgView | undefined }) {
  const r = c.organization;
  const kf = view?.keyFigures;
  const figures = kf?.years ?? [];
  const currency = kf?.currency ?? null;
  const [figure, setFigure] = useState<Figure>("turnover");
  return (
    <Card title="Financial key figures" provenance={r?.provenance} sources={kf?.state.sources} availability={av(kf?.state) ?? availability(r, "financials.keyFigures")} className="wide">
      {!kf ? <NoView /> : (
        <>
          <dl className="kv">
            <Field label="Share capital">{kf.shareCapital !== null ? <span className="num">{formatMoney(kf.shareCapital, currency ?? "(currency not given)")}</span> : null}</Field>
            <Field label="Currency">{currency}</Field>
          </dl>
          {figures.length ? (
            <div className="figures">
              <div>
                <div className="segmented" role="group" aria-label="Figure shown in the chart">
                  {FIGURE_LABELS.map(([k, l]) => (
                    <button key={k} type="button" aria-pressed={figure === k} onClick={() => setFigure(k)}>{l}</button>
                  ))}
                </div>
                <FiguresChart figures={figures} figure={figure} currency={currency} />
              </div>
              <table className="table num-table">
                <caption className="sr-only">Key figures by accounting year ({currency ?? "currency not given"})</caption>
                <thead>
                  <tr><th scope="col">{currency ?? "Currency not given"}</th>{figures.map((f) => <th key={f.year} scope="col" className="num">{f.year}</th>)}</tr>
                </thead>
                <tbody>
                  {FIGURE_LABELS.map(([k, l]) => (
                    <tr key={k} className={k === figure ? "selected" : undefined}>
                      <th scope="row">{l}</th>
                      {figures.map((f) => <td key={f.year} className="num">{formatNumber(f[k])}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : kf.shareCapital === null ? (
            <Empty>Searched, nothing found.</Empty>
          ) : null}
        </>
      )}
    </Card>
  );
}

/** The vendor's ownership indicators in sentences; a part the answer lacks says nothing. */
export function indicatorSentences(i: IndicatorsView): string[] {
  const out: string[] = [];
  const parts = [];
  if (i.shareholdersTotal !== null) parts.push(`${formatNumber(i.shareholdersTotal)} shareholders in total`);
  if (i.shareholdersDirect !== null) parts.push(`${formatNumber(i.shareholdersDirect)} of them direct`);
  if (i.shareholdersLegal !== null) parts.push(`${formatNumber(i.shareholdersLegal)} legal persons`);
  if (parts.length) out.push(`${parts.join(", ")}.`);
  if (i.maxChain !== null) out.push(`The longest ownership chain above the company has ${i.maxChain} step${i.maxChain === 1 ? "" : "s"}.`);
  if (i.identified !== null || i.unidentified !== null || i.unknown !== null) {
    out.push(
      `Identified shareholders hold ${formatPercent(i.identified)} of the shares, unidentified ones ${formatPercent(i.unidentified)}${i.unidentifiedCount !== null ? ` (${formatNumber(i.unidentifiedCount)} shareholders)` : ""}, and for ${formatPercent(i.unknown)} the owner is unknown.`,
    );
  }
  if (i.hasSelfOwnership) {
    out.push(i.selfOwnership ? `The company owns ${formatPercent(i.selfOwnership)} of its own shares.` : "The company owns none of its own shares.");
  }
  if (i.hasVotingPower) {
    const classes = i.shareClasses;
    const hv = i.highVotesLowOwnership;
    out.push(
      `${classes === 1 ? "One share class" : `${formatNumber(classes)} share classes`}${hv ? `; ${hv} shareholder${hv === 1 ? " has" : "s have"} much more voting power than ownership` : "; voting power follows ownership"}.`,
    );
  }
  return out;
}

export function OverviewTab({ c }: { c: CaseDetail }) {
  const r = c.organization;
  if (!r) {
    return <Empty>No organization data yet. {c.sessions.some((s) => s.provider === "organization") ? "It appears here when the lookup is done." : "Run a lookup to fetch it."}</Empty>;
  }
  const view = r.view;
  const ki = view?.keyInformation;
  const addr = view?.addresses;
  const roles = view?.roles.rows ?? [];
  const auth = view?.authorities;
  const holders = view?.shareholders.rows ?? [];
  const subs = view?.subsidiaries.rows ?? [];
  const screening = view?.screening;
  const ind = view?.indicators;
  return (
    <div className="cards">
      {view?.sandbox ? (
        <p className="sandbox-note" role="note">Sandbox data: registry facts are real; ownership, people, figures and hits are invented.</p>
      ) : null}
      <ChangesCard c={c} />
      <Card title="Key information" provenance={r.provenance} sources={ki?.state.sources} availability={av(ki?.state) ?? availability(r, "keyInformation")}>
        {!ki ? <NoView /> : (
          <>
            <dl className="kv">
              <Field label="Name">{ki.name}</Field>
              <Field label="Organization number">{ki.orgNumber ? <Copyable text={ki.orgNumberRaw ?? ki.orgNumber} display={ki.orgNumber} label="organization number" /> : null}</Field>
              <Field label="DUNS">{ki.duns ? <Copyable text={ki.duns} label="DUNS" /> : null}</Field>
              <Field label="LEI">{ki.lei}</Field>
              <Field label="Legal form">{ki.legalForm}</Field>
              <Field label="Country">{countryName(ki.country ?? c.summary.country)}</Field>
              <Field label="Registered">{ki.registeredDate ? formatDate(ki.registeredDate) : null}</Field>
              <Field label="Status">{ki.status}</Field>
              <Field label="Employees">{ki.employees !== null ? formatNumber(ki.employees) : null}</Field>
              <Field label="Industry">{ki.industry}</Field>
              <Field label="Institutional sector">{ki.institutionalSector}</Field>
              <Field label="Web page">{ki.webpage}</Field>
              <Field label="Registries">{ki.registries.length ? ki.registries.join(", ") : null}</Field>
            </dl>
            {ki.purpose ? <p className="purpose"><strong>Purpose: </strong>{ki.purpose}</p> : null}
          </>
        )}
      </Card>

      <Card title="Addresses" provenance={r.provenance} sources={addr?.state.sources} availability={av(addr?.state) ?? availability(r, "address")}>
        {!addr ? <NoView /> : (
          <dl className="kv">
            <Field label="Visiting address">{addr.visiting}</Field>
            <Field label="Postal address">{addr.postal}</Field>
          </dl>
        )}
      </Card>

      <Card title="Roles" provenance={r.provenance} sources={view?.roles.state.sources} availability={av(view?.roles.state) ?? availability(r, "roles")} className="wide">
        {!view ? <NoView /> : roles.length ? (
          <table className="table">
            <thead><tr><th scope="col">Role</th><th scope="col">Name</th><th scope="col">Born / org. number</th><th scope="col">Since</th></tr></thead>
            <tbody>
              {roles.map((x, i) => (
                <tr key={i}>
                  <td>{x.role}{x.pep ? <> <Chip tone="warn" icon="◆">PEP</Chip></> : null}{x.sanctioned ? <> <Chip tone="bad" icon="⚠">Sanctioned</Chip></> : null}</td>
                  <td>{x.name}</td>
                  <td className="mono">{x.birthDate ? formatDate(x.birthDate) : x.orgNumber ?? "–"}</td>
                  <td>{x.since ? formatDate(x.since) : <span className="muted">not given</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>Searched, nothing found.</Empty>}
      </Card>

      <Card title="Signature rights and procuration" provenance={r.provenance} sources={auth?.state.sources} availability={av(auth?.state) ?? availability(r, "authorities")}>
        {!auth ? <NoView /> : (
          <>
            <p>{auth.signature?.sentence ?? "Signature rights: none registered."}</p>
            <p>{auth.procuration?.sentence ?? "Procuration: none registered."}</p>
            <p className="muted small">Signature rights bind the company in all matters; a procuration covers day-to-day business only.</p>
          </>
        )}
      </Card>

      <KeyFiguresCard c={c} view={view} />

      <Card title="Ownership" provenance={r.provenance} sources={view?.shareholders.state.sources} availability={av(view?.shareholders.state) ?? availability(r, "ownership.shareholders")}>
        {!view ? <NoView /> : holders.length ? (
          <table className="table">
            <thead><tr><th scope="col">Shareholder</th><th scope="col">Type</th><th scope="col" className="num">Share</th></tr></thead>
            <tbody>
              {holders.map((h, i) => (
                <tr key={i}>
                  <td>
                    {h.name}
                    {h.orgNumber ? <> <Copyable text={h.orgNumberRaw ?? h.orgNumber} display={h.orgNumber} label="organization number" /></> : null}
                    {h.pep ? <> <Chip tone="warn" icon="◆">PEP</Chip></> : null}
                    {h.sanctioned ? <> <Chip tone="bad" icon="⚠">Sanctioned</Chip></> : null}
                  </td>
                  <td>{h.kind === "person" ? "Person" : h.kind === "organization" ? "Organization" : "Not given"}</td>
                  <td className="num">{formatPercent(h.share)}{h.votes !== null && h.votes !== h.share ? <span className="muted"> (votes {formatPercent(h.votes)})</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>Searched, nothing found.</Empty>}
      </Card>

      <Card title="Subsidiaries" provenance={r.provenance} sources={view?.subsidiaries.state.sources} availability={av(view?.subsidiaries.state) ?? availability(r, "ownership.subsidiaries")}>
        {!view ? <NoView /> : subs.length ? (
          <table className="table">
            <thead><tr><th scope="col">Subsidiary</th><th scope="col">Country</th><th scope="col" className="num">Share</th></tr></thead>
            <tbody>
              {subs.map((x, i) => (
                <tr key={i}>
                  <td>{x.name}{x.orgNumber ? <> <Copyable text={x.orgNumberRaw ?? x.orgNumber} display={x.orgNumber} label="organization number" /></> : null}</td>
                  <td>{countryName(x.country)}</td>
                  <td className="num">{formatPercent(x.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>Searched, nothing found.</Empty>}
      </Card>

      <Card title="Ownership indicators" provenance={r.provenance} sources={ind?.state.sources} availability={av(ind?.state) ?? availability(r, "ownership.indicators")}>
        {!ind ? <NoView /> : <ul className="sentences">{indicatorSentences(ind).map((s, i) => <li key={i}>{s}</li>)}</ul>}
      </Card>

      <Card title="Screening" provenance={r.provenance} sources={screening?.state.sources} availability={av(screening?.state) ?? availability(r, "sanction")}>
        {!screening ? <NoView /> : (
          <>
            {screening.hits.length ? (
              <p>
                <Chip tone="bad" icon="⚠">{hitWords(screening.sanctionHits, "sanction")}</Chip>{" "}
                <Chip tone="warn" icon="◆">{hitWords(screening.pepHits, "pep")}</Chip>{" "}
                See the Sanctions &amp; PEP tab.
              </p>
            ) : (
              <p><Chip tone="ok" icon="✓">No hits</Chip> {screening.message ?? "Searched, nothing found."}</p>
            )}
            <ListsSearched lists={screening.listsSearched} ofac={screening.ofacIncluded} />
            {view?.peps.length ? (
              <ul className="sentences" aria-label="Politically exposed persons">
                {view.peps.map((p, i) => (
                  <li key={i}><Chip tone="warn" icon="◆">PEP</Chip> {p.name}{p.detail ? ` — ${p.detail}` : ""} <span className="muted small">({PEP_SOURCE[p.source] ?? p.source})</span></li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}

const PEP_SOURCE: Record<string, string> = {
  role: "role holder", shareholder: "shareholder", beneficialOwner: "beneficial owner", screening: "screening hit",
};

/** Which lists were searched, and whether OFAC was among them. */
export function ListsSearched({ lists, ofac }: { lists: string[]; ofac: boolean | null }) {
  return (
    <p className="muted small">
      Lists searched: {lists.length ? lists.join(", ") : "not given"}; OFAC {ofac === true ? "included" : ofac === false ? "not included" : "inclusion not given"}.
    </p>
  );
}
