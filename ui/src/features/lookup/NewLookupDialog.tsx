import { useEffect, useId, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { usePlatform, type Country, type SubjectType, type ValidateResponse } from "../../platform";
import { keys, useAppInfo } from "../../lib/queries";
import { navigate } from "../../lib/router";
import { COUNTRY_NAMES } from "../../lib/format";
import { ErrorBox } from "../../components/ui";
import { useNetworkGate } from "../../components/network";
import { markPendingPush } from "./pendingPush";
import { useProductionConfirm } from "../settings/productionConfirm";

export const EXPAND_CHOICES: [string, string][] = [
  ["address", "Postal and visiting address"],
  ["roles", "Roles: board, CEO, auditor, contact person"],
  ["authorities", "Signature rights and procuration"],
  ["financials.keyFigures", "Financial key figures (last years)"],
  ["ownership.shareholders", "Shareholders"],
  ["ownership.beneficials", "Beneficial owners (as part of the organization data)"],
  ["ownership.subsidiaries", "Subsidiaries"],
  ["ownership.indicators", "Ownership indicators"],
  ["sanction", "Sanctions and PEP screening (EU, UN, national lists)"],
];
export const PEER_TYPES = [
  "All categories", "Address", "Consumer Profile", "Contacts", "Credit History", "Identity", "Name", "Services",
  "Socio-Demographic Profile", "Subscription",
];

function useValidation(subjectType: SubjectType, country: Country, identifier: string, kind?: string) {
  const platform = usePlatform();
  const [result, setResult] = useState<ValidateResponse | null>(null);
  useEffect(() => {
    if (!identifier.trim()) { setResult(null); return; }
    let live = true;
    const t = setTimeout(() => {
      platform.validateIdentifier({ subjectType, country, identifier, kind }).then((r) => live && setResult(r), () => live && setResult(null));
    }, 120);
    return () => { live = false; clearTimeout(t); };
  }, [platform, subjectType, country, identifier, kind]);
  return result;
}

export function NewLookupDialog({ caseId, onClose }: { caseId?: string; onClose: () => void }) {
  const platform = usePlatform();
  const qc = useQueryClient();
  const info = useAppInfo();
  const net = useNetworkGate();
  const uid = useId();
  const [subjectType, setSubjectType] = useState<SubjectType>("organization");
  const [country, setCountry] = useState<Country>("NO");
  const [identifier, setIdentifier] = useState("");
  const [duns, setDuns] = useState(false);
  const [expands, setExpands] = useState<string[]>(EXPAND_CHOICES.map(([k]) => k));
  const [reports, setReports] = useState<string[]>(["aml", "certificate-of-registration"]);
  const [beneficial, setBeneficial] = useState(true);
  const [benExpands, setBenExpands] = useState<string[]>(["citizenship", "birthplace"]);
  const [amlyze, setAmlyze] = useState(false);
  const [peer, setPeer] = useState(false);
  const [peerType, setPeerType] = useState("All categories");
  const [idDocument, setIdDocument] = useState("");
  const [phone, setPhone] = useState("");
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [forcedError, setForcedError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  const production = useProductionConfirm();
  const orgCheck = useValidation(subjectType, country, identifier);
  const phoneCheck = useValidation("person", "NO", phone, "phone");
  const idError = forcedError ?? (orgCheck && !orgCheck.ok ? orgCheck.error?.message ?? "Not a valid identifier." : null);
  const phoneError = phoneCheck && !phoneCheck.ok ? phoneCheck.error?.message ?? "Not a valid phone number." : null;
  const ofac = info.data?.ofacScope ?? false;
  const choices: [string, string][] = ofac ? [...EXPAND_CHOICES, ["sanction.ofac", "OFAC sanction list (your client has the OFAC scope)"]] : EXPAND_CHOICES;

  useEffect(() => { first.current?.focus(); }, []);
  useEffect(() => setForcedError(null), [identifier, country, subjectType]);

  const toggle = (list: string[], set: (v: string[]) => void, k: string) => set(list.includes(k) ? list.filter((x) => x !== k) : [...list, k]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (net.offline) return;
    setSubmitError(null);
    setBusy(true);
    try {
      if (!(await production.ask("lookup"))) return;
      let targetCase = caseId;
      if (subjectType === "organization") {
        // Validate again now: typing may be ahead of the live check.
        const v = await platform.validateIdentifier({ subjectType, country, identifier: duns ? identifier : identifier, kind: undefined });
        if (!v.ok && !duns) { setForcedError(v.error?.message ?? "Not a valid identifier."); return; }
        const started = await platform.startLookup({
          caseId, country, identifier: v.normalized ?? identifier, duns, expands: subjectType === "organization" ? expands : [],
          reports, beneficial, beneficialExpands: beneficial ? benExpands : [], skipOrganization: false,
        });
        targetCase = started.caseId;
        if (amlyze) markPendingPush(started.caseId);
      }
      if (peer || subjectType === "person") {
        const started = await platform.peerRequest({ caseId: targetCase, typeRequest: peerType, idDocument, phone });
        targetCase = started.caseId;
      }
      void qc.invalidateQueries({ queryKey: keys.cases() });
      onClose();
      if (targetCase) navigate({ name: "case", caseId: targetCase, tab: "overview" });
    } catch (err) {
      setSubmitError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="dialog lookup-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${uid}-title`}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
      >
        <form onSubmit={submit} noValidate>
          <header className="dialog-head">
            <h2 id={`${uid}-title`}>{caseId ? "Run lookups on this case" : "New lookup"}</h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label="Close">✕</button>
          </header>
          <fieldset className="row-fields">
            <legend>Subject</legend>
            <label><input type="radio" name="st" checked={subjectType === "organization"} onChange={() => setSubjectType("organization")} /> Organization</label>
            <label><input type="radio" name="st" checked={subjectType === "person"} onChange={() => { setSubjectType("person"); setPeer(true); }} /> Person (peer data)</label>
          </fieldset>

          {subjectType === "organization" ? (
            <>
              <div className="field-row">
                <label className="field">
                  <span>Country</span>
                  <select value={country} onChange={(e) => setCountry(e.target.value as Country)} data-testid="lookup-country">
                    {Object.entries(COUNTRY_NAMES).map(([c, n]) => <option key={c} value={c}>{n} ({c})</option>)}
                  </select>
                </label>
                <label className="field grow">
                  <span>Organization number or DUNS</span>
                  <input
                    ref={first}
                    value={identifier}
                    onChange={(e) => setIdentifier(e.target.value)}
                    placeholder={country === "NO" ? "923 609 016" : country === "SE" ? "556016-0680" : country === "FI" ? "0112038-9" : "8 digits"}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={!!idError}
                    aria-describedby={`${uid}-idmsg`}
                    data-testid="lookup-identifier"
                  />
                  <span id={`${uid}-idmsg`} className="field-msg" aria-live="polite">
                    {idError ? <span className="field-error" data-testid="lookup-error">{idError}</span> : null}
                    {!idError && orgCheck?.ok ? (
                      <span className="field-ok">
                        ✓ {orgCheck.kind === "duns" ? "DUNS number" : "Valid number"} {orgCheck.display}
                        {orgCheck.warning ? <span className="field-warn"> · ⚠ {orgCheck.warning}</span> : null}
                      </span>
                    ) : null}
                  </span>
                </label>
              </div>
              <label className="check"><input type="checkbox" checked={duns} onChange={(e) => setDuns(e.target.checked)} /> Read a 9-digit number as DUNS</label>

              <fieldset className="choices">
                <legend>What to fetch from the Organization API <span className="muted">(key information is always included)</span></legend>
                {choices.map(([k, label]) => (
                  <label key={k} className="check"><input type="checkbox" checked={expands.includes(k)} onChange={() => toggle(expands, setExpands, k)} /> {label}</label>
                ))}
                <div className="choice-actions">
                  <button type="button" className="link" onClick={() => setExpands(choices.map(([k]) => k))}>Select all</button>
                  <button type="button" className="link" onClick={() => setExpands([])}>Key information only</button>
                </div>
              </fieldset>
              <fieldset className="choices">
                <legend>Signed PDF reports</legend>
                <label className="check"><input type="checkbox" checked={reports.includes("aml")} onChange={() => toggle(reports, setReports, "aml")} /> AML report</label>
                <label className="check"><input type="checkbox" checked={reports.includes("certificate-of-registration")} onChange={() => toggle(reports, setReports, "certificate-of-registration")} /> Certificate of registration</label>
              </fieldset>
              <fieldset className="choices">
                <legend>Beneficial owners API</legend>
                <label className="check"><input type="checkbox" checked={beneficial} onChange={(e) => setBeneficial(e.target.checked)} /> Look up beneficial owners (with their signed report)</label>
                {beneficial ? (
                  <div className="indent">
                    <label className="check"><input type="checkbox" checked={benExpands.includes("citizenship")} onChange={() => toggle(benExpands, setBenExpands, "citizenship")} /> Citizenship</label>
                    <label className="check"><input type="checkbox" checked={benExpands.includes("birthplace")} onChange={() => toggle(benExpands, setBenExpands, "birthplace")} /> Birthplace</label>
                    <p className="muted small">Citizenship and birthplace need National Registry access; without it the report comes without them.</p>
                  </div>
                ) : null}
              </fieldset>
              <fieldset className="choices">
                <legend>Risk platform</legend>
                <label className="check"><input type="checkbox" checked={amlyze} onChange={(e) => setAmlyze(e.target.checked)} /> Push the customer to Amlyze when the lookup is done</label>
              </fieldset>
            </>
          ) : null}

          <fieldset className="choices">
            <legend>Peer data exchange</legend>
            {subjectType === "organization" ? (
              <label className="check"><input type="checkbox" checked={peer} onChange={(e) => setPeer(e.target.checked)} /> Also request peer data on a person</label>
            ) : null}
            {peer || subjectType === "person" ? (
              <div className="field-row">
                <label className="field">
                  <span>Category</span>
                  <select value={peerType} onChange={(e) => setPeerType(e.target.value)}>
                    {PEER_TYPES.map((t) => <option key={t}>{t}</option>)}
                  </select>
                </label>
                <label className="field">
                  <span>ID document</span>
                  <input value={idDocument} onChange={(e) => setIdDocument(e.target.value)} placeholder="FA123456" />
                </label>
                <label className="field">
                  <span>Phone (Ukrainian)</span>
                  <input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+380 50 123 4567" aria-invalid={!!phoneError} />
                  <span className="field-msg">
                    {phoneError ? <span className="field-error">{phoneError}</span> : phoneCheck?.ok ? <span className="field-ok">✓ will be sent as {phoneCheck.normalized}</span> : null}
                  </span>
                </label>
              </div>
            ) : null}
          </fieldset>

          {submitError ? <ErrorBox error={submitError} title="The lookup could not start." /> : null}
          <footer className="dialog-foot">
            <span className="muted small">Runs against {info.data ? info.data.environment : "…"}. Nothing is sent until you start.</span>
            <button type="button" onClick={onClose}>Cancel</button>
            {net.note}
            <button type="submit" className="primary" disabled={busy || net.offline} data-testid="lookup-submit" {...net.reasonProps}>
              {busy ? "Starting…" : "Start lookup"}
            </button>
          </footer>
        </form>
        {production.dialog}
      </div>
    </div>
  );
}
