import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { auditLog, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import { prepareOutbound } from "../../messaging/enqueue";
import type { Visit } from "../../schemas/visits";
import { auditRow } from "../audit";
import { requireVisitInScope } from "../queries";
import { visitView } from "./load-visit";

/**
 * The pair calls a visit off: the family hears it in their language ("we are sorry… we will
 * be in touch"), never with an opt-out word, and any reminder not yet sent is dropped by the
 * job (it only reminds scheduled visits).
 */
export async function cancelVisit(ctx: ServiceContext, visitId: string, reason?: string): Promise<Visit> {
  const { visit } = await requireVisitInScope(ctx, visitId);
  const { db, clock } = ctx.deps;
  if (visit.status !== "invited" && visit.status !== "scheduled")
    throw new AppError("conflict", `A ${visit.status} visit cannot be called off`);
  const now = clock.now();
  const changed = await db
    .update(visits)
    .set({ status: "cancelled", statusReason: reason ?? "called off by the educators", updatedAt: now })
    .where(and(eq(visits.id, visitId), inArray(visits.status, ["invited", "scheduled"])))
    .returning({ id: visits.id });
  if (changed.length === 0) throw new AppError("conflict", "The visit changed meanwhile; reload and try again");
  const statements: BatchItem<"sqlite">[] = [
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "visit.cancel", subjectType: "visit", subjectId: visitId })),
  ];
  if (visit.status === "scheduled" && visit.startsAt) {
    const { statements: notice } = await prepareOutbound(ctx.deps, {
      familyId: visit.familyId,
      educatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
      templateKey: "visit_cancelled",
      params: { time: visit.startsAt.toISOString() },
      visitId,
      idempotencyKey: `visit:${visitId}:cancelled`,
    });
    statements.push(...notice);
  }
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return visitView(db, visitId, ctx.actor);
}
