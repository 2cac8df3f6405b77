import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import {
  classFamilies,
  contacts,
  conversationDays,
  conversationRollup,
  families,
  familyCadence,
  messages,
  schoolCounts,
  schools,
  studentEducators,
  students,
  studentVisits,
  touchDays,
  touchLog,
  visitStudents,
  visits,
} from "../../db/schema";
import { seedDemoDistrict } from "../../db/seed/demo-district";
import { isTouch } from "../../src/domain/cadence";
import { MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from "../../src/domain/enums";
import { newId } from "../../src/domain/ids";
import { makeFamily, makeSchool } from "../support/factories";
import { createTestApp, TEST_NOW, type TestApp } from "../support/test-app";

/**
 * The rollups (db/schema/rollups.ts) are kept by triggers; these tests recompute them from raw
 * rows with the domain's own rules (isTouch in TypeScript, not the SQL copy) and compare, after
 * seeding and after every kind of change a running system makes.
 */
const NOW = new Date(TEST_NOW);
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function recomputed(db: Db) {
  const [allFamilies, allVisits, allMessages, allContacts, allStudents, assignments, visited] = await Promise.all([
    db.select().from(families),
    db.select().from(visits),
    db.select().from(messages),
    db.select().from(contacts),
    db.select().from(students),
    db.select().from(studentEducators),
    db.select().from(visitStudents),
  ]);
  const studentById = new Map(allStudents.map((st) => [st.id, st]));
  const classes = new Map<
    string,
    { educatorId: string; schoolYear: string; familyId: string; schoolId: string; students: number }
  >();
  for (const a of assignments) {
    const student = studentById.get(a.studentId)!;
    const key = `${a.educatorId} ${a.schoolYear} ${student.familyId}`;
    const row = classes.get(key) ?? {
      educatorId: a.educatorId,
      schoolYear: a.schoolYear,
      familyId: student.familyId,
      schoolId: student.schoolId,
      students: 0,
    };
    row.students++;
    classes.set(key, row);
  }
  const visitById = new Map(allVisits.map((v) => [v.id, v]));
  const studentVisitRows = new Map<
    string,
    { studentId: string; schoolYear: string; schoolId: string; visits: number }
  >();
  for (const vs of visited) {
    const v = visitById.get(vs.visitId)!;
    if (v.status !== "completed") continue;
    const key = `${vs.studentId} ${v.schoolYear} ${v.schoolId}`;
    const row = studentVisitRows.get(key) ?? {
      studentId: vs.studentId,
      schoolYear: v.schoolYear,
      schoolId: v.schoolId,
      visits: 0,
    };
    row.visits++;
    studentVisitRows.set(key, row);
  }
  const schoolOf = new Map(allFamilies.map((f) => [f.id, f.schoolId]));
  const activeOf = new Map(allFamilies.map((f) => [f.id, f.active]));
  const touches = allMessages.filter((m) => m.familyId && isTouch(m));
  const cadence = allFamilies.map((f) => {
    const plan = allVisits
      .filter((v) => v.familyId === f.id && v.status === "completed" && v.startsAt && v.planCadenceDays)
      .sort((a, b) => b.startsAt!.getTime() - a.startsAt!.getTime())[0];
    const latestVisit = allVisits
      .filter((v) => v.familyId === f.id && v.status === "completed")
      .sort((a, b) => (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0))[0];
    const own = touches.filter((m) => m.familyId === f.id).map((m) => m.occurredAt.getTime());
    const people = allContacts.filter((c) => c.familyId === f.id);
    return {
      familyId: f.id,
      schoolId: f.schoolId,
      active: f.active,
      planVisitedAt: plan?.startsAt?.getTime() ?? null,
      planCadenceDays: plan?.planCadenceDays ?? null,
      lastTouchAt: own.length ? Math.max(...own) : null,
      visitedYear: latestVisit?.schoolYear ?? null,
      optedOut: people.some((c) => c.smsOptedOutAt || c.emailOptedOutAt),
      unreachable: people.some((c) => c.smsUnreachableAt || c.emailUnreachableAt),
    };
  });
  const log = touches.map((m) => ({
    messageId: m.id,
    familyId: m.familyId!,
    schoolId: schoolOf.get(m.familyId!)!,
    active: activeOf.get(m.familyId!)!,
    educatorId: m.educatorId,
    at: m.occurredAt.getTime(),
    fromFamily: m.direction === "in",
  }));
  const conversations = new Map<
    string,
    { familyId: string; schoolId: string; active: boolean; initiatedBy: string; last: number }
  >();
  for (const m of allMessages) {
    if (!m.conversationId || !m.initiatedBy || !m.familyId) continue;
    const seen = conversations.get(m.conversationId);
    const at = m.occurredAt.getTime();
    if (!seen || at > seen.last)
      conversations.set(m.conversationId, {
        familyId: m.familyId,
        schoolId: schoolOf.get(m.familyId)!,
        active: activeOf.get(m.familyId)!,
        initiatedBy: seen?.initiatedBy ?? m.initiatedBy,
        last: at,
      });
  }
  const DAY = 86_400_000;
  const touchDayRows = new Map<
    string,
    { schoolId: string; day: number; fromFamily: boolean; educatorId: string; touches: number }
  >();
  for (const l of log.filter((l) => l.active)) {
    const row = {
      schoolId: l.schoolId,
      day: Math.floor(l.at / DAY),
      fromFamily: l.fromFamily,
      educatorId: l.educatorId ?? "",
      touches: 0,
    };
    const key = JSON.stringify(Object.values(row).slice(0, 4));
    (touchDayRows.get(key) ?? touchDayRows.set(key, row).get(key)!).touches++;
  }
  const conversationDayRows = new Map<
    string,
    { schoolId: string; day: number; initiatedBy: string; conversations: number }
  >();
  for (const c of conversations.values()) {
    if (!c.active) continue;
    const row = { schoolId: c.schoolId, day: Math.floor(c.last / DAY), initiatedBy: c.initiatedBy, conversations: 0 };
    const key = JSON.stringify(Object.values(row).slice(0, 3));
    (conversationDayRows.get(key) ?? conversationDayRows.set(key, row).get(key)!).conversations++;
  }
  const counts = new Map<string, { schoolId: string; measure: string; key: string; n: number }>();
  const count = (schoolId: string, measure: string, key: string) => {
    const id = `${schoolId} ${measure} ${key}`;
    (counts.get(id) ?? counts.set(id, { schoolId, measure, key, n: 0 }).get(id)!).n++;
  };
  for (const f of cadence.filter((f) => f.active)) {
    count(f.schoolId, "families", "");
    if (f.planCadenceDays !== null) count(f.schoolId, "plan", String(f.planCadenceDays));
    if (f.visitedYear !== null) count(f.schoolId, "visited", f.visitedYear);
    if (f.optedOut) count(f.schoolId, "opted_out", "");
    if (f.unreachable) count(f.schoolId, "unreachable", "");
  }
  for (const st of allStudents.filter((st) => st.active)) count(st.schoolId, "students", "");
  return {
    schoolCounts: [...counts.values()].sort(byKey),
    touchDays: [...touchDayRows.values()].sort(byKey),
    conversationDays: [...conversationDayRows.values()].sort(byKey),
    classes: [...classes.values()]
      .map((c) => {
        const f = cadence.find((row) => row.familyId === c.familyId)!;
        const baselineAt = f.planVisitedAt === null ? null : Math.max(f.planVisitedAt, f.lastTouchAt ?? 0);
        return { ...c, active: f.active, planCadenceDays: f.planCadenceDays, baselineAt };
      })
      .sort(byKey),
    studentVisits: [...studentVisitRows.values()].sort(byKey),
    cadence: sortBy(cadence, "familyId"),
    log: sortBy(log, "messageId"),
    conversations: [...conversations]
      .map(([conversationId, c]) => ({ conversationId, ...c }))
      .sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
  };
}

async function rollups(db: Db) {
  const [cadence, log, conversations, classes, visitsOfStudents, dayTouches, dayConversations, counts] =
    await Promise.all([
      db.select().from(familyCadence),
      db.select().from(touchLog),
      db.select().from(conversationRollup),
      db.select().from(classFamilies),
      db.select().from(studentVisits),
      db.select().from(touchDays),
      db.select().from(conversationDays),
      db.select().from(schoolCounts),
    ]);
  return {
    schoolCounts: counts.sort(byKey),
    touchDays: dayTouches.sort(byKey),
    conversationDays: dayConversations.sort(byKey),
    classes: classes.map((c) => ({ ...c, baselineAt: c.baselineAt?.getTime() ?? null })).sort(byKey),
    studentVisits: visitsOfStudents.sort(byKey),
    cadence: sortBy(
      cadence.map(({ baselineAt: _, ...c }) => ({
        ...c,
        planVisitedAt: c.planVisitedAt?.getTime() ?? null,
        lastTouchAt: c.lastTouchAt?.getTime() ?? null,
      })),
      "familyId",
    ),
    log: sortBy(
      log.map((l) => ({ ...l, at: l.at.getTime() })),
      "messageId",
    ),
    conversations: conversations
      .map((c) => ({
        conversationId: c.conversationId,
        familyId: c.familyId,
        schoolId: c.schoolId,
        active: c.active,
        initiatedBy: c.initiatedBy,
        last: c.lastMessageAt.getTime(),
      }))
      .sort((a, b) => a.conversationId.localeCompare(b.conversationId)),
  };
}

const byKey = (a: object, b: object) =>
  JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)));

