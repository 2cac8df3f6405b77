import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { contacts, type families, schools, studentEducators, students, visits } from "../../../db/schema";
import { schoolYearOf } from "../../domain/school-year";
import type { Family } from "../../schemas/families";

/**
 * Family rows → the API's Family shape, with contacts, children, this year's teachers and the
 * latest visit. A fixed number of queries however many families are listed (no N+1).
 * "This year" is each school's current school year, counted in the school's time zone.
 */
export async function loadFamilyViews(db: Db, rows: (typeof families.$inferSelect)[], now: Date): Promise<Family[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const schoolIds = [...new Set(rows.map((r) => r.schoolId))];
  const [schoolRows, contactRows, studentRows, visitRows] = await Promise.all([
    db.select({ id: schools.id, timezone: schools.timezone }).from(schools).where(inArray(schools.id, schoolIds)),
    db
      .select()
      .from(contacts)
      .where(and(inArray(contacts.familyId, ids), eq(contacts.active, true)))
      .orderBy(contacts.id),
    db
      .select()
      .from(students)
      .where(and(inArray(students.familyId, ids), eq(students.active, true)))
      .orderBy(students.id),
    db
      .select({
        id: visits.id,
        familyId: visits.familyId,
        status: visits.status,
        round: visits.round,
        schoolYear: visits.schoolYear,
        startsAt: visits.startsAt,
      })
      .from(visits)
      .where(inArray(visits.familyId, ids))
      .orderBy(desc(visits.createdAt)),
  ]);
  const studentIds = studentRows.map((s) => s.id);
  const assignments =
    studentIds.length === 0
      ? []
      : await db
          .select({ studentId: studentEducators.studentId, educatorId: studentEducators.educatorId })
          .from(studentEducators)
          .where(
            and(
              inArray(studentEducators.studentId, studentIds),
              inArray(
                studentEducators.schoolYear,
                schoolRows.map((s) => schoolYearOf(now, s.timezone)),
              ),
            ),
          );

  return rows.map((family) => {
    const latest = visitRows.find((v) => v.familyId === family.id);
    return {
      id: family.id,
      schoolId: family.schoolId,
      displayName: family.displayName,
      language: family.language,
      channel: family.channel,
      timezone: family.timezone,
      active: family.active,
      contacts: contactRows
        .filter((c) => c.familyId === family.id)
        .map((c) => ({
          id: c.id,
          name: c.name,
          relationship: c.relationship,
          phone: c.phone,
          email: c.email,
          language: c.language,
          channel: c.channel,
          smsOptedOut: c.smsOptedOutAt !== null,
          emailOptedOut: c.emailOptedOutAt !== null,
        })),
      students: studentRows
        .filter((s) => s.familyId === family.id)
        .map((s) => ({
          id: s.id,
          firstName: s.firstName,
          lastInitial: s.lastInitial,
          grade: s.grade,
          educatorIds: assignments.filter((a) => a.studentId === s.id).map((a) => a.educatorId),
        })),
      latestVisit: latest
        ? {
            id: latest.id,
            status: latest.status,
            round: latest.round,
            schoolYear: latest.schoolYear,
            startsAt: latest.startsAt?.toISOString() ?? null,
          }
        : null,
      createdAt: family.createdAt.toISOString(),
    };
  });
}
