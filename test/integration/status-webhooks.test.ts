import { eq } from "drizzle-orm";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, messageEvents, messages, outbox } from "../../db/schema";
import { twilioSignature, verifyTwilioSignature } from "../../src/auth/twilio-signature";
import { newId } from "../../src/domain/ids";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, sendGridKeys, signedTwilioCallback } from "../support/provider-mocks";
import {
  createTestApp,
  MESSAGING_SERVICE,
  PROVIDER_ENV,
  type TestApp,
  TWILIO_SID,
  TWILIO_TOKEN,
} from "../support/test-app";

let t: TestApp;
let keys: Awaited<ReturnType<typeof sendGridKeys>>;

beforeEach(async () => {
  keys = await sendGridKeys();
  t = await createTestApp({ ...PROVIDER_ENV, SENDGRID_EVENT_PUBLIC_KEY: keys.publicKey }, { realProviders: true });
});
afterEach(() => t.close());

/** A message as the dispatcher leaves it after Twilio accepted it. */
async function sentMessage(channel: "sms" | "email" = "sms", overrides: Partial<typeof messages.$inferInsert> = {}) {
  const school = await makeSchool(t.deps);
  const teacher = await makeEducator(t.deps, school.id);
  const { family, contact } = await makeFamily(t.deps, school.id, { contact: { email: "parent@example.org" } });
  const now = t.clock.now();
  const id = newId("msg");
  await t.deps.db.insert(messages).values({
    id,
    familyId: family.id,
    contactId: contact.id,
    educatorId: teacher.id,
    direction: "out",
    kind: "personal",
    channel,
    language: "es",
    templateKey: "check_in",
    templateParams: {},
    body: "Hola",
    address: channel === "sms" ? contact.phone : "parent@example.org",
    status: "sent",
    provider: channel === "sms" ? "twilio" : "sendgrid",
    providerMessageId: channel === "sms" ? "SM00000000000000000000000000000abc" : "sg-msg-1",
    occurredAt: now,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
  await t.deps.db
    .insert(outbox)
    .values({ id: newId("obx"), messageId: id, state: "done", nextAttemptAt: now, createdAt: now, updatedAt: now });
  return { id, contact, family };
}

async function twilioCallback(messageId: string, status: string, extra: Record<string, string> = {}) {
  const url = `http://doorstep.test/webhooks/twilio/status?m=${messageId}`;
  const params = {
    MessageSid: "SM00000000000000000000000000000abc",
    MessageStatus: status,
    MessagingServiceSid: MESSAGING_SERVICE,
    AccountSid: TWILIO_SID,
    To: "+12175550100",
    ...extra,
  };
  return t.app.request(url, await signedTwilioCallback(url, params));
}

describe("POST /webhooks/twilio/status", () => {
  it("delivered, then a late sent and queued: ends at delivered with three events kept", async () => {
    const { id } = await sentMessage();
    for (const status of ["delivered", "sent", "queued"]) expect((await twilioCallback(id, status)).status).toBe(204);
    const [row] = await t.deps.db.select().from(messages).where(eq(messages.id, id));
    expect(row!.status).toBe("delivered");
    const events = await t.deps.db.select().from(messageEvents).where(eq(messageEvents.messageId, id));
    expect(events.map((e) => e.eventType).sort()).toEqual(["delivered", "queued", "sent"]);
  });

  it("stores a callback Twilio repeats only once", async () => {
    const { id } = await sentMessage();
    await Promise.all(Array.from({ length: 10 }, () => twilioCallback(id, "delivered")));
    expect(await t.deps.db.select().from(messageEvents)).toHaveLength(1);
  });

  it("refuses a forged callback (403) and a missing signature (400); nothing changes", async () => {
    const { id } = await sentMessage();
    const url = `http://doorstep.test/webhooks/twilio/status?m=${id}`;
    const forged = await t.app.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "bm90IGEgc2lnbmF0dXJl" },
      body: new URLSearchParams({ MessageSid: "SMx", MessageStatus: "undelivered", ErrorCode: "21610" }).toString(),
    });
    expect(forged.status).toBe(403);
    // Signed for one body, sent with another: altered in transit.
    const signed = await signedTwilioCallback(url, { MessageSid: "SMx", MessageStatus: "delivered" });
    const altered = await t.app.request(url, {
      ...signed,
      body: new URLSearchParams({ MessageSid: "SMx", MessageStatus: "failed" }).toString(),
    });
    expect(altered.status).toBe(403);
    const missing = await t.app.request(url, {
      method: "POST",
      body: "MessageStatus=failed",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(missing.status).toBe(400);
    expect(await t.deps.db.select().from(messageEvents)).toHaveLength(0);
    const [row] = await t.deps.db.select().from(messages).where(eq(messages.id, id));
    expect(row!.status).toBe("sent");
  });

  it("an undelivered callback with 30006 marks the phone unreachable and re-sends by email", async () => {
    const sendgrid = mockSendGrid();
    const { id, contact } = await sentMessage();
    expect((await twilioCallback(id, "undelivered", { ErrorCode: "30006" })).status).toBe(204);
    const [updated] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(updated!.smsUnreachableAt).not.toBeNull();
    const all = await t.deps.db.select().from(messages);
    expect(all.map((m) => [m.channel, m.status])).toEqual(
      expect.arrayContaining([
        ["sms", "undelivered"],
        ["email", "queued"],
      ]),
    );
    const { runJob } = await import("../../src/jobs");
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    expect(sendgrid).toHaveLength(1);
  });

  it("30007 (filtered) pauses texting for the sender", async () => {
    const { id } = await sentMessage();
    await twilioCallback(id, "undelivered", { ErrorCode: "30007" });
    const { senderPauses } = await import("../../db/schema");
    expect(await t.deps.db.select().from(senderPauses)).toMatchObject([
      { sender: MESSAGING_SERVICE, errorCode: "30007", resumedAt: null },
    ]);
  });
});

describe("Twilio signatures", () => {
  it("match the twilio package's own computation, with and without the default port", async () => {
    const params = { MessageSid: "SM1", MessageStatus: "delivered", Body: "¿Hola? 你好" };
    for (const url of [
      "https://doorstep.example.org/webhooks/twilio/status?m=msg_1",
      "https://doorstep.example.org:443/webhooks/twilio/status?m=msg_1",
    ]) {
      expect(await twilioSignature(TWILIO_TOKEN, url, params)).toBe(
        twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params),
      );
    }
    const signedWithPort = twilio.getExpectedTwilioSignature(
      TWILIO_TOKEN,
      "https://doorstep.example.org:443/webhooks/twilio/status",
      params,
    );
    expect(
      await verifyTwilioSignature(
        TWILIO_TOKEN,
        signedWithPort,
        "https://doorstep.example.org/webhooks/twilio/status",
        params,
      ),
    ).toBe(true);
    expect(
      twilio.validateRequest(
        TWILIO_TOKEN,
        signedWithPort,
        "https://doorstep.example.org/webhooks/twilio/status",
        params,
      ),
    ).toBe(true);
  });
});

