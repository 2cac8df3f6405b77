import { and, asc, eq, inArray } from "drizzle-orm";
import { educators, families, students, visitEducators, visitStudents, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { instantToWallTime } from "../../domain/local-time";
import { schoolYearOf } from "../../domain/school-year";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

export type VisitRegisterRow = {
  visitId: string;
  familyId: string;
  family: string;
  round: number;
  status: string;
  /** In the school's time zone ("2026-10-20 17:00"), as the coordinator reads it. */
  startsAtLocal: string | null;
  location: string;
  educators: string;
  attested: string;
  students: string;
  planChannel: string | null;
  planCadenceDays: number | null;
  /** How long the visit lasted, as the lead recorded it (the compensation log has each educator's time). */
  durationMinutes: number | null;
};

/**
 * The visit register for one school and school year: every visit with its round, status, local
 * time, pair (lead first, each marked when they attested taking part) and students — what a
 * coordinator hands to the program for fidelity and compensation. Hopes and dreams
 * (`private_notes`) are never part of it: they belong to the visiting pair.
 */
export async function visitRegister(
  ctx: ServiceContext,
  schoolId: string,
  options: { schoolYear?: string } = {},
): Promise<{ schoolYear: string; rows: VisitRegisterRow[] }> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "export the visit register");
  const school = await requireSchoolInScope(ctx, schoolId);
  const { db, clock } = ctx.deps;
  const schoolYear = options.schoolYear ?? schoolYearOf(clock.now(), school.timezone);
  const list = await db
    .select({
      id: visits.id,
      familyId: visits.familyId,
      family: families.displayName,
      round: visits.round,
      status: visits.status,
      startsAt: visits.startsAt,
      location: visits.location,
      planChannel: visits.planChannel,
      planCadenceDays: visits.planCadenceDays,
      durationMinutes: visits.durationMinutes,
    })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .where(and(eq(visits.schoolId, schoolId), eq(visits.schoolYear, schoolYear)))
    .orderBy(asc(visits.round), asc(visits.startsAt), asc(visits.id));
  const ids = list.map((v) => v.id);
  const [pairs, kids] = ids.length
    ? await Promise.all([
        db
          .select({
            visitId: visitEducators.visitId,
            name: educators.name,
            role: visitEducators.role,
            attestedAt: visitEducators.attestedAt,
          })
          .from(visitEducators)
          .innerJoin(educators, eq(educators.id, visitEducators.educatorId))
          .where(inArray(visitEducators.visitId, ids)),
        db
          .select({ visitId: visitStudents.visitId, firstName: students.firstName })
          .from(visitStudents)
          .innerJoin(students, eq(students.id, visitStudents.studentId))
          .where(inArray(visitStudents.visitId, ids)),
      ])
    : [[], []];
  const pairOf = Map.groupBy(pairs, (p) => p.visitId);
  const kidsOf = Map.groupBy(kids, (k) => k.visitId);
  const rows = list.map((v) => {
    // The lead first, so "who arranged it" reads left to right.
    const pair = (pairOf.get(v.id) ?? []).sort((a, b) => Number(b.role === "lead") - Number(a.role === "lead"));
    return {
      visitId: v.id,
      familyId: v.familyId,
      family: v.family,
      round: v.round,
      status: v.status,
      startsAtLocal: v.startsAt ? instantToWallTime(v.startsAt, school.timezone).replace("T", " ") : null,
      location: v.location,
      educators: pair.map((p) => p.name).join("; "),
      attested: pair
        .filter((p) => p.attestedAt)
        .map((p) => p.name)
        .join("; "),
      students: (kidsOf.get(v.id) ?? []).map((k) => k.firstName).join("; "),
      planChannel: v.planChannel,
      planCadenceDays: v.planCadenceDays,
      durationMinutes: v.durationMinutes,
    };
  });
  return { schoolYear, rows };
}
