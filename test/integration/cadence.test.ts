import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messages } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

const completedVisit = (
  familyId: string,
  schoolId: string,
  educatorIds: string[],
  at: string,
  cadenceDays: number,
  round = 1,
) => makeCompletedVisit(t.deps, { familyId, schoolId, educatorIds, at, cadenceDays, round });

async function message(familyId: string, at: string, over: Partial<typeof messages.$inferInsert> = {}) {
  const now = t.clock.now();
  await t.deps.db.insert(messages).values({
    id: newId("msg"),
    familyId,
    direction: "out",
    kind: "personal",
    channel: "sms",
    language: "es",
    body: "x",
    status: "delivered",
    occurredAt: new Date(at),
    createdAt: now,
    updatedAt: now,
    ...over,
  });
}

describe("cadence", () => {
  it("computes statuses from the latest completed visit's plan and real touches; a logged call counts", async () => {
    const school = await makeSchool(t.deps, { programModel: "hvp" });
    const a = await makeEducator(t.deps, school.id);
    const b = await makeEducator(t.deps, school.id);
    const onTrack = await makeFamily(t.deps, school.id, { teachers: [a.id] });
    const overdue = await makeFamily(t.deps, school.id, { teachers: [a.id] });
    const called = await makeFamily(t.deps, school.id, { teachers: [b.id] });
    const noPlan = await makeFamily(t.deps, school.id, { teachers: [b.id] });
    await completedVisit(onTrack.family.id, school.id, [a.id, b.id], "2026-10-01T22:00:00Z", 42);
    await completedVisit(overdue.family.id, school.id, [a.id, b.id], "2026-08-01T22:00:00Z", 42);
    await message(overdue.family.id, "2026-09-01T15:00:00Z", { kind: "broadcast" }); // not a touch
    await completedVisit(called.family.id, school.id, [b.id, a.id], "2026-08-01T22:00:00Z", 42);
    // The plan changed at the second visit: 14 days now.
    await completedVisit(called.family.id, school.id, [b.id, a.id], "2026-10-10T22:00:00Z", 14, 2);

    const log = await t.api("POST", `/families/${called.family.id}/logged-contacts`, {
      educatorId: b.id,
      kind: "call",
      at: "2026-10-30T20:00:00Z",
      note: "Talked about reading",
    });
    expect(log.status).toBe(201);

    const report = await t.api("GET", `/cadence?schoolId=${school.id}`);
    expect(report.status).toBe(200);
    const status = (id: string) => report.body.families.find((f: { familyId: string }) => f.familyId === id);
    expect(status(onTrack.family.id)).toMatchObject({ status: "on_track", cadenceDays: 42, nextDueAt: "2026-11-12" });
    expect(status(overdue.family.id)).toMatchObject({ status: "overdue", daysOverdue: 51 });
    expect(status(called.family.id)).toMatchObject({
      status: "on_track",
      cadenceDays: 14,
      nextDueAt: "2026-11-13",
      lastTouchAt: "2026-10-30T20:00:00.000Z",
    });
    expect(status(noPlan.family.id)).toMatchObject({ status: "no_plan" });
    expect(report.body.summary).toMatchObject({ families: 4, onTrack: 2, overdue: 1, noPlan: 1, dueSoon: 0 });

    const onlyOverdue = await t.api("GET", `/cadence?status=overdue`);
    expect(onlyOverdue.body.families.map((f: { familyId: string }) => f.familyId)).toEqual([overdue.family.id]);
    const classOfB = await t.api("GET", `/cadence?educatorId=${b.id}`);
    expect(classOfB.body.families.map((f: { familyId: string }) => f.familyId).sort()).toEqual(
      [called.family.id, noPlan.family.id].sort(),
    );
  });

  it("logging a contact names bad fields; another school's coordinator sees none of it (404, no rows)", async () => {
    const a = await makeSchool(t.deps);
    const b = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, a.id);
    const coordinatorB = await makeEducator(t.deps, b.id, { role: "coordinator" });
    const { family } = await makeFamily(t.deps, a.id, { teachers: [teacher.id] });
    const bad = await t.api("POST", `/families/${family.id}/logged-contacts`, {
      educatorId: teacher.id,
      kind: "visit",
      at: "tomorrow",
    });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["at", "kind"]);
    const future = await t.api("POST", `/families/${family.id}/logged-contacts`, {
      educatorId: teacher.id,
      kind: "call",
      at: "2027-01-01T00:00:00Z",
    });
    expect(future.body.error.fields).toEqual({ at: "is in the future" });
    const cookie = await sessionCookie(t.deps, coordinatorB.id);
    const res = await t.app.request(`/api/v1/families/${family.id}/logged-contacts`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "http://doorstep.test" },
      body: JSON.stringify({ educatorId: coordinatorB.id, kind: "call", at: "2026-10-30T20:00:00Z" }),
    });
    expect(res.status).toBe(404);
    const report = (await (await t.app.request("/api/v1/cadence", { headers: { cookie } })).json()) as {
      families: unknown[];
    };
    expect(report.families).toEqual([]);
  });
});

