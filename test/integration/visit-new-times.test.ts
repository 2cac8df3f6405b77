import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { visitSlots, visits } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_QUIET_HOURS: "off" }, { realProviders: true }); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

async function invitedSpanishFamily() {
  const school = await makeSchool(t.deps, { name: "Riverside", programModel: "pthv" });
  const lead = await makeEducator(t.deps, school.id, { name: "Maria Lead" });
  const partner = await makeEducator(t.deps, school.id, { name: "James Partner" });
  const { family } = await makeFamily(t.deps, school.id, {
    teachers: [lead.id, partner.id],
    language: "es",
    contact: { phone: "+12175550142" },
  });
  const visitId = await inviteToVisit(
    t,
    family.id,
    [lead.id, partner.id],
    ["2026-11-10T16:30:00-06:00", "2026-11-11T17:00:00-06:00"],
  );
  await t.deps.settle();
  const cookie = `${await sessionCookie(t.deps, lead.id)}; doorstep_csrf=x`;
  const postTimes = (times: string[]) =>
    t.app.request(`/visits/${visitId}/times`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["_csrf", "x"], ...times.map((time): [string, string] => ["times", time])]),
    });
  const slots = async () =>
    (await t.deps.db.select().from(visitSlots).where(eq(visitSlots.visitId, visitId)))
      .sort((a, b) => a.position - b.position)
      .map((s) => s.startsAt.toISOString());
  return { school, lead, partner, family, visitId, cookie, postTimes, slots };
}

describe("new times after 'none work'", () => {
  it("the family page asks for new times; the pair sends them; the family picks one by text", async () => {
    const twilio = mockTwilio();
    mockSendGrid();
    const v = await invitedSpanishFamily();
    await postInboundSms(t, inboundPayload("+12175550142", "0"));
    const page = await (await t.app.request(`/families/${v.family.id}`, { headers: { cookie: v.cookie } })).text();
    expect(page).toContain("none of the times work");
    expect(page).toContain(`/visits/${v.visitId}/times`);
    const form = await (await t.app.request(`/visits/${v.visitId}/times`, { headers: { cookie: v.cookie } })).text();
    expect(form).toContain("2026-11-10 16:30"); // the times that did not work, on the family's clock

    // A time in the past is refused by name, and nothing changes.
    const bad = await v.postTimes(["2026-11-01T10:00", "2026-11-20T17:30"]);
    expect(bad.status).toBe(400);
    const refusal = await bad.text();
    expect(refusal).toContain("Time 1: is in the past"); // the words on the page, not the API's `slots.0`
    expect(refusal).not.toContain("slots.0");
    expect(await v.slots()).toEqual(["2026-11-10T22:30:00.000Z", "2026-11-11T23:00:00.000Z"]);

    const sentBefore = twilio.length;
    const ok = await v.postTimes(["2026-11-18T17:30", "2026-11-19T08:00"]);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/families/${v.family.id}?retimed=1`);
    expect(await v.slots()).toEqual(["2026-11-18T23:30:00.000Z", "2026-11-19T14:00:00.000Z"]);
    await t.deps.settle();
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    const reinvitation = twilio.slice(sentBefore).map((c) => c.form.Body ?? "");
    expect(reinvitation).toHaveLength(1);
    expect(reinvitation[0]).toContain("1) ");
    expect(reinvitation[0]).toMatch(/18\/11/); // Spanish date order, the new time

    await postInboundSms(t, inboundPayload("+12175550142", "1"));
    const [visit] = await t.deps.db.select().from(visits).where(eq(visits.id, v.visitId));
    expect(visit).toMatchObject({ status: "scheduled", startsAt: new Date("2026-11-18T23:30:00Z") });
  });

  it("only while the family is choosing, and only by the pair", async () => {
    mockTwilio();
    mockSendGrid();
    const v = await invitedSpanishFamily();
    const outsider = await makeEducator(t.deps, v.school.id, { name: "Not On It" });
    const asOutsider = await t.app.request(`/api/v1/visits/${v.visitId}/slots`, {
      method: "POST",
      headers: { cookie: await sessionCookie(t.deps, outsider.id), "content-type": "application/json" },
      body: JSON.stringify({ slots: ["2026-11-18T17:30:00-06:00"] }),
    });
    expect([403, 404]).toContain(asOutsider.status);

    const empty = await t.api("POST", `/visits/${v.visitId}/slots`, { slots: [] });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain("slots");

    await t.deps.db.update(visits).set({ status: "completed" }).where(eq(visits.id, v.visitId));
    const late = await t.api("POST", `/visits/${v.visitId}/slots`, { slots: ["2026-11-18T17:30:00-06:00"] });
    expect(late.status).toBe(409);
    expect(await v.slots()).toEqual(["2026-11-10T22:30:00.000Z", "2026-11-11T23:00:00.000Z"]);
  });
});

describe("rescheduling a scheduled visit", () => {
  it("the family is told without opt-out words, picks again on the link, and gets a reminder for the new time", async () => {
    const twilio = mockTwilio();
    mockSendGrid();
    const v = await invitedSpanishFamily();
    await postInboundSms(t, inboundPayload("+12175550142", "1")); // scheduled for Nov 10, 16:30
    t.clock.set("2026-11-09T23:00:00Z"); // within 24 h: the first reminder goes out
    expect(await runJob({ deps: t.deps }, "reminders", t.clock.now())).toEqual({ queued: 1 });

    const cookie = `${await sessionCookie(t.deps, v.lead.id)}; doorstep_csrf=x`; // a week on: a fresh session
    const page = await (await t.app.request(`/families/${v.family.id}`, { headers: { cookie } })).text();
    expect(page).toContain(`href="/visits/${v.visitId}/times"`);
    const sentBefore = twilio.length;
    const moved = await t.app.request(`/visits/${v.visitId}/times`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["_csrf", "x"],
        ["times", "2026-11-17T16:30"],
      ]),
    });
    expect(moved.status).toBe(303);
    await t.deps.settle();
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    const [notice] = twilio.slice(sentBefore).map((c) => c.form.Body ?? "");
    expect(notice).toMatch(/\/f\/[0-9A-Z]{12}/);
    expect(notice).not.toMatch(/\b(STOP|CANCEL|END|QUIT)\b/i);
    const [row] = await t.deps.db.select().from(visits).where(eq(visits.id, v.visitId));
    expect(row).toMatchObject({ status: "invited", startsAt: null, statusReason: "rescheduled by the educators" });

    const code = /\/f\/([0-9A-Z]{12})/.exec(notice!)![1];
    const picked = await t.app.request(`/f/${code}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ answer: "slot:1" }),
    });
    expect(picked.status).toBe(200);
    t.clock.set("2026-11-16T23:00:00Z");
    expect(await runJob({ deps: t.deps }, "reminders", t.clock.now())).toEqual({ queued: 1 });
    expect(await runJob({ deps: t.deps }, "reminders", t.clock.now())).toEqual({ queued: 0 });
  });
});
