import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Normalizes what a person typed ("(217) 555-0142", "+52 55 1234 5678") to E.164. Numbers
 * without a country code are read in `defaultRegion` (US schools by default). The "max"
 * metadata is used so impossible numbers are refused, not just badly formatted ones.
 */
export function normalizePhone(input: string, defaultRegion: CountryCode = "US"): PhoneResult {
  const trimmed = input.trim();
  if (trimmed === "") return { ok: false, reason: "is empty" };
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion);
  if (!parsed?.isPossible()) return { ok: false, reason: "is not a phone number" };
  if (!parsed.isValid() && !isFictionalUsNumber(parsed.number))
    return { ok: false, reason: "is not a valid phone number" };
  return { ok: true, e164: parsed.number };
}

/**
 * NXX-555-0100…0199 is reserved in the North American plan for fiction: the demo district and
 * the tests use it so no real family is ever texted by accident.
 */
export function isFictionalUsNumber(e164: string): boolean {
  return /^\+1[2-9]\d{2}55501\d{2}$/.test(e164);
}
