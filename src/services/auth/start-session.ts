import { sessions } from "../../../db/schema";
import { randomToken, sha256 } from "../../auth/tokens";
import type { SystemContext } from "../../context";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Opens a session for an educator and returns the cookie value. Only its hash is stored, so a
 * leaked database copy cannot be turned into a signed-in browser.
 */
export async function startSession(
  ctx: SystemContext,
  educatorId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const now = ctx.deps.clock.now();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await ctx.deps.db
    .insert(sessions)
    .values({ id: await sha256(token), educatorId, expiresAt, createdAt: now, lastSeenAt: now });
  return { token, expiresAt };
}
