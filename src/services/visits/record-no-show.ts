import { and, eq } from "drizzle-orm";
import { auditLog, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ConflictError } from "../../errors";
import type { Visit } from "../../schemas/visits";
import { auditRow } from "../audit";
import { requireVisitInScope } from "../queries";
import { visitView } from "./load-visit";

/**
 * The pair went and nobody was home: the visit is recorded as `no_show`. Only a scheduled visit
 * whose time has passed; the family gets no message (a missed visit is a reason to call, not
 * to text), and the round is free again — the pair can invite once more.
 */
export async function recordNoShow(ctx: ServiceContext, visitId: string): Promise<Visit> {
  const { visit } = await requireVisitInScope(ctx, visitId);
  const { db, clock } = ctx.deps;
  const now = clock.now();
  if (visit.status !== "scheduled" || !visit.startsAt || visit.startsAt > now) {
    throw new ConflictError("Only a scheduled visit whose time has passed can be recorded as a no-show", {
      visit: visit.status === "scheduled" ? "has not happened yet" : `is ${visit.status}`,
    });
  }
  await db.batch([
    db
      .update(visits)
      .set({ status: "no_show", statusReason: "nobody was home at the agreed time", updatedAt: now })
      .where(and(eq(visits.id, visitId), eq(visits.status, "scheduled"))),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "visit.no_show", subjectType: "visit", subjectId: visitId })),
  ]);
  return visitView(db, visitId, ctx.actor);
}
