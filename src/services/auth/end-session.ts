import { eq } from "drizzle-orm";
import { sessions } from "../../../db/schema";
import type { SystemContext } from "../../context";

/** Sign-out: the session row goes, so the cookie is worthless even if it was copied. */
export async function endSession(ctx: SystemContext, sessionId: string): Promise<void> {
  await ctx.deps.db.delete(sessions).where(eq(sessions.id, sessionId));
}
