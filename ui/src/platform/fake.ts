// An in-memory engine with realistic fixture data. Used by Vitest and by `npm run dev` in a plain
// browser. Sessions progress step by step (`step()`), emitting the same events as the real engine;
// in live mode a timer steps them while any is running.
import type { Platform } from "./index";
import { PlatformError } from "./errors";
import { ALL_EXPANDS, beneficialData, equinorGraph, largeGraph, orgData } from "./fakeData";
import { validate, validateOrg, parseUaPhone } from "./fakeIds";
import { fakeSha, makePdf } from "./fakePdf";
import type {
  AppInfo, BatchView, CaseDetail, CaseSummary, Country, DocumentView, EngineEvent, EntityProgress,
  GraphView, LookupRequest, ResultView, SessionView, Settings, Provider, SessionState,
} from "./types";

export type FakeOptions = {
  /** Step running sessions on a timer (dev window). Tests call `step()` instead. */
  live?: boolean;
  /** Start with no cases (first-run screen). */
  empty?: boolean;
  stepMs?: number;
  /** The engine could not start because the OS keyring is unavailable. */
  keyringUnavailable?: boolean;
};

export interface FakePlatform extends Platform {
  /** Advances every running session by one state; returns how many are still running. */
  step(): number;
  /** Steps until nothing runs (bounded). */
  runAll(): void;
  setOnline(online: boolean): void;
  emit(e: EngineEvent): void;
  /** Command names in call order, for assertions. */
  readonly calls: string[];
  dispose(): void;
}

const KNOWN: Record<string, { name: string; city: string; street: string; employees: number; industry: [string, string] }> = {
  "NO:923609016": { name: "EQUINOR ASA", city: "Stavanger", street: "Forusbeen 50", employees: 21272, industry: ["06.100", "Extraction of crude petroleum"] },
  "NO:984851006": { name: "DNB BANK ASA", city: "Oslo", street: "Dronning Eufemias gate 30", employees: 9430, industry: ["64.190", "Other monetary intermediation"] },
  "NO:982463718": { name: "TELENOR ASA", city: "Fornebu", street: "Snarøyveien 30", employees: 1650, industry: ["61.200", "Wireless telecommunications"] },
  "NO:914778271": { name: "NORSK HYDRO ASA", city: "Oslo", street: "Drammensveien 260", employees: 1850, industry: ["24.420", "Aluminium production"] },
  "NO:974760673": { name: "REGISTERENHETEN I BRØNNØYSUND", city: "Brønnøysund", street: "Havnegata 48", employees: 560, industry: ["84.110", "General public administration"] },
  "SE:556016-0680": { name: "Telefonaktiebolaget LM Ericsson", city: "Stockholm", street: "Torshamnsgatan 21", employees: 12000, industry: ["26.300", "Communication equipment"] },
  "SE:556103-4249": { name: "Telia Company AB", city: "Solna", street: "Stjärntorget 1", employees: 4600, industry: ["61.100", "Wired telecommunications"] },
  "FI:0112038-9": { name: "Nokia Oyj", city: "Espoo", street: "Karakaari 7", employees: 5400, industry: ["26.300", "Communication equipment"] },
};

const ORG_ENTITIES: [string, string][] = [
  ["jsonData", "Organization data"],
  ["aml-report", "AML report"],
  ["certificate-of-registration-report", "Certificate of registration"],
];
const BEN_ENTITIES: [string, string][] = [["jsonData", "Beneficial owners data"], ["report", "Beneficial owners report"]];

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const ago = (ms: number) => iso(new Date(Date.now() - ms));
const H = 3600_000;
const D = 24 * H;

