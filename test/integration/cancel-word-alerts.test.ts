import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelWordAlerts, contacts, visits } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true }); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

/** A family texted about a visit (the invitation), with its pair. */
async function invited(language = "zh-Hans") {
  mockTwilio();
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const lead = await makeEducator(t.deps, school.id, { name: "Lena Lead" });
  const partner = await makeEducator(t.deps, school.id, { name: "Paul Partner" });
  const { family, contact } = await makeFamily(t.deps, school.id, {
    language,
    teachers: [lead.id],
    contact: { phone: "+12175550142" },
  });
  const visitId = await inviteToVisit(t, family.id, [lead.id, partner.id]);
  await t.deps.settle();
  return { family, contact, lead, partner, visitId };
}

const optedOut = async (contactId: string) =>
  (await t.deps.db.select().from(contacts).where(eq(contacts.id, contactId)))[0]!.smsOptedOutAt !== null;

describe("a cancel word soon after a visit message", () => {
  it("取消 opts the number out and the visiting pair is emailed at once", async () => {
    const { contact, lead, partner, visitId } = await invited();
    await t.deps.db
      .update(visits)
      .set({ status: "scheduled", startsAt: new Date("2026-11-03T22:30:00Z") })
      .where(eq(visits.id, visitId));
    t.clock.advance(30 * 60 * 60 * 1000); // 30 h after the invitation
    await postInboundSms(t, inboundPayload("+12175550142", "取消"));
    expect(await optedOut(contact.id)).toBe(true);
    const alerts = await t.deps.db.select().from(cancelWordAlerts);
    expect(alerts.map((a) => a.educatorId).sort()).toEqual([lead.id, partner.id].sort());
    expect(alerts.every((a) => a.visitId === visitId && a.keyword === "取消")).toBe(true);

    const sendgrid = mockSendGrid();
    expect(await runJob({ deps: t.deps }, "cancel-word-alerts", t.clock.now())).toEqual({ sent: 2, pending: 0 });
    const bodies = sendgrid.map((c) => JSON.stringify(c.body));
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).toContain("may have meant cancel the visit");
      expect(body).toContain("reach the family by phone or email");
      expect(body).toContain("取消");
      expect(body).toContain("Tuesday, November 3"); // the visit, in the school's zone
    }
    // Sent once: a second run and a second routing of the same text add nothing.
    expect(await runJob({ deps: t.deps }, "cancel-word-alerts", t.clock.now())).toEqual({ sent: 0, pending: 0 });
    await runJob({ deps: t.deps }, "route-inbound", t.clock.now());
    expect(await t.deps.db.select().from(cancelWordAlerts)).toHaveLength(2);
  });

  it.each([
    ["es", "CANCELAR"],
    ["ko", "취소"],
    ["prs", "لغو"],
    ["ht", "anile"],
    ["uk", "Скасувати!"],
  ])("%s %s also alerts the pair", async (language, word) => {
    const { contact } = await invited(language);
    await postInboundSms(t, inboundPayload("+12175550142", word));
    expect(await optedOut(contact.id)).toBe(true);
    expect(await t.deps.db.select().from(cancelWordAlerts)).toHaveLength(2);
  });

  it("STOP is not a cancel word: opted out, nobody alerted", async () => {
    const { contact } = await invited("en");
    await postInboundSms(t, inboundPayload("+12175550142", "STOP"));
    expect(await optedOut(contact.id)).toBe(true);
    expect(await t.deps.db.select().from(cancelWordAlerts)).toHaveLength(0);
  });

  it("more than 48 h after the last visit message: opted out, nobody alerted", async () => {
    const { contact } = await invited();
    t.clock.advance(49 * 60 * 60 * 1000);
    await postInboundSms(t, inboundPayload("+12175550142", "取消"));
    expect(await optedOut(contact.id)).toBe(true);
    expect(await t.deps.db.select().from(cancelWordAlerts)).toHaveLength(0);
  });

  it("a failed email stays pending for the next run", async () => {
    await invited();
    await postInboundSms(t, inboundPayload("+12175550142", "取消"));
    // No SendGrid handler: msw refuses the request, so the send fails.
    const first = await runJob({ deps: t.deps }, "cancel-word-alerts", t.clock.now());
    expect(first).toEqual({ sent: 0, pending: 2 });
    mockSendGrid();
    expect(await runJob({ deps: t.deps }, "cancel-word-alerts", t.clock.now())).toEqual({ sent: 2, pending: 0 });
  });
});
