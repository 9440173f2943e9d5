// The UI's only door to the engine. Features call `usePlatform()`; only this folder imports
// `@tauri-apps/*` (and only tauri.ts does, lazily).
import { createContext, useContext } from "react";
import type {
  AmlyzePushRequest, AmlyzePushView, AppInfo, BatchRequest, BatchStarted, BatchView, CaseDetail,
  CaseQuery, CaseSummary, ConnectionTest, DecisionRequest, EngineEvent, GraphView, LookupRequest,
  LookupStarted, NoteRequest, PeerRequest, SearchHit, SecretChangeRequest, EnvironmentConfig,
  ConfigChangeRequest, EnvironmentKind, Settings, ValidateRequest, ValidateResponse, GraphImageRequest, SavedFile, RawSection,
  RawSectionRequest, HitReviewRequest, ConfirmRequest, ExportRequest, CaseFileExported, ReviewSettings,
} from "./types";

import { PlatformError } from "./errors";

export * from "./types";
export { PlatformError, toPlatformError, adviceFor } from "./errors";

/** One method per engine command (crates/engine/src/api.rs). Every method rejects with a PlatformError. */
export interface Platform {
  appInfo(): Promise<AppInfo>;
  validateIdentifier(request: ValidateRequest): Promise<ValidateResponse>;
  listCases(query: CaseQuery): Promise<CaseSummary[]>;
  getCase(caseId: string): Promise<CaseDetail>;
  search(text: string): Promise<SearchHit[]>;
  startLookup(request: LookupRequest): Promise<LookupStarted>;
  cancelSession(sessionId: string): Promise<null>;
  rerunSession(sessionId: string): Promise<LookupStarted>;
  startBatch(request: BatchRequest): Promise<BatchStarted>;
  cancelBatch(batchId: string): Promise<null>;
  retryBatch(batchId: string): Promise<null>;
  getBatch(batchId: string): Promise<BatchView>;
  amlyzePush(request: AmlyzePushRequest): Promise<AmlyzePushView>;
  peerRequest(request: PeerRequest): Promise<LookupStarted>;
  setDecision(request: DecisionRequest): Promise<CaseDetail>;
  addNote(request: NoteRequest): Promise<CaseDetail>;
  /** The stored document's bytes (PDF, JSON), addressed by SHA-256. Never a file path. */
  getDocument(sha256: string): Promise<ArrayBuffer>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  /** One environment's settings and which secrets are stored (never a secret's value). */
  getEnvironmentConfig(environment: EnvironmentKind): Promise<EnvironmentConfig>;
  /** Changes settings of an environment, all or none (the active one reopens to apply them). */
  setEnvironmentConfig(request: ConfigChangeRequest): Promise<EnvironmentConfig>;
  /** Stores (with a value) or deletes one secret; the answer says only whether it is stored. */
  setEnvironmentSecret(request: SecretChangeRequest): Promise<EnvironmentConfig>;
  testConnection(environment: EnvironmentKind): Promise<ConnectionTest>;
  /** Makes `environment` active: the engine reopens on it (and the app opens it next start). */
  switchEnvironment(environment: EnvironmentKind): Promise<AppInfo>;
  getOwnership(caseId: string): Promise<GraphView>;
  /** One section of a stored answer exactly as upstream sent it ("details"). */
  getRawSection(request: RawSectionRequest): Promise<RawSection>;
  /** Only when the OS keyring is unavailable: keep secrets (and this run's cases) in memory. */
  useMemorySecrets(): Promise<AppInfo>;
  /** Saves the drawn ownership graph (PNG or SVG, base64) in the export folder. */
  saveGraphImage(request: GraphImageRequest): Promise<SavedFile>;
  /** Reviews one screening hit (disposition, reason code, note, declared reviewer). */
  reviewHit(request: HitReviewRequest): Promise<CaseDetail>;
  /** Confirms a pending decision as the second reviewer; the engine refuses the preparer. */
  confirmDecision(request: ConfirmRequest): Promise<CaseDetail>;
  /** The name a review or decision is recorded under by default (profile, else the OS user). */
  defaultReviewer(): Promise<string>;
  /** Four-eyes mode, retention years and the profile's reviewer (store `review.settings`). */
  getReviewSettings(): Promise<ReviewSettings>;
  /** Saves them (each field checked; the change is audited); answers what is stored now. */
  saveReviewSettings(settings: ReviewSettings): Promise<ReviewSettings>;
  /** Writes the case file (summary, reports, raw answers, BODS, audit log, manifest) as a new
   * folder or ZIP in `request.directory` (default: the export folder). */
  exportCase(request: ExportRequest): Promise<CaseFileExported>;
  /** Subscribes to `engine://event`; returns the unsubscribe function. */
  onEvent(cb: (e: EngineEvent) => void): () => void;
}

export const PlatformContext = createContext<Platform | null>(null);

export function usePlatform(): Platform {
  const p = useContext(PlatformContext);
  if (!p) throw new Error("usePlatform outside PlatformContext");
  return p;
}

/** Whether we run inside the Tauri webview. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** What the window says when it runs outside its desktop app in a production build. */
export const NO_ENGINE_MESSAGE = "AML Desk must run inside its desktop app; no engine is connected.";

/** Whether the window runs on recorded engine answers (the dev server outside Tauri). */
export function onRecordedData(): boolean {
  return import.meta.env.DEV && !inTauri();
}

/**
 * The engine behind Tauri IPC. Outside Tauri a production build has no engine and rejects (the
 * window shows an error, never data); the dev server answers from the engine's recorded responses
 * (`recorded.ts`), which the build drops with this branch.
 */
export async function createPlatform(): Promise<Platform> {
  if (inTauri()) {
    const { createTauriPlatform } = await import("./tauri");
    return createTauriPlatform();
  }
  if (import.meta.env.DEV) {
    const { createRecordedPlatform } = await import("./recorded");
    return createRecordedPlatform();
  }
  throw new PlatformError({ code: "Offline", message: NO_ENGINE_MESSAGE });
}
