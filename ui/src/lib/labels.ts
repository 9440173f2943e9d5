import type { CaseStatus, Decision, EntityState, SessionState } from "../platform";
import type { Tone } from "../components/ui";

export const CASE_STATUS: Record<CaseStatus, [string, Tone, string]> = {
  running: ["Running", "info", "⟳"],
  review: ["To review", "neutral", "●"],
  attention: ["Needs attention", "bad", "!"],
  closed: ["Closed", "ok", "✓"],
};

export const DECISION: Record<Decision, [string, Tone, string]> = {
  approve: ["Approved", "ok", "✓"],
  reject: ["Rejected", "bad", "✕"],
  escalate: ["Escalated", "warn", "↑"],
};

export function riskTone(r: string | null): Tone {
  switch ((r ?? "").toUpperCase()) {
    case "HIGH": case "EXTREME": return "bad";
    case "MEDIUM": return "warn";
    case "LOW": case "NONE": return "ok";
    default: return "neutral";
  }
}
export const riskWords = (r: string | null) => (r ? r.charAt(0) + r.slice(1).toLowerCase() : "Not assessed");

export const SESSION_STATE: Record<SessionState, [string, Tone]> = {
  planned: ["planned", "neutral"], created: ["created", "info"], polling: ["in progress", "info"],
  ready: ["ready", "info"], downloaded: ["downloaded", "info"], done: ["done", "ok"],
  failed: ["failed", "bad"], expired: ["expired", "bad"], cancelled: ["cancelled", "neutral"],
};

export const ENTITY_STATE: Record<EntityState, [string, Tone]> = {
  notStarted: ["not started", "neutral"], inProgress: ["in progress", "info"], ready: ["ready to download", "info"],
  downloaded: ["downloaded", "ok"], failed: ["failed", "bad"], expired: ["expired upstream", "bad"],
};

export const RULE_WORDS: Record<string, string> = {
  chain: "AML act chain rule (> 25 % at every step)",
  register: "Register control rule",
  integrated: "Integrated ownership (> 25 % multiplied)",
  amlr: "EU AMLR (25 % or more multiplied, from 10 July 2027)",
  role: "Role in a foundation that owns or controls the company",
  smo: "Senior managing official (no natural person qualifies)",
};
export const RULE_SHORT: Record<string, string> = { chain: "Chain", register: "Register", integrated: "Integrated", amlr: "AMLR", role: "Foundation role", smo: "Senior managing official" };
