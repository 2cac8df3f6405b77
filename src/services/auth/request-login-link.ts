import type { RateRule } from "../../auth/rate-limiter";
import { sha256 } from "../../auth/tokens";
import type { SystemContext } from "../../context";

/** Five links an address per 15 minutes: enough for a lost email, too few to flood an inbox. */
export const LOGIN_ADDRESS_RULE: RateRule = { limit: 5, windowMs: 15 * 60_000 };
/** Per client address: a school's staff often share one public address (NAT), so it is generous. */
export const LOGIN_CLIENT_RULE: RateRule = { limit: 60, windowMs: 15 * 60_000 };

export type LoginLinkRequest = { email: string; client: string };
export type LoginLinkOutcome = { status: "accepted" } | { status: "limited"; retryAfterSeconds: number };

/**
 * The part of "email me a sign-in link" that answers the request: the per-client and
 * per-address limits, counted the same whether or not anyone has the address. Whether it does
 * is decided after the response, by issueLoginLink, so neither the answer nor its timing can
 * tell who works at a school.
 */
export async function requestLoginLink(ctx: SystemContext, input: LoginLinkRequest): Promise<LoginLinkOutcome> {
  const { clock, limiter } = ctx.deps;
  const now = clock.now();
  // Both counted in one write: a sign-in request costs one commit, whoever it is for.
  const verdicts = await limiter.hitAll(
    [
      { key: `login-client:${input.client}`, rule: LOGIN_CLIENT_RULE },
      { key: `login-address:${await sha256(normalizeEmail(input.email))}`, rule: LOGIN_ADDRESS_RULE },
    ],
    now,
  );
  const refused = verdicts.find((v) => !v.allowed);
  if (refused) return { status: "limited", retryAfterSeconds: refused.retryAfterSeconds };
  return { status: "accepted" };
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}
