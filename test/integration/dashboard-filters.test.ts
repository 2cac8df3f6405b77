import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, schools, visitEducators, visits } from "../../db/schema";
import { districtDashboard } from "../../src/services/cadence/district-dashboard";
import { schoolDashboard } from "../../src/services/cadence/school-dashboard";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

/** A school with a Vietnamese family visited in round 1 and a Spanish family visited in round 2. */
async function school() {
  const riverside = await makeSchool(t.deps, { name: "Riverside", timezone: "America/Chicago" });
  const other = await makeSchool(t.deps, { name: "Elsewhere" });
  const coordinator = await makeEducator(t.deps, riverside.id, { role: "coordinator" });
  const ana = await makeEducator(t.deps, riverside.id, { name: "Ana Lead" });
  const ben = await makeEducator(t.deps, riverside.id, { name: "Ben Partner" });
  const nguyen = await makeFamily(t.deps, riverside.id, { language: "vi", displayName: "Nguyen family" });
  const garcia = await makeFamily(t.deps, riverside.id, { language: "es", displayName: "Garcia family" });
  const visitId = await makeCompletedVisit(t.deps, {
    familyId: nguyen.family.id,
    schoolId: riverside.id,
    educatorIds: [ana.id, ben.id],
    at: "2026-10-06T23:30:00Z", // 18:30 in Chicago (CDT)
    cadenceDays: 30,
    round: 1,
  });
  await makeCompletedVisit(t.deps, {
    familyId: garcia.family.id,
    schoolId: riverside.id,
    educatorIds: [ben.id, ana.id],
    at: "2026-11-01T15:00:00Z",
    cadenceDays: 14,
    round: 2,
  });
  const elsewhere = await makeFamily(t.deps, other.id, { language: "vi", displayName: "Other school family" });
  await makeCompletedVisit(t.deps, {
    familyId: elsewhere.family.id,
    schoolId: other.id,
    educatorIds: [],
    at: "2026-10-01T15:00:00Z",
    cadenceDays: 30,
  });
  const cookie = await sessionCookie(t.deps, coordinator.id);
  return { riverside, other, ana, ben, nguyen, garcia, visitId, cookie };
}

const get = (path: string, cookie: string) => t.app.request(path, { headers: { cookie } });

describe("dashboard filters: language and round", () => {
  it("the API narrows by language and round, and names a bad value", async () => {
    const s = await school();
    const ids = async (query: string) => {
      const res = await get(`/api/v1/cadence?schoolId=${s.riverside.id}${query}`, s.cookie);
      expect(res.status).toBe(200);
      return ((await res.json()) as { families: { familyId: string }[] }).families.map((f) => f.familyId);
    };
    expect((await ids("")).sort()).toEqual([s.nguyen.family.id, s.garcia.family.id].sort());
    expect(await ids("&language=vi")).toEqual([s.nguyen.family.id]);
    expect(await ids("&round=2")).toEqual([s.garcia.family.id]);
    expect(await ids("&language=vi&round=2")).toEqual([]);

    const bad = await get(`/api/v1/cadence?language=klingon&round=3`, s.cookie);
    expect(bad.status).toBe(400);
    const body = JSON.stringify(await bad.json());
    expect(body).toContain("language");
    expect(body).toContain("round");
  });

  it("the page shows only the filtered families and its CSV link carries the same filters", async () => {
    const s = await school();
    const html = await (await get(`/dashboard?school=${s.riverside.id}&language=vi&round=1`, s.cookie)).text();
    expect(html).toContain('<option value="vi" selected="">Vietnamese</option>');
    expect(html).toContain(`/dashboard.csv?school=${s.riverside.id}&amp;language=vi&amp;round=1`);
    const csv = await (await get(`/dashboard.csv?school=${s.riverside.id}&language=vi&round=1`, s.cookie)).text();
    expect(csv).toContain("Nguyen family");
    expect(csv).not.toContain("Garcia family");
    // An unknown value is ignored (the whole school), not an error page.
    const all = await (await get(`/dashboard.csv?school=${s.riverside.id}&language=xx&round=9`, s.cookie)).text();
    expect(all).toContain("Nguyen family");
    expect(all).toContain("Garcia family");
  });
});

describe("the visit register CSV", () => {
  it("lists this school year's visits with local times, the lead first and who attested — never hopes and dreams", async () => {
    const s = await school();
    await t.deps.db
      .update(visits)
      .set({ privateNotes: "She dreams of being a vet", durationMinutes: 40 })
      .where(eq(visits.id, s.visitId));
    await t.deps.db
      .update(visitEducators)
      .set({ attestedAt: t.clock.now() })
      .where(eq(visitEducators.educatorId, s.ben.id));

    const res = await get(`/dashboard/visits.csv?school=${s.riverside.id}`, s.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`visit-register-${s.riverside.id}-2026-27.csv`);
    const [header, ...rows] = (await res.text()).split("\r\n");
    expect(header).toBe(
      "visit_id,family_id,family,round,status,starts_at_local,location,educators,attested_by,students,plan_channel,plan_cadence_days,language,guardian,guardian_phone,guardian_email,duration_minutes",
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe(
      `${s.visitId},${s.nguyen.family.id},Nguyen family,1,completed,2026-10-06 18:30,home,Ana Lead; Ben Partner,Ben Partner,${s.nguyen.students[0]!.firstName},sms,30,vi,${s.nguyen.contact.name},'${s.nguyen.contact.phone},,40`, // "+" is quoted against spreadsheet formulas
    );
    expect(rows[1]).toContain("Garcia family,2,completed,2026-11-01 09:00,home,Ben Partner; Ana Lead,");
    expect(rows.join()).not.toContain("vet");
    expect(rows.join()).not.toContain("Other school family");

    await t.deps.settle(); // access-audit rows are written after the response
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "export.visit_register"));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.subjectId).toBe(s.riverside.id);
  });

  it("educators cannot export it, and a coordinator cannot export another school's", async () => {
    const s = await school();
    const teacher = await sessionCookie(t.deps, s.ana.id);
    expect((await get(`/dashboard/visits.csv?school=${s.riverside.id}`, teacher)).status).toBe(403);
    const text = await (await get(`/dashboard/visits.csv?school=${s.other.id}`, s.cookie)).text();
    expect(text).not.toContain("Other school family"); // another school's id falls back to their own
    expect(text).toContain("Nguyen family");
  });
});

