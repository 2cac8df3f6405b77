import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../db/migrate-node";
import { trainingAttendance, trainings } from "../../db/schema";
import { schoolYearOf } from "../../src/domain/school-year";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/**
 * Migration 0030's data statements, exactly as shipped, run again on a database that holds visits
 * from before the training rule (the column they need is there already: the test app migrated).
 */
async function runBackfill() {
  const file = readFileSync(join(MIGRATIONS_FOLDER, "0030_training_before_doorstep.sql"), "utf8");
  const [, ...backfill] = file.split("--> statement-breakpoint");
  for (const statement of backfill) await t.deps.db.run(sql.raw(statement));
}

const inviteAt = async (familyId: string, educatorIds: string[]) => {
  const slot = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
  return t.api("POST", "/visits", { familyId, educatorIds, round: 1, slots: [slot], location: "home" });
};

describe("existing educators when the training rule shipped (migration 0030)", () => {
  it("PTHV 'educators are trained before visiting': educators who already led or partnered a visit are recorded as trained before Doorstep; a new educator is still refused naming the rule", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id, { name: "Lou Lead" }, { trained: false });
    const partner = await makeEducator(t.deps, school.id, { name: "Pia Partner" }, { trained: false });
    const newcomer = await makeEducator(t.deps, school.id, { name: "Nia New" }, { trained: false });
    const visited = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    await makeCompletedVisit(t.deps, {
      familyId: visited.family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    // A school nobody has visited from gets nothing.
    const quiet = await makeSchool(t.deps, { programModel: "hvp" });
    await makeEducator(t.deps, quiet.id, {}, { trained: false });

    await runBackfill();

    const rows = await t.deps.db.select().from(trainings);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      schoolId: school.id,
      kind: "introductory",
      beforeDoorstep: true,
      durationMinutes: 180,
    });
    expect(row!.id).toMatch(/^trg_0{10}[0-9A-F]{16}$/);
    expect(row!.schoolYear).toBe(schoolYearOf(new Date(`${row!.heldOn}T12:00:00Z`), "UTC"));
    const attended = await t.deps.db
      .select()
      .from(trainingAttendance)
      .where(eq(trainingAttendance.trainingId, row!.id));
    expect(attended.map((a) => a.educatorId).sort()).toEqual([lead.id, partner.id].sort());

    // The rule is judged on the day the migration ran (its school year).
    t.clock.set(`${row!.heldOn}T15:00:00Z`);
    const other = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    expect((await inviteAt(other.family.id, [lead.id, partner.id])).status).toBe(201);
    const refused = await inviteAt((await makeFamily(t.deps, school.id, { teachers: [lead.id] })).family.id, [
      lead.id,
      newcomer.id,
    ]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields["educatorIds.1"]).toBe(
      "Nia New has no introductory training on record; educators are trained before visiting (rule pthv.training)",
    );
    // The report says how much of the trained share is carried over; the page names the record.
    const report = await t.api("GET", `/reports/fidelity?schoolId=${school.id}`);
    expect(report.body.lines).toContainEqual(
      expect.objectContaining({
        rule: "educators trained (a introductory training)",
        actual: "67% (2 of 3; 2 trained before Doorstep)",
      }),
    );
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const page = await (
      await t.app.request(`/fidelity?school=${school.id}`, {
        headers: { cookie: await sessionCookie(t.deps, coordinator.id) },
      })
    ).text();
    expect(page).toContain("recorded when the training rule shipped, for educators already visiting");
  });

  it("HOME WORKS! 'two mandatory trainings for teachers': the carried-over record stands for the year the rule shipped only; next year two trainings must be recorded", async () => {
    const school = await makeSchool(t.deps, { programModel: "homeworks" });
    const lead = await makeEducator(t.deps, school.id, { name: "Hana Lead" }, { trained: false });
    const partner = await makeEducator(t.deps, school.id, { name: "Omar Partner" }, { trained: false });
    const visited = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    await makeCompletedVisit(t.deps, {
      familyId: visited.family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    await runBackfill();
    const [row] = await t.deps.db.select().from(trainings);
    expect(row).toMatchObject({ kind: "mandatory", beforeDoorstep: true });

    t.clock.set(`${row!.heldOn}T15:00:00Z`);
    const family = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    expect((await inviteAt(family.family.id, [lead.id, partner.id])).status).toBe(201);

    // A year on: one record is not two trainings this school year.
    t.clock.advance(365 * 86_400_000);
    const nextYear = schoolYearOf(t.clock.now(), "America/Chicago");
    expect(nextYear).not.toBe(row!.schoolYear);
    const later = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    const refused = await inviteAt(later.family.id, [lead.id, partner.id]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields["educatorIds.0"]).toBe(
      "Hana Lead has 0 of the 2 mandatory trainings this school year required before visiting (rule homeworks.training)",
    );
    // The coordinator's way out: record the year's two trainings.
    const heldOn = t.clock.now().toISOString().slice(0, 10);
    for (const title of ["Fall training", "Winter training"]) {
      const recorded = await t.api("POST", "/trainings", {
        schoolId: school.id,
        kind: "mandatory",
        title,
        heldOn,
        durationMinutes: 120,
        educatorIds: [lead.id, partner.id],
      });
      expect(recorded.status).toBe(201);
    }
    expect((await inviteAt(later.family.id, [lead.id, partner.id])).status).toBe(201);
  });
});
