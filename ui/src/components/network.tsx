import { useId } from "react";
import { useAppInfo } from "../lib/queries";

/** Why an action that needs the network is disabled while offline. */
export const OFFLINE_REASON = "Needs the network: offline, showing cached data";

/**
 * For actions that need the network: `offline` (disable them), the props that tell why
 * (`title` and `aria-describedby`), and `note`, the short visible reason to render next to them.
 * Connectivity comes from `AppInfo.online`, kept current by the engine's `connectivity` events.
 */
export function useNetworkGate({ visible = true }: { visible?: boolean } = {}) {
  const info = useAppInfo();
  const id = useId();
  const offline = info.data ? !info.data.online : false;
  return {
    offline,
    reasonProps: offline ? { title: OFFLINE_REASON, "aria-describedby": id } : {},
    note: offline ? <span id={id} className={visible ? "offline-note muted small" : "sr-only"} data-testid="offline-reason">{OFFLINE_REASON}</span> : null,
  };
}