describe("the district dashboard", () => {
  it("shows every school's KPIs and totals recomputed from families; coordinators may not see it", async () => {
    const s = await school();
    const admin = await makeEducator(t.deps, s.riverside.id, { role: "district_admin" });
    const cookie = await sessionCookie(t.deps, admin.id);
    const res = await get("/dashboard/district", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<a href="/dashboard?school=${s.riverside.id}">Riverside</a>`);
    expect(html).toContain(`<a href="/dashboard?school=${s.other.id}">Elsewhere</a>`);
    // Riverside: one family due soon, one on track. Elsewhere: its only family is overdue.
    // District: 2 of 3 on track (67%) — not the 50% an average of the schools' 100% and 0% gives.
    expect(html).toMatch(/Visited families on track<\/div><div[^>]*>67%</);
    expect(html).toMatch(/Overdue families<\/div><div[^>]*>1</);
    expect(html).toMatch(/Households visited this year<\/div><div[^>]*>3</);
    // The school page links back for admins only.
    expect(await (await get(`/dashboard?school=${s.other.id}`, cookie)).text()).toContain('href="/dashboard/district"');
    expect(await (await get("/dashboard", s.cookie)).text()).not.toContain('href="/dashboard/district"');
    expect((await get("/dashboard/district", s.cookie)).status).toBe(403);
  });
});

describe("the district dashboard and each school's own", () => {
  it("shows every school the same KPIs as its own dashboard, educators who visited included", async () => {
    const s = await school();
    // Riverside's staff: Ana and Ben visited; Cleo did not; an inactive teacher and the
    // coordinator do not count. Elsewhere: one teacher, who did not visit.
    await makeEducator(t.deps, s.riverside.id, { name: "Cleo Teacher" });
    await makeEducator(t.deps, s.riverside.id, { name: "Gone Teacher", active: false });
    await makeEducator(t.deps, s.other.id, { name: "Other Teacher" });
    const admin = await makeEducator(t.deps, s.riverside.id, { role: "district_admin" });
    const [row] = await t.deps.db.select().from(schools).where(eq(schools.id, s.riverside.id));
    const actor = {
      type: "educator" as const,
      educatorId: admin.id,
      role: "district_admin" as const,
      schoolId: s.riverside.id,
      districtId: row!.districtId,
      name: admin.name,
      timeZone: "America/Chicago",
    };
    const district = await districtDashboard({ deps: t.deps, actor });
    for (const id of [s.riverside.id, s.other.id]) {
      const own = await schoolDashboard({ deps: t.deps, actor }, id);
      expect(district.schools.find((d) => d.id === id)!.kpis).toEqual(own.kpis);
    }
    const riverside = await schoolDashboard({ deps: t.deps, actor }, s.riverside.id);
    expect(riverside.kpis.educatorsVisitedShare).toBeCloseTo(2 / 3);
    expect(riverside.perEducator.map((e) => [e.name, e.visited])).toEqual([
      ["Ana Lead", true],
      ["Ben Partner", true],
      ["Cleo Teacher", false],
    ]);
    expect(district.schools.find((d) => d.id === s.other.id)!.kpis.educatorsVisitedShare).toBe(0);
  });
});

describe("the district dashboard across time zones", () => {
  it("counts each school's families on its own calendar, and totals them", async () => {
    const s = await school();
    // Visited at 08:00 UTC on Oct 3: Oct 2 in Honolulu, Oct 3 in Chicago. With a 30-day plan it
    // was due Nov 1 on Honolulu's calendar (overdue "now", Nov 2) — on Chicago's, due today.
    const islands = await makeSchool(t.deps, { name: "Islands", timezone: "Pacific/Honolulu" });
    const { family } = await makeFamily(t.deps, islands.id, { displayName: "Kahale family" });
    await makeCompletedVisit(t.deps, {
      familyId: family.id,
      schoolId: islands.id,
      educatorIds: [],
      at: "2026-10-03T08:00:00Z",
      cadenceDays: 30,
    });
    const admin = await makeEducator(t.deps, s.riverside.id, { role: "district_admin" });
    const cookie = await sessionCookie(t.deps, admin.id);
    const html = await (await get("/dashboard/district", cookie)).text();
    expect(html).toContain(`<a href="/dashboard?school=${islands.id}">Islands</a>`);
    // Overdue: Elsewhere's family and Islands'; on track: Riverside's two of the four.
    expect(html).toMatch(/Overdue families<\/div><div[^>]*>2</);
    expect(html).toMatch(/Visited families on track<\/div><div[^>]*>50%</);
    const islandsApi = (await (
      await t.app.request(`/api/v1/cadence?schoolId=${islands.id}`, { headers: { cookie } })
    ).json()) as { families: unknown[] };
    expect(islandsApi.families).toEqual([
      expect.objectContaining({ familyId: family.id, status: "overdue", daysOverdue: 1 }),
    ]);
  });
});
