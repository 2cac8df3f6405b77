import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consentEvents, contacts, messages, outbox } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, mockTwilio, mockTwilioList, signedTwilioCallback } from "../support/provider-mocks";
import {
  createTestApp,
  MESSAGING_SERVICE,
  PROVIDER_ENV,
  type TestApp,
  TWILIO_SID,
  TWILIO_TOKEN,
} from "../support/test-app";

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez" });
  return { school, teacher };
}

beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true });
  world = await buildWorld();
});
afterEach(() => t.close());

async function send(familyId: string, extra: Record<string, unknown> = { templateKey: "check_in" }) {
  const res = await t.api("POST", "/messages", { familyId, educatorId: world.teacher.id, ...extra });
  await t.deps.settle(); // the dispatcher run the API kicked off
  return res;
}

const dispatch = () => runJob({ deps: t.deps }, "dispatch", t.clock.now()) as Promise<Record<string, number>>;
const messageRow = async (id: string) => (await t.deps.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const outboxRow = async (id: string) => (await t.deps.db.select().from(outbox).where(eq(outbox.messageId, id)))[0]!;

describe("sending a text through Twilio", () => {
  it("posts Twilio's request shape in the family's language, welcome first, then records the SID", async () => {
    const calls = mockTwilio();
    const { family, contact } = await makeFamily(t.deps, world.school.id, { language: "vi" });
    const res = await send(family.id);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "queued", channel: "sms", language: "vi" });
    expect(res.body.segments).toBeGreaterThan(0);

    expect(calls).toHaveLength(2);
    expect(calls[0]!.auth).toBe(`Basic ${btoa(`${TWILIO_SID}:${TWILIO_TOKEN}`)}`);
    expect(calls[0]!.form.Body).toMatch(/HELP.*STOP/s); // the first text to a number names HELP and STOP
    expect(calls[1]!.form).toMatchObject({ To: contact.phone, MessagingServiceSid: MESSAGING_SERVICE });
    expect(calls[1]!.form.Body).toContain("Riverside Elementary");
    expect(calls[1]!.form.Body).toContain("Maria Gonzalez");
    expect(calls[1]!.form.StatusCallback).toBe(`http://doorstep.test/webhooks/twilio/status?m=${res.body.id}`);

    const row = await messageRow(res.body.id);
    expect(row).toMatchObject({ status: "sent", provider: "twilio", language: "vi", kind: "personal" });
    expect(row.providerMessageId).toMatch(/^SM/);
    expect((await outboxRow(res.body.id)).state).toBe("done");

    // The second text to the same number has no welcome.
    await send(family.id);
    expect(calls).toHaveLength(3);
  });

  it("503 then 201: exactly one message reaches Twilio", async () => {
    const calls = mockTwilio([201, 503, 201]); // welcome ok, check-in 503, then ok
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    expect((await messageRow(res.body.id)).status).toBe("queued");
    const pending = await outboxRow(res.body.id);
    expect(pending).toMatchObject({ state: "pending", attempts: 1 });

    t.clock.set(pending.nextAttemptAt);
    await dispatch();
    expect(calls.filter((c) => c.form.Body?.includes("Maria Gonzalez"))).toHaveLength(2); // one refused, one accepted
    const row = await messageRow(res.body.id);
    expect(row.status).toBe("sent");
    expect((await outboxRow(res.body.id)).state).toBe("done");
    await dispatch();
    expect(calls).toHaveLength(3);
  });

  it("429 backs off exponentially with jitter, and nothing is sent before the retry time", async () => {
    const calls = mockTwilio([201, 429]);
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    const first = await outboxRow(res.body.id);
    const now = t.clock.now().getTime();
    // attempt 1: 30 s base, half fixed + half jittered (random = 0.5 in tests) → 22.5 s
    expect(first.nextAttemptAt.getTime() - now).toBe(22_500);
    await dispatch();
    expect(calls).toHaveLength(2);

    t.clock.set(first.nextAttemptAt);
    await dispatch();
    const second = await outboxRow(res.body.id);
    expect(second.attempts).toBe(2);
    expect(second.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(45_000); // 60 s, jittered
  });

  it("dead-letters after the last attempt, visible with its reason", async () => {
    mockTwilio([201, 503]);
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    for (let i = 0; i < 10; i++) {
      const row = await outboxRow(res.body.id);
      if (row.state !== "pending") break;
      t.clock.set(row.nextAttemptAt);
      await dispatch();
    }
    expect(await outboxRow(res.body.id)).toMatchObject({ state: "dead", attempts: 6 });
    const row = await messageRow(res.body.id);
    expect(row.status).toBe("dead_letter");
    expect(row.statusReason).toMatch(/gave up after 6 attempts/);
  });
});

