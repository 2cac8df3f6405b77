import { and, eq, inArray } from "drizzle-orm";
import { boundParameterLimit, type Db } from "../../../db/client";
import { chunk, insertRows, type RawStatement, rawOfQuery, rowsPerStatement } from "../../../db/raw-batch";
import { contacts, educators, families, type schools, studentEducators, students } from "../../../db/schema";
import { newId } from "../../domain/ids";
import { groupHouseholds } from "../../domain/roster/households";
import type { Roster } from "../../domain/roster/types";
import { schoolYearOf } from "../../domain/school-year";
import { pacer } from "./pace";

export type Counts = { created: number; updated: number; unchanged: number; deactivated: number };
export type KindCounts = Record<"educators" | "families" | "contacts" | "students", Counts>;
export type ImportDefaults = { language: string; channel: "sms" | "email" };
/** Someone an apply deactivates (or, in a dry run, would): named, so a coordinator can check. */
export type Deactivation = { kind: keyof KindCounts; name: string; externalId: string };
const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0, deactivated: 0 });

/**
 * What importing this roster would do to one school: counts per kind, and the statements that
 * do it (one batch, so a failure leaves the previous roster whole). Only rows that carry an
 * external id are the import's to change; people missing from a full sync are deactivated,
 * never deleted, so their message history stays — except what a row that failed validation
 * refers to (`roster.held`): that is left exactly as it is, with its household and guardians.
 */
