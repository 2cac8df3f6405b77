import type { RateRule } from "../../auth/rate-limiter";
import type { SystemContext } from "../../context";
import { AppError } from "../../errors";

/**
 * Wrong family link codes (/f/…, /e/…) a client may try per window. A family taps a link from
 * a text and almost never misses; someone walking the 60-bit space misses every time. Counted
 * per client address, so a phone on a carrier's shared address is blocked only if others
 * sharing it guess too.
 */
export const LINK_GUESS_RULE: RateRule = { limit: 20, windowMs: 10 * 60_000 };

const key = (client: string) => `link-miss:${client}`;

/** Refuses (429) a client that has used up its wrong guesses, before the code is looked up. */
export async function refuseIfGuessing(ctx: SystemContext, client: string): Promise<void> {
  const verdict = await ctx.deps.limiter.peek(key(client), LINK_GUESS_RULE, ctx.deps.clock.now());
  if (verdict.count >= LINK_GUESS_RULE.limit) {
    throw new AppError("rate_limited", "Too many wrong links from this address; try again later", {
      subcode: "too_many_guesses",
      extra: { retryAfterSeconds: verdict.retryAfterSeconds },
    });
  }
}

/** Counts one wrong code for this client. */
export async function countWrongGuess(ctx: SystemContext, client: string): Promise<void> {
  await ctx.deps.limiter.hit(key(client), LINK_GUESS_RULE, ctx.deps.clock.now());
}