describe("POST /webhooks/sendgrid/events", () => {
  async function postEvents(events: unknown[], options: { age?: number; tamper?: boolean } = {}) {
    const body = JSON.stringify(events);
    const timestamp = String(Math.floor((t.clock.now().getTime() - (options.age ?? 0)) / 1000));
    const signature = await keys.sign(timestamp, body);
    return t.app.request("/webhooks/sendgrid/events", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-twilio-email-event-webhook-signature": signature,
        "x-twilio-email-event-webhook-timestamp": timestamp,
      },
      body: options.tamper ? body.replace("delivered", "bounce") : body,
    });
  }

  it("stores a duplicate batch once and applies delivered", async () => {
    const { id } = await sentMessage("email");
    const batch = [
      {
        event: "processed",
        sg_event_id: "ev-1",
        sg_message_id: "sg-msg-1.filter001",
        messageId: id,
        timestamp: 1_790_000_000,
      },
      {
        event: "delivered",
        sg_event_id: "ev-2",
        sg_message_id: "sg-msg-1.filter001",
        messageId: id,
        timestamp: 1_790_000_001,
      },
    ];
    expect((await postEvents(batch)).status).toBe(204);
    expect((await postEvents(batch)).status).toBe(204);
    expect(await t.deps.db.select().from(messageEvents)).toHaveLength(2);
    const [row] = await t.deps.db.select().from(messages).where(eq(messages.id, id));
    expect(row!.status).toBe("delivered");
  });

  it("a bounce marks the address unreachable; a spam report opts the contact out", async () => {
    const { id, contact } = await sentMessage("email");
    await postEvents([{ event: "bounce", sg_event_id: "ev-b", messageId: id, reason: "550 no such user" }]);
    let [row] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row!.emailUnreachableAt).not.toBeNull();
    await postEvents([{ event: "spamreport", sg_event_id: "ev-s", messageId: id }]);
    [row] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row!.emailOptedOutAt).not.toBeNull();
  });

  it("refuses a forged or altered batch, and one older than ten minutes; nothing is stored", async () => {
    const { id } = await sentMessage("email");
    const events = [{ event: "delivered", sg_event_id: "ev-x", messageId: id }];
    expect((await postEvents(events, { tamper: true })).status).toBe(403);
    expect((await postEvents(events, { age: 11 * 60_000 })).status).toBe(403);
    const unsigned = await t.app.request("/webhooks/sendgrid/events", { method: "POST", body: JSON.stringify(events) });
    expect(unsigned.status).toBe(400);
    expect(await t.deps.db.select().from(messageEvents)).toHaveLength(0);
  });
});
