import { eq, isNull, ne } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consentEvents, contacts, educatorNotifications, messages, outbox } from "../../db/schema";
import { KEYWORDS } from "../../src/domain/keywords";
import { runJob } from "../../src/jobs";
import mmsFixture from "../fixtures/twilio-inbound-mms.json";
import inboundFixture from "../fixtures/twilio-inbound-sms.json";
import stopFixture from "../fixtures/twilio-inbound-stop-advanced.json";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

let t: TestApp;
let school: Awaited<ReturnType<typeof makeSchool>>;
let teacher: Awaited<ReturnType<typeof makeEducator>>;

beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true });
  school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  teacher = await makeEducator(t.deps, school.id);
});
afterEach(() => t.close());

const allMessages = () => t.deps.db.select().from(messages);
const confirmations = async (templateKey: string) => (await allMessages()).filter((m) => m.templateKey === templateKey);

describe("POST /webhooks/twilio/sms", () => {
  it("stores a family's text in their thread, answers empty TwiML, and tells their teacher", async () => {
    const { family, contact } = await makeFamily(t.deps, school.id, {
      teachers: [teacher.id],
      contact: { phone: "+12175550142" },
    });
    const res = await postInboundSms(t, inboundFixture);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const [row] = await allMessages();
    expect(row).toMatchObject({
      familyId: family.id,
      contactId: contact.id,
      direction: "in",
      kind: "personal",
      status: "received",
      providerMessageId: inboundFixture.MessageSid,
      body: inboundFixture.Body,
      initiatedBy: "family",
    });
    expect(row!.conversationId).toMatch(/^cnv_/);
    expect(await t.deps.db.select().from(educatorNotifications)).toMatchObject([
      { educatorId: teacher.id, messageId: row!.id },
    ]);
  });

  it("notes media count and types without fetching them", async () => {
    await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    await postInboundSms(t, mmsFixture); // msw would fail any fetch of MediaUrl0
    const [row] = await allMessages();
    expect(row!.media).toEqual({ count: 2, types: ["image/jpeg", "application/pdf"] });
  });

  it("refuses forged (403), altered (403) and unsigned (400) requests, storing nothing", async () => {
    await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    expect((await postInboundSms(t, inboundFixture, { signature: "Zm9yZ2Vk" })).status).toBe(403);
    expect((await postInboundSms(t, inboundFixture, { signature: null })).status).toBe(400);
    const signedForOther = await postInboundSms(
      t,
      { ...inboundFixture, Body: "STOP" },
      { url: "http://doorstep.test/webhooks/twilio/other" },
    );
    expect(signedForOther.status).toBe(403);
    expect(await allMessages()).toHaveLength(0);
  });

  it("accepts the signature Twilio computed with the default port in the URL", async () => {
    await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    const res = await postInboundSms(t, inboundFixture, { url: "http://doorstep.test:80/webhooks/twilio/sms" });
    expect(res.status).toBe(200);
  });

  it("20 parallel deliveries of one MessageSid: one row, twenty 200s", async () => {
    await makeFamily(t.deps, school.id, { teachers: [teacher.id], contact: { phone: "+12175550142" } });
    const responses = await Promise.all(Array.from({ length: 20 }, () => postInboundSms(t, inboundFixture)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await allMessages()).toHaveLength(1);
    expect(await t.deps.db.select().from(educatorNotifications)).toHaveLength(1);
  });

  it("keeps a text from an unknown number in the unmatched inbox", async () => {
    await postInboundSms(t, inboundPayload("+13125550199", "Hi, this is Ana's aunt"));
    const [row] = await allMessages();
    expect(row).toMatchObject({
      familyId: null,
      address: "+13125550199",
      body: "Hi, this is Ana's aunt",
      status: "received",
    });
  });

  it("flags a natural-language opt-out for review without opting out", async () => {
    const { contact } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    await postInboundSms(t, inboundPayload("+12175550142", "Por favor no más mensajes, gracias"));
    expect(await t.deps.db.select().from(consentEvents)).toMatchObject([
      { kind: "opt_out_review", contactId: contact.id, resolvedAt: null },
    ]);
    const [row] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row!.smsOptedOutAt).toBeNull();
  });

  it("a shared number: the text goes to the household last in touch, naming the contact", async () => {
    const a = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550177", name: "Abuela Rosa" } });
    const b = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550177", name: "Rosa" } });
    mockTwilio();
    await t.api("POST", "/messages", { familyId: b.family.id, educatorId: teacher.id, body: "Hola" });
    await t.deps.settle();
    await postInboundSms(t, inboundPayload("+12175550177", "Gracias"));
    const inbound = (await allMessages()).find((m) => m.direction === "in")!;
    expect(inbound).toMatchObject({ familyId: b.family.id, contactId: b.contact.id });
    expect(a.family.id).not.toBe(b.family.id);
  });
});

