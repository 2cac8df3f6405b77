import { and, eq, gt } from "drizzle-orm";
import { educators, schools, sessions } from "../../../db/schema";
import { sha256 } from "../../auth/tokens";
import type { Actor, SystemContext } from "../../context";

/** Cookie value → the signed-in educator, or null when unknown, expired or deactivated. */
export async function resolveSession(
  ctx: SystemContext,
  token: string,
): Promise<{ sessionId: string; actor: Actor } | null> {
  const sessionId = await sha256(token);
  const [row] = await ctx.deps.db
    .select({
      educatorId: educators.id,
      name: educators.name,
      role: educators.role,
      schoolId: educators.schoolId,
      districtId: schools.districtId,
      timeZone: schools.timezone,
    })
    .from(sessions)
    .innerJoin(educators, eq(educators.id, sessions.educatorId))
    .innerJoin(schools, eq(schools.id, educators.schoolId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, ctx.deps.clock.now()), eq(educators.active, true)))
    .limit(1);
  if (!row) return null;
  return { sessionId, actor: { type: "educator", ...row } };
}
