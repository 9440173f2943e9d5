// The real engine behind Tauri IPC. Command names and argument keys live here and nowhere else:
// Tauri expects camelCase argument keys matching the Rust parameter names.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Platform } from "./index";
import { toPlatformError } from "./errors";
import { fromCoreGraph } from "./graph";
import type { GraphView as CoreGraphView } from "./generated/GraphView";
import type { EngineEvent, RawSection } from "./types";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toPlatformError(e);
  }
}

export const EVENT_CHANNEL = "engine://event";

export function createTauriPlatform(): Platform {
  return {
    appInfo: () => call("app_info"),
    validateIdentifier: (request) => call("validate_identifier", { request }),
    listCases: (query) => call("list_cases", { query }),
    getCase: (caseId) => call("get_case", { caseId }),
    search: (text) => call("search", { text }),
    startLookup: (request) => call("start_lookup", { request }),
    cancelSession: (sessionId) => call("cancel_session", { sessionId }),
    rerunSession: (sessionId) => call("rerun_session", { sessionId }),
    startBatch: (request) => call("start_batch", { request }),
    cancelBatch: (batchId) => call("cancel_batch", { batchId }),
    retryBatch: (batchId) => call("retry_batch", { batchId }),
    getBatch: (batchId) => call("get_batch", { batchId }),
    amlyzePush: (request) => call("amlyze_push", { request }),
    peerRequest: (request) => call("peer_request", { request }),
    setDecision: (request) => call("set_decision", { request }),
    addNote: (request) => call("add_note", { request }),
    getDocument: async (sha256) => {
      const raw = await call<ArrayBuffer | Uint8Array | number[]>("get_document", { sha256 });
      if (raw instanceof ArrayBuffer) return raw;
      if (raw instanceof Uint8Array) {
        return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
      }
      return new Uint8Array(raw).buffer;
    },
    getSettings: () => call("get_settings"),
    saveSettings: (settings) => call("save_settings", { settings }),
    getEnvironmentConfig: (environment) => call("get_environment_config", { environment }),
    setEnvironmentConfig: (request) => call("set_environment_config", { request }),
    setEnvironmentSecret: (request) => call("set_environment_secret", { request }),
    testConnection: (environment) => call("test_connection", { environment }),
    switchEnvironment: (environment) => call("switch_environment", { environment }),
    getRawSection: (request) => call<RawSection>("get_raw_section", { request }),
    getOwnership: async (caseId) => fromCoreGraph(await call<CoreGraphView>("get_ownership", { caseId })),
    useMemorySecrets: () => call("use_memory_secrets"),
    saveGraphImage: (request) => call("save_graph_image", { request }),
    reviewHit: (request) => call("review_hit", { request }),
    confirmDecision: (request) => call("confirm_decision", { request }),
    defaultReviewer: () => call("default_reviewer"),
    getReviewSettings: () => call("get_review_settings"),
    saveReviewSettings: (settings) => call("save_review_settings", { settings }),
    exportCase: (request) => call("export_case", { request }),
    onEvent: (cb) => {
      let unlisten: UnlistenFn | null = null;
      let stopped = false;
      void listen<EngineEvent>(EVENT_CHANNEL, (e) => cb(e.payload)).then((u) => {
        if (stopped) u();
        else unlisten = u;
      });
      return () => {
        stopped = true;
        unlisten?.();
      };
    },
  };
}
