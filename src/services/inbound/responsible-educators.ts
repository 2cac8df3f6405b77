import { and, desc, eq, notInArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { educators, studentEducators, students, visits } from "../../../db/schema";
import { schoolYearOf } from "../../domain/school-year";
import { visitPair } from "../queries";

/**
 * Who hears that a family wrote: the pair of the family's latest visit (declined and
 * cancelled ones aside), else the children's teachers this school year.
 */
export async function responsibleEducators(
  db: Db,
  familyId: string,
  now: Date,
  schoolTimeZone: string,
): Promise<string[]> {
  const [visit] = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.familyId, familyId), notInArray(visits.status, ["declined", "cancelled"])))
    .orderBy(desc(visits.createdAt))
    .limit(1);
  if (visit) {
    const pair = (await visitPair(db, visit.id)).filter((s) => s.active).map((s) => ({ id: s.educatorId }));
    if (pair.length > 0) return pair.map((p) => p.id);
  }
  const teachers = await db
    .selectDistinct({ id: studentEducators.educatorId })
    .from(studentEducators)
    .innerJoin(students, eq(students.id, studentEducators.studentId))
    .innerJoin(educators, eq(educators.id, studentEducators.educatorId))
    .where(
      and(
        eq(students.familyId, familyId),
        eq(studentEducators.schoolYear, schoolYearOf(now, schoolTimeZone)),
        eq(educators.active, true),
      ),
    );
  return teachers.map((t) => t.id);
}
