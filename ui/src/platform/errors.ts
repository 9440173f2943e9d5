import type { ErrorCode } from "./generated/ErrorCode";
import type { ErrorDto } from "./generated/ErrorDto";

/** An engine error as the UI handles it: a closed code, a sentence for the officer, details. */
export class PlatformError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly detail?: string;

  constructor(dto: ErrorDto) {
    super(dto.message);
    this.name = "PlatformError";
    this.code = dto.code;
    this.field = dto.field;
    this.detail = dto.detail;
  }

  toDto(): ErrorDto {
    return { code: this.code, message: this.message, field: this.field, detail: this.detail };
  }
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "Validation", "Unauthenticated", "Forbidden", "NotFound", "Expired", "RateLimited", "Upstream",
  "Offline", "Timeout", "KeychainUnavailable", "Conflict", "Cancelled", "Storage", "Internal",
]);

function isErrorDto(v: unknown): v is ErrorDto {
  return (
    typeof v === "object" && v !== null &&
    typeof (v as ErrorDto).message === "string" &&
    CODES.has((v as ErrorDto).code)
  );
}

/** Turns whatever an invoke rejected with into a PlatformError; never loses the text. */
export function toPlatformError(e: unknown): PlatformError {
  if (e instanceof PlatformError) return e;
  if (isErrorDto(e)) return new PlatformError(e);
  if (typeof e === "string") {
    try {
      const parsed: unknown = JSON.parse(e);
      if (isErrorDto(parsed)) return new PlatformError(parsed);
    } catch {
      /* a plain string */
    }
    return new PlatformError({
      code: "Internal",
      message: "The application could not complete the request.",
      detail: e,
    });
  }
  return new PlatformError({
    code: "Internal",
    message: "The application could not complete the request.",
    detail: e instanceof Error ? e.message : JSON.stringify(e),
  });
}

/** What the officer can do about an error, by code (the message says what and why). */
export function adviceFor(code: ErrorCode): string {
  switch (code) {
    case "Validation": return "Correct the highlighted field and try again.";
    case "Unauthenticated": return "Check the credentials for this environment in Settings.";
    case "Forbidden": return "Your client lacks access to this data; ask the provider to grant it.";
    case "NotFound": return "Check the identifier; the service has no record of it.";
    case "Expired": return "The result is no longer downloadable upstream; run the lookup again.";
    case "RateLimited": return "The service asked us to slow down; retrying in a minute helps.";
    case "Upstream": return "The service had a problem; retrying later usually helps.";
    case "Offline": return "The service cannot be reached. Cached cases stay readable; retry when online.";
    case "Timeout": return "The service did not answer in time; retrying later usually helps.";
    case "KeychainUnavailable": return "The OS keyring is locked or missing; secrets are kept for this run only.";
    case "Conflict": return "Someone or something changed this in the meantime; reload and try again.";
    case "Cancelled": return "The work was cancelled; run it again if you still need it.";
    case "Storage": return "The local case store could not be written; check disk space and permissions.";
    case "Internal": return "This is a fault in AML Desk; the details help support find it.";
  }
}
