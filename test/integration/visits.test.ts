import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messages, visits } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(
    { ...PROVIDER_ENV, SENDGRID_INBOUND_SECRET: "inbound-secret-0123456789" },
    { realProviders: true },
  );
});
afterEach(() => t.close());

const SLOTS = ["2026-11-10T16:30:00-06:00", "2026-11-11T17:00:00-06:00", "2026-11-14T10:00:00-06:00"];

async function world(
  programModel: "pthv" | "hvp" | "homeworks" | "ptlt" = "pthv",
  familyOptions: Parameters<typeof makeFamily>[2] = {},
) {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary", programModel });
  const lead = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez" });
  const partner = await makeEducator(t.deps, school.id, { name: "James Carter" });
  const made = await makeFamily(t.deps, school.id, {
    teachers: [lead.id, partner.id],
    language: "es",
    contact: { phone: "+12175550142" },
    ...familyOptions,
  });
  return { school, lead, partner, ...made };
}

const invite = (familyId: string, educatorIds: string[], extra: Record<string, unknown> = {}) =>
  t.api("POST", "/visits", { familyId, educatorIds, round: 1, slots: SLOTS, location: "home", ...extra });

describe("program-model rules", () => {
  it("HVP refuses a neutral location; every model refuses a one-educator visit; PTLT has no round 2", async () => {
    mockTwilio();
    mockSendGrid();
    const hvp = await world("hvp");
    const neutral = await invite(hvp.family.id, [hvp.lead.id, hvp.partner.id], { location: "neutral" });
    expect(neutral.status).toBe(400);
    expect(neutral.body.error.fields.location).toMatch(/family's home \(rule hvp.location\)/);
    for (const model of ["pthv", "homeworks", "ptlt", "hvp"] as const) {
      const w = await world(model);
      const alone = await invite(w.family.id, [w.lead.id]);
      expect(alone.status, model).toBe(400);
      expect(alone.body.error.fields.educatorIds).toMatch(new RegExp(`rule ${model}.pairs`));
    }
    const ptlt = await world("ptlt");
    expect(
      (await invite(ptlt.family.id, [ptlt.lead.id, ptlt.partner.id], { round: 2 })).body.error.fields.round,
    ).toMatch(/ptlt.rounds/);
    const pthv = await world("pthv");
    expect((await invite(pthv.family.id, [pthv.lead.id, pthv.partner.id], { location: "neutral" })).status).toBe(201);
  });

  it("siblings in two classes get one visit: the second teacher's invitation is a 409 naming the visit", async () => {
    mockTwilio();
    const w = await world();
    const first = await invite(w.family.id, [w.lead.id, w.partner.id]);
    expect(first.status).toBe(201);
    const second = await invite(w.family.id, [w.partner.id, w.lead.id]);
    expect(second.status).toBe(409);
    expect(second.body.error.existingVisitId).toBe(first.body.id);
    const all = await Promise.all([
      invite(w.family.id, [w.lead.id, w.partner.id], { round: 2 }),
      invite(w.family.id, [w.partner.id, w.lead.id], { round: 2 }),
    ]);
    expect(all.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe("the journey by text: a Spanish family", () => {
  it("invitation → reply 2 → confirmation → reminder once → completion → attestation", async () => {
    const twilio = mockTwilio();
    const sendgrid = mockSendGrid();
    const w = await world();
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    expect(created.body).toMatchObject({
      status: "invited",
      slots: [{ position: 1 }, { position: 2 }, { position: 3 }],
    });
    await t.deps.settle();
    const invitation = twilio.at(-1)!.form.Body!;
    expect(invitation).toContain("1) ");
    expect(invitation).toContain("3) ");
    expect(invitation).toMatch(/http:\/\/doorstep\.test\/f\/[0-9A-Z]{12}$/);
    expect(invitation).toContain("Los maestros de su hijo(a) quieren visitar"); // the review's wording, GSM-7

    await postInboundSms(t, inboundPayload("+12175550142", "2"));
    await t.deps.settle();
    const visit = await t.api("GET", `/visits/${created.body.id}`);
    expect(visit.body).toMatchObject({ status: "scheduled", startsAt: "2026-11-11T23:00:00.000Z" });
    expect(visit.body.slots.map((s: { chosen: boolean }) => s.chosen)).toEqual([false, true, false]);
    expect(twilio.at(-1)!.form.Body).toMatch(/confirmada/);
    const pairMail = sendgrid.filter((m) => JSON.stringify(m.body).includes("visit is scheduled"));
    expect(pairMail).toHaveLength(2);
    expect(JSON.stringify(pairMail[0]!.body)).toContain("home-visit.ics");

    const before = twilio.length;
    t.clock.set("2026-11-10T23:30:00Z"); // 23.5 h before
    await runJob({ deps: t.deps }, "reminders", t.clock.now());
    await runJob({ deps: t.deps }, "reminders", t.clock.now()); // twice: still one reminder
    t.clock.set("2026-11-11T14:00:00Z"); // the reminder waited for 08:00 family time
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    expect(twilio.slice(before).map((c) => c.form.Body)).toEqual([expect.stringContaining("recordamos")]);
    expect(twilio.at(-1)!.form.ValidityPeriod).toBeDefined();

    t.clock.set("2026-11-12T15:00:00Z");
    const completed = await t.api("POST", `/visits/${created.body.id}/complete`, {
      startedAt: "2026-11-11T23:05:00Z",
      durationMinutes: 40,
      location: "home",
      communicationPlan: { channel: "sms" },
      hopesAndDreams: "Quiere que Lucía sea doctora",
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({
      status: "completed",
      communicationPlan: { channel: "sms", cadenceDays: 30 },
    });
    expect(JSON.stringify(completed.body)).not.toContain("doctora");
    const attested = await t.api("POST", `/visits/${created.body.id}/attest`);
    expect(attested.body.educators.find((e: { role: string }) => e.role === "partner").attestedAt).not.toBeNull();
  });

  it("a decline in the family's words closes the round with one kind acknowledgement", async () => {
    const twilio = mockTwilio();
    const w = await world();
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    await t.deps.settle();
    await postInboundSms(t, inboundPayload("+12175550142", "No, gracias"));
    await postInboundSms(t, inboundPayload("+12175550142", "no gracias"));
    await t.deps.settle();
    const [row] = await t.deps.db.select().from(visits).where(eq(visits.id, created.body.id));
    expect(row!.status).toBe("declined");
    const acks = (await t.deps.db.select().from(messages)).filter((m) => m.templateKey === "visit_decline_ack");
    expect(acks).toHaveLength(1);
    expect(twilio.at(-1)!.form.Body).not.toMatch(/\b(STOP|CANCEL|END|QUIT)\b/i);
    const again = await invite(w.family.id, [w.lead.id, w.partner.id]);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/declined/);
  });

  it("0 keeps the invitation open and asks the pair for new times; digits without a pending question are ordinary", async () => {
    mockTwilio();
    const sendgrid = mockSendGrid();
    const w = await world();
    await postInboundSms(t, inboundPayload("+12175550142", "2")); // no invitation yet
    expect((await t.deps.db.select().from(messages)).find((m) => m.direction === "in")!.kind).toBe("personal");
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    await t.deps.settle();
    await postInboundSms(t, inboundPayload("+12175550142", "0"));
    await t.deps.settle();
    const visit = await t.api("GET", `/visits/${created.body.id}`);
    expect(visit.body.status).toBe("invited");
    expect(sendgrid.filter((m) => JSON.stringify(m.body).includes("none of the proposed times work"))).toHaveLength(2);
  });
});

describe("the journey by email: a Vietnamese family", () => {
  it("invitation email → reply '1' → confirmation email with an .ics", async () => {
    const sendgrid = mockSendGrid();
    const w = await world("pthv", {
      language: "vi",
      channel: "email",
      contact: { phone: null, email: "lan@example.org" },
    });
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    await t.deps.settle();
    const invitation = sendgrid.at(-1)!.body as {
      subject: string;
      reply_to: { email: string };
      content: { value: string }[];
    };
    expect(invitation.content[1]!.value).toContain('lang="vi"');
    const form = new FormData();
    form.set("to", invitation.reply_to.email);
    form.set("from", "Lan <lan@example.org>");
    form.set("subject", `Re: ${invitation.subject}`);
    form.set("text", "1\n\nVào Th 2, 2 thg 11, 2026 lúc 09:00 Maria đã viết:\n> ...");
    form.set("headers", "Message-ID: <reply-1@example.org>");
    const res = await t.app.request("/webhooks/sendgrid/inbound/inbound-secret-0123456789", {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(200);
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    expect((await t.api("GET", `/visits/${created.body.id}`)).body.status).toBe("scheduled");
    const confirmation = sendgrid.find((m) => JSON.stringify(m.body).includes("visit_confirmation"))!.body as {
      attachments: { filename: string; type: string; content: string }[];
      content: { value: string }[];
    };
    expect(confirmation.attachments[0]).toMatchObject({ filename: "home-visit.ics", type: "text/calendar" });
    expect(atob(confirmation.attachments[0]!.content)).toContain("DTSTART:20261110T223000Z");
  });
});

describe("the family page /f/:token", () => {
  async function invitationLink(language: string) {
    mockTwilio();
    mockSendGrid(); // the pair hears about the answer by email
    const w = await world("pthv", { language });
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    const [row] = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "visit_invitation"));
    const link = /http:\/\/doorstep\.test(\/f\/\S+)/.exec(row!.body)![1]!;
    return { ...w, visitId: created.body.id as string, link };
  }

  it("shows the times right-to-left in Arabic and schedules the one the family taps", async () => {
    const { link, visitId } = await invitationLink("ar");
    const page = await t.app.request(link);
    const html = await page.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    const picked = await t.app.request(link, {
      method: "POST",
      body: new URLSearchParams({ answer: "slot:3" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(picked.status).toBe(200);
    expect((await t.api("GET", `/visits/${visitId}`)).body).toMatchObject({
      status: "scheduled",
      startsAt: "2026-11-14T16:00:00.000Z",
    });
    const again = await t.app.request(link, {
      method: "POST",
      body: new URLSearchParams({ answer: "slot:1" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect((await t.api("GET", `/visits/${visitId}`)).body.startsAt).toBe("2026-11-14T16:00:00.000Z");
    expect(again.status).toBe(200);
  });

  it("an unknown code is a 404; codes read case-insensitively; after the last proposed time the link has expired", async () => {
    const { link } = await invitationLink("es");
    expect((await t.app.request("/f/ZZZZZZZZZZZZ")).status).toBe(404);
    expect((await t.app.request(link.toLowerCase())).status).toBe(200);
    t.clock.set("2026-11-20T00:00:00Z");
    const late = await t.app.request(link, {
      method: "POST",
      body: new URLSearchParams({ answer: "slot:1" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(late.status).toBe(410);
  });
});

describe("recording a visit", () => {
  it("refuses a visit shorter than the model's minimum, a future start, and anyone but the lead", async () => {
    mockTwilio();
    const w = await world("hvp");
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    const short = await t.api("POST", `/visits/${created.body.id}/complete`, {
      startedAt: "2026-11-01T16:00:00Z",
      durationMinutes: 20,
      location: "home",
      communicationPlan: { channel: "call" },
    });
    expect(short.body.error.fields.durationMinutes).toMatch(/at least 30 minutes \(rule hvp.length\)/);
    const future = await t.api("POST", `/visits/${created.body.id}/complete`, {
      startedAt: "2027-01-01T16:00:00Z",
      durationMinutes: 40,
      location: "home",
      communicationPlan: { channel: "call" },
    });
    expect(future.body.error.fields.startedAt).toBe("is in the future");
    const done = await t.api("POST", `/visits/${created.body.id}/complete`, {
      startedAt: "2026-11-01T16:00:00Z",
      durationMinutes: 40,
      location: "home",
      communicationPlan: { channel: "call" },
    });
    expect(done.body.communicationPlan).toEqual({ channel: "call", cadenceDays: 42 }); // HVP default
  });
});

describe("calling a visit off", () => {
  it("a scheduled family is told in their language without opt-out words; the reminder never goes", async () => {
    const twilio = mockTwilio();
    mockSendGrid();
    const w = await world();
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    await t.deps.settle();
    await postInboundSms(t, inboundPayload("+12175550142", "1"));
    const cancelled = await t.api("POST", `/visits/${created.body.id}/cancel`, { reason: "teacher ill" });
    expect(cancelled.body.status).toBe("cancelled");
    await t.deps.settle();
    const notice = twilio.at(-1)!.form.Body!;
    expect(notice).toMatch(/Riverside Elementary/);
    expect(notice).not.toMatch(/\b(STOP|CANCEL|CANCELAR|END|QUIT)\b/i);
    t.clock.set("2026-11-10T00:00:00Z");
    expect(await runJob({ deps: t.deps }, "reminders", t.clock.now())).toEqual({ queued: 0 });
    expect((await t.api("POST", `/visits/${created.body.id}/cancel`)).status).toBe(409);
  });
});

describe("the invitation form", () => {
  it("previews the exact message with its cost, sends, and refuses a second invitation for the round", async () => {
    mockTwilio();
    const w = await world();
    const { sessionCookie } = await import("../support/factories");
    const cookie = `${await sessionCookie(t.deps, w.lead.id)}; doorstep_csrf=x`;
    const post = (form: URLSearchParams) =>
      t.app.request(`/families/${w.family.id}/invite`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
    const form = (action: string) =>
      new URLSearchParams([
        ["_csrf", "x"],
        ["partnerId", w.partner.id],
        ["round", "1"],
        ["times", "2026-11-10T16:30"],
        ["times", "2026-11-11T17:00"],
        ["times", ""],
        ["location", "home"],
        ["action", action],
      ]);

    const page = await t.app.request(`/families/${w.family.id}/invite`, { headers: { cookie } });
    expect(await page.text()).toContain("James Carter");
    const preview = await (await post(form("preview"))).text();
    expect(preview).toContain("1) ");
    expect(preview).toMatch(/\d SMS segment\(s\)/);
    expect(preview).toContain("mar, 10/11, 16:30"); // typed on the family's clock, shown in Spanish

    const sent = await post(form("send"));
    expect(sent.status).toBe(303);
    const [visit] = await t.deps.db.select().from(visits);
    expect(visit!.status).toBe("invited");
    const slots = (await t.api("GET", `/visits/${visit!.id}`)).body.slots;
    expect(slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      "2026-11-10T22:30:00.000Z",
      "2026-11-11T23:00:00.000Z",
    ]);

    const again = await post(form("send"));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already has a round 1 visit");
  });
});

describe("recording a visit from the web", () => {
  it("the lead records it on the phone form (educator's clock); the partner confirms; rule breaks are shown", async () => {
    mockTwilio();
    const w = await world("hvp");
    const created = await invite(w.family.id, [w.lead.id, w.partner.id]);
    const { sessionCookie } = await import("../support/factories");
    const lead = `${await sessionCookie(t.deps, w.lead.id)}; doorstep_csrf=x`;
    const partner = `${await sessionCookie(t.deps, w.partner.id)}; doorstep_csrf=x`;
    const post = (cookie: string, path: string, form: Record<string, string>) =>
      t.app.request(path, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: "x", ...form }),
      });
    const familyPage = await (await t.app.request(`/families/${w.family.id}`, { headers: { cookie: lead } })).text();
    expect(familyPage).toContain(`/visits/${created.body.id}/record`);
    const form = await (await t.app.request(`/visits/${created.body.id}/record`, { headers: { cookie: lead } })).text();
    expect(form).toContain('value="42"'); // HVP default cadence

    const short = await post(lead, `/visits/${created.body.id}/record`, {
      startedAt: "2026-11-01T16:00",
      durationMinutes: "20",
      location: "home",
      planChannel: "sms",
      cadenceDays: "42",
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 30 minutes");

    const done = await post(lead, `/visits/${created.body.id}/record`, {
      startedAt: "2026-11-01T16:00",
      durationMinutes: "40",
      location: "home",
      planChannel: "call",
      cadenceDays: "21",
      hopesAndDreams: "Engineer",
    });
    expect(done.headers.get("location")).toBe(`/families/${w.family.id}?recorded=1`);
    const visit = (await t.api("GET", `/visits/${created.body.id}`)).body;
    expect(visit).toMatchObject({
      status: "completed",
      startsAt: "2026-11-01T22:00:00.000Z",
      communicationPlan: { channel: "call", cadenceDays: 21 },
    });

    expect((await post(lead, `/visits/${created.body.id}/attest`, {})).status).toBe(403);
    expect((await post(partner, `/visits/${created.body.id}/attest`, {})).status).toBe(303);
  });
});
