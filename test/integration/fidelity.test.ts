import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, eventInvitations, events, visitEducators } from "../../db/schema";
import type { ServiceContext } from "../../src/context";
import { newId } from "../../src/domain/ids";
import { recordReflection } from "../../src/services/fidelity/record-reflection";
import { saveVisitNotes } from "../../src/services/visits/save-visit-notes";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(); // now: 2026-11-02T15:00Z, school year 2026-27
});
afterEach(() => t.close());

const invite = (familyId: string, educatorIds: string[]) =>
  t.api("POST", "/visits", { familyId, educatorIds, round: 1, slots: ["2026-11-10T16:30:00-06:00"], location: "home" });
const train = (schoolId: string, educatorIds: string[], kind: string, heldOn = "2026-08-20") =>
  t.api("POST", "/trainings", { schoolId, kind, title: `${kind} training`, heldOn, durationMinutes: 180, educatorIds });
const lineOf = async (schoolId: string, rule: string) => {
  const report = await t.api("GET", `/reports/fidelity?schoolId=${schoolId}`);
  return report.body.lines.find((l: { rule: string }) => l.rule === rule);
};

describe("trainings (seed: educators are trained before visiting)", () => {
  it("PTHV 'educators are trained … a 3-hour introductory training': an untrained partner is refused naming the rule until a coordinator records it", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id, { name: "Pat Untrained" }, { trained: false });
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id] });

    const refused = await invite(family.id, [lead.id, partner.id]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({
      "educatorIds.1":
        "Pat Untrained has no introductory training on record; educators are trained before visiting (rule pthv.training)",
    });
    expect(await lineOf(school.id, "educators trained (a introductory training)")).toMatchObject({
      actual: "50% (1 of 2)",
      met: false,
    });

    // A mandatory training is not the introductory one PTHV asks for.
    expect((await train(school.id, [partner.id], "mandatory")).status).toBe(201);
    expect((await invite(family.id, [lead.id, partner.id])).status).toBe(400);
    const recorded = await train(school.id, [partner.id], "introductory");
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ schoolYear: "2026-27", educatorIds: [partner.id] });
    expect((await invite(family.id, [lead.id, partner.id])).status).toBe(201);
    expect(await lineOf(school.id, "educators trained (a introductory training)")).toMatchObject({
      actual: "100% (2 of 2)",
      met: true,
    });
  });

  it("HOME WORKS! 'two mandatory trainings for teachers': one this year is not enough and last year's do not count", async () => {
    const school = await makeSchool(t.deps, { programModel: "homeworks" });
    const lead = await makeEducator(t.deps, school.id, { name: "Lee Lead" }, { trained: false });
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    await train(school.id, [lead.id], "mandatory", "2026-05-10"); // school year 2025-26
    await train(school.id, [lead.id], "mandatory", "2026-08-20");
    const refused = await invite(family.id, [lead.id, partner.id]);
    expect(refused.body.error.fields["educatorIds.0"]).toBe(
      "Lee Lead has 1 of the 2 mandatory trainings this school year required before visiting (rule homeworks.training)",
    );
    await train(school.id, [lead.id], "mandatory", "2026-10-05");
    expect((await invite(family.id, [lead.id, partner.id])).status).toBe(201);
  });

  it("the invitation form names the rule and links coordinators to record the training; bad input and other roles are refused", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id, { name: "Pat Untrained" }, { trained: false });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    const post = async (educatorId: string) =>
      t.app.request(`/families/${family.id}/invite`, {
        method: "POST",
        headers: {
          cookie: `${await sessionCookie(t.deps, educatorId)}; doorstep_csrf=x`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          _csrf: "x",
          partnerId: partner.id,
          round: "1",
          times: "2026-11-10T16:30",
          location: "home",
        }),
      });
    const form = await (
      await t.app.request(`/families/${family.id}/invite`, {
        headers: { cookie: await sessionCookie(t.deps, lead.id) },
      })
    ).text();
    expect(form).toMatch(/Pat Untrained[^<]*not trained yet/);
    const asCoordinator = await post(coordinator.id);
    const html = await asCoordinator.text();
    expect(asCoordinator.status).toBe(400);
    expect(html).toContain("rule pthv.training");
    expect(html).toContain(`href="/fidelity?school=${school.id}#trainings"`);
    // A teacher is told who can fix it; the link is the coordinator's.
    const asTeacher = await (await post(lead.id)).text();
    expect(asTeacher).toContain("Ask your coordinator to record the training.");
    expect(asTeacher).not.toContain("/fidelity?school=");

    // The coordinator's page records it; then the same invitation goes.
    const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
    const fidelityPage = await (await t.app.request(`/fidelity?school=${school.id}`, { headers: { cookie } })).text();
    expect(fidelityPage).toContain("educators trained (a introductory training)");
    const recorded = await t.app.request(`/fidelity/trainings?school=${school.id}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["_csrf", "x"],
        ["kind", "introductory"],
        ["title", "PTHV introductory training"],
        ["heldOn", "2026-09-12"],
        ["durationMinutes", "180"],
        ["educatorIds", partner.id],
      ]),
    });
    expect(recorded.status).toBe(303);
    expect((await post(lead.id)).status).toBe(303);

    const teacher = await sessionCookie(t.deps, lead.id);
    const teacherApi = await t.app.request("/api/v1/trainings", {
      method: "POST",
      headers: { cookie: teacher, "content-type": "application/json", origin: "http://doorstep.test" },
      body: JSON.stringify({
        schoolId: school.id,
        kind: "introductory",
        title: "x",
        heldOn: "2026-08-20",
        durationMinutes: 180,
        educatorIds: [lead.id],
      }),
    });
    expect(teacherApi.status).toBe(403);
    const other = await makeSchool(t.deps);
    const stranger = await makeEducator(t.deps, other.id);
    const bad = await t.api("POST", "/trainings", {
      schoolId: school.id,
      kind: "webinar",
      title: "",
      heldOn: "2026-13-40",
      durationMinutes: 0,
      educatorIds: [],
    });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      "durationMinutes",
      "educatorIds",
      "heldOn",
      "kind",
      "title",
    ]);
    const wrongSchool = await train(school.id, [stranger.id], "introductory");
    expect(wrongSchool.body.error.fields).toEqual({ "educatorIds.0": "is not an educator of this school" });
    expect((await train(school.id, [partner.id], "introductory", "2026-12-24")).body.error.fields.heldOn).toMatch(
      /future/,
    );
  });
});

describe("staff commitment and site coordinators", () => {
  it("PTHV '50% or more of staff support home visits': agreed and supports count, over teachers and coordinators", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const staff = [
      await makeEducator(t.deps, school.id),
      await makeEducator(t.deps, school.id),
      await makeEducator(t.deps, school.id),
      await makeEducator(t.deps, school.id, { role: "coordinator" }),
    ];
    const rule = "staff who support home visits (agreed or supports)";
    expect(await lineOf(school.id, rule)).toEqual({ rule, target: "≥ 50%", actual: "0% (0 of 4)", met: false });
    await t.api("PUT", `/educators/${staff[0]!.id}/commitment`, { commitment: "agreed" });
    const supports = await t.api("PUT", `/educators/${staff[1]!.id}/commitment`, { commitment: "supports" });
    expect(supports.body).toEqual({ educatorId: staff[1]!.id, schoolYear: "2026-27", commitment: "supports" });
    await t.api("PUT", `/educators/${staff[2]!.id}/commitment`, { commitment: "declined" });
    expect(await lineOf(school.id, rule)).toEqual({ rule, target: "≥ 50%", actual: "50% (2 of 4)", met: true });
    // Recording again replaces the answer.
    await t.api("PUT", `/educators/${staff[1]!.id}/commitment`, { commitment: "declined" });
    expect((await lineOf(school.id, rule)).actual).toBe("25% (1 of 4)");
    const bad = await t.api("PUT", `/educators/${staff[0]!.id}/commitment`, { commitment: "maybe" });
    expect(bad.body.error.fields.commitment).toBe("must be one of agreed, supports, declined");
  });

  it("HOME WORKS! 'a school joins when 50% of classroom teachers agree' and 'two site coordinators'", async () => {
    const school = await makeSchool(t.deps, { programModel: "homeworks" });
    const a = await makeEducator(t.deps, school.id);
    const b = await makeEducator(t.deps, school.id);
    const c = await makeEducator(t.deps, school.id, { role: "coordinator" });
    await t.api("PUT", `/educators/${a.id}/commitment`, { commitment: "supports" }); // not agreement
    await t.api("PUT", `/educators/${c.id}/commitment`, { commitment: "agreed" }); // not a classroom teacher
    const rule = "classroom teachers who agreed to take part";
    expect(await lineOf(school.id, rule)).toMatchObject({ actual: "0% (0 of 2)", met: false });
    await t.api("PUT", `/educators/${b.id}/commitment`, { commitment: "agreed" });
    expect(await lineOf(school.id, rule)).toMatchObject({ actual: "50% (1 of 2)", met: true });

    expect(await lineOf(school.id, "site coordinators")).toEqual({
      rule: "site coordinators",
      target: "2",
      actual: "0",
      met: false,
    });
    const set = await t.api("PUT", `/schools/${school.id}/site-coordinators`, { educatorIds: [c.id, a.id] });
    expect(set.body.educatorIds).toEqual([c.id, a.id]);
    expect(await lineOf(school.id, "site coordinators")).toMatchObject({ actual: "2", met: true });
    const other = await makeEducator(t.deps, (await makeSchool(t.deps)).id);
    const refused = await t.api("PUT", `/schools/${school.id}/site-coordinators`, { educatorIds: [other.id] });
    expect(refused.body.error.fields).toEqual({ "educatorIds.0": "is not an active educator of this school" });
    expect((await lineOf(school.id, "site coordinators")).actual).toBe("2"); // nothing half-written
  });
});

describe("visits, meetings and reflection measured per student, family and pair", () => {
  it("HOME WORKS! 'two home visits per student, per year': round-2 completion of the students visited in round 1", async () => {
    const school = await makeSchool(t.deps, { programModel: "homeworks" });
    const a = await makeEducator(t.deps, school.id);
    const b = await makeEducator(t.deps, school.id);
    const one = await makeFamily(t.deps, school.id, { teachers: [a.id] });
    const two = await makeFamily(t.deps, school.id, { teachers: [a.id] });
    for (const f of [one, two])
      await makeCompletedVisit(t.deps, {
        familyId: f.family.id,
        schoolId: school.id,
        educatorIds: [a.id, b.id],
        at: "2026-09-15T22:00:00Z",
        cadenceDays: 30,
      });
    const rule = "students visited twice (round 2 of those visited in round 1)";
    expect(await lineOf(school.id, rule)).toMatchObject({ target: "100%", actual: "0% (0 of 2)", met: false });
    await makeCompletedVisit(t.deps, {
      familyId: one.family.id,
      schoolId: school.id,
      educatorIds: [a.id, b.id],
      at: "2026-10-20T22:00:00Z",
      cadenceDays: 30,
      round: 2,
    });
    expect(await lineOf(school.id, rule)).toMatchObject({ actual: "50% (1 of 2)", met: false });
  });

  it("PTLT 'each family attends 3 team meetings': counted per family from the attendance checklist", async () => {
    const school = await makeSchool(t.deps, { programModel: "ptlt" });
    const regular = await makeFamily(t.deps, school.id);
    const sometimes = await makeFamily(t.deps, school.id);
    const now = t.clock.now();
    for (let i = 0; i < 3; i++) {
      const eventId = newId("evt");
      await t.deps.db.insert(events).values({
        id: eventId,
        schoolId: school.id,
        schoolYear: "2026-27",
        kind: "team_meeting",
        title: `Meeting ${i}`,
        startsAt: now,
        createdAt: now,
        updatedAt: now,
      });
      await t.deps.db.insert(eventInvitations).values([
        { id: newId("inv"), eventId, familyId: regular.family.id, attended: true, createdAt: now, updatedAt: now },
        { id: newId("inv"), eventId, familyId: sometimes.family.id, attended: i === 0, createdAt: now, updatedAt: now },
      ]);
    }
    expect(await lineOf(school.id, "families who attended 3 team meetings")).toEqual({
      rule: "families who attended 3 team meetings",
      target: "100%",
      actual: "50% (1 of 2)",
      met: false,
    });
    expect(await lineOf(school.id, "team meetings this year")).toMatchObject({ actual: "3", met: true });
  });

  it("PTHV 'educators go in pairs and reflect': each of the pair records their own reflection; the rate is per pair", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id, { name: "Ana Lead" });
    const partner = await makeEducator(t.deps, school.id, { name: "Ben Partner" });
    const outsider = await makeEducator(t.deps, school.id);
    const f1 = await makeFamily(t.deps, school.id, { teachers: [lead.id, outsider.id] });
    const f2 = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    const v1 = await makeCompletedVisit(t.deps, {
      familyId: f1.family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    await makeCompletedVisit(t.deps, {
      familyId: f2.family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-02T22:00:00Z",
      cadenceDays: 30,
    });
    const reflect = async (educatorId: string, text: string) =>
      t.app.request(`/api/v1/visits/${v1}/reflection`, {
        method: "PUT",
        headers: {
          cookie: await sessionCookie(t.deps, educatorId),
          "content-type": "application/json",
          origin: "http://doorstep.test",
        },
        body: JSON.stringify({ reflection: text }),
      });
    expect((await reflect(lead.id, "Her grandmother runs the house; I assumed otherwise")).status).toBe(200);
    const rule = "visits where both educators reflected";
    expect(await lineOf(school.id, rule)).toMatchObject({ actual: "0% (0 of 2)", met: false });
    // The partner — who is not the child's teacher, so scoped out of the family — still cannot reflect: 404.
    expect((await reflect(partner.id, "Listen more")).status).toBe(404);
    // The child's other teacher sees the family but was not on the visit.
    expect((await reflect(outsider.id, "I was not there")).status).toBe(403);
    // A partner who teaches the child reflects.
    const partnerTeaching = await makeEducator(t.deps, school.id, { name: "Cy Partner" });
    await t.deps.db
      .update(visitEducators)
      .set({ educatorId: partnerTeaching.id })
      .where(eq(visitEducators.educatorId, partner.id));
    const { studentEducators } = await import("../../db/schema");
    await t.deps.db.insert(studentEducators).values({
      studentId: f1.students[0]!.id,
      educatorId: partnerTeaching.id,
      schoolYear: "2026-27",
      createdAt: t.clock.now(),
    });
    expect((await reflect(partnerTeaching.id, "Listen more")).status).toBe(200);
    const report = await t.api("GET", `/reports/fidelity?schoolId=${school.id}`);
    expect(report.body.lines).toContainEqual({ rule, target: "100%", actual: "50% (1 of 2)", met: false });
    expect(report.body.pairs).toEqual([
      {
        educatorIds: [lead.id, partnerTeaching.id].sort(),
        names: "Ana Lead & Cy Partner",
        visits: 2,
        reflected: 1,
        rate: 0.5,
      },
    ]);
    expect(report.body.surveys).toEqual([]); // this school has sent no survey
    const empty = await t.api("PUT", `/visits/${v1}/reflection`, { reflection: "  " });
    expect(empty.body.error.fields.reflection).toBe("is required");
  });
});

describe("notes and reflection are two things", () => {
  it("PTHV 'educators go in pairs and reflect': the rate per pair reads each one's reflection, never their notes about the family", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id, { name: "Ana Lead" });
    const partner = await makeEducator(t.deps, school.id, { name: "Ben Partner" });
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id] });
    const visitId = await makeCompletedVisit(t.deps, {
      familyId: family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    const ctxOf = (e: { id: string; name: string }): ServiceContext => ({
      deps: t.deps,
      actor: {
        type: "educator",
        educatorId: e.id,
        role: "educator",
        schoolId: school.id,
        districtId: school.districtId,
        name: e.name,
        timeZone: school.timezone,
      },
    });
    const rule = "visits where both educators reflected";
    // Both write notes about the family: no reflection is recorded.
    await saveVisitNotes(ctxOf(lead), { visitId, notes: "Grandmother does the school run" });
    await saveVisitNotes(ctxOf(partner), { visitId, notes: "He loves soccer" });
    expect(await lineOf(school.id, rule)).toMatchObject({ actual: "0% (0 of 1)", met: false });
    // Both reflect: the visit counts, and their notes are untouched by it.
    await recordReflection(ctxOf(lead), visitId, "I assumed reading was the worry; it is attendance");
    await recordReflection(ctxOf(partner), visitId, "I listened more than I talked");
    expect(await lineOf(school.id, rule)).toMatchObject({ actual: "100% (1 of 1)", met: true });
    const seats = await t.deps.db.select().from(visitEducators).where(eq(visitEducators.visitId, visitId));
    expect(seats.map((s) => [s.notes, s.reflection]).sort()).toEqual(
      [
        ["Grandmother does the school run", "I assumed reading was the worry; it is attendance"],
        ["He loves soccer", "I listened more than I talked"],
      ].sort(),
    );
  });
});

describe("compensation log (seed: educators are compensated for arranging, conducting and debriefing)", () => {
  it("each educator logs their own minutes; the pay-period export has every seat and totals, and is audited", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id, { name: "Ana Lead" });
    const partner = await makeEducator(t.deps, school.id, { name: "Ben Partner" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const f1 = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id] });
    const f2 = await makeFamily(t.deps, school.id, { teachers: [lead.id] });
    const v1 = await makeCompletedVisit(t.deps, {
      familyId: f1.family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-06T23:30:00Z",
      cadenceDays: 30,
    });
    const v2 = await makeCompletedVisit(t.deps, {
      familyId: f2.family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-20T23:30:00Z",
      cadenceDays: 30,
    });
    const logAs = async (educatorId: string, visitId: string, body: Record<string, unknown>) =>
      t.app.request(`/api/v1/visits/${visitId}/time`, {
        method: "PUT",
        headers: {
          cookie: await sessionCookie(t.deps, educatorId),
          "content-type": "application/json",
          origin: "http://doorstep.test",
        },
        body: JSON.stringify(body),
      });
    const minutes = { arrangingMinutes: 20, conductingMinutes: 40, debriefingMinutes: 15 };
    const ok = await logAs(lead.id, v1, minutes);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ educatorId: lead.id, totalMinutes: 75 });
    expect((await logAs(lead.id, v1, { ...minutes, educatorId: partner.id })).status).toBe(403);
    expect((await logAs(coordinator.id, v2, { ...minutes, conductingMinutes: 45, educatorId: lead.id })).status).toBe(
      200,
    );
    const bad = await logAs(partner.id, v1, { arrangingMinutes: -5, conductingMinutes: 40 });
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      arrangingMinutes: "cannot be negative",
      debriefingMinutes: expect.any(String),
    });

    const period = await t.api("GET", `/reports/compensation?schoolId=${school.id}&from=2026-10-01&to=2026-10-15`);
    expect(
      period.body.rows.map((r: { educator: string; totalMinutes: number | null }) => [r.educator, r.totalMinutes]),
    ).toEqual([
      ["Ana Lead", 75],
      ["Ben Partner", null], // listed even with no time logged
    ]);
    expect(period.body.totals).toEqual([
      { educatorId: lead.id, educator: "Ana Lead", visits: 1, totalMinutes: 75, unlogged: 0 },
      { educatorId: partner.id, educator: "Ben Partner", visits: 1, totalMinutes: 0, unlogged: 1 },
    ]);
    const csv = await t.app.request(`/fidelity/compensation.csv?school=${school.id}&from=2026-10-01&to=2026-10-31`, {
      headers: { cookie: await sessionCookie(t.deps, coordinator.id) },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).split("\r\n");
    expect(lines[0]).toBe(
      "educator,educator_id,visit_id,role,visited_at_local,arranging_minutes,conducting_minutes,debriefing_minutes,total_minutes,attested",
    );
    expect(lines).toContain(`Ana Lead,${lead.id},${v1},lead,2026-10-06 18:30,20,40,15,75,yes`);
    expect(lines).toContain(`TOTAL Ana Lead,${lead.id},2 visits,,,,,,155,`);
    expect(lines).toContain(`TOTAL Ben Partner,${partner.id},2 visits (2 with no time logged),,,,,,0,`);
    const teacherCsv = await t.app.request(
      `/fidelity/compensation.csv?school=${school.id}&from=2026-10-01&to=2026-10-31`,
      {
        headers: { cookie: await sessionCookie(t.deps, lead.id) },
      },
    );
    expect(teacherCsv.status).toBe(403);
    await t.deps.settle();
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "export.compensation_log"));
    expect(audits).toHaveLength(2);
    expect(
      (await t.api("GET", `/reports/compensation?schoolId=${school.id}&from=2026-10-15&to=2026-10-01`)).body.error
        .fields,
    ).toEqual({ to: "is before from" });
  });
});

describe("the pair's after-visit form on the family page", () => {
  it("PTHV 'go in pairs and reflect' and compensation: the partner saves a reflection and minutes from the web", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id] });
    const visitId = await makeCompletedVisit(t.deps, {
      familyId: family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    const cookie = `${await sessionCookie(t.deps, partner.id)}; doorstep_csrf=x`;
    const page = await (await t.app.request(`/families/${family.id}`, { headers: { cookie } })).text();
    expect(page).toContain(`action="/visits/${visitId}/after"`);
    const saved = await t.app.request(`/visits/${visitId}/after`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: "x",
        reflection: "Dad coaches the team",
        arrangingMinutes: "10",
        conductingMinutes: "50",
        debriefingMinutes: "",
      }),
    });
    expect(saved.status).toBe(303);
    const [seat] = await t.deps.db.select().from(visitEducators).where(eq(visitEducators.educatorId, partner.id));
    expect(seat).toMatchObject({
      reflection: "Dad coaches the team",
      arrangingMinutes: 10,
      conductingMinutes: 50,
      debriefingMinutes: 0,
      minutesSpent: 60,
    });
    const refused = await t.app.request(`/visits/${visitId}/after`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x", arrangingMinutes: "-3" }),
    });
    expect(refused.status).toBe(400);
    expect(
      (await t.deps.db.select().from(visitEducators).where(eq(visitEducators.educatorId, partner.id)))[0]!.minutesSpent,
    ).toBe(60);
  });
});

describe("deleting a family", () => {
  it("erases the pair's reflections on its visits and keeps their minutes (pay records)", async () => {
    const { deleteFamily } = await import("../../src/services/deletion/delete-family");
    const school = await makeSchool(t.deps, { programModel: "pthv" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id], displayName: "Quinn family" });
    const visitId = await makeCompletedVisit(t.deps, {
      familyId: family.id,
      schoolId: school.id,
      educatorIds: [lead.id, partner.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 30,
    });
    await t.deps.db
      .update(visitEducators)
      .set({ reflection: "Mom works nights", minutesSpent: 70 })
      .where(eq(visitEducators.visitId, visitId));
    const actor = { type: "api_token" as const, role: "district_admin" as const, districtId: school.districtId };
    await deleteFamily({ deps: t.deps, actor }, { familyId: family.id, confirmName: "Quinn family" });
    const seats = await t.deps.db.select().from(visitEducators).where(eq(visitEducators.visitId, visitId));
    expect(seats.map((s) => [s.reflection, s.minutesSpent])).toEqual([
      [null, 70],
      [null, 70],
    ]);
  });
});
