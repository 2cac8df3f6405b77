import { hmacSha256, normalizeLinkCode, sha256 } from "../../auth/tokens";
import type { Deps } from "../../context";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A family's survey link code (/s/<code>): 12 Crockford characters (60 bits), derived from the
 * session secret and the recipient, so the invitation and the reminder carry the same link
 * while the database holds only its SHA-256 (a leaked backup opens no survey). Rotating
 * SESSION_SECRET ends the links of open surveys: families can still answer by text.
 */
export async function surveyLinkCode(deps: Deps, recipientId: string): Promise<string> {
  const bytes = await hmacSha256(deps.config.sessionSecret, `survey-link:${recipientId}`);
  return [...bytes.slice(0, 12)].map((b) => CROCKFORD[b & 31]).join("");
}

/** The stored form of a code as typed or tapped (null when it cannot be one). */
export async function surveyLinkHash(code: string): Promise<string | null> {
  const normalized = normalizeLinkCode(code);
  return normalized ? sha256(`survey:${normalized}`) : null;
}
