import { constantTimeEqual, hmacSha256 } from "./tokens";

/**
 * Unguessable, stateless tokens that name one row for one purpose: `reply+<token>@…` finds an
 * email thread, `/u/<token>` unsubscribes a contact. The token is the id plus an HMAC of
 * (purpose, id) under SESSION_SECRET, all lower-case hex and letters so mail servers that
 * lower-case local parts cannot break it.
 */
export type SignedPurpose = "thread" | "unsubscribe";

export async function signId(secret: string, purpose: SignedPurpose, id: string): Promise<string> {
  return `${id.toLowerCase()}-${await mac(secret, purpose, id.toLowerCase())}`;
}

/** The id the token names (as stored: prefix lower-case, body upper-case), or null if forged. */
export async function verifySignedId(secret: string, purpose: SignedPurpose, token: string): Promise<string | null> {
  const match = /^([a-z]{3}_[0-9a-z]{26})-([0-9a-f]{24})$/.exec(token.trim().toLowerCase());
  if (!match) return null;
  const [, id, signature] = match as unknown as [string, string, string];
  if (!constantTimeEqual(signature, await mac(secret, purpose, id))) return null;
  return `${id.slice(0, 4)}${id.slice(4).toUpperCase()}`;
}

async function mac(secret: string, purpose: SignedPurpose, id: string): Promise<string> {
  const digest = await hmacSha256(secret, `${purpose}:${id}`);
  return [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
