import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, type OpenedDatabase, openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate-node";
import {
  conferenceSlots,
  contacts,
  educators,
  eventInvitations,
  events,
  families,
  messages,
  messageTranslations,
  schools,
  studentEducators,
  students,
  surveyAnswers,
  visits,
} from "../../db/schema";
import { type SeedSummary, seedDemoDistrict } from "../../db/seed/demo-district";
import { isDatabaseEmpty } from "../../db/seed/is-empty";
import { VISIT_STATUSES } from "../../src/domain/enums";
import { surveyResponseRates } from "../../src/services/surveys/response-rates";

const NOW = new Date("2026-11-02T15:00:00Z");
const DAY_MS = 86_400_000;

const tempDirs: string[] = [];
const handles: OpenedDatabase[] = [];

/** A migrated database in its own temp directory, closed and removed after the suite. */
async function freshDatabase(): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-seed-"));
  tempDirs.push(dir);
  const handle = await openDatabase({ url: `file:${join(dir, "seed.db")}` });
  handles.push(handle);
  await migrateDatabase(handle.db);
  return handle.db;
}

afterAll(() => {
  for (const handle of handles) handle.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("seedDemoDistrict", () => {
  let db: Db;
  let summary: SeedSummary;
  let emptyBefore: boolean;
  let emptyAfter: boolean;

  beforeAll(async () => {
    db = await freshDatabase();
    emptyBefore = await isDatabaseEmpty(db);
    summary = await seedDemoDistrict(db, NOW);
    emptyAfter = await isDatabaseEmpty(db);
  }, 60_000);

  it("seeds an empty database, which then no longer reads as empty", () => {
    expect(emptyBefore).toBe(true);
    expect(emptyAfter).toBe(false);
  });

  it("reports the counts it wrote", async () => {
    expect(summary.districts).toBe(1);
    expect(summary.schools).toBe((await db.select().from(schools)).length);
    expect(summary.families).toBe((await db.select().from(families)).length);
    expect(summary.contacts).toBe((await db.select().from(contacts)).length);
    expect(summary.students).toBe((await db.select().from(students)).length);
    expect(summary.visits).toBe((await db.select().from(visits)).length);
    expect(summary.messages).toBe((await db.select().from(messages)).length);
    expect(summary.messages).toBeGreaterThanOrEqual(600);
    expect(summary.messages).toBeLessThanOrEqual(1200);
  });

  it("has three schools on different program models", async () => {
    const rows = await db.select().from(schools);
    expect(rows.map((s) => s.programModel).sort()).toEqual(["homeworks", "hvp", "pthv", "ptlt"]);
  });

  it("PTLT school: three team meetings with per-family attendance, a conference with slots booked in several languages", async () => {
    const [ptlt] = await db.select().from(schools).where(eq(schools.programModel, "ptlt"));
    const schoolEvents = await db.select().from(events).where(eq(events.schoolId, ptlt!.id));
    expect(schoolEvents.filter((e) => e.kind === "team_meeting")).toHaveLength(3);
    const conference = schoolEvents.find((e) => e.kind === "conference")!;
    const slots = await db.select().from(conferenceSlots).where(eq(conferenceSlots.eventId, conference.id));
    expect(slots.length).toBe(12);
    const booked = slots.filter((s) => s.familyId);
    expect(booked.length).toBeGreaterThanOrEqual(4);
    const bookers = await db
      .select()
      .from(families)
      .where(
        inArray(
          families.id,
          booked.map((s) => s.familyId!),
        ),
      );
    expect(new Set(bookers.map((f) => f.language)).size).toBeGreaterThanOrEqual(4);
    const attendance = await db
      .select()
      .from(eventInvitations)
      .where(
        inArray(
          eventInvitations.eventId,
          schoolEvents.filter((e) => e.kind === "team_meeting").map((e) => e.id),
        ),
      );
    expect(attendance.some((i) => i.attended === true)).toBe(true);
    expect(attendance.some((i) => i.attended === false)).toBe(true);
  });

  it("has staff: one district admin, a coordinator per school, teachers with known emails", async () => {
    const staff = await db.select().from(educators);
    expect(staff.length).toBeGreaterThanOrEqual(8);
    expect(staff.filter((e) => e.role === "district_admin")).toHaveLength(1);
    const schoolRows = await db.select().from(schools);
    for (const school of schoolRows) {
      expect(staff.some((e) => e.role === "coordinator" && e.schoolId === school.id)).toBe(true);
    }
    const emails = staff.map((e) => e.email);
    for (const email of [
      "admin@cedarvalley.example.org",
      "maria.gonzalez@cedarvalley.example.org",
      "james.carter@cedarvalley.example.org",
      "coordinator.riverside@cedarvalley.example.org",
      "coordinator.lincoln@cedarvalley.example.org",
    ]) {
      expect(emails).toContain(email);
    }
    expect(staff.some((e) => e.languages.length > 1)).toBe(true);
  });

  it("has 85–110 families speaking many languages (HOME WORKS! and PTLT schools included)", async () => {
    const rows = await db.select().from(families);
    expect(rows.length).toBeGreaterThanOrEqual(85);
    expect(rows.length).toBeLessThanOrEqual(110);
    const languages = new Set(rows.map((f) => f.language));
    expect(languages.size).toBeGreaterThanOrEqual(6);
    for (const tag of ["es", "vi", "ar", "zh-Hans", "so", "hmn"]) expect(languages).toContain(tag);
  });

  it("uses only fictional phone numbers, and some families are email-only", async () => {
    const contactRows = await db.select().from(contacts);
    const phones = contactRows.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(phones.length).toBeGreaterThan(0);
    for (const phone of phones) expect(phone).toMatch(/^\+1\d{3}55501\d{2}$/);

    const familyRows = await db.select().from(families);
    const emailOnly = familyRows.filter((f) => {
      const own = contactRows.filter((c) => c.familyId === f.id);
      return own.length > 0 && own.every((c) => !c.phone && c.email);
    });
    expect(emailOnly.length).toBeGreaterThanOrEqual(3);
    for (const f of emailOnly) expect(f.channel).toBe("email");
  });

  it("has a household whose children have different teachers", async () => {
    const rows = await db
      .select({ familyId: students.familyId, educatorId: studentEducators.educatorId })
      .from(students)
      .innerJoin(studentEducators, eq(studentEducators.studentId, students.id));
    const teachersByFamily = new Map<string, string[]>();
    for (const r of rows) teachersByFamily.set(r.familyId, [...(teachersByFamily.get(r.familyId) ?? []), r.educatorId]);
    const siblingsWithDifferentTeachers = [...teachersByFamily.values()].filter(
      (teachers) => teachers.length >= 2 && new Set(teachers).size >= 2,
    );
    expect(siblingsWithDifferentTeachers.length).toBeGreaterThanOrEqual(1);
  });

  it("has visits in every status, and HVP visits only ever at home", async () => {
    const rows = await db.select().from(visits);
    const statuses = new Set(rows.map((v) => v.status));
    for (const status of VISIT_STATUSES) expect(statuses).toContain(status);

    const [hvp] = await db.select().from(schools).where(eq(schools.programModel, "hvp"));
    const hvpVisits = rows.filter((v) => v.schoolId === hvp!.id);
    expect(hvpVisits.length).toBeGreaterThan(0);
    expect(hvpVisits.filter((v) => v.location !== "home")).toEqual([]);

    for (const v of rows.filter((r) => r.status === "completed")) {
      expect(v.startsAt!.getTime()).toBeLessThan(NOW.getTime());
      expect(v.startsAt!.getTime()).toBeGreaterThan(NOW.getTime() - 91 * DAY_MS);
    }
  });

  it("has two-way message history within the last 90 days, some of it opened by families", async () => {
    const rows = await db.select().from(messages);
    const directions = new Set(rows.map((m) => m.direction));
    expect(directions).toEqual(new Set(["in", "out"]));
    for (const m of rows) {
      expect(m.occurredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(m.occurredAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 91 * DAY_MS);
    }
    expect(rows.some((m) => m.initiatedBy === "family")).toBe(true);
    // Staff who do not read the family's language get an English rendering, through the same
    // table live translations use (from the demo translation memory), never a column of its own.
    const translated = new Map((await db.select().from(messageTranslations)).map((t) => [t.messageId, t]));
    for (const m of rows) {
      expect(m.translatedBody).toBeNull();
      const t = translated.get(m.id);
      expect(t !== undefined).toBe(m.language !== "en");
      if (t) {
        expect(t).toMatchObject({ engine: "memory", status: "done" });
        expect(t.direction).toBe(m.direction === "in" ? "to_staff" : "to_family");
        expect(t.text).toBeTruthy();
      }
    }
  });

  it("shows each model's fidelity records: every visiting educator trained, PTHV staff commitment, time logs and reflections with gaps", async () => {
    const { educatorCommitments, trainingAttendance, trainings, visitEducators } = await import("../../db/schema");
    const { checkPairTraining, PROGRAM_MODELS } = await import("../../src/domain/program-models");
    const schoolRows = await db.select().from(schools);
    const staff = await db.select().from(educators);
    const held = await db.select().from(trainings);
    const attended = await db.select().from(trainingAttendance);
    const declined = new Set(
      (await db.select().from(educatorCommitments)).filter((c) => c.commitment === "declined").map((c) => c.educatorId),
    );
    for (const school of schoolRows) {
      const model = school.programModel;
      const kinds = PROGRAM_MODELS[model].training?.kinds ?? [];
      // The seed rule "educators are trained before visiting": the demo's teachers can invite.
      for (const e of staff.filter((x) => x.schoolId === school.id && x.role !== "district_admin")) {
        const mine = attended.filter(
          (a) => a.educatorId === e.id && held.some((h) => h.id === a.trainingId && kinds.includes(h.kind as never)),
        );
        const record = {
          educatorId: e.id,
          name: e.name,
          ever: mine.length,
          thisYear: mine.filter((a) => held.find((h) => h.id === a.trainingId)?.schoolYear === "2026-27").length,
        };
        // HOME WORKS!: the one teacher who declined to visit missed the second training.
        if (!declined.has(e.id)) expect(checkPairTraining(model, [record])).toEqual([]);
      }
    }
    const commitments = await db.select().from(educatorCommitments);
    expect(new Set(commitments.map((c) => c.commitment))).toEqual(new Set(["agreed", "supports", "declined"]));
    const seats = await db.select().from(visitEducators);
    const logged = seats.filter((s) => s.minutesSpent !== null && s.arrangingMinutes !== null);
    expect(logged.length).toBeGreaterThan(20);
    for (const s of logged)
      expect(s.minutesSpent).toBe(s.arrangingMinutes! + s.conductingMinutes! + s.debriefingMinutes!);
    const reflected = seats.filter((s) => s.reflection !== null);
    expect(reflected.length).toBeGreaterThan(5);
    expect(reflected.length).toBeLessThan(seats.length);
  });

  it("shows the HVP school's end-of-year family survey answered in several languages, with a response rate", async () => {
    const [hvp] = await db.select().from(schools).where(eq(schools.programModel, "hvp"));
    const rates = await surveyResponseRates({ deps: { db } as never }, { schoolId: hvp!.id, schoolYear: "2026-27" });
    const family = rates.find((r) => r.preset === "hvp_family")!;
    expect(family.recipients).toBeGreaterThanOrEqual(10);
    expect(family.rate).toBeGreaterThan(0.3);
    expect(family.rate).toBeLessThan(1);
    expect(rates.find((r) => r.preset === "hvp_educator")!.responded).toBeGreaterThan(0);
    const languages = new Set(
      (
        await db
          .select({ language: surveyAnswers.language })
          .from(surveyAnswers)
          .where(eq(surveyAnswers.surveyId, family.surveyId))
      ).map((r) => r.language),
    );
    expect(languages.size).toBeGreaterThanOrEqual(3);
  });

  it("produces identical rows from the same `now`", async () => {
    const other = await freshDatabase();
    await seedDemoDistrict(other, NOW);
    const familyIds = async (d: Db) =>
      (await d.select({ id: families.id }).from(families).orderBy(asc(families.id))).map((r) => r.id);
    const bodies = async (d: Db) =>
      (await d.select({ body: messages.body }).from(messages).orderBy(asc(messages.occurredAt), asc(messages.id))).map(
        (r) => r.body,
      );
    expect(await familyIds(other)).toEqual(await familyIds(db));
    expect(await bodies(other)).toEqual(await bodies(db));
    const answers = async (d: Db) =>
      (await d.select().from(surveyAnswers).orderBy(asc(surveyAnswers.id))).map((r) => [r.id, r.value, r.text]);
    expect(await answers(other)).toEqual(await answers(db));
  }, 60_000);
});

describe("the demo district's fidelity pages", () => {
  it("every model's report has real-looking numbers: no target without an actual, HOME WORKS! with round 2, site coordinators, commitment and trainings", async () => {
    const { createTestApp, TEST_NOW } = await import("../support/test-app");
    const t = await createTestApp();
    try {
      await seedDemoDistrict(t.deps.db, new Date(TEST_NOW));
      const schoolRows = await t.deps.db.select().from(schools);
      const reports = new Map<string, { rule: string; actual: string | null; met: boolean | null }[]>();
      for (const school of schoolRows) {
        const report = await t.api("GET", `/reports/fidelity?schoolId=${school.id}`);
        expect(report.status).toBe(200);
        reports.set(school.programModel, report.body.lines);
        for (const line of report.body.lines) {
          expect({ model: school.programModel, rule: line.rule, actual: line.actual }).not.toMatchObject({
            actual: null,
          });
          expect({ model: school.programModel, rule: line.rule, actual: line.actual }).not.toMatchObject({
            actual: expect.stringMatching(/^0%?( |$)/),
          });
        }
      }
      const homeworks = reports.get("homeworks")!;
      const actual = (rule: string) => homeworks.find((l) => l.rule.startsWith(rule))?.actual;
      expect(actual("students visited twice")).toMatch(/^\d+% \(\d+ of \d+\)$/);
      expect(actual("site coordinators")).toBe("2");
      expect(actual("classroom teachers who agreed")).toBe("67% (4 of 6)");
      expect(actual("educators trained")).toBe("86% (6 of 7)");
      expect(actual("family dinners")).toBe("2");
      expect(actual("Home Visit Evaluation Form")).toMatch(/^\d+ of \d+$/);
    } finally {
      t.close();
    }
  }, 60_000);
});
