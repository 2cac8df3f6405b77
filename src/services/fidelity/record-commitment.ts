import { and, eq } from "drizzle-orm";
import { auditLog, educatorCommitments, educators, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { schoolYearOf } from "../../domain/school-year";
import { NotFoundError } from "../../errors";
import type { CommitmentSet } from "../../schemas/fidelity";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { schoolScope } from "../queries";

/**
 * A coordinator records where an educator stands this school year — agreed, supports, or
 * declined — for the model's staff-commitment threshold. Recording again replaces the answer.
 */
export async function recordCommitment(ctx: ServiceContext, input: CommitmentSet) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "record staff commitment");
  const { db, clock } = ctx.deps;
  const [row] = await db
    .select({ educator: educators, timezone: schools.timezone })
    .from(educators)
    .innerJoin(schools, eq(schools.id, educators.schoolId))
    .where(and(eq(educators.id, input.educatorId), schoolScope(ctx.actor)))
    .limit(1);
  if (!row) throw new NotFoundError("Educator not found");
  const now = clock.now();
  const schoolYear = schoolYearOf(now, row.timezone);
  const values = {
    educatorId: row.educator.id,
    schoolYear,
    schoolId: row.educator.schoolId,
    commitment: input.commitment,
    recordedByEducatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
    recordedAt: now,
  };
  await db.batch([
    db
      .insert(educatorCommitments)
      .values(values)
      .onConflictDoUpdate({
        target: [educatorCommitments.educatorId, educatorCommitments.schoolYear],
        set: { commitment: values.commitment, recordedByEducatorId: values.recordedByEducatorId, recordedAt: now },
      }),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "commitment.record",
        subjectType: "educator",
        subjectId: row.educator.id,
        detail: { commitment: input.commitment, schoolYear },
      }),
    ),
  ]);
  return { educatorId: row.educator.id, schoolYear, commitment: input.commitment };
}
