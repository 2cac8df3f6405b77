import { and, eq, inArray } from "drizzle-orm";
import { auditLog, educators, trainingAttendance, trainings } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { schoolYearOf } from "../../domain/school-year";
import { ValidationError } from "../../errors";
import type { Training, TrainingCreate } from "../../schemas/fidelity";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

/**
 * A coordinator records a training and who attended (PTHV's introductory training, HOME
 * WORKS!' mandatory ones). The school year comes from the day in the school's calendar, so a
 * training in August counts toward the year that starts then.
 */
export async function recordTraining(ctx: ServiceContext, input: TrainingCreate): Promise<Training> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "record trainings");
  const school = await requireSchoolInScope(ctx, input.schoolId);
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const ids = [...new Set(input.educatorIds)];
  const found = await db
    .select({ id: educators.id })
    .from(educators)
    .where(and(inArray(educators.id, ids), eq(educators.schoolId, school.id)));
  const fields: Record<string, string> = {};
  input.educatorIds.forEach((id, i) => {
    if (!found.some((f) => f.id === id)) fields[`educatorIds.${i}`] = "is not an educator of this school";
  });
  const heldAt = new Date(`${input.heldOn}T12:00:00Z`);
  if (heldAt.getTime() > now.getTime() + 24 * 3600_000) fields.heldOn = "is in the future; record a training once held";
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  const id = newId("trg", now.getTime());
  const row = {
    id,
    schoolId: school.id,
    schoolYear: schoolYearOf(heldAt, school.timezone),
    kind: input.kind,
    title: input.title,
    heldOn: input.heldOn,
    durationMinutes: input.durationMinutes,
    recordedByEducatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
    createdAt: now,
    updatedAt: now,
  };
  await db.batch([
    db.insert(trainings).values(row),
    db.insert(trainingAttendance).values(ids.map((educatorId) => ({ trainingId: id, educatorId }))),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "training.record",
        subjectType: "training",
        subjectId: id,
        detail: { kind: input.kind, attendees: ids.length },
      }),
    ),
  ]);
  return {
    id,
    schoolId: row.schoolId,
    schoolYear: row.schoolYear,
    kind: row.kind,
    title: row.title,
    heldOn: row.heldOn,
    durationMinutes: row.durationMinutes,
    educatorIds: ids,
  };
}
