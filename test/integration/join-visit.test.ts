import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { visitEducators, visitStudents, visits } from "../../db/schema";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true }); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

/** Lucía (Maria's class) and her brother Pedro (Ken's class) live together. */
async function siblings() {
  const school = await makeSchool(t.deps, { name: "Riverside", programModel: "pthv" });
  const maria = await makeEducator(t.deps, school.id, { name: "Maria Lead" });
  const james = await makeEducator(t.deps, school.id, { name: "James Partner" });
  const ken = await makeEducator(t.deps, school.id, { name: "Ken Sibling" });
  const household = await makeFamily(t.deps, school.id, {
    teachers: [maria.id, ken.id],
    contact: { phone: "+12175550142" },
  });
  const [lucia, pedro] = household.students;
  const visitId = await inviteToVisit(t, household.family.id, [maria.id, james.id]);
  const kenCookie = `${await sessionCookie(t.deps, ken.id)}; doorstep_csrf=x`;
  const post = (path: string, form: [string, string][]) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: kenCookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["_csrf", "x"], ...form]),
    });
  const studentsOf = async () =>
    (await t.deps.db.select().from(visitStudents).where(eq(visitStudents.visitId, visitId)))
      .map((r) => r.studentId)
      .sort();
  const pairOf = async () =>
    (await t.deps.db.select().from(visitEducators).where(eq(visitEducators.visitId, visitId)))
      .map((r) => `${r.educatorId}:${r.role}`)
      .sort();
  return {
    school,
    maria,
    james,
    ken,
    household,
    lucia: lucia!,
    pedro: pedro!,
    visitId,
    post,
    studentsOf,
    pairOf,
    kenCookie,
  };
}

describe("a sibling's teacher joins the household's visit", () => {
  it("the refused invitation offers to join; joining adds them as a partner once and tells everyone on the visit", async () => {
    mockTwilio();
    const sendgrid = mockSendGrid();
    const s = await siblings();
    // The household's visit already covers both children (siblings get one visit).
    expect(await s.studentsOf()).toEqual([s.lucia.id, s.pedro.id].sort());

    const refused = await s.post(`/families/${s.household.family.id}/invite`, [
      ["partnerId", s.maria.id],
      ["round", "1"],
      ["times", "2026-11-12T16:30"],
      ["location", "home"],
      ["action", "send"],
    ]);
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toContain(`action="/visits/${s.visitId}/join"`);
    expect(page).toContain("Join that visit");

    const mailBefore = sendgrid.length;
    const joined = await s.post(`/visits/${s.visitId}/join`, []);
    await t.deps.settle(); // the emails leave through the staff outbox, after the answer
    expect(joined.status).toBe(303);
    expect(joined.headers.get("location")).toBe(`/families/${s.household.family.id}?joined=1`);
    expect(await s.pairOf()).toEqual([`${s.maria.id}:lead`, `${s.james.id}:partner`, `${s.ken.id}:partner`].sort());
    const told = sendgrid.slice(mailBefore).map((m) => JSON.stringify(m.body));
    expect(told).toHaveLength(3); // Maria, James, and Ken's own copy
    expect(told.every((m) => m.includes(`Ken Sibling (${s.pedro.firstName}'s teacher) joins this visit`))).toBe(true);
    const notice = await (
      await t.app.request(`/families/${s.household.family.id}?joined=1`, { headers: { cookie: s.kenCookie } })
    ).text();
    expect(notice).toContain("You joined the household");

    // Twice changes nothing and tells no one again.
    expect((await s.post(`/visits/${s.visitId}/join`, [])).status).toBe(303);
    expect(await s.pairOf()).toHaveLength(3);
    expect(sendgrid.length).toBe(mailBefore + 3);

    // After the visit each partner confirms for themselves.
    await t.deps.db.update(visits).set({ status: "completed" }).where(eq(visits.id, s.visitId));
    expect((await s.post(`/visits/${s.visitId}/attest`, [])).status).toBe(303);
    const rows = await t.deps.db.select().from(visitEducators).where(eq(visitEducators.visitId, s.visitId));
    expect(rows.filter((r) => r.attestedAt).map((r) => r.educatorId)).toEqual([s.ken.id]);
  });

  it("a visit that already happened cannot be joined, and neither can one for a household you do not teach", async () => {
    mockTwilio();
    mockSendGrid();
    const s = await siblings();
    const stranger = await makeEducator(t.deps, s.school.id, { name: "Not Their Teacher" });
    const strangerCookie = `${await sessionCookie(t.deps, stranger.id)}; doorstep_csrf=x`;
    const asStranger = await t.app.request(`/visits/${s.visitId}/join`, {
      method: "POST",
      headers: { cookie: strangerCookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x" }),
    });
    expect([403, 404]).toContain(asStranger.status);
    expect(await s.pairOf()).toHaveLength(2);

    await t.deps.db.update(visits).set({ status: "completed" }).where(eq(visits.id, s.visitId));
    const late = await s.post(`/visits/${s.visitId}/join`, []);
    expect(late.status).toBe(409);
    expect(await s.pairOf()).toHaveLength(2);
  });
});
