import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, inboundQueue, messages } from "../../db/schema";
import { type InboundRow, InboundWriter } from "../../src/services/inbound/inbound-writer";
import { routeInbound } from "../../src/services/inbound/route-inbound";
import { makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

let seq = 0;
function row(from: string, body: string, consent: InboundRow["consent"] = null): InboundRow {
  seq += 1;
  return {
    messageId: `msg_w${seq}`,
    providerMessageId: `SM${String(seq).padStart(32, "0")}`,
    address: from,
    body,
    kind: consent ? "system" : "personal",
    statusReason: null,
    media: null,
    createdAt: new Date(Date.parse("2026-11-02T15:00:00Z") + seq),
    priorSmsOptedOut: false,
    optOutType: null,
    consent,
  };
}

describe("InboundWriter (group commit of inbound texts)", () => {
  it("writes a group larger than one statement may bind (D1's 100) in full, once", async () => {
    // D1's limit, on real SQLite: 45 texts need 5 message inserts and 2 queue inserts.
    const writer = new InboundWriter(t.deps.db, { boundParameters: 100 });
    const rows = Array.from({ length: 45 }, (_, i) => row(`+1217555${String(1000 + i)}`, `text ${i}`));
    const results = await Promise.all(rows.map((r) => writer.write(r)));
    expect(results).toEqual(Array(45).fill(true));
    expect(await t.deps.db.$count(inboundQueue)).toBe(45);
    // The webhook writes receipts only; routing stores the messages after the answer.
    expect(await t.deps.db.$count(messages)).toBe(0);
  });

  it("tells each caller whether its text was new: twins in one group, and a text already stored", async () => {
    const writer = new InboundWriter(t.deps.db, { boundParameters: 100 });
    const stored = row("+12175550142", "first");
    expect(await writer.write(stored)).toBe(true);
    const fresh = row("+12175550142", "second");
    const results = await Promise.all([writer.write(stored), writer.write(fresh), writer.write({ ...fresh })]);
    expect(results).toEqual([false, true, false]);
    expect(await t.deps.db.$count(inboundQueue)).toBe(2);
  });

  it("stores a MessageSid once when its deliveries carry different ids, and queues only the stored one", async () => {
    // The webhook gives every delivery a fresh id; the unique provider id decides, in one group or later.
    const writer = new InboundWriter(t.deps.db, { boundParameters: 100 });
    const first = row("+12175550143", "hola");
    const twin = { ...first, messageId: "msg_twin" };
    const results = await Promise.all([writer.write(first), writer.write(twin)]);
    expect(results).toEqual([true, false]);
    expect(await writer.write({ ...first, messageId: "msg_retry_later" })).toBe(false);
    expect((await t.deps.db.select().from(inboundQueue)).map((q) => q.messageId)).toEqual([first.messageId]);
  });

  it("a number's last STOP or START in the group decides its opt-out", async () => {
    const school = await makeSchool(t.deps);
    const { contact: stops } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550150" } });
    const { contact: returns } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550151" } });
    const writer = new InboundWriter(t.deps.db);
    await Promise.all([
      writer.write(row("+12175550150", "START", "opt_in")),
      writer.write(row("+12175550150", "STOP", "opt_out")),
      writer.write(row("+12175550151", "STOP", "opt_out")),
      writer.write(row("+12175550151", "START", "opt_in")),
    ]);
    const optedOut = async (id: string) =>
      (await t.deps.db.select().from(contacts).where(eq(contacts.id, id)))[0]!.smsOptedOutAt;
    expect(await optedOut(stops.id)).not.toBeNull();
    expect(await optedOut(returns.id)).toBeNull();
  });

  it("waits for a webhook announced on its way, so it joins the same commit", async () => {
    const writer = new InboundWriter(t.deps.db, { maxWaitMs: 60_000 });
    const onTheWay = writer.expect();
    const early = writer.write(row("+12175550170", "early"));
    let settled = false;
    void early.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(await t.deps.db.$count(inboundQueue)).toBe(0);
    // One commit, one outcome: the late text is broken, so both fail — they were one group.
    const late = writer.write({ ...row("+12175550171", "late"), body: null as unknown as string }, onTheWay);
    const outcomes = await Promise.allSettled([early, late]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  });

  it("commits without a webhook that left (bad signature) or never wrote (after maxWaitMs)", async () => {
    const writer = new InboundWriter(t.deps.db, { maxWaitMs: 60_000 });
    const rejected = writer.expect();
    const first = writer.write(row("+12175550172", "first"));
    rejected.done(); // a 403: it will never write
    expect(await first).toBe(true);

    const patient = new InboundWriter(t.deps.db, { maxWaitMs: 5 });
    patient.expect(); // announced, then stuck (a slow upload): the timer bounds the wait
    expect(await patient.write(row("+12175550173", "second"))).toBe(true);
    expect(await t.deps.db.$count(inboundQueue)).toBe(2);
  });

  it("a failed commit fails every caller in the group and writes nothing", async () => {
    const school = await makeSchool(t.deps);
    const { contact } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550160" } });
    const writer = new InboundWriter(t.deps.db);
    const stop = row("+12175550160", "STOP", "opt_out");
    // A null body breaks NOT NULL: the whole group's transaction rolls back, the STOP's opt-out too.
    const bad = { ...row("+12175550161", "x"), body: null as unknown as string };
    const outcomes = await Promise.allSettled([writer.write(stop), writer.write(bad)]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(await t.deps.db.$count(inboundQueue)).toBe(0);
    const [after] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(after!.smsOptedOutAt).toBeNull();
  });
});

describe("routing a receipt into messages", () => {
  it("stores the message once, then drops a repeat that arrives after routing", async () => {
    const school = await makeSchool(t.deps);
    await makeFamily(t.deps, school.id, { contact: { phone: "+12175550180" } });
    const writer = new InboundWriter(t.deps.db);
    const text = row("+12175550180", "Gracias, maestra");
    expect(await writer.write(text)).toBe(true);
    expect(await routeInbound({ deps: t.deps })).toEqual({ routed: 1 });
    // Twilio repeats it (our answer was lost): its receipt is gone, so the webhook takes it again…
    expect(await writer.write({ ...text, messageId: "msg_repeat" })).toBe(true);
    expect(await routeInbound({ deps: t.deps })).toEqual({ routed: 1 });
    // …and routing finds the MessageSid stored under the first id: one message, no receipt left.
    const stored = await t.deps.db.select().from(messages);
    expect(stored.map((m) => [m.id, m.providerMessageId, m.body])).toEqual([
      [text.messageId, text.providerMessageId, text.body],
    ]);
    expect(stored[0]!.familyId).not.toBeNull();
    expect(await t.deps.db.$count(inboundQueue)).toBe(0);
  });

  it("routes a receipt whose message was stored before routing stopped (or before migration 0018)", async () => {
    const school = await makeSchool(t.deps);
    const { family } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550181" } });
    const text = row("+12175550181", "¿A qué hora?");
    await new InboundWriter(t.deps.db).write(text);
    const at = text.createdAt!;
    await t.deps.db.insert(messages).values({
      id: text.messageId,
      direction: "in",
      channel: "sms",
      kind: "personal",
      language: "en",
      body: text.body,
      address: text.address,
      status: "received",
      provider: "twilio",
      providerMessageId: text.providerMessageId,
      occurredAt: at,
      createdAt: at,
      updatedAt: at,
    });
    expect(await routeInbound({ deps: t.deps })).toEqual({ routed: 1 });
    const [stored] = await t.deps.db.select().from(messages);
    expect(stored).toMatchObject({ id: text.messageId, familyId: family.id });
    expect(await t.deps.db.$count(messages)).toBe(1);
    expect(await t.deps.db.$count(inboundQueue)).toBe(0);
  });

  it("routes a family's second text after its first committed, so both join one conversation", async () => {
    // Texts are committed in groups; two from one family (here from two of its numbers) must not
    // share one, or the second would not see the first and would open a conversation of its own.
    const school = await makeSchool(t.deps);
    const { family } = await makeFamily(t.deps, school.id, { contact: { phone: "+12175550182" } });
    await t.deps.db.insert(contacts).values({
      id: "con_second_guardian",
      familyId: family.id,
      name: "Second guardian",
      phone: "+12175550183",
      createdAt: t.deps.clock.now(),
      updatedAt: t.deps.clock.now(),
    });
    const writer = new InboundWriter(t.deps.db);
    const first = row("+12175550182", "Hola maestra");
    const second = row("+12175550183", "Soy el papá");
    await Promise.all([writer.write(first), writer.write(second)]);
    expect(await routeInbound({ deps: t.deps })).toEqual({ routed: 2 });
    const stored = await t.deps.db.select().from(messages).orderBy(messages.occurredAt);
    expect(stored.map((m) => [m.body, m.familyId, m.initiatedBy])).toEqual([
      ["Hola maestra", family.id, "family"],
      ["Soy el papá", family.id, "family"],
    ]);
    expect(stored[0]!.conversationId).not.toBeNull();
    expect(stored[1]!.conversationId).toBe(stored[0]!.conversationId);
  });

  it("routes more texts than one commit holds: every one filed under its family, no receipt left", async () => {
    const school = await makeSchool(t.deps);
    const phones = Array.from({ length: 60 }, (_, i) => `+1217556${String(1000 + i)}`);
    const families = await Promise.all(phones.map((phone) => makeFamily(t.deps, school.id, { contact: { phone } })));
    const writer = new InboundWriter(t.deps.db);
    const text = (phone: string, i: number) =>
      i % 10 === 0 ? { ...row(phone, "HELP"), kind: "system" as const } : row(phone, `texto ${i}`);
    await Promise.all(phones.map((phone, i) => writer.write(text(phone, i))));
    expect(await routeInbound({ deps: t.deps })).toEqual({ routed: 60 });
    const familyOf = new Map(families.map((f, i) => [phones[i], f.family.id]));
    const stored = await t.deps.db.select().from(messages).where(eq(messages.direction, "in"));
    expect(stored).toHaveLength(60);
    for (const m of stored) expect(m.familyId).toBe(familyOf.get(m.address!));
    // Each HELP got its one answer, queued in the same commit as its text.
    expect(await t.deps.db.$count(messages, eq(messages.direction, "out"))).toBe(6);
    expect(await t.deps.db.$count(inboundQueue)).toBe(0);
  });
});
