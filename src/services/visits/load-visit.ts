import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { visitEducators, visitSlots, visits } from "../../../db/schema";
import type { Actor, ServiceContext } from "../../context";
import { mayReadEvaluation, mayReadHopesAndDreams } from "../../domain/visit-privacy";
import { NotFoundError } from "../../errors";
import type { Visit } from "../../schemas/visits";
import { visitPair } from "../queries";

/**
 * Row → the API's Visit (slots and the pair included). Hopes and dreams only when `viewer` is
 * one of the pair or a district admin (domain/visit-privacy.ts); otherwise the field is absent.
 */
export async function visitView(db: Db, visitId: string, viewer?: Actor): Promise<Visit> {
  const [visit] = await db.select().from(visits).where(eq(visits.id, visitId));
  if (!visit) throw new NotFoundError("Visit not found");
  const [slots, pair] = await Promise.all([
    db.select().from(visitSlots).where(eq(visitSlots.visitId, visitId)).orderBy(asc(visitSlots.position)),
    visitPair(db, visitId).then((seats) =>
      seats.map((s) => ({
        id: s.educatorId,
        name: s.name,
        role: s.role,
        attestedAt: s.attestedAt,
        confirmedAt: s.confirmedAt,
      })),
    ),
  ]);
  return {
    id: visit.id,
    familyId: visit.familyId,
    status: visit.status,
    round: visit.round,
    schoolYear: visit.schoolYear,
    startsAt: visit.startsAt?.toISOString() ?? null,
    location: visit.location,
    interpreterLanguage: visit.interpreterLanguage,
    slots: slots.map((s) => ({
      id: s.id,
      position: s.position,
      startsAt: s.startsAt.toISOString(),
      chosen: s.chosenAt !== null,
    })),
    educators: pair.map((p) => ({
      ...p,
      attestedAt: p.attestedAt?.toISOString() ?? null,
      confirmedAt: p.confirmedAt?.toISOString() ?? null,
    })),
    completedAt: visit.completedAt?.toISOString() ?? null,
    communicationPlan:
      visit.planChannel && visit.planCadenceDays
        ? { channel: visit.planChannel, cadenceDays: visit.planCadenceDays }
        : null,
    resourceRequests: visit.resourceRequests,
    evaluation:
      !viewer ||
      mayReadEvaluation(
        viewer,
        pair.map((p) => p.id),
      )
        ? visit.evaluation
        : null,
    ...(viewer &&
      mayReadHopesAndDreams(
        viewer,
        pair.map((p) => p.id),
      ) && { hopesAndDreams: visit.privateNotes }),
  };
}

/** The signed-in educator's own notes on a visit ("" when none yet, or not one of the pair). */
export async function ownVisitNotes(ctx: ServiceContext, visitId: string): Promise<string> {
  if (ctx.actor.type !== "educator") return "";
  const [row] = await ctx.deps.db
    .select({ notes: visitEducators.notes })
    .from(visitEducators)
    .where(and(eq(visitEducators.visitId, visitId), eq(visitEducators.educatorId, ctx.actor.educatorId)));
  return row?.notes ?? "";
}
