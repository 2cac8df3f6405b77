import { GRADES } from "../enums";
import { isLanguageTag } from "../languages";
import { normalizePhone } from "../phone";

/**
 * Field readers shared by both roster formats; each returns a value or an error message that
 * starts with the column's name as the file spells it (`field`), so a coordinator can find it.
 */
export function grade(raw: string, field = "grade"): { value: string } | { error: string } {
  const g = raw
    .trim()
    .toUpperCase()
    .replace(/^0(\d)$/, "$1");
  const mapped = g === "KG" ? "K" : g === "TK" ? "PK" : g;
  if (!g) return { error: `${field} is required (PK, K or 1–12)` };
  return (GRADES as readonly string[]).includes(mapped)
    ? { value: mapped }
    : { error: `${field} "${raw}" is not PK, K or 1–12` };
}

export function phone(raw: string | undefined, field = "phone"): { value: string | null } | { error: string } {
  if (!raw?.trim()) return { value: null };
  const result = normalizePhone(raw);
  return result.ok ? { value: result.e164 } : { error: `${field} "${raw}" ${result.reason}` };
}

export function email(raw: string | undefined, field = "email"): { value: string | null } | { error: string } {
  const value = raw?.trim().toLowerCase();
  if (!value) return { value: null };
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? { value } : { error: `${field} "${raw}" is not a valid address` };
}

export function language(
  raw: string | undefined,
  fallback: string | null,
  field = "language",
): { value: string | null } | { error: string } {
  const value = raw?.trim();
  if (!value) return { value: fallback };
  const tag = value === "zh" || value.toLowerCase() === "zh-hans" ? "zh-Hans" : value.toLowerCase();
  return isLanguageTag(tag) ? { value: tag } : { error: `${field} "${raw}" is not a language Doorstep writes in` };
}

export function channel(
  raw: string | undefined,
  fallback: "sms" | "email" | null,
  field = "channel",
): { value: "sms" | "email" | null } | { error: string } {
  const value = raw?.trim().toLowerCase();
  if (!value) return { value: fallback };
  return value === "sms" || value === "email" ? { value } : { error: `${field} "${raw}" must be sms or email` };
}