export async function planSchool(
  db: Db,
  school: typeof schools.$inferSelect,
  roster: Roster,
  defaults: ImportDefaults,
  now: Date,
) {
  const counts: KindCounts = { educators: zero(), families: zero(), contacts: zero(), students: zero() };
  // Updates and deletes, one statement each (few on a re-import); new rows are collected per
  // table and written as multi-row inserts at the end — 10,000 single-row inserts through the
  // query builder were most of a 10k-student commit.
  const statements: RawStatement[] = [];
  const statement = (query: unknown) => statements.push(rawOfQuery(query));
  const newEducators: (typeof educators.$inferInsert)[] = [];
  const newFamilies: (typeof families.$inferInsert)[] = [];
  const newContacts: (typeof contacts.$inferInsert)[] = [];
  const newStudents: (typeof students.$inferInsert)[] = [];
  const newAssignments: (typeof studentEducators.$inferInsert)[] = [];
  const deactivations: Deactivation[] = [];
  const { held } = roster;
  const year = schoolYearOf(now, school.timezone);
  const at = now.getTime();
  const tally = (kind: keyof KindCounts, changed: boolean | "new") =>
    counts[kind][changed === "new" ? "created" : changed ? "updated" : "unchanged"]++;

  // Educators: by external id, else by email (staff added by hand get linked, not duplicated).
  const staff = await db.select().from(educators).where(eq(educators.schoolId, school.id));
  const allByEmail = new Map((await db.select().from(educators)).map((e) => [e.email, e]));
  const educatorId = new Map<string, string>();
  for (const r of roster.educators.filter((e) => e.schoolExternalId === school.externalId)) {
    const found = staff.find((e) => e.externalId === r.externalId) ?? allByEmail.get(r.email);
    if (found && found.schoolId !== school.id) continue; // works at another school: left alone
    if (!found) {
      const id = newId("edu", at);
      newEducators.push({
        id,
        schoolId: school.id,
        externalId: r.externalId,
        name: r.name,
        email: r.email,
        phone: r.phone,
        role: r.role,
        createdAt: now,
        updatedAt: now,
      });
      educatorId.set(r.externalId, id);
      tally("educators", "new");
      continue;
    }
    educatorId.set(r.externalId, found.id);
    const changed =
      found.name !== r.name || found.phone !== r.phone || found.externalId !== r.externalId || !found.active;
    if (changed)
      statement(
        db
          .update(educators)
          .set({ name: r.name, phone: r.phone, externalId: r.externalId, active: true, updatedAt: now })
          .where(eq(educators.id, found.id)),
      );
    tally("educators", changed);
  }

  const ourStudents = roster.students.filter((s) => s.schoolExternalId === school.externalId);
  const guardians = new Map(roster.guardians.map((g) => [g.externalId, g]));
  // Four reads for the whole school. Contacts and assignments are found through the school
  // (a subquery), not through an IN list of thousands of ids — which D1's 100 bound parameters
  // would refuse, and which SQLite must parse and bind one by one.
  const existingFamilies = await db.select().from(families).where(eq(families.schoolId, school.id));
  const existingStudents = await db.select().from(students).where(eq(students.schoolId, school.id));
  const existingContacts = existingFamilies.length
    ? await db
        .select()
        .from(contacts)
        .where(
          inArray(
            contacts.familyId,
            db.select({ id: families.id }).from(families).where(eq(families.schoolId, school.id)),
          ),
        )
    : [];
  const assignments = existingStudents.length
    ? await db
        .select()
        .from(studentEducators)
        .where(
          and(
            inArray(
              studentEducators.studentId,
              db.select({ id: students.id }).from(students).where(eq(students.schoolId, school.id)),
            ),
            eq(studentEducators.schoolYear, year),
          ),
        )
    : [];
  const seen = { families: new Set<string>(), contacts: new Set<string>(), students: new Set<string>() };
  // Indexes: a 10,000-student roster must not be matched with nested scans.
  const familyByKey = new Map(existingFamilies.filter((f) => f.externalId).map((f) => [f.externalId!, f]));
  const contactByKey = new Map(
    existingContacts.filter((c) => c.externalId).map((c) => [`${c.familyId}|${c.externalId}`, c]),
  );
  const studentByKey = new Map(existingStudents.filter((st) => st.externalId).map((st) => [st.externalId!, st]));
  const rosterStudentByKey = new Map(ourStudents.map((st) => [st.externalId, st]));
  const teachersOf = new Map<string, Set<string>>();
  for (const a of assignments)
    teachersOf.set(a.studentId, (teachersOf.get(a.studentId) ?? new Set()).add(a.educatorId));

  // A turn of the event loop every 250 households, so planning a district does not hold it.
  const pace = pacer(250);
  for (const household of groupHouseholds(ourStudents, roster.guardians)) {
    await pace(1);
    const members = household.studentIds.map((id) => rosterStudentByKey.get(id)!);
    const people = household.guardianIds.map((id) => guardians.get(id)).filter((g) => g !== undefined);
    const first = people[0];
    const surname = members.find((m) => m.lastName)?.lastName;
    const wanted = {
      displayName: surname ? `${surname} family` : `${first?.name ?? members[0]!.firstName} household`,
      language: people.find((g) => g.language)?.language ?? defaults.language,
      channel:
        people.find((g) => g.channel)?.channel ??
        (people.some((g) => g.phone) ? "sms" : people.some((g) => g.email) ? "email" : defaults.channel),
    } as const;
    let family = familyByKey.get(household.key);
    if (!family) {
      const id = newId("fam", at);
      newFamilies.push({
        id,
        schoolId: school.id,
        externalId: household.key,
        ...wanted,
        timezone: school.timezone,
        createdAt: now,
        updatedAt: now,
      });
      family = { id } as typeof families.$inferSelect;
      tally("families", "new");
    } else {
      const changed =
        family.displayName !== wanted.displayName ||
        family.language !== wanted.language ||
        family.channel !== wanted.channel ||
        !family.active;
      if (changed)
        statement(
          db
            .update(families)
            .set({ ...wanted, active: true, updatedAt: now })
            .where(eq(families.id, family.id)),
        );
      tally("families", changed);
    }
    seen.families.add(family.id);

    for (const g of people) {
      const found = contactByKey.get(`${family.id}|${g.externalId}`);
      const values = {
        name: g.name,
        relationship: g.relationship,
        phone: g.phone,
        email: g.email,
        language: g.language,
        channel: g.channel,
      };
      if (!found) {
        const id = newId("con", at);
        newContacts.push({
          id,
          familyId: family.id,
          externalId: g.externalId,
          ...values,
          createdAt: now,
          updatedAt: now,
        });
        seen.contacts.add(id);
        tally("contacts", "new");
        continue;
      }
      seen.contacts.add(found.id);
      const changed =
        (Object.keys(values) as (keyof typeof values)[]).some((k) => found[k] !== values[k]) || !found.active;
      if (changed)
        statement(
          db
            .update(contacts)
            .set({ ...values, active: true, updatedAt: now })
            .where(eq(contacts.id, found.id)),
        );
      tally("contacts", changed);
    }

    for (const m of members) {
      const values = {
        familyId: family.id,
        firstName: m.firstName,
        lastInitial: m.lastName ? m.lastName.slice(0, 1).toUpperCase() : null,
        grade: m.grade as "K",
      };
      let found = studentByKey.get(m.externalId);
      if (!found) {
        const id = newId("stu", at);
        newStudents.push({
          id,
          schoolId: school.id,
          externalId: m.externalId,
          ...values,
          createdAt: now,
          updatedAt: now,
        });
        found = { id } as typeof students.$inferSelect;
        tally("students", "new");
      } else {
        const changed =
          found.familyId !== values.familyId ||
          found.firstName !== values.firstName ||
          found.lastInitial !== values.lastInitial ||
          found.grade !== values.grade ||
          !found.active;
        if (changed)
          statement(
            db
              .update(students)
              .set({ ...values, active: true, updatedAt: now })
              .where(eq(students.id, found.id)),
          );
        tally("students", changed);
      }
      seen.students.add(found.id);
      const teachers = m.educatorIds.map((id) => educatorId.get(id) ?? id).filter((id) => id.startsWith("edu_"));
      const current = teachersOf.get(found.id) ?? new Set<string>();
      for (const teacher of teachers) {
        if (!current.has(teacher)) {
          newAssignments.push({ studentId: found.id, educatorId: teacher, schoolYear: year, createdAt: now });
        }
      }
      // A student whose class list is incomplete (a bad enrollment row) keeps the teachers they have.
      const pruned = held.assignments.has(m.externalId) ? [] : [...current].filter((id) => !teachers.includes(id));
      for (const gone of pruned) {
        statement(
          db
            .delete(studentEducators)
            .where(
              and(
                eq(studentEducators.studentId, found.id),
                eq(studentEducators.educatorId, gone),
                eq(studentEducators.schoolYear, year),
              ),
            ),
        );
      }
    }
  }

  // Full sync: whoever the import manages and the file no longer lists is deactivated — unless
  // a row that failed validation names them (or, for families and guardians, one of their
  // children): then the file does list them, and a typo must not switch them off.
  const heldFamilies = new Set(
    existingStudents.filter((st) => st.externalId && held.students.has(st.externalId)).map((st) => st.familyId),
  );
  const keepStudent = (st: (typeof existingStudents)[number]) =>
    seen.students.has(st.id) || held.students.has(st.externalId!);
  const keepFamily = (f: (typeof existingFamilies)[number]) => seen.families.has(f.id) || heldFamilies.has(f.id);
  const keepContact = (c: (typeof existingContacts)[number]) =>
    seen.contacts.has(c.id) || held.guardians.has(c.externalId!) || heldFamilies.has(c.familyId);
  const deactivate = <T extends { id: string; externalId: string | null; active: boolean }>(
    rows: T[],
    keep: (row: T) => boolean,
    kind: keyof KindCounts,
    table: typeof students | typeof contacts | typeof families | typeof educators,
    nameOf: (row: T) => string,
  ) => {
    for (const row of rows.filter((r) => r.externalId && r.active && !keep(r))) {
      statement(db.update(table).set({ active: false, updatedAt: now }).where(eq(table.id, row.id)));
      counts[kind].deactivated++;
      deactivations.push({ kind, name: nameOf(row), externalId: row.externalId! });
    }
  };
  deactivate(existingStudents, keepStudent, "students", students, (st) =>
    [st.firstName, st.lastInitial && `${st.lastInitial}.`].filter(Boolean).join(" "),
  );
  deactivate(existingContacts, keepContact, "contacts", contacts, (c) => c.name);
  deactivate(existingFamilies, keepFamily, "families", families, (f) => f.displayName);
  const rosterEducators = new Set(educatorId.values());
  deactivate(
    staff,
    (e) => rosterEducators.has(e.id) || held.educators.has(e.externalId!),
    "educators",
    educators,
    (e) => `${e.name} <${e.email}>`,
  );
  // New rows first (families before the students and contacts that point at them), cut to fit
  // the database's bound-parameter limit (D1: 100), then the updates and deactivations.
  const limit = boundParameterLimit(db);
  const inserts = <
    T extends typeof educators | typeof families | typeof contacts | typeof students | typeof studentEducators,
  >(
    table: T,
    keys: readonly (keyof T["$inferInsert"] & string)[],
    rows: Partial<T["$inferInsert"]>[],
    tail?: string,
  ) => chunk(rows, rowsPerStatement(keys.length, limit)).map((part) => insertRows(table, keys, part, { tail }));
  const ordered: RawStatement[] = [
    ...inserts(
      educators,
      ["id", "schoolId", "externalId", "name", "email", "phone", "role", "createdAt", "updatedAt"],
      newEducators,
    ),
    ...inserts(
      families,
      ["id", "schoolId", "externalId", "displayName", "language", "channel", "timezone", "createdAt", "updatedAt"],
      newFamilies,
    ),
    ...inserts(
      contacts,
      [
        "id",
        "familyId",
        "externalId",
        "name",
        "relationship",
        "phone",
        "email",
        "language",
        "channel",
        "createdAt",
        "updatedAt",
      ],
      newContacts,
    ),
    ...inserts(
      students,
      ["id", "schoolId", "familyId", "externalId", "firstName", "lastInitial", "grade", "createdAt", "updatedAt"],
      newStudents,
    ),
    ...inserts(
      studentEducators,
      ["studentId", "educatorId", "schoolYear", "createdAt"],
      newAssignments,
      "on conflict do nothing",
    ),
    ...statements,
  ];
  return { counts, statements: ordered, deactivations };
}