export function createFakePlatform(opts: FakeOptions = {}): FakePlatform {
  const listeners = new Set<(e: EngineEvent) => void>();
  const cases = new Map<string, CaseDetail>();
  const graphs = new Map<string, GraphView>();
  const docs = new Map<string, Uint8Array>();
  const batches = new Map<string, BatchView>();
  const lookupOf = new Map<string, LookupRequest>();
  const calls: string[] = [];
  let online = true;
  let seq = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const nextId = (p: string) => `${p}-${(++seq).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

  const settings: Settings = {
    active: "sandbox",
    environments: (["sandbox", "test", "production"] as const).map((kind) => ({
      kind,
      providers: (["organization", "beneficial", "amlyze", "peer"] as Provider[]).map((provider) => ({
        provider,
        url:
          kind === "sandbox" ? `http://127.0.0.1:47211/${provider === "organization" || provider === "beneficial" ? ".well-known/openid-configuration" : provider}`
          : provider === "organization" || provider === "beneficial"
            ? kind === "test" ? "https://auth.current.bankid.no/auth/realms/current/.well-known/openid-configuration" : "https://auth.bankid.no/auth/realms/prod/.well-known/openid-configuration"
            : "",
        clientId: kind === "sandbox" ? "sandbox-client" : undefined,
        secretStored: kind === "sandbox",
        scopes: provider === "organization" ? ["aml_organization/basic", "aml_organization/OFAC"] : [],
      })),
    })),
    staleAfterDays: 30,
    dataDir: "/home/officer/.local/share/no.amldesk.desktop",
    theme: "system",
  };

  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  const clone = <T,>(v: T): T => structuredClone(v);
  const need = <T,>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new PlatformError({ code: "NotFound", message: `${what} was not found in the local case store.` });
    return v;
  };

  function addDoc(kind: string, title: string, subject: string, source: Provider, sessionId: string, fetchedAt: string): DocumentView {
    const bytes = makePdf(`${title} - ${subject}`, [
      [`Subject: ${subject}`, `Fetched: ${fetchedAt}`, "Sandbox document: the content is invented.", "Signed by BankID AML (sandbox)."],
      ["Page 2: ownership and roles", "Beneficial owners: Ola Nordmann, Eva Havbris"],
    ]);
    const sha256 = fakeSha(`${kind}:${subject}:${sessionId}`);
    docs.set(sha256, bytes);
    const exp = new Date(Date.parse(fetchedAt) + 2 * H);
    return { sha256, kind, title, mediaType: "application/pdf", bytes: bytes.byteLength, fetchedAt, source, sessionId, upstreamExpiresAt: iso(exp) };
  }

  function summary(id: string, country: Country, identifier: string, name: string | null, extra: Partial<CaseSummary> = {}): CaseSummary {
    const v = validateOrg(country, identifier);
    return {
      id, subjectName: name, subjectType: "organization", country, identifier: v.normalized ?? identifier,
      identifierDisplay: v.display ?? identifier, status: "review", risk: null, decision: null, sanctionHits: 0, pepHits: 0,
      createdAt: ago(3 * D), updatedAt: ago(3 * D), lastFetchedAt: ago(3 * D), openSessions: 0, environment: "sandbox", unreadable: [], ...extra,
    };
  }

  function session(caseId: string, provider: Provider, state: SessionState, createdAt: string, entityDefs: [string, string][], done: boolean): SessionView {
    const entities: EntityProgress[] = entityDefs.map(([entity, label], i) => done
      ? { entity, label, state: "downloaded", elapsedMs: 2100 + i * 1700, bytes: i === 0 ? 48_213 : 118_000 + i * 9000, sha256: fakeSha(`${caseId}${entity}`) }
      : { entity, label, state: "notStarted", elapsedMs: 0 });
    return {
      id: nextId("ses"), caseId, provider, kind: provider, state, upstreamId: state === "planned" ? null : crypto.randomUUID(),
      entities, createdAt, updatedAt: createdAt, expiresAt: iso(new Date(Date.parse(createdAt) + 2 * H)), error: null, attempts: 1,
    };
  }

  function result(provider: Provider, data: Record<string, unknown>, requested: string[], s: SessionView, fetchedAt: string): ResultView {
    const meta = data.keyInformation as { metadata?: { sources?: string[] } } | undefined;
    return {
      provenance: { provider, environment: settings.active, fetchedAt, sources: meta?.metadata?.sources ?? ["BRREG"], sessionId: s.id, stale: Date.now() - Date.parse(fetchedAt) > settings.staleAfterDays * D },
      sessionId: s.id, requested, sections: [], data, sha256: fakeSha(JSON.stringify(data).slice(0, 200) + s.id),
    };
  }

  function audit(c: CaseDetail, action: string, detail: string, at = iso(new Date())) {
    const prev = c.audit[c.audit.length - 1]?.hash ?? "0".repeat(64);
    c.audit.push({ seq: c.audit.length + 1, at, action, detail, hash: fakeSha(prev + action + detail + at) });
  }

  function newCase(sum: CaseSummary): CaseDetail {
    const c: CaseDetail = { summary: sum, sessions: [], organization: null, beneficial: null, documents: [], amlyze: [], peer: [], notes: [], audit: [], warnings: [] };
    cases.set(sum.id, c);
    audit(c, "case.created", `Case opened for ${sum.country} ${sum.identifierDisplay}`, sum.createdAt);
    return c;
  }

  /** Fills a case with completed organization (+ beneficial) results as of `fetchedAt`. */
  function complete(c: CaseDetail, req: LookupRequest, fetchedAt: string, orgSession?: SessionView, benSession?: SessionView) {
    const key = `${c.summary.country}:${c.summary.identifier}`;
    const known = KNOWN[key];
    const name = known?.name ?? `SANDBOX COMPANY ${c.summary.identifierDisplay}`;
    const isEquinor = key === "NO:923609016";
    if (orgSession) {
      const data = orgData(
        { name, orgNumber: c.summary.identifier, country: c.summary.country ?? "NO", city: known?.city ?? "Oslo", street: known?.street ?? "Storgata 1", postCode: "4035", employees: known?.employees ?? 12, orgType: ["ASA", "Public limited company"], industry: known?.industry ?? ["70.100", "Head offices"], registered: "1995-03-12", webpage: isEquinor ? "www.equinor.com" : undefined },
        { hits: isEquinor ? "equinor" : "none", expands: req.expands },
      );
      c.organization = result("organization", data, req.expands, orgSession, fetchedAt);
      for (const r of req.reports) {
        c.documents.push(addDoc(r, r === "aml" ? "AML report" : "Certificate of registration", name, "organization", orgSession.id, fetchedAt));
      }
      c.summary.subjectName = name;
      if (isEquinor && req.expands.includes("sanction")) {
        c.summary.sanctionHits = 1;
        c.summary.pepHits = 1;
        c.summary.risk = "HIGH";
      } else if (!c.summary.risk) c.summary.risk = "LOW";
      graphs.set(c.summary.id, key === "NO:914778271" ? largeGraph() : equinorGraph(name, c.summary.identifierDisplay));
    }
    if (benSession) {
      c.beneficial = result("beneficial", beneficialData("NOT_GRANTED"), req.beneficialExpands, benSession, fetchedAt);
      c.nationalRegistryAccess = "NOT_GRANTED";
      c.documents.push(addDoc("beneficial-owners", "Beneficial owners report", name, "beneficial", benSession.id, fetchedAt));
    }
    c.summary.lastFetchedAt = fetchedAt;
    c.summary.updatedAt = fetchedAt;
  }

  function startSessions(c: CaseDetail, req: LookupRequest): string[] {
    const now = iso(new Date());
    const ids: string[] = [];
    if (!req.skipOrganization) {
      const defs = ORG_ENTITIES.filter(([e]) => e === "jsonData" || req.reports.some((r) => e.startsWith(r)));
      const s = session(c.summary.id, "organization", "planned", now, defs, false);
      c.sessions.push(s);
      lookupOf.set(s.id, req);
      ids.push(s.id);
    }
    if (req.beneficial) {
      const s = session(c.summary.id, "beneficial", "planned", now, BEN_ENTITIES, false);
      c.sessions.push(s);
      lookupOf.set(s.id, req);
      ids.push(s.id);
    }
    c.summary.status = "running";
    c.summary.openSessions = ids.length;
    audit(c, "session.created", `${ids.length} lookup session(s) planned`);
    ensureTimer();
    return ids;
  }

  // ---- fixtures ----
  if (!opts.empty) {
    const eq = newCase(summary("c-equinor", "NO", "923609016", null, { createdAt: ago(2 * D), updatedAt: ago(2 * D) }));
    const req: LookupRequest = { country: "NO", identifier: "923609016", duns: false, expands: ALL_EXPANDS, reports: ["aml", "certificate-of-registration"], beneficial: true, beneficialExpands: ["citizenship", "birthplace"], skipOrganization: false };
    const fetched = ago(2 * D - 5 * 60_000);
    const os = session(eq.summary.id, "organization", "done", ago(2 * D), ORG_ENTITIES, true);
    const bs = session(eq.summary.id, "beneficial", "done", ago(2 * D), BEN_ENTITIES, true);
    eq.sessions.push(os, bs);
    complete(eq, req, fetched, os, bs);
    audit(eq, "session.created", "Organization API session created", ago(2 * D));
    audit(eq, "document.stored", "AML report stored (SHA-256 verified)", fetched);
    audit(eq, "document.stored", "Beneficial owners report stored", fetched);
    eq.amlyze.push({
      sessionId: nextId("ses"), validateOnly: false, pushedAt: ago(D),
      rows: [
        { resultType: "REQUEST_ACCEPTED", communicationNumber: "AMLD-923609016-1", customerExtId: "923609016", errorCode: null, errorDescription: null, explanation: null },
        { resultType: "REQUEST_REJECTED", communicationNumber: "AMLD-923609016-0", customerExtId: "923609016", errorCode: "O005", errorDescription: "communicationNumber already used", explanation: "This communication number was already sent to Amlyze; a new push uses a new number." },
      ],
      events: [
        { type: "app.amlyze.customer.screening.sanctions.completed", receivedAt: ago(D - H), data: { result: "POTENTIAL_MATCH", matches: 1 } },
        { type: "app.amlyze.customer.riskmanagement.kyc_scoring.completed", receivedAt: ago(D - 2 * H), data: { initialRiskLevel: "MEDIUM", finalRiskLevel: "HIGH", decisionType: "MANUAL_REVIEW" } },
      ],
      finalRiskLevel: "HIGH",
    });
    eq.peer.push({
      sessionId: nextId("ses"), typeRequest: "Identity", idDocument: "FA123456", phoneOriginal: "0501234567", phone: "+380501234567", idRequest: "77120", status: "Done",
      details: [
        { peer: "peer-1", group: "Identity", field: "Full name", value: "Ola Nordmann" },
        { peer: "peer-1", group: "Identity", field: "Date of birth", value: "1961-05-17" },
        { peer: "peer-1", group: "Address", field: "City", value: "Kyiv" },
        { peer: "peer-2", group: "Subscription", field: "Operator", value: "Kyivstar" },
      ],
    });
    eq.notes.push({ id: "n1", text: "PEP hit on Ola Nordmann confirmed against the public register; escalate if the ownership is current.", createdAt: ago(D) });

    const dnb = newCase(summary("c-dnb", "NO", "984851006", null, { createdAt: ago(40 * D) }));
    const dreq: LookupRequest = { country: "NO", identifier: "984851006", duns: false, expands: ["address", "sanction"], reports: ["aml"], beneficial: false, beneficialExpands: [], skipOrganization: false };
    const ds = session(dnb.summary.id, "organization", "done", ago(40 * D), ORG_ENTITIES.slice(0, 2), true);
    dnb.sessions.push(ds);
    complete(dnb, dreq, ago(40 * D), ds);
    dnb.summary.status = "closed";
    dnb.summary.decision = "approve";
    dnb.notes.push({ id: "n2", text: "No hits; ownership known (listed bank).", createdAt: ago(39 * D), decision: "approve" });
    audit(dnb, "decision.set", "approve", ago(39 * D));

    const tel = newCase(summary("c-telenor", "NO", "982463718", "TELENOR ASA", { status: "attention", lastFetchedAt: null, createdAt: ago(5 * H), updatedAt: ago(4 * H) }));
    const ts = session(tel.summary.id, "organization", "failed", ago(5 * H), ORG_ENTITIES.slice(0, 2), false);
    ts.entities[0]!.state = "failed";
    ts.attempts = 3;
    ts.error = { code: "Upstream", message: "BankID AML answered with a server error three times. Retrying later usually helps.", detail: "HTTP 503 Service Unavailable from POST /organization/session/no (attempt 3 of 3)" };
    tel.sessions.push(ts);
    lookupOf.set(ts.id, { ...dreq, identifier: "982463718" });

    for (const [id, country, ident] of [["c-ericsson", "SE", "5560160680"], ["c-nokia", "FI", "0112038-9"]] as const) {
      const c = newCase(summary(id, country, ident, null, { createdAt: ago(10 * D) }));
      const r: LookupRequest = { country, identifier: ident, duns: false, expands: ALL_EXPANDS, reports: ["aml"], beneficial: false, beneficialExpands: [], skipOrganization: false };
      const s = session(c.summary.id, "organization", "done", ago(10 * D), ORG_ENTITIES.slice(0, 2), true);
      c.sessions.push(s);
      complete(c, r, ago(10 * D), s);
    }

    const hy = newCase(summary("c-hydro", "NO", "914778271", "NORSK HYDRO ASA", { lastFetchedAt: null, createdAt: ago(60_000) }));
    startSessions(hy, { country: "NO", identifier: "914778271", duns: false, expands: ALL_EXPANDS, reports: ["aml"], beneficial: false, beneficialExpands: [], skipOrganization: false });
  }

  // ---- progression ----
  function advance(s: SessionView): boolean {
    const now = Date.now();
    const elapsed = now - Date.parse(s.createdAt);
    const bump = (e: EntityProgress) => { if (e.state !== "downloaded") e.elapsedMs = elapsed; };
    switch (s.state) {
      case "planned": s.state = "created"; break;
      case "created": s.state = "polling"; s.entities.forEach((e) => (e.state = "inProgress")); break;
      case "polling": {
        const next = s.entities.find((e) => e.state === "inProgress" || e.state === "ready");
        if (!next) { s.state = "done"; break; }
        if (next.state === "inProgress") next.state = "ready";
        else {
          next.state = "downloaded";
          next.bytes = next.entity === "jsonData" ? 48_213 : 118_342;
          next.sha256 = fakeSha(s.id + next.entity);
        }
        break;
      }
      default: return false;
    }
    s.entities.forEach(bump);
    s.updatedAt = iso(new Date(now));
    return true;
  }

  function step(): number {
    let running = 0;
    for (const c of cases.values()) {
      let changed = false;
      for (const s of c.sessions) {
        if (s.state === "done" || s.state === "failed" || s.state === "cancelled" || s.state === "expired") continue;
        if (!online && s.state !== "planned") continue;
        if (advance(s)) {
          changed = true;
          emit({ type: "sessionUpdated", session: clone(s) });
          if ((s.state as SessionState) === "done") {
            const req = lookupOf.get(s.id);
            if (req) complete(c, req, s.updatedAt, s.provider === "organization" ? s : undefined, s.provider === "beneficial" ? s : undefined);
            audit(c, "session.done", `${s.provider} session done`);
          } else running++;
        }
      }
      if (changed) {
        const open = c.sessions.filter((s) => !["done", "failed", "cancelled", "expired"].includes(s.state)).length;
        c.summary.openSessions = open;
        if (open === 0 && c.summary.status === "running") c.summary.status = c.sessions.some((s) => s.state === "failed") ? "attention" : "review";
        emit({ type: "caseUpdated", caseId: c.summary.id });
      }
    }
    for (const b of batches.values()) {
      const before = JSON.stringify(b.counts);
      refreshBatch(b);
      if (JSON.stringify(b.counts) !== before) emit({ type: "batchProgress", batchId: b.id, counts: clone(b.counts) });
    }
    if (running === 0 && timer) { clearInterval(timer); timer = null; }
    return running;
  }

  function ensureTimer() {
    if (opts.live && !timer) timer = setInterval(step, opts.stepMs ?? 800);
  }

  function refreshBatch(b: BatchView) {
    const counts = { total: b.rows.length, planned: 0, running: 0, done: 0, failed: 0, expired: 0, cancelled: 0 };
    for (const r of b.rows) {
      const c = cases.get(r.caseId);
      const s = c?.sessions[c.sessions.length - 1];
      if (s) { r.state = s.state; r.error = s.error; r.subjectName = c?.summary.subjectName ?? null; }
      if (r.state === "planned") counts.planned++;
      else if (r.state === "done") counts.done++;
      else if (r.state === "failed") counts.failed++;
      else if (r.state === "expired") counts.expired++;
      else if (r.state === "cancelled") counts.cancelled++;
      else counts.running++;
    }
    b.counts = counts;
  }

  function failSession(s: SessionView, c: CaseDetail) {
    s.state = "failed";
    s.error = { code: "NotFound", message: `BankID AML has no organization ${c.summary.identifierDisplay} in ${c.summary.country}. Check the number against the register.`, detail: "HTTP 404 from POST /organization/session" };
  }

  function findCaseFor(country: Country, normalized: string) {
    return [...cases.values()].find((c) => c.summary.country === country && c.summary.identifier === normalized);
  }

  let keyringLocked = !!opts.keyringUnavailable;
  const appInfo = (): AppInfo => ({
    version: "0.1.0 (fake engine)", environment: settings.active, baseUrl: "http://127.0.0.1:47211", dataDir: settings.dataDir,
    online, ofacScope: true, keyringAvailable: true,
  });

  const ok = async <T,>(name: string, f: () => T): Promise<T> => {
    calls.push(name);
    await Promise.resolve();
    return clone(f());
  };

  const platform: FakePlatform = {
    calls,
    step,
    runAll() { for (let i = 0; i < 50 && step() > 0; i++); step(); },
    setOnline(v) { online = v; emit({ type: "connectivity", online: v, message: v ? null : "The sandbox at 127.0.0.1:47211 does not answer." }); },
    emit,
    dispose() { if (timer) clearInterval(timer); timer = null; listeners.clear(); },
    appInfo: () => ok("app_info", () => {
      if (keyringLocked) throw new PlatformError({ code: "KeychainUnavailable", message: "No OS keyring is available (Secret Service not running). Secrets can be kept for this run only." });
      return appInfo();
    }),
    saveGraphImage: (r) => ok("save_graph_image", () => ({
      path: `/home/officer/Downloads/ownership.${r.format}`,
      bytes: Math.floor((r.dataBase64.length * 3) / 4),
    })),
    useMemorySecrets: () => ok("use_memory_secrets", () => {
      keyringLocked = false;
      return { ...appInfo(), keyringAvailable: false, keyringMessage: "Secrets are kept for this run only." };
    }),
    validateIdentifier: (r) => ok("validate_identifier", () => validate(r)),
    listCases: (q) => ok("list_cases", () => {
      let list = [...cases.values()].map((c) => c.summary);
      if (q.status) list = list.filter((s) => s.status === q.status);
      if (q.text) {
        const t = q.text.toLowerCase();
        list = list.filter((s) => `${s.subjectName ?? ""} ${s.identifier} ${s.identifierDisplay}`.toLowerCase().includes(t));
      }
      return list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, q.limit ?? 10_000);
    }),
    getCase: (id) => ok("get_case", () => need(cases.get(id), "The case")),
    search: (text) => ok("search", () => {
      const t = text.trim().toLowerCase();
      if (!t) return [];
      const hits = [];
      for (const c of cases.values()) {
        const s = c.summary;
        const mark = (v: string) => { const i = v.toLowerCase().indexOf(t); return `${v.slice(0, i)}[${v.slice(i, i + t.length)}]${v.slice(i + t.length)}`; };
        if ((s.subjectName ?? "").toLowerCase().includes(t)) hits.push({ caseId: s.id, subjectName: s.subjectName, identifierDisplay: s.identifierDisplay, field: "name", snippet: mark(s.subjectName ?? "") });
        else if (s.identifier.includes(t.replace(/\s/g, ""))) hits.push({ caseId: s.id, subjectName: s.subjectName, identifierDisplay: s.identifierDisplay, field: "identifier", snippet: `[${s.identifierDisplay}]` });
        const ben = (c.beneficial?.data as { beneficialOwners?: { name: string }[] } | undefined)?.beneficialOwners ?? [];
        for (const b of ben) if (b.name.toLowerCase().includes(t)) hits.push({ caseId: s.id, subjectName: s.subjectName, identifierDisplay: s.identifierDisplay, field: "person", snippet: mark(b.name) });
      }
      return hits;
    }),
    startLookup: (req) => ok("start_lookup", () => {
      const v = validateOrg(req.country, req.identifier);
      if (!v.ok || !v.normalized) throw new PlatformError({ code: "Validation", message: v.error?.message ?? "The identifier is not valid.", field: "identifier" });
      const c = (req.caseId ? cases.get(req.caseId) : undefined) ?? findCaseFor(req.country, v.normalized) ?? newCase(summary(nextId("case"), req.country, req.identifier, null, { createdAt: iso(new Date()), updatedAt: iso(new Date()), lastFetchedAt: null }));
      const sessionIds = startSessions(c, { ...req, identifier: v.normalized });
      emit({ type: "caseUpdated", caseId: c.summary.id });
      return { caseId: c.summary.id, sessionIds };
    }),
    cancelSession: (id) => ok("cancel_session", () => {
      for (const c of cases.values()) for (const s of c.sessions) if (s.id === id && !["done", "failed"].includes(s.state)) {
        s.state = "cancelled";
        emit({ type: "sessionUpdated", session: clone(s) });
        emit({ type: "caseUpdated", caseId: c.summary.id });
      }
      return null;
    }),
    rerunSession: (id) => ok("rerun_session", () => {
      const c = [...cases.values()].find((x) => x.sessions.some((s) => s.id === id));
      const req = lookupOf.get(id);
      const found = need(c, "The session");
      const r = req ?? { country: found.summary.country ?? "NO", identifier: found.summary.identifier, duns: false, expands: ALL_EXPANDS, reports: ["aml"], beneficial: false, beneficialExpands: [], skipOrganization: false };
      const sessionIds = startSessions(found, r);
      emit({ type: "caseUpdated", caseId: found.summary.id });
      return { caseId: found.summary.id, sessionIds };
    }),
    startBatch: (req) => ok("start_batch", () => {
      const rejected = [];
      const b: BatchView = { id: nextId("batch"), fileName: req.fileName ?? null, createdAt: iso(new Date()), counts: { total: 0, planned: 0, running: 0, done: 0, failed: 0, expired: 0, cancelled: 0 }, rows: [], rejected: [] };
      const lines = req.csv.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!.trim();
        if (!line) continue;
        const [country = "", ident = ""] = line.split(/[;,]/).map((x) => x.trim());
        if (i === 0 && /country/i.test(country)) continue;
        const cc = country.toUpperCase();
        if (!["NO", "SE", "FI", "DK"].includes(cc)) { rejected.push({ line: i + 1, field: "country", message: `"${country}" is not a supported country: use NO, SE, FI or DK` }); continue; }
        const v = validateOrg(cc as Country, ident);
        if (!v.ok || !v.normalized) { rejected.push({ line: i + 1, field: "identifier", message: v.error?.message ?? "not valid" }); continue; }
        const c = findCaseFor(cc as Country, v.normalized) ?? newCase(summary(nextId("case"), cc as Country, ident, null, { lastFetchedAt: null, createdAt: iso(new Date()), updatedAt: iso(new Date()), batchId: b.id }));
        const [sid] = startSessions(c, { country: cc as Country, identifier: v.normalized, duns: false, expands: req.expands, reports: req.reports, beneficial: false, beneficialExpands: [], skipOrganization: false });
        if (!KNOWN[`${cc}:${v.normalized}`] && v.normalized.endsWith("5")) {
          const s = c.sessions.find((x) => x.id === sid);
          if (s) failSession(s, c);
        }
        b.rows.push({ line: i + 1, caseId: c.summary.id, identifierDisplay: v.display ?? ident, subjectName: c.summary.subjectName, state: "planned", error: null });
      }
      b.rejected = rejected;
      refreshBatch(b);
      batches.set(b.id, b);
      return { batchId: b.id, accepted: b.rows.length, rejected };
    }),
    cancelBatch: (id) => ok("cancel_batch", () => {
      const b = need(batches.get(id), "The batch");
      for (const r of b.rows) for (const s of cases.get(r.caseId)?.sessions ?? []) if (!["done", "failed", "cancelled", "expired"].includes(s.state)) s.state = "cancelled";
      refreshBatch(b);
      emit({ type: "batchProgress", batchId: id, counts: clone(b.counts) });
      return null;
    }),
    retryBatch: (id) => ok("retry_batch", () => {
      const b = need(batches.get(id), "The batch");
      for (const r of b.rows) {
        const c = cases.get(r.caseId);
        const last = c?.sessions[c.sessions.length - 1];
        if (c && last && ["failed", "cancelled", "expired"].includes(last.state)) {
          startSessions(c, lookupOf.get(last.id) ?? { country: c.summary.country ?? "NO", identifier: c.summary.identifier, duns: false, expands: [], reports: [], beneficial: false, beneficialExpands: [], skipOrganization: false });
        }
      }
      refreshBatch(b);
      emit({ type: "batchProgress", batchId: id, counts: clone(b.counts) });
      return null;
    }),
    getBatch: (id) => ok("get_batch", () => { const b = need(batches.get(id), "The batch"); refreshBatch(b); return b; }),
    amlyzePush: (req) => ok("amlyze_push", () => {
      const c = need(cases.get(req.caseId), "The case");
      const view = {
        sessionId: nextId("ses"), validateOnly: req.validateOnly, pushedAt: iso(new Date()),
        rows: [{ resultType: "REQUEST_ACCEPTED", communicationNumber: `AMLD-${c.summary.identifier}-${c.amlyze.length + 1}`, customerExtId: c.summary.identifier, errorCode: null, errorDescription: null, explanation: null }],
        events: [],
      };
      c.amlyze.unshift(view);
      audit(c, "amlyze.push", req.validateOnly ? "validated only" : "pushed");
      emit({ type: "caseUpdated", caseId: c.summary.id });
      return view;
    }),
    peerRequest: (req) => ok("peer_request", () => {
      const p = parseUaPhone(req.phone);
      if (!p.ok) throw new PlatformError({ code: "Validation", message: p.message, field: "phone" });
      const c = need(req.caseId ? cases.get(req.caseId) : undefined, "The case");
      const sid = nextId("ses");
      c.peer.unshift({ sessionId: sid, typeRequest: req.typeRequest, idDocument: req.idDocument, phoneOriginal: req.phone, phone: p.value, idRequest: String(70000 + seq), status: "Pending", details: [] });
      emit({ type: "caseUpdated", caseId: c.summary.id });
      return { caseId: c.summary.id, sessionIds: [sid] };
    }),
    setDecision: (req) => ok("set_decision", () => {
      const c = need(cases.get(req.caseId), "The case");
      c.summary.decision = req.decision;
      c.summary.status = "closed";
      c.notes.unshift({ id: nextId("note"), text: req.note, createdAt: iso(new Date()), decision: req.decision });
      audit(c, "decision.set", req.decision);
      emit({ type: "caseUpdated", caseId: c.summary.id });
      return c;
    }),
    addNote: (req) => ok("add_note", () => {
      const c = need(cases.get(req.caseId), "The case");
      c.notes.unshift({ id: nextId("note"), text: req.text, createdAt: iso(new Date()) });
      audit(c, "note.added", req.text.slice(0, 40));
      emit({ type: "caseUpdated", caseId: c.summary.id });
      return c;
    }),
    getDocument: (sha) => ok("get_document", () => {
      const d = need(docs.get(sha), "The document");
      return d.slice().buffer as ArrayBuffer;
    }),
    getSettings: () => ok("get_settings", () => settings),
    saveSettings: (s) => ok("save_settings", () => { Object.assign(settings, clone(s)); return settings; }),
    setSecret: (r) => ok("set_secret", () => {
      const env = settings.environments.find((e) => e.kind === r.environment);
      const p = env?.providers.find((x) => x.provider === r.provider);
      if (p) p.secretStored = true;
      return { environment: r.environment, provider: r.provider, stored: true, store: "keyring" };
    }),
    testConnection: (provider) => ok("test_connection", () => {
      const bankid = provider === "organization" || provider === "beneficial";
      const steps = bankid
        ? [
            { step: "discovery", ok: true, message: "Discovery document read; aml-baseurl is http://127.0.0.1:47211/aml", elapsedMs: 12 },
            { step: "token", ok: online, message: online ? "Access token issued for aml_organization/basic (expires in 300 s)" : "The token endpoint does not answer", elapsedMs: 31 },
            { step: "request", ok: online, message: online ? "Access rights answered: National Registry NOT_GRANTED" : "Skipped: no token", elapsedMs: online ? 18 : 0 },
          ]
        : [{ step: "request", ok: online, message: online ? "The service answered 200 OK" : "The service does not answer", elapsedMs: 22 }];
      return { provider, ok: steps.every((s) => s.ok), steps };
    }),
    getRawSection: (request) => ok("get_raw_section", () => {
      throw new PlatformError({ code: "NotFound", message: `The fake engine keeps no raw answers (${request.path}).` });
    }),
    getOwnership: (id) => ok("get_ownership", () => {
      need(cases.get(id), "The case");
      return graphs.get(id) ?? { subjectId: "s", nodes: [], edges: [], cycles: [], beneficialOwners: [] };
    }),
    onEvent(cb) { listeners.add(cb); return () => listeners.delete(cb); },
  };
  ensureTimer();
  return platform;
}
