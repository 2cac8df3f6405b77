import { and, eq, inArray } from "drizzle-orm";
import { isUniqueViolation } from "../../../db/errors";
import {
  auditLog,
  educators,
  schools,
  students,
  visitEducators,
  visitSlots,
  visitStudents,
  visits,
} from "../../../db/schema";
import { hashLinkCode, randomCode } from "../../auth/tokens";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { checkPairTraining, checkVisitPlan, type ProgramModelKey } from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import { ConflictError, ValidationError } from "../../errors";
import { type OutboundSummary, prepareOutbound } from "../../messaging/enqueue";
import type { Visit, VisitCreate } from "../../schemas/visits";
import { auditRow } from "../audit";
import { loadTrainingRecords } from "../fidelity";
import { requireFamilyInScope } from "../queries";
import { visitView } from "./load-visit";
import { linkExpiry, proposedTimeErrors, slotRows } from "./proposed-times";

/**
 * An educator invites a household to a visit: the visit (`invited`), its pair, its children,
 * its 1–3 proposed times and the invitation message — one batch. The program model's rules
 * are checked first (pairs, location, rounds) and each broken rule is named. One household,
 * one visit per round: a second invitation (say, from a sibling's teacher) is a 409 that names
 * the visit to join instead — checked here and, under a race, by the database's unique index.
 */
export async function inviteFamily(
  ctx: ServiceContext,
  input: VisitCreate,
): Promise<Visit & { invitation: OutboundSummary }> {
  const { db, clock, config } = ctx.deps;
  const family = await requireFamilyInScope(ctx, input.familyId);
  const [school] = await db.select().from(schools).where(eq(schools.id, family.schoolId));
  const now = clock.now();

  const violations = checkVisitPlan(school!.programModel, input);
  if (violations.length > 0) {
    throw new ValidationError(
      Object.fromEntries(violations.map((v) => [v.field, `${v.message} (rule ${v.rule})`])),
      "The visit breaks the program model's rules",
    );
  }
  if (
    ctx.actor.type === "educator" &&
    ctx.actor.role === "educator" &&
    !input.educatorIds.includes(ctx.actor.educatorId)
  ) {
    throw new ValidationError({ educatorIds: "must include you: educators invite for visits they go on" });
  }
  const pair = await db
    .select({ id: educators.id })
    .from(educators)
    .where(
      and(inArray(educators.id, input.educatorIds), eq(educators.schoolId, school!.id), eq(educators.active, true)),
    );
  const fields: Record<string, string> = {};
  input.educatorIds.forEach((id, i) => {
    if (!pair.some((p) => p.id === id)) fields[`educatorIds.${i}`] = "is not an educator of this family's school";
  });
  Object.assign(
    fields,
    proposedTimeErrors(input.slots, now, {
      schoolYear: schoolYearOf(now, school!.timezone),
      timeZone: school!.timezone,
    }),
  );
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const slotTimes = input.slots.map((s) => new Date(s));

  const schoolYear = schoolYearOf(slotTimes[0]!, school!.timezone);
  await refuseUntrainedPair(ctx, school!.programModel, input.educatorIds, schoolYear);
  await refuseSecondVisit(ctx, family.id, schoolYear, input.round);

  const visitId = newId("vis", now.getTime());
  const children = await db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.familyId, family.id), eq(students.active, true)));
  const linkCode = randomCode();
  const { statements, summary } = await prepareOutbound(ctx.deps, {
    familyId: family.id,
    educatorId: input.educatorIds[0]!,
    templateKey: "visit_invitation",
    params: { times: input.slots, link: `${config.publicBaseUrl}/f/${linkCode}` },
    visitId,
    // The pair is written in the batch below: the invitation names both, as stored and as sent.
    visitEducatorIds: input.educatorIds.slice(0, 2),
  });
  try {
    await db.batch([
      db.insert(visits).values({
        id: visitId,
        familyId: family.id,
        schoolId: school!.id,
        schoolYear,
        round: input.round,
        status: "invited",
        location: input.location,
        interpreterLanguage: input.interpreterLanguage ?? null,
        statusReason: input.note ?? null,
        createdByEducatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
        linkCode: await hashLinkCode(linkCode),
        linkExpiresAt: linkExpiry(slotTimes),
        createdAt: now,
        updatedAt: now,
      }),
      db.insert(visitEducators).values([
        { visitId, educatorId: input.educatorIds[0]!, role: "lead" },
        { visitId, educatorId: input.educatorIds[1]!, role: "partner" },
      ]),
      ...(children.length > 0
        ? [db.insert(visitStudents).values(children.map((c) => ({ visitId, studentId: c.id })))]
        : []),
      db.insert(visitSlots).values(slotRows(visitId, slotTimes, now)),
      ...statements,
      db
        .insert(auditLog)
        .values(auditRow(ctx.actor, now, { action: "visit.invite", subjectType: "visit", subjectId: visitId })),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, "visits")) await refuseSecondVisit(ctx, family.id, schoolYear, input.round);
    throw error;
  }
  return { ...(await visitView(db, visitId, ctx.actor)), invitation: summary };
}

/**
 * 400 naming the rule when the model requires training before visiting and an educator of the
 * pair has not had it (PTHV: the introductory training; HOME WORKS!: two trainings this year).
 * Counted in the visit's school year. Coordinators record trainings on /fidelity.
 */
async function refuseUntrainedPair(
  ctx: ServiceContext,
  model: ProgramModelKey,
  educatorIds: readonly string[],
  schoolYear: string,
) {
  const records = await loadTrainingRecords(ctx.deps.db, model, educatorIds, schoolYear);
  const violations = checkPairTraining(model, records);
  if (violations.length > 0) {
    throw new ValidationError(
      Object.fromEntries(violations.map((v) => [v.field, `${v.message} (rule ${v.rule})`])),
      "The pair is not trained as the program model requires",
    );
  }
}

/** 409 when the round is taken (or was declined: a "no" is respected, never chased). */
async function refuseSecondVisit(ctx: ServiceContext, familyId: string, schoolYear: string, round: number) {
  const existing = await ctx.deps.db
    .select({ id: visits.id, status: visits.status })
    .from(visits)
    .where(and(eq(visits.familyId, familyId), eq(visits.schoolYear, schoolYear), eq(visits.round, round)));
  const holding = existing.find((v) => ["invited", "scheduled", "completed"].includes(v.status));
  if (holding) {
    throw new ConflictError(
      `This household already has a round ${round} visit this school year (${holding.status}); join it instead`,
      { familyId: "already has a visit for this round" },
      { existingVisitId: holding.id },
    );
  }
  const declined = existing.find((v) => v.status === "declined");
  if (declined) {
    throw new ConflictError(
      "The family declined a visit this round; a no is respected and not chased",
      { familyId: "declined this round" },
      { existingVisitId: declined.id },
    );
  }
}
