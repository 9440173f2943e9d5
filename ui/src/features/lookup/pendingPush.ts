// Cases whose officer asked for an Amlyze push once the lookup is done (the engine's lookup request
// has no such option; the window does it when the case is ready).
const pending = new Set<string>();
export const markPendingPush = (caseId: string) => pending.add(caseId);
export const takePendingPush = (caseId: string) => pending.delete(caseId);
export const hasPendingPush = (caseId: string) => pending.has(caseId);
