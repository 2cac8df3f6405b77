import { and, eq, inArray } from "drizzle-orm";
import { auditLog, contacts, educators, families, studentEducators, students } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { schoolYearOf } from "../../domain/school-year";
import { ValidationError } from "../../errors";
import type { Family, FamilyCreate } from "../../schemas/families";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { loadFamilyViews, requireSchoolInScope } from "../queries";

/**
 * Adds a household with its guardians and children. Everything is checked first, then
 * written in one `db.batch` — family, contacts, students and class assignments land
 * together or not at all.
 */
export async function createFamily(ctx: ServiceContext, input: FamilyCreate): Promise<Family> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "add families");
  const school = await requireSchoolInScope(ctx, input.schoolId).catch(() => {
    throw new ValidationError({ schoolId: "is not a school you can add families to" });
  });
  const { db, clock } = ctx.deps;
  await requireEducatorsOfSchool(ctx, input, school.id);

  const now = clock.now();
  const at = now.getTime();
  const schoolYear = schoolYearOf(now, school.timezone);
  const familyId = newId("fam", at);
  const familyRow = {
    id: familyId,
    schoolId: school.id,
    displayName: input.displayName ?? defaultDisplayName(input),
    language: input.language,
    channel: input.channel,
    timezone: input.timezone ?? school.timezone,
    active: true,
    externalId: null,
    createdAt: now,
    updatedAt: now,
  };
  const contactRows = input.contacts.map((c) => ({
    id: newId("con", at),
    familyId,
    name: c.name,
    relationship: c.relationship ?? null,
    phone: c.phone ?? null,
    email: c.email ?? null,
    language: c.language ?? null,
    channel: c.channel ?? null,
    createdAt: now,
    updatedAt: now,
  }));
  const studentRows = input.students.map((s) => ({
    id: newId("stu", at),
    familyId,
    schoolId: school.id,
    firstName: s.firstName,
    lastInitial: s.lastName ? s.lastName.slice(0, 1).toUpperCase() : null,
    grade: s.grade,
    createdAt: now,
    updatedAt: now,
  }));
  const assignmentRows = input.students.flatMap((s, i) =>
    [...new Set(s.educatorIds)].map((educatorId) => ({
      studentId: studentRows[i]!.id,
      educatorId,
      schoolYear,
      createdAt: now,
    })),
  );

  await db.batch([
    db.insert(families).values(familyRow),
    db.insert(contacts).values(contactRows),
    db.insert(students).values(studentRows),
    ...(assignmentRows.length > 0 ? [db.insert(studentEducators).values(assignmentRows)] : []),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "family.create", subjectType: "family", subjectId: familyId })),
  ]);
  const [view] = await loadFamilyViews(db, [{ ...familyRow, searchName: null }], now);
  return view!;
}

/** Every educatorId must be an active educator of the family's school; each bad one is named. */
async function requireEducatorsOfSchool(ctx: ServiceContext, input: FamilyCreate, schoolId: string) {
  const wanted = [...new Set(input.students.flatMap((s) => s.educatorIds))];
  if (wanted.length === 0) return;
  const found = await ctx.deps.db
    .select({ id: educators.id })
    .from(educators)
    .where(and(inArray(educators.id, wanted), eq(educators.schoolId, schoolId), eq(educators.active, true)));
  const ok = new Set(found.map((e) => e.id));
  const fields: Record<string, string> = {};
  input.students.forEach((s, i) => {
    s.educatorIds.forEach((id, j) => {
      if (!ok.has(id)) fields[`students.${i}.educatorIds.${j}`] = "is not an educator of this school";
    });
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

function defaultDisplayName(input: FamilyCreate): string {
  const surname = input.students.find((s) => s.lastName)?.lastName;
  return surname ? `${surname} family` : `${input.contacts[0]!.name} household`;
}
