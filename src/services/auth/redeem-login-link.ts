import { and, eq, gt, isNull } from "drizzle-orm";
import { loginTokens } from "../../../db/schema";
import { sha256 } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import { startSession } from "./start-session";

/**
 * Trades a magic-link token for a session. The UPDATE … WHERE used_at IS NULL … RETURNING is
 * the single-use guarantee: of two simultaneous redemptions only one gets a row back.
 */
export async function redeemLoginLink(
  ctx: SystemContext,
  token: string,
): Promise<{ token: string; expiresAt: Date } | null> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [used] = await db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(and(eq(loginTokens.id, await sha256(token)), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))
    .returning({ educatorId: loginTokens.educatorId });
  if (!used) return null;
  return startSession(ctx, used.educatorId);
}
