import { eq } from "drizzle-orm";
import {
  contacts,
  educators,
  families,
  schools,
  studentEducators,
  students,
  trainingAttendance,
  trainings,
  visitEducators,
  visitStudents,
  visits,
} from "../../db/schema";
import type { Deps } from "../../src/context";
import { newId } from "../../src/domain/ids";
import { schoolYearOf } from "../../src/domain/school-year";
import { startSession } from "../../src/services/auth/start-session";
import { ensureDeploymentDistrict } from "../../src/services/schools/district";

/** Factories write rows straight to the database: each test makes exactly what it needs. */
let counter = 0;
const next = () => ++counter;

export async function makeSchool(deps: Deps, overrides: Partial<typeof schools.$inferInsert> = {}) {
  const now = deps.clock.now();
  const districtId = await ensureDeploymentDistrict(deps.db, "America/Chicago", now);
  const row = {
    id: newId("sch"),
    districtId,
    name: `School ${next()}`,
    timezone: "America/Chicago",
    programModel: "pthv" as const,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await deps.db.insert(schools).values(row);
  return row;
}

export async function makeEducator(
  deps: Deps,
  schoolId: string,
  overrides: Partial<typeof educators.$inferInsert> = {},
  options: { trained?: boolean } = {},
) {
  const now = deps.clock.now();
  const n = next();
  const row = {
    id: newId("edu"),
    schoolId,
    name: `Educator ${n}`,
    email: `educator${n}@school.example.org`,
    role: "educator" as const,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await deps.db.insert(educators).values(row);
  // Every model requires training before visiting (program-models.ts `training`): educators
  // come trained — an introductory and two mandatory trainings this year — unless a test says not.
  if (options.trained !== false) await trainEducator(deps, schoolId, row.id);
  return row;
}

/** Records an introductory and two mandatory trainings this school year for one educator. */
export async function trainEducator(deps: Deps, schoolId: string, educatorId: string) {
  const now = deps.clock.now();
  const schoolYear = schoolYearOf(now, "America/Chicago");
  const rows = (["introductory", "mandatory", "mandatory"] as const).map((kind) => ({
    id: newId("trg"),
    schoolId,
    schoolYear,
    kind,
    title: `${kind} training`,
    heldOn: "2026-08-20",
    durationMinutes: 180,
    createdAt: now,
    updatedAt: now,
  }));
  await deps.db.batch([
    deps.db.insert(trainings).values(rows),
    deps.db.insert(trainingAttendance).values(rows.map((r) => ({ trainingId: r.id, educatorId }))),
  ]);
}

/** A household with one contact and one student per entry of `teachers` (at least one). */
export async function makeFamily(
  deps: Deps,
  schoolId: string,
  options: {
    teachers?: string[];
    language?: string;
    displayName?: string;
    timezone?: string;
    channel?: "sms" | "email";
    contact?: Partial<typeof contacts.$inferInsert>;
  } = {},
) {
  const now = deps.clock.now();
  const n = next();
  const timezone = options.timezone ?? "America/Chicago";
  const family = {
    id: newId("fam"),
    schoolId,
    displayName: options.displayName ?? `Family ${String(n).padStart(4, "0")}`,
    language: options.language ?? "es",
    channel: options.channel ?? ("sms" as const),
    timezone,
    createdAt: now,
    updatedAt: now,
  };
  const contact = {
    id: newId("con"),
    familyId: family.id,
    name: `Guardian ${n}`,
    phone: `+1217555${String(100 + (n % 100)).padStart(4, "0")}`,
    createdAt: now,
    updatedAt: now,
    ...options.contact,
  };
  const teachers = options.teachers?.length ? options.teachers : [undefined];
  const studentRows = teachers.map((_, i) => ({
    id: newId("stu"),
    familyId: family.id,
    schoolId,
    firstName: `Child${n}x${i}`,
    grade: "2" as const,
    createdAt: now,
    updatedAt: now,
  }));
  const assignments = teachers.flatMap((educatorId, i) =>
    educatorId
      ? [{ studentId: studentRows[i]!.id, educatorId, schoolYear: schoolYearOf(now, timezone), createdAt: now }]
      : [],
  );
  await deps.db.batch([
    deps.db.insert(families).values(family),
    deps.db.insert(contacts).values(contact),
    deps.db.insert(students).values(studentRows),
    ...(assignments.length ? [deps.db.insert(studentEducators).values(assignments)] : []),
  ]);
  return { family, contact, students: studentRows };
}

/** A completed visit (school year 2026-27) with its pair — the first educator leads — and every child of the family. */
export async function makeCompletedVisit(
  deps: Deps,
  v: { familyId: string; schoolId: string; educatorIds: string[]; at: string; cadenceDays: number; round?: number },
) {
  const now = deps.clock.now();
  const id = newId("vis");
  await deps.db.insert(visits).values({
    id,
    familyId: v.familyId,
    schoolId: v.schoolId,
    schoolYear: "2026-27",
    round: v.round ?? 1,
    status: "completed",
    startsAt: new Date(v.at),
    planChannel: "sms",
    planCadenceDays: v.cadenceDays,
    completedAt: new Date(v.at),
    createdAt: now,
    updatedAt: now,
  });
  if (v.educatorIds.length)
    await deps.db.insert(visitEducators).values(
      v.educatorIds.map((educatorId, i) => ({
        visitId: id,
        educatorId,
        role: i === 0 ? ("lead" as const) : ("partner" as const),
      })),
    );
  const children = await deps.db.select({ id: students.id }).from(students).where(eq(students.familyId, v.familyId));
  if (children.length)
    await deps.db.insert(visitStudents).values(children.map((c) => ({ visitId: id, studentId: c.id })));
  return id;
}

/** A `Cookie` header for a signed-in educator (development cookie names). */
export async function sessionCookie(deps: Deps, educatorId: string): Promise<string> {
  const { token } = await startSession({ deps }, educatorId);
  return `doorstep_session=${token}`;
}