describe("STOP means stop", () => {
  const everyOptOutWord = Object.entries(KEYWORDS).flatMap(([lng, kinds]) =>
    kinds.opt_out.map((word) => [lng, word] as const),
  );

  it.each(everyOptOutWord)(
    "%s %s: opts out, with exactly one confirmation in the family's language",
    async (lng, word) => {
      const language = lng === "en" ? "es" : lng; // the confirmation follows the family, not the keyword
      const { contact } = await makeFamily(t.deps, school.id, { language, contact: { phone: "+12175550142" } });
      await postInboundSms(t, inboundPayload("+12175550142", ` ${word.toLowerCase()}! `));
      await postInboundSms(t, inboundPayload("+12175550142", word)); // said twice: still one confirmation
      const [row] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
      expect(row!.smsOptedOutAt).not.toBeNull();
      const sent = await confirmations("opt_out_confirmation");
      expect(sent).toHaveLength(1);
      expect(sent[0]!.language).toBe(language);
      expect(sent[0]!.body).toContain("START");
    },
  );

  it("OptOutType=STOP: Twilio answered, so we send nothing", async () => {
    const { contact } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    await postInboundSms(t, stopFixture);
    const [row] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row!.smsOptedOutAt).not.toBeNull();
    expect(await confirmations("opt_out_confirmation")).toHaveLength(0);
  });

  it("after STOP, a text already queued never reaches Twilio; START restores and confirms", async () => {
    const calls = mockTwilio();
    const { family } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    t.clock.set("2026-11-03T03:30:00Z"); // 21:30: the teacher's text waits for morning
    await t.api("POST", "/messages", { familyId: family.id, educatorId: teacher.id, body: "Mañana hay excursión" });
    await t.deps.settle();
    await postInboundSms(t, inboundPayload("+12175550142", "STOP"));
    await t.deps.settle(); // the confirmation goes at once, even at night
    expect(calls.map((c) => c.form.Body)).toEqual([expect.stringContaining("START")]);
    t.clock.set("2026-11-03T14:00:00Z");
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    expect(calls).toHaveLength(1); // neither the welcome nor the teacher's text went out

    await postInboundSms(t, inboundPayload("+12175550142", "start"));
    await t.deps.settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.form.Body).toContain("STOP"); // opt-in confirmation says how to stop again
    const rows = await t.deps.db.select().from(contacts).where(isNull(contacts.smsOptedOutAt));
    expect(rows).toHaveLength(1);
  });

  it("routes a keyword text at once even while the dispatcher is still pacing earlier answers", async () => {
    const calls = mockTwilio();
    const phones = ["+12175550161", "+12175550162", "+12175550163"];
    for (const phone of phones) await makeFamily(t.deps, school.id, { contact: { phone } });
    // The pause the sender's rate (SMS_MPS) puts between two texts, held until the test ends it.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.deps.sleep = () => held;
    const helpAnswered = async () => (await confirmations("help_reply")).length;
    await postInboundSms(t, inboundPayload(phones[0]!, "HELP"), { settle: false });
    await postInboundSms(t, inboundPayload(phones[1]!, "HELP"), { settle: false });
    await until(async () => calls.length === 1); // the first answer sent; the second waits its turn
    await postInboundSms(t, inboundPayload(phones[2]!, "HELP"), { settle: false });
    // Routed (its answer queued) within the quick pass's half second, not after the pause.
    await until(async () => (await helpAnswered()) === 3);
    expect(calls).toHaveLength(1);
    release();
    await t.deps.settle();
    expect(calls.map((c) => c.form.To).sort()).toEqual(phones);
  });

  it("a shutdown does not wait for paced HELP answers: they are handed back and a later run sends each once", async () => {
    const calls = mockTwilio();
    const phones = ["+12175550181", "+12175550182", "+12175550183"];
    for (const phone of phones) await makeFamily(t.deps, school.id, { contact: { phone } });
    // The sender's pacing wait (a second a text at SMS_MPS=1), held until the test ends it.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.deps.sleep = () => held;
    for (const phone of phones) await postInboundSms(t, inboundPayload(phone, "HELP"), { settle: false });
    await until(async () => calls.length === 1); // the first answer sent, the next one waiting its turn
    t.deps.shutdown.abort(); // SIGTERM (workers/node.ts)
    release(); // the text already on its way leaves; nothing after it
    await t.deps.settle(); // without the abort, this waited for every paced answer
    expect(calls).toHaveLength(2);
    const open = await t.deps.db.select().from(outbox).where(ne(outbox.state, "done"));
    // Handed back, not left leased: due at once for the next process, not 2 minutes later.
    expect(open).toEqual([expect.objectContaining({ state: "pending", leaseOwner: null })]);
    t.deps.shutdown = new AbortController(); // the next process
    t.deps.sleep = async () => {};
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    expect(calls.map((c) => c.form.To).sort()).toEqual(phones);
  });

  it("under a flood of keyword texts, a quick pass routes only what the sender can answer soon", async () => {
    mockTwilio();
    // SMS_MPS=1 (a long code): each quick pass takes 5 (2 s of sending, and at least 5).
    const phones = Array.from({ length: 8 }, (_, i) => `+1217555017${i}`);
    for (const phone of phones) await makeFamily(t.deps, school.id, { contact: { phone } });
    for (const phone of phones) await postInboundSms(t, inboundPayload(phone, "HELP"), { settle: false });
    // Ordinary texts keep coming (a flood: full routing waits until they pause).
    let flooding = true;
    const flood = (async () => {
      while (flooding) {
        await postInboundSms(t, inboundPayload("+13125550199", "hola"), { settle: false });
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    })();
    const queued = async () => (await confirmations("help_reply")).length;
    await until(async () => (await queued()) > 0);
    expect(await queued()).toBe(5); // the next pass comes half a second later
    flooding = false;
    await flood;
    await t.deps.settle();
    expect(await queued()).toBe(8); // every one answered, once
  });

  it("HELP is answered once with the help text; keyword texts open no conversation", async () => {
    await makeFamily(t.deps, school.id, { contact: { phone: "+12175550142" } });
    await postInboundSms(t, inboundPayload("+12175550142", "Ayuda"));
    expect(await confirmations("help_reply")).toHaveLength(1);
    const inbound = (await allMessages()).find((m) => m.direction === "in")!;
    expect(inbound).toMatchObject({ kind: "system", conversationId: null });
  });
});

/** Waits (in real time: routing's quick pass runs on timers) until `check` holds, or fails. */
async function until(check: () => Promise<boolean>, ms = 3_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`still not so after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