describe("logging a contact from the family page", () => {
  it("a teacher logs a call on their own clock and the family is back on track", async () => {
    const school = await makeSchool(t.deps, { programModel: "hvp" });
    const teacher = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    await completedVisit(family.id, school.id, [teacher.id, partner.id], "2026-08-01T22:00:00Z", 42);
    expect((await t.api("GET", "/cadence")).body.families[0].status).toBe("overdue");
    const cookie = `${await sessionCookie(t.deps, teacher.id)}; doorstep_csrf=x`;
    const page = await (await t.app.request(`/families/${family.id}`, { headers: { cookie } })).text();
    expect(page).toContain("Log a call or conversation");
    const res = await t.app.request(`/families/${family.id}/logged-contacts`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x", kind: "call", at: "2026-11-02T08:15", note: "Mom says thanks" }),
    });
    expect(res.headers.get("location")).toBe(`/families/${family.id}?logged=1`);
    const report = await t.api("GET", "/cadence");
    expect(report.body.families[0]).toMatchObject({ status: "on_track", lastTouchAt: "2026-11-02T14:15:00.000Z" });
  });
});

describe("the coordinator dashboard", () => {
  it("shows the same numbers as the API, lists the overdue with a message link, and exports an audited CSV", async () => {
    const school = await makeSchool(t.deps, { programModel: "pthv", name: "Riverside" });
    const other = await makeSchool(t.deps, { name: "Elsewhere" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const a = await makeEducator(t.deps, school.id, { name: "Ana Teacher" });
    const b = await makeEducator(t.deps, school.id, { name: "Ben Teacher" });
    const late = await makeFamily(t.deps, school.id, { teachers: [a.id], displayName: "=Late family" });
    const fine = await makeFamily(t.deps, school.id, { teachers: [b.id] });
    await makeFamily(t.deps, other.id, { displayName: "Other school family" });
    await completedVisit(late.family.id, school.id, [a.id, b.id], "2026-08-01T22:00:00Z", 30);
    await completedVisit(fine.family.id, school.id, [b.id, a.id], "2026-10-20T22:00:00Z", 30);
    await message(fine.family.id, "2026-10-28T15:00:00Z", {
      direction: "in",
      status: "received",
      conversationId: "c1",
      initiatedBy: "family",
    });

    const cookie = await sessionCookie(t.deps, coordinator.id);
    const html = await (await t.app.request(`/dashboard?school=${other.id}`, { headers: { cookie } })).text();
    expect(html).toContain("Dashboard · Riverside"); // another school's id is ignored: own school only
    expect(html).not.toContain("Other school family");
    const api = (await (
      await t.app.request(`/api/v1/cadence?schoolId=${school.id}`, { headers: { cookie } })
    ).json()) as { summary: { overdue: number; familyInitiatedShare: number } };
    expect(html).toContain(`>${api.summary.overdue}<`);
    expect(html).toContain(`/inbox/${late.family.id}#compose`);
    expect(html).toContain("=Late family");
    expect(html).toContain(">100%<"); // students visited
    expect(html).toContain("target ≥ 10%");

    const csv = await t.app.request(`/dashboard.csv?school=${school.id}`, { headers: { cookie } });
    const text = await csv.text();
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(text.split("\r\n")[0]).toBe(
      "family_id,family,status,last_touch_at,next_due_on,cadence_days,days_overdue,conversations,family_initiated_conversations,language,educators,guardian,guardian_phone,guardian_email,other_guardians",
    );
    expect(text).toContain(`${late.family.id},'=Late family,overdue`);
    const { auditLog } = await import("../../db/schema");
    await t.deps.settle(); // access-audit rows are written after the response
    const audits = await t.deps.db.select().from(auditLog);
    expect(audits.some((row) => row.action === "export.cadence")).toBe(true);

    const teacher = await sessionCookie(t.deps, a.id);
    expect((await t.app.request("/dashboard", { headers: { cookie: teacher } })).status).toBe(403);
  });
});

describe("dashboard overdue list", () => {
  // One cadence reads each cadence's index range; more than eight sort all overdue families.
  for (const cadences of [[14], [7, 10, 14, 21, 28, 30, 35, 42, 60]]) {
    it(`lists the 50 most overdue, longest first, with the total (${cadences.length} cadence(s))`, async () => {
      const school = await makeSchool(t.deps, { name: "Big School" });
      const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
      const teacher = await makeEducator(t.deps, school.id);
      // 52 families visited on 52 different days in June–August: all overdue by different amounts.
      for (let i = 0; i < 52; i++) {
        const { family } = await makeFamily(t.deps, school.id, { displayName: `Family ${i}` });
        const at = new Date(Date.UTC(2026, 5, 1 + i, 18));
        await completedVisit(family.id, school.id, [teacher.id], at.toISOString(), cadences[i % cadences.length]!);
      }
      const cookie = await sessionCookie(t.deps, coordinator.id);
      const api = (await (
        await t.app.request(`/api/v1/cadence?schoolId=${school.id}&status=overdue`, { headers: { cookie } })
      ).json()) as { families: { familyId: string; daysOverdue: number }[] };
      expect(api.families).toHaveLength(52);
      const expected = [...api.families].sort((x, y) => y.daysOverdue - x.daysOverdue).slice(0, 50);

      const html = await (await t.app.request("/dashboard", { headers: { cookie } })).text();
      expect(html).toContain("The 50 most overdue of 52");
      const listed = [...html.matchAll(/href="\/inbox\/(fam_[A-Z0-9]+)#compose"/g)].map((m) => m[1]);
      expect(listed).toHaveLength(50);
      expect(listed.slice(0, 3)).toEqual(expected.slice(0, 3).map((f) => f.familyId));
      expect(new Set(listed)).toEqual(new Set(expected.map((f) => f.familyId)));
    });
  }
});

describe("cadence-digest job", () => {
  it("emails each educator their due and overdue families once a week, Monday morning; nothing when nothing is due", async () => {
    const { runJob } = await import("../../src/jobs");
    const school = await makeSchool(t.deps, { programModel: "hvp" });
    const busy = await makeEducator(t.deps, school.id, { email: "busy@school.example.org" });
    const calm = await makeEducator(t.deps, school.id, { email: "calm@school.example.org" });
    const late = await makeFamily(t.deps, school.id, { teachers: [busy.id], displayName: "Late family" });
    const fresh = await makeFamily(t.deps, school.id, { teachers: [calm.id] });
    await completedVisit(late.family.id, school.id, [busy.id, calm.id], "2026-08-01T22:00:00Z", 42);
    await completedVisit(fresh.family.id, school.id, [calm.id, busy.id], "2026-10-30T22:00:00Z", 42);

    t.clock.set("2026-11-02T13:30:00Z"); // Monday 07:30 in Chicago
    expect(await runJob({ deps: t.deps }, "cadence-digest", t.clock.now())).toEqual({ sent: 1 });
    expect(t.email.sent).toHaveLength(0); // queued in the staff outbox
    expect(await runJob({ deps: t.deps }, "staff-mail", t.clock.now())).toMatchObject({ sent: 1 });
    expect(t.email.sent.map((m) => m.to)).toEqual(["busy@school.example.org"]);
    expect(t.email.sent[0]!.text).toMatch(/Late family: \d+ days overdue/);
    t.clock.set("2026-11-02T13:45:00Z");
    expect(await runJob({ deps: t.deps }, "cadence-digest", t.clock.now())).toEqual({ sent: 0 }); // once a week
    t.clock.set("2026-11-03T13:30:00Z"); // Tuesday
    expect(await runJob({ deps: t.deps }, "cadence-digest", t.clock.now())).toEqual({ sent: 0 });
  });
});

describe("fidelity report", () => {
  it("puts each model target beside the actual: PTLT meetings, HOME WORKS! dinners, PTHV thresholds", async () => {
    const ptlt = await makeSchool(t.deps, { programModel: "ptlt" });
    const now = t.clock.now();
    const { events } = await import("../../db/schema");
    for (let i = 0; i < 3; i++)
      await t.deps.db.insert(events).values({
        id: newId("evt"),
        schoolId: ptlt.id,
        schoolYear: "2026-27",
        kind: "team_meeting",
        title: `Meeting ${i}`,
        startsAt: now,
        createdAt: now,
        updatedAt: now,
      });
    const report = await t.api("GET", `/reports/fidelity?schoolId=${ptlt.id}`);
    expect(report.body.lines).toEqual(
      expect.arrayContaining([
        { rule: "team meetings this year", target: "3", actual: "3", met: true },
        { rule: "conferences this year", target: "1", actual: "0", met: false },
      ]),
    );
    const pthv = await makeSchool(t.deps, { programModel: "pthv" });
    const a = await makeEducator(t.deps, pthv.id);
    const b = await makeEducator(t.deps, pthv.id);
    const fam = await makeFamily(t.deps, pthv.id, { teachers: [a.id] });
    await makeFamily(t.deps, pthv.id, { teachers: [b.id] });
    await completedVisit(fam.family.id, pthv.id, [a.id, b.id], "2026-10-01T22:00:00Z", 30);
    const lines = (await t.api("GET", `/reports/fidelity?schoolId=${pthv.id}`)).body.lines;
    expect(lines[0]).toEqual({ rule: "students visited", target: "≥ 10%", actual: "50%", met: true });
    expect(lines[1]).toEqual({ rule: "educators who visited", target: "≥ 50%", actual: "100%", met: true });
  });
});

describe("warm-touch-gaps job", () => {
  it("stores each school's touch-gap histogram for its new day, once, and the dashboard's median reads it", async () => {
    const { runJob } = await import("../../src/jobs");
    const { schoolTouchGaps } = await import("../../db/schema");
    const { medianOfHistogram } = await import("../../src/services/cadence/cadence-summary");
    const school = await makeSchool(t.deps, { timezone: "America/Chicago" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const { family } = await makeFamily(t.deps, school.id);
    // Touch days 3, 5 and 12 days apart: gaps 3, 5, 12 → median 5.
    for (const day of ["2026-10-01", "2026-10-04", "2026-10-09", "2026-10-21"]) {
      await message(family.id, `${day}T17:00:00Z`);
    }
    expect(await runJob({ deps: t.deps }, "warm-touch-gaps", t.clock.now())).toEqual({ schools: 1 });
    await runJob({ deps: t.deps }, "warm-touch-gaps", t.clock.now());
    const stored = await t.deps.db.select().from(schoolTouchGaps);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.gaps).toEqual([
      [3, 1],
      [5, 1],
      [12, 1],
    ]);
    expect(medianOfHistogram(stored[0]!.gaps)).toBe(5);
    const cookie = await sessionCookie(t.deps, coordinator.id);
    const api = await t.app.request(`/api/v1/cadence?schoolId=${school.id}`, { headers: { cookie } });
    expect(
      ((await api.json()) as { summary: { medianDaysBetweenTouches: number } }).summary.medianDaysBetweenTouches,
    ).toBe(5);
  });
});

describe("cadence summary", () => {
  it("counts exactly the statuses of the families it lists, per school of the demo district", async () => {
    const { seedDemoDistrict } = await import("../../db/seed/demo-district");
    const { educators, schools } = await import("../../db/schema");
    const { eq } = await import("drizzle-orm");
    await seedDemoDistrict(t.deps.db, t.clock.now());
    const [admin] = await t.deps.db.select().from(educators).where(eq(educators.role, "district_admin"));
    const cookie = await sessionCookie(t.deps, admin!.id);
    for (const school of await t.deps.db.select().from(schools)) {
      const res = await t.app.request(`/api/v1/cadence?schoolId=${school.id}`, { headers: { cookie } });
      const { summary, families } = (await res.json()) as {
        summary: Record<string, number>;
        families: { status: string }[];
      };
      const tally = (status: string) => families.filter((f) => f.status === status).length;
      expect(summary).toMatchObject({
        families: families.length,
        onTrack: tally("on_track"),
        dueSoon: tally("due_soon"),
        overdue: tally("overdue"),
        noPlan: tally("no_plan"),
      });
      expect(families.length).toBeGreaterThan(10);
    }
  });
});
