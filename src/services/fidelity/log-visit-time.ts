import { and, eq } from "drizzle-orm";
import { auditLog, visitEducators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { AppError } from "../../errors";
import type { VisitTimeLog } from "../../schemas/fidelity";
import { auditRow } from "../audit";
import { requireVisitInScope, visitPair } from "../queries";

/**
 * An educator of the pair logs the minutes they spent arranging, conducting and debriefing a
 * completed visit, for stipends (PTHV: compensated for visits outside the school day; HVP:
 * "educators must be compensated for their time"). Each educator logs their own; a
 * coordinator or district admin may log for `educatorId` (paper timesheets).
 */
export async function logVisitTime(
  ctx: ServiceContext,
  visitId: string,
  input: VisitTimeLog & { educatorId?: string },
) {
  const { visit } = await requireVisitInScope(ctx, visitId);
  const { actor } = ctx;
  if (visit.status !== "completed") throw new AppError("conflict", "Log time once the visit is recorded");
  const self = actor.type === "educator" ? actor.educatorId : null;
  const educatorId = input.educatorId ?? self;
  if (!educatorId)
    throw new AppError("invalid_request", "Name the educator", { fields: { educatorId: "is required" } });
  if (educatorId !== self && actor.role === "educator")
    throw new AppError("forbidden", "Educators log only their own time");
  const seat = (await visitPair(ctx.deps.db, visitId)).find((s) => s.educatorId === educatorId);
  if (!seat)
    throw new AppError("invalid_request", "Not on this visit", {
      fields: { educatorId: "is not of this visit's pair" },
    });
  const now = ctx.deps.clock.now();
  const total = input.arrangingMinutes + input.conductingMinutes + input.debriefingMinutes;
  await ctx.deps.db.batch([
    ctx.deps.db
      .update(visitEducators)
      .set({
        arrangingMinutes: input.arrangingMinutes,
        conductingMinutes: input.conductingMinutes,
        debriefingMinutes: input.debriefingMinutes,
        minutesSpent: total,
      })
      .where(and(eq(visitEducators.visitId, visitId), eq(visitEducators.educatorId, educatorId))),
    ctx.deps.db.insert(auditLog).values(
      auditRow(actor, now, {
        action: "visit.log_time",
        subjectType: "visit",
        subjectId: visitId,
        detail: { educatorId, minutes: total },
      }),
    ),
  ]);
  return { visitId, educatorId, ...input, totalMinutes: total };
}
