// Display rules (UI.md): one number locale throughout (digits grouped by spaces, `.` as the
// decimal sign), percentages with up to two decimals, date-times ISO in local time with the offset
// (`2026-11-22 14:05 +01:00`), the UTC time on hover and in exports.

/** The one number locale: en-GB digits and decimal point, its `,` grouping shown as a space. */
export const NUMBER_LOCALE = "en-GB";
const num = (n: number, maximumFractionDigits: number) =>
  n.toLocaleString(NUMBER_LOCALE, { maximumFractionDigits }).replace(/,/g, " ").replace("\u2212", "-");

/** `5976872600` → `5 976 872 600` (regular spaces, so copy/paste and tests stay simple). */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return num(n, 0);
}

export function formatMoney(n: number | null | undefined, currency = "NOK"): string {
  return n === null || n === undefined ? "–" : `${formatNumber(n)} ${currency}`;
}

/** Compact money for chart labels: `1 080 bn`, `94.5 bn`, `322 m`. */
export function formatCompact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${num(n / 1e9, a >= 1e11 ? 0 : 1)} bn`;
  if (a >= 1e6) return `${Math.round(n / 1e6)} m`;
  return formatNumber(n);
}

/** `37.709999999999994` → `37.71 %`. */
export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return `${num(n, 2)} %`;
}

const pad = (n: number) => String(n).padStart(2, "0");
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `-60` (minutes east of UTC, as `Date#getTimezoneOffset` negated) → `+01:00`. */
export function formatOffset(minutesEast: number): string {
  const a = Math.abs(minutesEast);
  return `${minutesEast < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/**
 * RFC 3339 → `2026-11-22 14:05 +01:00`: the local time with its offset from UTC. Dates without
 * time stay `2026-11-22`. `offsetMinutes` (east of UTC) shows the time at that offset instead of
 * the computer's zone.
 */
export function formatDateTime(s: string | null | undefined, offsetMinutes?: number): string {
  if (!s) return "–";
  if (DATE_ONLY.test(s)) return s;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const off = offsetMinutes ?? -d.getTimezoneOffset();
  const t = new Date(d.getTime() + off * 60_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} ${formatOffset(off)}`;
}

/** RFC 3339 → `2026-11-22 13:05 UTC`: for hover titles and exports. */
export function formatUtc(s: string | null | undefined): string {
  if (!s) return "–";
  if (DATE_ONLY.test(s)) return s;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return `${formatDateTime(s, 0).slice(0, 16)} UTC`;
}

export function formatDate(s: string | null | undefined): string {
  if (!s) return "–";
  return formatDateTime(s).slice(0, 10);
}

/** "3 days ago", "5 min ago", "just now". */
export function formatAgo(s: string | null | undefined, now = Date.now()): string {
  if (!s) return "never";
  const t = Date.parse(s);
  if (Number.isNaN(t)) return s;
  const sec = Math.round((now - t) / 1000);
  if (sec < 45) return "just now";
  const min = Math.round(sec / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d === 1) return "yesterday";
  if (d < 60) return `${d} days ago`;
  return formatDate(s);
}

/** `4213` → `4.2 s`; `183000` → `3 min 3 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `120832` → `118 KB`. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "–";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `ab12cd…` (first 4 bytes). */
export const shortHash = (h: string | null | undefined, len = 8) => (h ? `${h.slice(0, len)}…` : "–");

export const COUNTRY_NAMES: Record<string, string> = { NO: "Norway", SE: "Sweden", FI: "Finland", DK: "Denmark" };
export const countryName = (c: string | null | undefined) => (c ? COUNTRY_NAMES[c] ?? c : "–");

export const ENV_LABEL = { sandbox: "Sandbox", test: "Test", production: "Production" } as const;
export const PROVIDER_LABEL = {
  organization: "BankID AML Organization API",
  beneficial: "BankID Beneficial owners API",
  amlyze: "Amlyze",
  peer: "Peer data exchange",
} as const;
