import { and, eq } from "drizzle-orm";
import { visitEducators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { PROGRAM_MODELS } from "../../domain/program-models";
import { AppError, ConflictError } from "../../errors";
import type { Visit } from "../../schemas/visits";
import { requireVisitInScope } from "../queries";
import { visitView } from "./load-visit";
import { tellPair } from "./tell-pair";

/**
 * HVP's split of the work: the lead schedules, the partner confirms the time before the visit
 * (then the lead records and the partner validates). Only a partner on the visit confirms, only
 * a scheduled visit, only where the model asks for it; confirming twice keeps the first time.
 * The pair is told by email, so the lead knows the visit is on.
 */
export async function confirmVisit(ctx: ServiceContext, visitId: string): Promise<Visit> {
  const { visit, school } = await requireVisitInScope(ctx, visitId);
  const model = school.programModel;
  if (!PROGRAM_MODELS[model].partnerConfirmsSchedule) {
    throw new ConflictError(`${PROGRAM_MODELS[model].name} visits need no partner confirmation`, {
      visit: `rule ${model}.partnerConfirmsSchedule`,
    });
  }
  if (visit.status !== "scheduled") {
    throw new ConflictError(`Only a scheduled visit can be confirmed; this one is ${visit.status}`, {
      visit: `is ${visit.status}`,
    });
  }
  const { actor } = ctx;
  const { db, clock } = ctx.deps;
  const [partner] =
    actor.type === "educator"
      ? await db
          .select()
          .from(visitEducators)
          .where(
            and(
              eq(visitEducators.visitId, visitId),
              eq(visitEducators.educatorId, actor.educatorId),
              eq(visitEducators.role, "partner"),
            ),
          )
      : [];
  if (!partner) throw new AppError("forbidden", "Only the visit's partner confirms the scheduled time");
  if (!partner.confirmedAt) {
    await db
      .update(visitEducators)
      .set({ confirmedAt: clock.now() })
      .where(and(eq(visitEducators.visitId, visitId), eq(visitEducators.educatorId, partner.educatorId)));
    if (actor.type === "educator") await tellPair(ctx, visitId, `${actor.name} confirmed the scheduled time`, null);
  }
  return visitView(db, visitId, actor);
}
