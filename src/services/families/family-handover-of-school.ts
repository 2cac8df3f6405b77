import { and, asc, eq } from "drizzle-orm";
import { contacts, educators, families, studentEducators, students } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { schoolYearOf } from "../../domain/school-year";

export type FamilyHandover = {
  name: string;
  language: string;
  /** This school year's teachers of the household's children, "; "-joined. */
  educators: string;
  guardian: string;
  guardianPhone: string;
  guardianEmail: string;
  /** The household's other guardians, "Name (phone, email)", "; "-joined. */
  otherGuardians: string;
};

/**
 * What a coordinator needs to hand a family to a person, for every family of a school: name,
 * language, teachers this year, and who to call (the first active guardian, then the others).
 * Three reads over the school, for exports (the caller checked access).
 */
export async function familyHandoverOfSchool(
  ctx: ServiceContext,
  school: { id: string; timezone: string },
): Promise<Map<string, FamilyHandover>> {
  const { db, clock } = ctx.deps;
  const year = schoolYearOf(clock.now(), school.timezone);
  const [familyRows, contactRows, teacherRows] = await db.batch([
    db
      .select({ id: families.id, name: families.displayName, language: families.language })
      .from(families)
      .where(eq(families.schoolId, school.id)),
    db
      .select({
        familyId: contacts.familyId,
        name: contacts.name,
        phone: contacts.phone,
        email: contacts.email,
        language: contacts.language,
      })
      .from(contacts)
      .innerJoin(families, eq(families.id, contacts.familyId))
      .where(and(eq(families.schoolId, school.id), eq(contacts.active, true)))
      .orderBy(asc(contacts.familyId), asc(contacts.createdAt), asc(contacts.id)),
    db
      .selectDistinct({ familyId: students.familyId, name: educators.name })
      .from(studentEducators)
      .innerJoin(students, eq(students.id, studentEducators.studentId))
      .innerJoin(educators, eq(educators.id, studentEducators.educatorId))
      .where(and(eq(students.schoolId, school.id), eq(studentEducators.schoolYear, year)))
      .orderBy(asc(educators.name)),
  ]);
  const guardians = Map.groupBy(contactRows, (c) => c.familyId);
  const teachers = Map.groupBy(teacherRows, (r) => r.familyId);
  const result = new Map<string, FamilyHandover>();
  for (const f of familyRows) {
    const [first, ...others] = guardians.get(f.id) ?? [];
    result.set(f.id, {
      name: f.name,
      language: f.language,
      educators: (teachers.get(f.id) ?? []).map((t) => t.name).join("; "),
      guardian: first?.name ?? "",
      guardianPhone: first?.phone ?? "",
      guardianEmail: first?.email ?? "",
      otherGuardians: others.map((o) => `${o.name} (${[o.phone, o.email].filter(Boolean).join(", ")})`).join("; "),
    });
  }
  return result;
}
