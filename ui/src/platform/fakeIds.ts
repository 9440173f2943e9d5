// A TypeScript port of crates/core/src/id.rs for the fake engine, with the same messages the CLI
// prints, so that the dev window and the tests show the officer's real wording.
import type { Country, ValidateRequest, ValidateResponse } from "./types";

type R = { ok: true; value: string } | { ok: false; field: string; message: string };
const err = (field: string, message: string): R => ({ ok: false, field, message });

function digitsOnly(field: string, input: string): R {
  let out = "";
  for (const c of input.trim()) {
    if (c >= "0" && c <= "9") out += c;
    else if (c === " " || c === "-" || c === "." || c === "\u00a0" || c === "\u202f") continue;
    else return err(field, `${field} may only contain digits; found "${c}"`);
  }
  if (!out) return err(field, `${field} is empty`);
  return { ok: true, value: out };
}

const vals = (s: string) => [...s].map(Number);

function mod11(d: number[], w: number[]): number | null {
  const sum = d.reduce((a, x, i) => a + x * (w[i] ?? 0), 0);
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k === 10 ? null : k;
}

function luhn(d: number[]): boolean {
  let sum = 0;
  [...d].reverse().forEach((x, i) => {
    if (i % 2 === 1) {
      const y = x * 2;
      sum += y > 9 ? y - 9 : y;
    } else sum += x;
  });
  return sum % 10 === 0;
}

export const formatNoOrgnr = (d: string) =>
  /^\d{9}$/.test(d) ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : d;

export function parseNoOrgnr(input: string): R {
  const F = "Norwegian organization number";
  const r = digitsOnly(F, input);
  if (!r.ok) return r;
  const d = r.value;
  if (d.length !== 9) return err(F, `${F} needs 9 digits; "${input.trim()}" has ${d.length}`);
  const v = vals(d);
  if (mod11(v.slice(0, 8), [3, 2, 7, 6, 5, 4, 3, 2]) === v[8]) return { ok: true, value: d };
  return err(F, `${F} ${formatNoOrgnr(d)} is not valid: its check digit does not match. Check the number against the register.`);
}

function parseSe(input: string): R {
  const F = "Swedish organization number";
  const r = digitsOnly(F, input);
  if (!r.ok) return r;
  const d = r.value;
  if (d.length !== 10) return err(F, `${F} needs 10 digits (NNNNNN-NNNN); "${input.trim()}" has ${d.length}`);
  if (!luhn(vals(d))) return err(F, `${F} ${d.slice(0, 6)}-${d.slice(6)} is not valid: its check digit does not match. Check the number against the register.`);
  return { ok: true, value: `${d.slice(0, 6)}-${d.slice(6)}` };
}

function parseFi(input: string): R {
  const F = "Y-tunnus";
  const t = input.trim();
  let body: string;
  let check: string;
  const dash = t.indexOf("-");
  if (dash >= 0) {
    body = t.slice(0, dash).trim();
    check = t.slice(dash + 1).trim();
  } else {
    const r = digitsOnly(F, t);
    if (!r.ok) return r;
    if (r.value.length < 7) return err(F, `Y-tunnus needs 7 digits and a check digit (NNNNNNN-C); "${t}" has ${r.value.length}`);
    body = r.value.slice(0, -1);
    check = r.value.slice(-1);
  }
  if (!/^\d{6,7}$/.test(body) || !/^\d$/.test(check)) return err(F, `Y-tunnus needs 7 digits and a check digit (NNNNNNN-C); got "${t}"`);
  body = body.padStart(7, "0");
  const sum = vals(body).reduce((a, x, i) => a + x * [7, 9, 10, 5, 8, 4, 2][i]!, 0);
  const r = sum % 11;
  const expected = r === 0 ? 0 : r === 1 ? null : 11 - r;
  if (expected !== null && expected === Number(check)) return { ok: true, value: `${body}-${check}` };
  return err(F, `Y-tunnus ${body}-${check} is not valid: its check digit does not match. Check the number against the register.`);
}

function parseDuns(input: string): R {
  const F = "DUNS number";
  const r = digitsOnly(F, input);
  if (!r.ok) return r;
  if (r.value.length !== 9) return err(F, `DUNS number needs 9 digits; "${input.trim()}" has ${r.value.length}`);
  return r;
}

function parseDk(input: string): R {
  const F = "Danish CVR number";
  const r = digitsOnly(F, input);
  if (!r.ok) return r;
  if (r.value.length !== 8) return err(F, `Danish CVR number needs 8 digits; "${input.trim()}" has ${r.value.length}`);
  return r;
}

function parseNoPerson(input: string): R {
  const F = "Norwegian national identity number";
  const r = digitsOnly(F, input);
  if (!r.ok) return r;
  const d = r.value;
  if (d.length !== 11) return err(F, `${F} needs 11 digits; it has ${d.length}`);
  const v = vals(d);
  const k1 = mod11(v.slice(0, 9), [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const k2 = mod11(v.slice(0, 10), [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  if (k1 !== v[9] || k2 !== v[10]) return err(F, `${F} is not valid: its check digits do not match`);
  return { ok: true, value: d };
}

export function parseUaPhone(input: string): R {
  const t = input.trim();
  const digits = t.replace(/[\s\-().]/g, "");
  let national: string | null = null;
  if (/^\+380\d+$/.test(digits)) national = digits.slice(4);
  else if (/^380\d+$/.test(digits)) national = digits.slice(3);
  else if (/^0\d+$/.test(digits)) national = digits.slice(1);
  if (national === null) return err("phone number", `phone number "${t}" must be Ukrainian: +380 and 9 digits (or 380…, 0…)`);
  if (national.length !== 9) return err("phone number", `phone number "${t}" needs 9 digits after +380; it has ${national.length}`);
  return { ok: true, value: `+380${national}` };
}

export function validate(req: ValidateRequest): ValidateResponse {
  if (req.kind === "phone") {
    const r = parseUaPhone(req.identifier);
    return r.ok ? { ok: true, normalized: r.value, display: r.value } : { ok: false, error: { field: r.field, message: r.message } };
  }
  if (req.subjectType === "person") {
    const r = parseNoPerson(req.identifier);
    return r.ok
      ? { ok: true, normalized: r.value, display: `${r.value.slice(0, 6)} ${r.value.slice(6)}` }
      : { ok: false, error: { field: r.field, message: r.message } };
  }
  return validateOrg(req.country, req.identifier);
}

export function validateOrg(country: Country, input: string): ValidateResponse {
  const digits = input.replace(/\D/g, "");
  const national = country === "NO" ? parseNoOrgnr(input) : country === "SE" ? parseSe(input) : country === "FI" ? parseFi(input) : parseDk(input);
  if (national.ok) {
    const display = country === "NO" ? formatNoOrgnr(national.value) : national.value;
    const warning =
      country === "SE" && Number(national.value.slice(2, 4)) < 20
        ? `${national.value.replace("-", "")} looks like a personal identity number (digits 3–4 are below 20), not a legal person's organization number`
        : undefined;
    return { ok: true, normalized: national.value, display, kind: "nationalNumber", warning };
  }
  if (digits.length === 9 && country !== "NO" && !input.includes("-")) {
    const d = parseDuns(input);
    if (d.ok) return { ok: true, normalized: d.value, display: d.value, kind: "duns" };
  }
  return { ok: false, error: { field: national.field, message: national.message } };
}
