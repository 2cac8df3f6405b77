import { and, eq, inArray } from "drizzle-orm";
import { auditLog, visitEducators, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { checkEvaluation, checkVisitLength, checkVisitPlan, PROGRAM_MODELS } from "../../domain/program-models";
import { AppError, ValidationError } from "../../errors";
import type { Visit, VisitComplete } from "../../schemas/visits";
import { auditRow } from "../audit";
import { requireVisitInScope, visitPair } from "../queries";
import { visitView } from "./load-visit";

/**
 * The lead records the visit: when, how long (at least the model's minimum), where, whether an
 * interpreter came, the family's hopes and dreams (private to the pair), resources the family
 * asked for, and the communication plan — channel and days between touches, defaulting from
 * the school's setting or the model (HVP: 42). Completion starts the family's cadence clock.
 * A visit may be recorded after the fact, from `invited` or `scheduled`.
 */
export async function completeVisit(ctx: ServiceContext, visitId: string, input: VisitComplete): Promise<Visit> {
  const { visit, school } = await requireVisitInScope(ctx, visitId);
  const { db, clock } = ctx.deps;
  await requireLeadOrStaff(ctx, visitId);
  if (visit.status !== "invited" && visit.status !== "scheduled") {
    throw new AppError("conflict", `A ${visit.status} visit cannot be recorded as completed`);
  }
  const model = school.programModel;
  const startedAt = new Date(input.startedAt);
  const now = clock.now();
  const evaluation = checkEvaluation(model, input.evaluation);
  const violations = [
    ...evaluation.violations,
    ...checkVisitLength(model, input.durationMinutes),
    ...checkVisitPlan(model, { educatorIds: ["lead", "partner"], location: input.location, round: visit.round }),
  ];
  const fields = Object.fromEntries(violations.map((v) => [v.field, `${v.message} (rule ${v.rule})`]));
  if (startedAt > now) fields.startedAt = "is in the future";
  if (Object.keys(fields).length > 0)
    throw new ValidationError(fields, "The visit record breaks the program model's rules");

  const schoolCadence = typeof school.settings.cadenceDays === "number" ? school.settings.cadenceDays : null;
  const cadenceDays = input.communicationPlan.cadenceDays ?? schoolCadence ?? PROGRAM_MODELS[model].cadenceDays ?? 30;
  await db.batch([
    db
      .update(visits)
      .set({
        status: "completed",
        startsAt: startedAt,
        durationMinutes: input.durationMinutes,
        location: input.location,
        interpreterLanguage: input.interpreterUsed === false ? null : visit.interpreterLanguage,
        privateNotes: input.hopesAndDreams ?? null,
        resourceRequests: input.resourceRequests ?? null,
        evaluation: evaluation.answers,
        planChannel: input.communicationPlan.channel,
        planCadenceDays: cadenceDays,
        completedAt: now,
        updatedAt: now,
      })
      .where(eq(visits.id, visitId)),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "visit.complete", subjectType: "visit", subjectId: visitId })),
  ]);
  return visitView(db, visitId, ctx.actor);
}

/**
 * A partner confirms they were there (compensation; HVP's "partner validates"). A visit can
 * have more than one partner when a sibling's teacher joined it: each attests for themselves;
 * a district admin (or API token) attests for all of them.
 */
export async function attestVisit(ctx: ServiceContext, visitId: string): Promise<Visit> {
  const { visit } = await requireVisitInScope(ctx, visitId);
  const { db, clock } = ctx.deps;
  if (visit.status !== "completed") throw new AppError("conflict", "Only a completed visit can be attested");
  const partners = (await visitPair(db, visitId)).filter((s) => s.role === "partner");
  if (partners.length === 0) throw new AppError("conflict", "This visit has no partner");
  const { actor } = ctx;
  const self = actor.type === "educator" ? partners.find((p) => p.educatorId === actor.educatorId) : undefined;
  const onBehalf = actor.type === "api_token" || actor.role === "district_admin";
  if (!self && !onBehalf) throw new AppError("forbidden", "Only the partner attests a visit");
  const attesting = self ? [self.educatorId] : partners.map((p) => p.educatorId);
  await db
    .update(visitEducators)
    .set({ attestedAt: clock.now() })
    .where(and(eq(visitEducators.visitId, visitId), inArray(visitEducators.educatorId, attesting)));
  return visitView(db, visitId, ctx.actor);
}

/** The refusal's code: the page offers the partner her own notes instead (routes/web/visits.tsx). */
export const LEAD_ONLY = "lead_only";

async function requireLeadOrStaff(ctx: ServiceContext, visitId: string) {
  if (ctx.actor.type !== "educator" || ctx.actor.role !== "educator") return;
  const lead = (await visitPair(ctx.deps.db, visitId)).find((s) => s.role === "lead");
  if (lead?.educatorId !== ctx.actor.educatorId)
    throw new AppError("forbidden", "Only the lead records the visit", { subcode: LEAD_ONLY });
}