describe("unknown outcomes are reconciled before any resend", () => {
  it("a timeout, then a status callback naming our id: no resend", async () => {
    const calls = mockTwilio([201, "network"]);
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    expect((await messageRow(res.body.id)).status).toBe("unknown");

    const url = `http://doorstep.test/webhooks/twilio/status?m=${res.body.id}`;
    const params = {
      MessageSid: "SMlate000000000000000000000000001",
      MessageStatus: "sent",
      MessagingServiceSid: MESSAGING_SERVICE,
      AccountSid: TWILIO_SID,
    };
    const callback = await t.app.request(url, await signedTwilioCallback(url, params));
    expect(callback.status).toBe(204);

    t.clock.advance(60 * 60_000);
    await dispatch();
    expect(calls).toHaveLength(2); // welcome + the one attempt that timed out
    expect(await messageRow(res.body.id)).toMatchObject({ status: "sent", providerMessageId: params.MessageSid });
    expect((await outboxRow(res.body.id)).state).toBe("done");
  });

  it("a timeout, then Twilio's message list shows it: adopted, not resent", async () => {
    const calls = mockTwilio([201, "network"]);
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    const body = (await messageRow(res.body.id)).body;
    const queries = mockTwilioList([{ sid: "SMfound00000000000000000000000001", body, status: "delivered" }]);
    t.clock.set((await outboxRow(res.body.id)).nextAttemptAt);
    await dispatch();
    expect(queries[0]!.get("To")).toBe((await messageRow(res.body.id)).address);
    expect(calls).toHaveLength(2);
    expect(await messageRow(res.body.id)).toMatchObject({
      status: "delivered",
      providerMessageId: "SMfound00000000000000000000000001",
    });
  });

  it("a timeout and no trace after the reconciliation window: sent again, once", async () => {
    const calls = mockTwilio([201, "network", 201]);
    mockTwilioList([]);
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    t.clock.set((await outboxRow(res.body.id)).nextAttemptAt);
    await dispatch();
    expect(calls).toHaveLength(2); // still inside the window: waits
    t.clock.advance(20 * 60_000);
    await dispatch();
    expect(calls).toHaveLength(3);
    expect((await messageRow(res.body.id)).status).toBe("sent");
  });
});

describe("consent and reachability", () => {
  it("21610: the contact is opted out, the text is not retried, and it goes by email instead", async () => {
    const twilio = mockTwilio([201, { status: 400, code: 21610 }]);
    const sendgrid = mockSendGrid();
    const { family, contact } = await makeFamily(t.deps, world.school.id, { contact: { email: "parent@example.org" } });
    const res = await send(family.id);
    const row = await messageRow(res.body.id);
    expect(row).toMatchObject({ status: "failed", errorCode: "21610" });
    expect(row.statusReason).toMatch(/opted out.*re-sent by email/);
    const [updated] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(updated!.smsOptedOutAt).not.toBeNull();
    const consent = await t.deps.db.select().from(consentEvents).where(eq(consentEvents.contactId, contact.id));
    expect(consent).toMatchObject([{ kind: "opt_out", source: "provider", channel: "sms" }]);

    await dispatch(); // the email copy
    expect(sendgrid).toHaveLength(1);
    t.clock.advance(24 * 60 * 60_000);
    await dispatch();
    expect(twilio).toHaveLength(2); // never retried
  });

  it("a STOP recorded after queueing stops the queued text before it is sent", async () => {
    const calls = mockTwilio();
    t.clock.set("2026-11-03T03:30:00Z"); // 21:30 in Chicago: queued for the morning
    const { family, contact } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    await t.deps.db.update(contacts).set({ smsOptedOutAt: t.clock.now() }).where(eq(contacts.id, contact.id));
    t.clock.set("2026-11-03T14:00:00Z");
    await dispatch();
    expect(calls).toHaveLength(0);
    expect((await messageRow(res.body.id)).status).toBe("undeliverable");
  });

  it("no usable channel: stored as undeliverable with a reason coordinators can read", async () => {
    const { family } = await makeFamily(t.deps, world.school.id, {
      contact: { smsOptedOutAt: new Date(), email: null },
    });
    const res = await send(family.id);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "undeliverable" });
    expect(res.body.statusReason).toBe("sms: opted out of texts; email: no email address");
    expect(await t.deps.db.select().from(outbox)).toHaveLength(0);
  });
});

describe("quiet hours", () => {
  it("a text due at 21:30 family time waits until 08:00", async () => {
    const calls = mockTwilio();
    t.clock.set("2026-11-03T03:30:00Z"); // 21:30 CST
    const { family } = await makeFamily(t.deps, world.school.id);
    const res = await send(family.id);
    expect(calls).toHaveLength(0);
    expect((await outboxRow(res.body.id)).nextAttemptAt.toISOString()).toBe("2026-11-03T14:00:00.000Z"); // 08:00 CST

    t.clock.set("2026-11-03T13:59:00Z");
    await dispatch();
    expect(calls).toHaveLength(0);
    t.clock.set("2026-11-03T14:00:00Z");
    await dispatch();
    expect(calls).toHaveLength(2);
  });

  it("email is not held for quiet hours", async () => {
    const sendgrid = mockSendGrid();
    t.clock.set("2026-11-03T03:30:00Z");
    const { family } = await makeFamily(t.deps, world.school.id, {
      channel: "email",
      contact: { phone: null, email: "p@example.org" },
    });
    await send(family.id);
    expect(sendgrid).toHaveLength(1);
  });
});

