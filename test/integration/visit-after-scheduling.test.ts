import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messages, visits } from "../../db/schema";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true }); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

/** A scheduled visit in a school of the given model, with the lead's and partner's cookies. */
async function scheduled(programModel: "hvp" | "pthv") {
  mockTwilio();
  const sendgrid = mockSendGrid();
  const school = await makeSchool(t.deps, { programModel });
  const lead = await makeEducator(t.deps, school.id, { name: "Lena Lead" });
  const partner = await makeEducator(t.deps, school.id, { name: "Paul Partner" });
  const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id] });
  const visitId = await inviteToVisit(t, family.id, [lead.id, partner.id]);
  await t.deps.db
    .update(visits)
    .set({ status: "scheduled", startsAt: new Date("2026-11-10T22:30:00Z") })
    .where(eq(visits.id, visitId));
  const cookie = async (educatorId: string) => `${await sessionCookie(t.deps, educatorId)}; doorstep_csrf=x`;
  const confirmAs = async (educatorId: string) =>
    t.app.request(`/visits/${visitId}/confirm`, {
      method: "POST",
      headers: { cookie: await cookie(educatorId), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x" }),
    });
  const familyPage = async (educatorId: string) =>
    (await t.app.request(`/families/${family.id}`, { headers: { cookie: await cookie(educatorId) } })).text();
  return { visitId, family, lead, partner, sendgrid, confirmAs, familyPage };
}

describe("HVP: the lead schedules, the partner confirms", () => {
  it("the partner sees the button, confirms once, the lead is told and sees it confirmed", async () => {
    const v = await scheduled("hvp");
    expect(await v.familyPage(v.partner.id)).toContain(`action="/visits/${v.visitId}/confirm"`);
    expect(await v.familyPage(v.lead.id)).toContain("Waiting for the partner to confirm");
    expect((await v.confirmAs(v.lead.id)).status).toBe(403);

    const mailBefore = v.sendgrid.length;
    const ok = await v.confirmAs(v.partner.id);
    await t.deps.settle(); // the email leaves through the staff outbox, after the answer
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/families/${v.family.id}?confirmed=1`);
    const told = v.sendgrid.slice(mailBefore).map((m) => JSON.stringify(m.body));
    expect(told).toHaveLength(2);
    expect(told.every((m) => m.includes("Paul Partner confirmed the scheduled time"))).toBe(true);
    expect(await v.familyPage(v.lead.id)).toContain("The partner confirmed the time.");

    const visit = await t.api("GET", `/visits/${v.visitId}`);
    const partnerRow = visit.body.educators.find((e: { role: string }) => e.role === "partner");
    expect(partnerRow.confirmedAt).toBe("2026-11-02T15:00:00.000Z");
    t.clock.set("2026-11-03T15:00:00Z");
    expect((await v.confirmAs(v.partner.id)).status).toBe(303); // twice: the first time stays
    expect(
      (await t.api("GET", `/visits/${v.visitId}`)).body.educators.find((e: { role: string }) => e.role === "partner")
        .confirmedAt,
    ).toBe("2026-11-02T15:00:00.000Z");
    expect(v.sendgrid.length).toBe(mailBefore + 2);
  });

  it("other models need no confirmation, and an unscheduled visit cannot be confirmed", async () => {
    const pthv = await scheduled("pthv");
    expect(await pthv.familyPage(pthv.partner.id)).not.toContain("/confirm");
    const refused = await t.api("POST", `/visits/${pthv.visitId}/confirm`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields.visit).toBe("rule pthv.partnerConfirmsSchedule");

    const hvp = await scheduled("hvp");
    await t.deps.db.update(visits).set({ status: "invited" }).where(eq(visits.id, hvp.visitId));
    expect((await hvp.confirmAs(hvp.partner.id)).status).toBe(409);
  });
});

describe("nobody was home", () => {
  it("after the time, the pair records a no-show: no message to the family, and the round is free again", async () => {
    const v = await scheduled("pthv");
    expect(await v.familyPage(v.lead.id)).not.toContain("/no-show"); // not before the visit
    expect((await t.api("POST", `/visits/${v.visitId}/no-show`)).status).toBe(409);

    t.clock.set("2026-11-11T01:00:00Z"); // the evening after
    const leadCookie = `${await sessionCookie(t.deps, v.lead.id)}; doorstep_csrf=x`;
    const page = await (await t.app.request(`/families/${v.family.id}`, { headers: { cookie: leadCookie } })).text();
    expect(page).toContain(`action="/visits/${v.visitId}/no-show"`);
    const queuedBefore = (await t.deps.db.select().from(messages)).length;
    const res = await t.app.request(`/visits/${v.visitId}/no-show`, {
      method: "POST",
      headers: { cookie: leadCookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x" }),
    });
    expect(res.headers.get("location")).toBe(`/families/${v.family.id}?noshow=1`);
    expect((await t.api("GET", `/visits/${v.visitId}`)).body.status).toBe("no_show");
    expect((await t.deps.db.select().from(messages)).length).toBe(queuedBefore);

    const again = await t.api("POST", "/visits", {
      familyId: v.family.id,
      educatorIds: [v.lead.id, v.partner.id],
      round: 1,
      slots: ["2026-11-20T16:30:00-06:00"],
      location: "home",
    });
    expect(again.status).toBe(201);
  });
});
