// A Platform that answers from the engine's recorded IPC responses (fixtures/recorded.json,
// written by crates/engine/tests/engine/fixtures.rs against the sandbox). For Vitest and the dev
// server only: `createPlatform()` loads it behind `import.meta.env.DEV`, so the production bundle
// holds neither this file nor the fixtures.
//
// It never invents an answer: what was not recorded rejects with a PlatformError that says so.
import type { Platform } from "./index";
import { PlatformError } from "./errors";
import { fromCoreGraph } from "./graph";
import type { GraphView as CoreGraphView } from "./generated/GraphView";
import type {
  AmlyzePushView, AppInfo, BatchStarted, BatchView, CaseDetail, CaseSummary, EngineEvent, EnvironmentConfig,
  EnvironmentKind, LookupStarted, SearchHit, Settings, ValidateRequest, ValidateResponse, ErrorDto, ReviewSettings,
} from "./types";
import fixtures from "./fixtures/recorded.json";

/** The shape of recorded.json (the values are the engine's own IPC answers). */
export type Recorded = {
  appInfo: AppInfo;
  settings: Settings;
  environmentConfigs: Record<EnvironmentKind, EnvironmentConfig>;
  listCases: CaseSummary[];
  cases: Record<string, CaseDetail>;
  ownership: Record<string, CoreGraphView>;
  search: Record<string, SearchHit[]>;
  validate: { request: ValidateRequest; response: ValidateResponse }[];
  /** `{ started }` (start_lookup's answer), then the session events the window received. */
  lookupEvents: ({ started: LookupStarted } | EngineEvent)[];
  amlyzeValidation: AmlyzePushView;
  batch: BatchView;
  batchStarted: BatchStarted;
  /** Reviewing Equinor's hits (fixtures.rs): after the first hit, the refusal to approve, the
   * pending approval, its confirmation, and a later answer in which one listing changed. */
  review: {
    oneReviewed: CaseDetail;
    approveRefused: ErrorDto;
    pending: CaseDetail;
    confirmed: CaseDetail;
    changed: CaseDetail;
    defaultReviewer: string;
    /** get_review_settings before and after saving `settingsSaved.request`. */
    settings: ReviewSettings;
    settingsSaved: { request: ReviewSettings; response: ReviewSettings };
    /** save_review_settings refused: `request`'s reviewer name is too long. */
    settingsRefused: { request: ReviewSettings; error: ErrorDto };
  };
};

export const RECORDED = fixtures as unknown as Recorded;

export interface RecordedPlatform extends Platform {
  /** Command names in call order, for assertions. */
  readonly calls: string[];
  /** Delivers an event to the window, as the engine would (tests replay recorded events). */
  emit(e: EngineEvent): void;
}

/** The error for anything the recording does not hold. */
export function notRecorded(what: string): PlatformError {
  return new PlatformError({
    code: "Internal",
    message: `Not recorded: this window runs on recorded engine answers (development and tests only), which hold no answer for ${what}.`,
    detail: "Run AML Desk in its desktop app to reach the engine.",
  });
}

const copy = <T,>(v: T): T => structuredClone(v);

/** Options of the recorded platform. `online: false` reports the engine offline (cached data only). */
export type RecordedOptions = { online?: boolean };

