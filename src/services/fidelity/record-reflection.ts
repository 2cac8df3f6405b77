import { and, eq } from "drizzle-orm";
import { auditLog, visitEducators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { auditRow } from "../audit";
import { requireVisitInScope, visitPair } from "../queries";

/**
 * One educator of the pair records their own reflection after a completed visit (PTHV:
 * "educators go in pairs and reflect" — the lead's debrief form alone left the partner out).
 * Each educator writes only their own; recording again replaces it.
 */
export async function recordReflection(ctx: ServiceContext, visitId: string, reflection: string) {
  const { visit } = await requireVisitInScope(ctx, visitId);
  const { actor } = ctx;
  if (actor.type !== "educator") throw new AppError("forbidden", "Only an educator of the pair reflects");
  if (visit.status !== "completed") throw new AppError("conflict", "Reflect after the visit is recorded");
  const seat = (await visitPair(ctx.deps.db, visitId)).find((s) => s.educatorId === actor.educatorId);
  if (!seat) throw new AppError("forbidden", "Only an educator of the pair reflects on the visit");
  const now = ctx.deps.clock.now();
  await ctx.deps.db.batch([
    ctx.deps.db
      .update(visitEducators)
      .set({ reflection, reflectedAt: now })
      .where(and(eq(visitEducators.visitId, visitId), eq(visitEducators.educatorId, actor.educatorId))),
    ctx.deps.db
      .insert(auditLog)
      .values(auditRow(actor, now, { action: "visit.reflect", subjectType: "visit", subjectId: visitId })),
  ]);
  return { visitId, educatorId: actor.educatorId, reflectedAt: now.toISOString() };
}
