import { GRADES } from "../../../db/schema/enums";
import { isLanguageTag } from "../languages";
import { normalizePhone } from "../phone";

/** Field readers shared by both roster formats; each returns a value or an error message. */
export function grade(raw: string): { value: string } | { error: string } {
  const g = raw
    .trim()
    .toUpperCase()
    .replace(/^0(\d)$/, "$1");
  const mapped = g === "KG" ? "K" : g === "TK" ? "PK" : g;
  return (GRADES as readonly string[]).includes(mapped)
    ? { value: mapped }
    : { error: `grade "${raw}" is not PK, K or 1–12` };
}

export function phone(raw: string | undefined): { value: string | null } | { error: string } {
  if (!raw?.trim()) return { value: null };
  const result = normalizePhone(raw);
  return result.ok ? { value: result.e164 } : { error: `phone "${raw}" ${result.reason}` };
}

export function email(raw: string | undefined): { value: string | null } | { error: string } {
  const value = raw?.trim().toLowerCase();
  if (!value) return { value: null };
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? { value } : { error: `email "${raw}" is not a valid address` };
}

export function language(
  raw: string | undefined,
  fallback: string | null,
): { value: string | null } | { error: string } {
  const value = raw?.trim();
  if (!value) return { value: fallback };
  const tag = value === "zh" || value.toLowerCase() === "zh-hans" ? "zh-Hans" : value.toLowerCase();
  return isLanguageTag(tag) ? { value: tag } : { error: `language "${raw}" is not one Doorstep writes in` };
}

export function channel(
  raw: string | undefined,
  fallback: "sms" | "email" | null,
): { value: "sms" | "email" | null } | { error: string } {
  const value = raw?.trim().toLowerCase();
  if (!value) return { value: fallback };
  return value === "sms" || value === "email" ? { value } : { error: `channel "${raw}" must be sms or email` };
}
