import { isNotNull, lt, or } from "drizzle-orm";
import { loginTokens, oidcAttempts, sessions } from "../../db/schema";
import type { SystemContext } from "../context";

/** A day of grace keeps a just-expired link's "this link has expired" message meaningful. */
const GRACE_MS = 24 * 60 * 60 * 1000;

/** Retention: expired sessions and used or expired sign-in tokens and provider sign-in attempts are deleted. */
export async function purgeExpiredAuth(
  ctx: SystemContext,
  now: Date,
): Promise<{ sessions: number; loginTokens: number; oidcAttempts: number }> {
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
  return { sessions: s.length, loginTokens: t.length, oidcAttempts: o.length };
}
