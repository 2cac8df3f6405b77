import { isNotNull, lt, or } from "drizzle-orm";
import { loginTokens, oidcAttempts, sessions } from "../../db/schema";
import type { SystemContext } from "../context";

/** A day of grace keeps a just-expired link's "this link has expired" message meaningful. */
const GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: expired sessions, used or expired sign-in tokens and provider sign-in attempts, and
 * ended rate-limit windows are deleted.
 */
export async function purgeExpiredAuth(
  ctx: SystemContext,
  now: Date,
): Promise<{ sessions: number; loginTokens: number; oidcAttempts: number; rateLimits: number }> {
  const cutoff = new Date(now.getTime() - GRACE_MS);
  const { db } = ctx.deps;
  const [s, t, o] = await db.batch([
    db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id }),
    db
      .delete(loginTokens)
      .where(or(lt(loginTokens.expiresAt, cutoff), isNotNull(loginTokens.usedAt)))
      .returning({ id: loginTokens.id }),
    db
      .delete(oidcAttempts)
      .where(or(lt(oidcAttempts.expiresAt, cutoff), isNotNull(oidcAttempts.usedAt)))
      .returning({ id: oidcAttempts.id }),
  ]);
  const rateLimits = await ctx.deps.limiter.purge(now);
  return { sessions: s.length, loginTokens: t.length, oidcAttempts: o.length, rateLimits };
}