describe("sending an email through SendGrid", () => {
  it("posts the v3 shape with a reply-to thread address, ids-only custom args and the template category", async () => {
    const calls = mockSendGrid();
    const { family } = await makeFamily(t.deps, world.school.id, {
      language: "ar",
      channel: "email",
      contact: { phone: null, email: "parent@example.org" },
    });
    const res = await send(family.id, { templateKey: "personal", body: "<b>Great week!</b>" });
    expect(res.body).toMatchObject({ channel: "email", language: "ar" });
    expect(calls).toHaveLength(1);
    const body = calls[0]!.body as {
      personalizations: { to: { email: string }[]; custom_args: Record<string, string> }[];
      reply_to: { email: string };
      categories: string[];
      content: { type: string; value: string }[];
      headers: Record<string, string>;
    };
    expect(calls[0]!.auth).toBe("Bearer SG.test-key");
    expect(body.personalizations[0]!.to).toEqual([{ email: "parent@example.org" }]);
    expect(body.personalizations[0]!.custom_args).toEqual({ messageId: res.body.id, familyId: family.id });
    expect(body.reply_to.email).toMatch(/^reply\+fam_[0-9a-z]{26}-[0-9a-f]{24}@in\.doorstep\.test$/);
    expect(body.categories).toEqual(["personal"]);
    const html = body.content.find((c) => c.type === "text/html")!.value;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("&lt;b&gt;Great week!&lt;/b&gt;");
    expect(body.headers["List-Unsubscribe"]).toMatch(/^<http:\/\/doorstep\.test\/u\//);
    expect(JSON.stringify(body.personalizations)).not.toContain("Maria");
  });
});

describe("bad input", () => {
  it("names the field and writes nothing", async () => {
    const { family } = await makeFamily(t.deps, world.school.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ templateKey: "visit_invitation", params: { times: [] } }, "params.times"],
      [{ templateKey: "visit_reminder", params: { time: "tomorrow" } }, "params.time"],
      [{ templateKey: "nope" }, "templateKey"],
      [{}, "body"],
      [{ templateKey: "check_in", body: "hi" }, "body"],
      [{ body: "x".repeat(1001) }, "body"],
      [{ body: "hi", channel: "fax" }, "channel"],
    ];
    for (const [extra, field] of cases) {
      const res = await t.api("POST", "/messages", { familyId: family.id, educatorId: world.teacher.id, ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(Object.keys(res.body.error.fields), JSON.stringify(extra)).toContain(field);
    }
    const other = await makeEducator(t.deps, (await makeSchool(t.deps)).id);
    const wrongSchool = await t.api("POST", "/messages", { familyId: family.id, educatorId: other.id, body: "hi" });
    expect(wrongSchool.body.error.fields).toEqual({ educatorId: "is not an educator of this family's school" });
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
  });
});

describe("pacing, validity and the thread API", () => {
  it("keeps to SMS_MPS: texts in one run are spaced a second apart", async () => {
    mockTwilio();
    const a = await makeFamily(t.deps, world.school.id);
    const b = await makeFamily(t.deps, world.school.id);
    t.clock.set("2026-11-03T03:30:00Z"); // queue both for the morning, then send in one run
    await send(a.family.id);
    await send(b.family.id);
    t.clock.set("2026-11-03T14:00:00Z");
    t.sleeps.length = 0;
    const summary = await dispatch();
    expect(summary.sent).toBe(4); // two welcomes, two check-ins
    expect(t.sleeps).toHaveLength(3);
    for (const ms of t.sleeps) expect(ms).toBeGreaterThan(900);
  });

  it("a reminder carries a ValidityPeriod that ends at the visit", async () => {
    const calls = mockTwilio();
    const { family } = await makeFamily(t.deps, world.school.id);
    await send(family.id, { templateKey: "visit_reminder", params: { time: "2026-11-02T17:00:00Z" } }); // in 2 hours
    expect(calls[1]!.form.ValidityPeriod).toBe("7200");
  });

  it("GET /families/:id/messages lists the thread; out of scope is 404", async () => {
    mockTwilio();
    const { family } = await makeFamily(t.deps, world.school.id);
    const sent = await send(family.id);
    const res = await t.api("GET", `/families/${family.id}/messages`);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { templateKey: string }) => m.templateKey)).toEqual(["check_in", "welcome"]);
    expect(res.body.messages[0]).toMatchObject({
      id: sent.body.id,
      direction: "out",
      channel: "sms",
      status: "sent",
      segments: expect.any(Number),
    });
    expect((await t.api("GET", "/families/fam_nope/messages")).status).toBe(404);
  });
});