function sortBy<T extends Record<K, string>, K extends string>(rows: T[], key: K): T[] {
  return [...rows].sort((a, b) => a[key].localeCompare(b[key]));
}

const expectRollupsMatch = async (db: Db) => expect(await rollups(db)).toEqual(await recomputed(db));

describe("cadence rollups equal a recomputation from raw rows", () => {
  it("after seeding the demo district and after the changes a running system makes", async () => {
    const { db } = t.deps;
    await seedDemoDistrict(db, NOW);
    await expectRollupsMatch(db);
    const sample = await db.select().from(messages).limit(400);
    expect((await db.select().from(touchLog)).length).toBeGreaterThan(100);

    // Delivery receipts and failures: a sent text that turns out undelivered is no touch.
    const outgoing = sample.filter((m) => m.direction === "out" && m.familyId);
    for (const m of outgoing.slice(0, 20))
      await db.update(messages).set({ status: "undelivered" }).where(eq(messages.id, m.id));
    for (const m of outgoing.slice(20, 40))
      await db.update(messages).set({ status: "read" }).where(eq(messages.id, m.id));
    await expectRollupsMatch(db);

    // Routing: an inbound text stored without a family, then filed to one with a conversation.
    const [family] = await db.select().from(families).limit(1);
    const inboundId = newId("msg");
    await db.insert(messages).values({
      id: inboundId,
      direction: "in",
      kind: "personal",
      channel: "sms",
      language: "en",
      body: "hola",
      status: "received",
      occurredAt: new Date(NOW.getTime() + 60_000),
    });
    await expectRollupsMatch(db);
    await db
      .update(messages)
      .set({ familyId: family!.id, conversationId: "cnv_routed", initiatedBy: "family" })
      .where(eq(messages.id, inboundId));
    await expectRollupsMatch(db);

    // Visits: a plan changed at the second visit, a completed visit cancelled, one deleted.
    const completed = await db.select().from(visits).where(eq(visits.status, "completed"));
    await db.update(visits).set({ planCadenceDays: 7 }).where(eq(visits.id, completed[0]!.id));
    await db.update(visits).set({ status: "cancelled" }).where(eq(visits.id, completed[1]!.id));
    await expectRollupsMatch(db);

    // A family moves to the other school and another leaves the program.
    const allSchools = await db.select().from(schools);
    const mover = (await db.select().from(families).where(eq(families.schoolId, allSchools[0]!.id)))[0]!;
    await db.update(families).set({ schoolId: allSchools[1]!.id }).where(eq(families.id, mover.id));
    await db.update(families).set({ active: false }).where(eq(families.id, family!.id));
    await expectRollupsMatch(db);

    // Contacts opt out, bounce, come back, and one is removed.
    const people = await db.select().from(contacts).limit(6);
    await db.update(contacts).set({ smsOptedOutAt: NOW }).where(eq(contacts.id, people[0]!.id));
    await db.update(contacts).set({ emailUnreachableAt: NOW }).where(eq(contacts.id, people[1]!.id));
    await db.update(contacts).set({ smsOptedOutAt: null }).where(eq(contacts.id, people[0]!.id));
    const extra = newId("con");
    await db.insert(contacts).values({ id: extra, familyId: people[3]!.familyId, name: "Tío", smsUnreachableAt: NOW });
    await expectRollupsMatch(db);
    await db.delete(contacts).where(eq(contacts.id, extra));
    await expectRollupsMatch(db);

    // Class lists change: a student leaves a class, joins another, moves household; visits are
    // completed, reopened and lose a student.
    const [assignment] = await db.select().from(studentEducators).limit(1);
    await db
      .delete(studentEducators)
      .where(
        and(
          eq(studentEducators.studentId, assignment!.studentId),
          eq(studentEducators.educatorId, assignment!.educatorId),
        ),
      );
    await expectRollupsMatch(db);
    const [someone] = await db.select().from(students).limit(1);
    await db
      .insert(studentEducators)
      .values({ studentId: someone!.id, educatorId: assignment!.educatorId, schoolYear: "2025-26" });
    await expectRollupsMatch(db);
    // Two classmates from different households: one moves in with the other (their class rows merge).
    const classmates = await db
      .select({ studentId: studentEducators.studentId, familyId: students.familyId })
      .from(studentEducators)
      .innerJoin(students, eq(students.id, studentEducators.studentId))
      .where(
        and(
          eq(studentEducators.educatorId, assignment!.educatorId),
          eq(studentEducators.schoolYear, assignment!.schoolYear),
        ),
      );
    const [classmate, host] = [classmates[0]!, classmates.find((c) => c.familyId !== classmates[0]!.familyId)!];
    const hostClass = and(
      eq(classFamilies.familyId, host.familyId),
      eq(classFamilies.educatorId, assignment!.educatorId),
    );
    expect(await db.select().from(classFamilies).where(hostClass)).toHaveLength(1);
    await db.update(students).set({ familyId: host.familyId }).where(eq(students.id, classmate.studentId));
    await expectRollupsMatch(db);
    // A student leaves the program; another changes school.
    await db.update(students).set({ active: false }).where(eq(students.id, someone!.id));
    const schoolsNow = await db.select().from(schools);
    await db.update(students).set({ schoolId: schoolsNow[1]!.id }).where(eq(students.id, classmate.studentId));
    await expectRollupsMatch(db);
    const withStudents = (
      await db
        .select({ visitId: visitStudents.visitId, studentId: visitStudents.studentId })
        .from(visitStudents)
        .innerJoin(visits, eq(visits.id, visitStudents.visitId))
        .where(eq(visits.status, "completed"))
    ).slice(0, 2);
    expect(withStudents).toHaveLength(2);
    const reopened = withStudents[0]!.visitId;
    await db.update(visits).set({ status: "scheduled" }).where(eq(visits.id, reopened));
    await expectRollupsMatch(db);
    await db.update(visits).set({ status: "completed" }).where(eq(visits.id, reopened));
    await db
      .delete(visitStudents)
      .where(
        and(
          eq(visitStudents.visitId, withStudents[1]!.visitId),
          eq(visitStudents.studentId, withStudents[1]!.studentId),
        ),
      );
    await expectRollupsMatch(db);

    // Deleting messages (a conversation's last message and the family's last touch).
    await db.delete(messages).where(eq(messages.id, inboundId));
    await expectRollupsMatch(db);
  });

  it("the migration's backfill derives the same rollups from data that existed before it", async () => {
    const { db } = t.deps;
    await seedDemoDistrict(db, NOW);
    // As before the migrations ran: no rollup triggers, empty rollups; then each backfill in order.
    const files = [
      "0010_cadence_rollup_triggers.sql",
      "0012_class_and_visit_rollup_triggers.sql",
      "0014_day_counter_triggers.sql",
      "0016_school_count_triggers.sql",
    ];
    const statements = files.flatMap((file) =>
      readFileSync(join(import.meta.dirname, "../../db/migrations", file), "utf8").split("--> statement-breakpoint"),
    );
    for (const [, name] of statements.join("\n").matchAll(/CREATE TRIGGER `([a-z_]+)`/g)) {
      await db.run(sql.raw(`drop trigger ${name}`));
    }
    const tables = [
      schoolCounts,
      conversationDays,
      touchDays,
      conversationRollup,
      touchLog,
      familyCadence,
      classFamilies,
      studentVisits,
    ];
    for (const table of tables) await db.delete(table);
    const backfill = statements.filter((s) => !s.includes("CREATE TRIGGER"));
    expect(backfill.length).toBeGreaterThanOrEqual(9);
    for (const statement of backfill) await db.run(sql.raw(statement));
    await expectRollupsMatch(db);
  });

  it("counts exactly the messages isTouch counts, for every direction × kind × status", async () => {
    const { db } = t.deps;
    const school = await makeSchool(t.deps);
    const { family } = await makeFamily(t.deps, school.id);
    const rows = MESSAGE_DIRECTIONS.flatMap((direction) =>
      MESSAGE_KINDS.flatMap((kind) =>
        MESSAGE_STATUSES.map((status, i) => ({
          id: newId("msg"),
          familyId: family.id,
          direction,
          kind,
          status,
          channel: "sms" as const,
          language: "en",
          body: "x",
          occurredAt: new Date(NOW.getTime() - i * 60_000),
        })),
      ),
    );
    for (let i = 0; i < rows.length; i += 50) await db.insert(messages).values(rows.slice(i, i + 50));
    const logged = new Set((await db.select({ id: touchLog.messageId }).from(touchLog)).map((r) => r.id));
    const mismatched = rows.filter((m) => logged.has(m.id) !== isTouch(m));
    expect(mismatched.map((m) => `${m.direction} ${m.kind} ${m.status}`)).toEqual([]);
    expect(logged.size).toBeGreaterThan(0);
    await expectRollupsMatch(db);
  });
});
