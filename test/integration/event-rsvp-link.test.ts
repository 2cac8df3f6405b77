import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventInvitations } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeFamily, makeSchool } from "../support/factories";
import { loadLocalesFromDisk } from "../support/locales";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_QUIET_HOURS: "off" }, { realProviders: true }); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

const spanish = (loadLocalesFromDisk(["family"]).es!.family as { event: Record<string, string> }).event;

async function dinner() {
  const twilio = mockTwilio();
  const sendgrid = mockSendGrid();
  const school = await makeSchool(t.deps, { name: "Riverside", programModel: "homeworks" });
  const byEmail = await makeFamily(t.deps, school.id, {
    language: "es",
    channel: "email",
    contact: { phone: null, email: "rosa@example.org" },
  });
  const bySms = await makeFamily(t.deps, school.id, { language: "es", contact: { phone: "+12175550142" } });
  const created = await t.api("POST", "/events", {
    schoolId: school.id,
    kind: "family_dinner",
    title: "Cena familiar",
    startsAt: "2026-11-20T17:30:00-06:00",
    location: "la cafetería",
    audience: { all: true },
  });
  expect(created.status).toBe(201);
  await t.deps.settle();
  await runJob({ deps: t.deps }, "dispatch", t.clock.now());
  const email = JSON.stringify(sendgrid.find((m) => JSON.stringify(m.body).includes("Cena familiar"))!.body);
  const code = /\/e\/([0-9A-Z]{12})/.exec(email)?.[1];
  expect(code).toBeDefined();
  const rsvp = async () =>
    (await t.deps.db.select().from(eventInvitations).where(eq(eventInvitations.familyId, byEmail.family.id)))[0]!.rsvp;
  const answer = (value: string) =>
    t.app.request(`/e/${code}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ answer: value }),
    });
  return { twilio, eventId: created.body.id as string, code: code!, bySms, rsvp, answer };
}

describe("RSVP by link", () => {
  it("the email carries a link; the page is in the family's language; the answer is stored and can change", async () => {
    const d = await dinner();
    const smsText = d.twilio.map((c) => c.form.Body ?? "").find((b) => b.includes("Cena familiar"))!;
    expect(smsText).not.toContain("/e/"); // texts keep to reply digits: a URL costs a segment

    const page = await (await t.app.request(`/e/${d.code.toLowerCase()}`)).text(); // retyped in lower case
    expect(page).toContain('lang="es"');
    expect(page).toContain("Cena familiar");
    expect(page).toContain(spanish.question!);

    const yes = await d.answer("yes");
    expect(yes.status).toBe(200);
    expect(await yes.text()).toContain(spanish.answered_yes!);
    expect(await d.rsvp()).toBe("yes");
    await d.answer("no"); // changed their mind
    expect(await d.rsvp()).toBe("no");
    const summary = await t.api("GET", `/events/${d.eventId}`);
    expect(summary.body.rsvp).toMatchObject({ yes: 0, no: 1 });
  });

  it("a made-up answer, an unknown code and a past event change nothing", async () => {
    const d = await dinner();
    expect((await d.answer("definitely")).status).toBe(400);
    expect(await d.rsvp()).toBeNull();
    expect((await t.app.request("/e/ZZZZZZZZZZZZ")).status).toBe(404);

    t.clock.set("2026-11-21T02:00:00Z"); // the dinner has started
    const late = await d.answer("yes");
    expect(late.status).toBe(410);
    expect(await late.text()).toContain(spanish.over!);
    expect(await d.rsvp()).toBeNull();
  });
});
