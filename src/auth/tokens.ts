import { createHash } from "node:crypto";

/** Random tokens and their hashes. Only hashes are stored; the token lives in a link or cookie. */
export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return base64url(buf);
}

export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return base64url(new Uint8Array(digest));
}

/** HMAC-SHA-256 of `value` under `secret`, as bytes. */
export async function hmacSha256(secret: string, value: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(value)));
}

/** Compares secrets without leaking, through timing, how many leading characters matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A code as a family typed or tapped it → the stored form, or null when it cannot be one.
 * Read case-insensitively, as people retype codes from a text.
 */
export function normalizeLinkCode(code: string): string | null {
  const normalized = code.trim().toUpperCase();
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(normalized) ? normalized : null;
}

/**
 * What is stored for a family link code: its SHA-256, like every other token. The code lives
 * only in the family's text or email, so a copy of the database cannot answer for a family.
 * 60 random bits make a precomputed table pointless; wrong guesses are throttled per client.
 */
export function hashLinkCode(normalizedCode: string): Promise<string> {
  return sha256(`link:${normalizedCode}`);
}

/**
 * `hashLinkCode` for many codes at once, synchronously (node:crypto; the Worker has it through
 * nodejs_compat): a school-wide invitation hashes 10,000 codes, and 10,000 awaited WebCrypto
 * digests cost ~20 µs of CPU each (thread-pool hand-offs), a synchronous one ~1 µs. Same output.
 */
export function hashLinkCodesNow(normalizedCodes: readonly string[]): string[] {
  return normalizedCodes.map((code) => createHash("sha256").update(`link:${code}`).digest("base64url"));
}

/** Stored link codes from before hashing are the 12-character codes themselves. */
export const LEGACY_LINK_CODE_LENGTH = 12;

/** A short random code in Crockford base32 (5 bits a character; 12 characters = 60 bits). */
export function randomCode(length = 12): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => CROCKFORD[b & 31]).join("");
}