export function createRecordedPlatform(recorded: Recorded = RECORDED, options: RecordedOptions = {}): RecordedPlatform {
  if (options.online !== undefined) recorded = { ...recorded, appInfo: { ...recorded.appInfo, online: options.online } };
  const calls: string[] = [];
  const listeners = new Set<(e: EngineEvent) => void>();
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  const answer = async <T,>(cmd: string, value: T | undefined, what: string): Promise<T> => {
    calls.push(cmd);
    if (value === undefined) throw notRecorded(what);
    return copy(value);
  };
  const refuse = async (cmd: string, what: string): Promise<never> => {
    calls.push(cmd);
    throw notRecorded(what);
  };
  const started = recorded.lookupEvents.find((e): e is { started: LookupStarted } => "started" in e)?.started;
  const lookupEvents = recorded.lookupEvents.filter((e): e is EngineEvent => !("started" in e));
  const startedCase = started ? recorded.cases[started.caseId]?.summary : undefined;
  // What save_review_settings stored in this run (the recorded answer to the recorded request).
  let savedReview: ReviewSettings | undefined;

  return {
    calls,
    emit,
    appInfo: () => answer("app_info", recorded.appInfo, "app_info"),
    validateIdentifier: (r) =>
      answer(
        "validate_identifier",
        recorded.validate.find((v) => v.request.subjectType === r.subjectType && v.request.country === r.country && v.request.identifier === r.identifier.trim())?.response,
        `validating ${r.country} ${r.identifier}`,
      ),
    listCases: (q) => {
      if (q.text?.trim() || q.status) return refuse("list_cases", "a filtered case list");
      return answer("list_cases", recorded.listCases.slice(0, q.limit ?? undefined), "list_cases");
    },
    getCase: (id) => answer("get_case", recorded.cases[id], `case ${id}`),
    search: (text) => answer("search", recorded.search[text.trim().toLowerCase()], `a search for "${text}"`),
    startLookup: async (r) => {
      // The one recorded lookup: its answer, then its recorded session events.
      const same = startedCase && r.country === startedCase.country && r.identifier.replace(/\s/g, "") === startedCase.identifier;
      const s = await answer("start_lookup", same ? started : undefined, `a lookup of ${r.country} ${r.identifier}`);
      setTimeout(() => {
        lookupEvents.forEach((e) => emit(copy(e)));
        emit({ type: "caseUpdated", caseId: s.caseId });
      }, 0);
      return s;
    },
    cancelSession: () => refuse("cancel_session", "cancelling a session"),
    rerunSession: () => refuse("rerun_session", "re-running a session"),
    startBatch: (r) => answer("start_batch", r.fileName === recorded.batch.fileName ? recorded.batchStarted : undefined, `a batch from ${r.fileName ?? "this file"}`),
    cancelBatch: () => refuse("cancel_batch", "cancelling a batch"),
    retryBatch: () => refuse("retry_batch", "retrying a batch"),
    getBatch: (id) => answer("get_batch", id === recorded.batch.id ? recorded.batch : undefined, `batch ${id}`),
    amlyzePush: (r) =>
      answer(
        "amlyze_push",
        r.validateOnly && recorded.cases[r.caseId]?.sessions.some((s) => s.id === recorded.amlyzeValidation.sessionId) ? recorded.amlyzeValidation : undefined,
        r.validateOnly ? "validating this case with Amlyze" : "pushing to Amlyze",
      ),
    peerRequest: () => refuse("peer_request", "a peer request"),
    setDecision: () => refuse("set_decision", "saving a decision"),
    addNote: () => refuse("add_note", "adding a note"),
    getDocument: (sha) => refuse("get_document", `the document ${sha.slice(0, 8)}… (no document bytes are recorded)`),
    getSettings: () => answer("get_settings", recorded.settings, "get_settings"),
    saveSettings: () => refuse("save_settings", "saving settings"),
    getEnvironmentConfig: (env) => answer("get_environment_config", recorded.environmentConfigs[env], `the settings of ${env}`),
    setEnvironmentConfig: () => refuse("set_environment_config", "saving settings"),
    setEnvironmentSecret: () => refuse("set_environment_secret", "storing a secret"),
    testConnection: (env) => refuse("test_connection", `a connection test of ${env}`),
    switchEnvironment: (env) => refuse("switch_environment", `switching to ${env}`),
    getOwnership: async (id) => fromCoreGraph(await answer("get_ownership", recorded.ownership[id], `the ownership of case ${id}`)),
    getRawSection: (r) => refuse("get_raw_section", `the raw section ${r.path}`),
    useMemorySecrets: () => answer("use_memory_secrets", recorded.appInfo, "use_memory_secrets"),
    saveGraphImage: () => refuse("save_graph_image", "saving the graph image"),
    // The recorded review steps: the first of Equinor's hits reviewed, and the confirmation of
    // its pending approval by a second reviewer. Anything else was not recorded.
    reviewHit: (r) => {
      const first = recorded.cases[r.caseId]?.hits.hits[0];
      const same = r.caseId === recorded.review.oneReviewed.summary.id && first?.id === r.hitId;
      return answer("review_hit", same ? recorded.review.oneReviewed : undefined, `a review of hit ${r.hitId}`);
    },
    confirmDecision: (r) => {
      const pending = recorded.review.pending.decision;
      const ok = r.caseId === recorded.review.pending.summary.id && pending && r.reviewer && r.reviewer !== pending.preparer;
      return answer("confirm_decision", ok ? recorded.review.confirmed : undefined, `confirming the decision of case ${r.caseId} as ${r.reviewer ?? "the default reviewer"}`);
    },
    defaultReviewer: () => answer("default_reviewer", recorded.review.defaultReviewer, "the default reviewer"),
    getReviewSettings: () => answer("get_review_settings", savedReview ?? recorded.review.settings, "the review settings"),
    saveReviewSettings: async (r) => {
      const same = (a: ReviewSettings, b: ReviewSettings) => JSON.stringify(a) === JSON.stringify(b);
      if (same(r, recorded.review.settingsRefused.request)) {
        calls.push("save_review_settings");
        throw new PlatformError(recorded.review.settingsRefused.error);
      }
      const s = await answer("save_review_settings", same(r, recorded.review.settingsSaved.request) ? recorded.review.settingsSaved.response : undefined, "saving these review settings");
      savedReview = s;
      return s;
    },
    exportCase: () => refuse("export_case", "exporting the case file"),
    onEvent: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}
