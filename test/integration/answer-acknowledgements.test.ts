import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, eventInvitations, messages } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_MPS: "10" }, { realProviders: true });
});
afterEach(() => t.close());

/** A second guardian of the household, with their own number, language and channel. */
async function addGuardian(familyId: string, values: Partial<typeof contacts.$inferInsert>) {
  const now = t.clock.now();
  const row = { id: newId("con"), familyId, name: "Second guardian", createdAt: now, updatedAt: now, ...values };
  await t.deps.db.insert(contacts).values(row);
  return row;
}

async function dispatch() {
  await t.deps.settle();
  await runJob({ deps: t.deps }, "dispatch", t.clock.now());
}

describe("an RSVP by text is acknowledged", () => {
  it("a '1' gets a thank-you in the family's language naming the event (translated title); once, even if routed again", async () => {
    const twilio = mockTwilio();
    mockSendGrid();
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const vi = await makeFamily(t.deps, school.id, { language: "vi", contact: { phone: "+12175550161" } });
    const created = await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "family_dinner",
      title: "Family Literacy Night",
      startsAt: "2026-11-20T17:30:00-06:00",
      location: "the cafeteria",
      translations: { vi: { title: "Đêm Đọc Sách Gia Đình" } },
      audience: { all: true },
    });
    expect(created.status).toBe(201);
    await dispatch();
    const before = twilio.length;

    const payload = inboundPayload("+12175550161", "1");
    await postInboundSms(t, payload);
    await dispatch();
    const acks = twilio.slice(before);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.form.To).toBe("+12175550161");
    expect(acks[0]!.form.Body).toBe(
      "Riverside Elementary: đã nhận trả lời của Quý vị cho Đêm Đọc Sách Gia Đình: có, Quý vị sẽ đến. Hẹn gặp Quý vị!",
    );
    const [invitation] = await t.deps.db
      .select()
      .from(eventInvitations)
      .where(eq(eventInvitations.familyId, vi.family.id));
    expect(invitation!.rsvp).toBe("yes");

    // Twilio retries the same text: nothing new is sent, and the RSVP stands.
    await postInboundSms(t, payload);
    await dispatch();
    expect(twilio.length).toBe(before + 1);
  });

  it("a text that is not an answer gets no acknowledgement and reaches the educators as a message", async () => {
    const twilio = mockTwilio();
    const school = await makeSchool(t.deps);
    await makeFamily(t.deps, school.id, { language: "en", contact: { phone: "+12175550162" } });
    await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "workshop",
      title: "Math Night",
      startsAt: "2026-11-20T17:30:00-06:00",
      location: "Gym",
      audience: { all: true },
    });
    await dispatch();
    const before = twilio.length;
    await postInboundSms(t, inboundPayload("+12175550162", "What time does it end?"));
    await dispatch();
    expect(twilio.length).toBe(before);
    const acks = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "event_rsvp_ack"));
    expect(acks).toHaveLength(0);
  });
});

describe("an answer from any guardian settles the visit for the household", () => {
  it("the father answers the mother's invitation: he gets the confirmation in his language, she is told in hers", async () => {
    const twilio = mockTwilio();
    const sendgrid = mockSendGrid();
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const teacher = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const mother = await makeFamily(t.deps, school.id, {
      teachers: [teacher.id],
      language: "es",
      contact: { phone: "+12175550171", language: "es", name: "Guadalupe" },
    });
    const father = await addGuardian(mother.family.id, { name: "José", phone: "+12175550172", language: "en" });
    const grandmother = await addGuardian(mother.family.id, {
      name: "Abuela",
      phone: null,
      email: "abuela@example.org",
      language: "es",
      channel: "email",
    });
    const visitId = await inviteToVisit(
      t,
      mother.family.id,
      [teacher.id, partner.id],
      ["2026-11-10T16:30:00-06:00", "2026-11-11T17:30:00-06:00"],
    );
    await dispatch();
    const invitations = twilio.filter((c) => c.form.Body?.includes("1)"));
    expect(invitations.map((c) => c.form.To)).toEqual(["+12175550171"]);
    const textsBefore = twilio.length;
    const mailsBefore = sendgrid.length;

    await postInboundSms(t, inboundPayload("+12175550172", "2"));
    await dispatch();
    const visit = await t.api("GET", `/visits/${visitId}`);
    expect(visit.body.status).toBe("scheduled");
    const texts = twilio.slice(textsBefore).filter((c) => !/HELP|AYUDA/.test(c.form.Body ?? ""));
    const toFather = texts.filter((c) => c.form.To === "+12175550172");
    const toMother = texts.filter((c) => c.form.To === "+12175550171");
    expect(toFather).toHaveLength(1);
    expect(toFather[0]!.form.Body).toMatch(/your visit with .* is confirmed for Wed/);
    expect(toMother).toHaveLength(1);
    expect(toMother[0]!.form.Body).toMatch(/confirmad|miércoles|mi[eé]rcoles/i);
    // The grandmother reads email: she is told there, in Spanish.
    const mails = sendgrid.slice(mailsBefore).filter((m) => JSON.stringify(m.body).includes("abuela@example.org"));
    expect(mails).toHaveLength(1);

    // One confirmation per guardian, each under their own contact.
    const confirmations = await t.deps.db
      .select({ contactId: messages.contactId })
      .from(messages)
      .where(and(eq(messages.visitId, visitId), eq(messages.templateKey, "visit_confirmation")));
    expect(confirmations.map((c) => c.contactId).sort()).toEqual([mother.contact.id, father.id, grandmother.id].sort());
  });

  it("an opted-out guardian is not told, and a decline is acknowledged to the one who declined", async () => {
    const twilio = mockTwilio();
    mockSendGrid();
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const teacher = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const mother = await makeFamily(t.deps, school.id, {
      teachers: [teacher.id],
      language: "en",
      contact: { phone: "+12175550181", language: "en" },
    });
    await addGuardian(mother.family.id, { phone: "+12175550182", language: "en" });
    await postInboundSms(t, inboundPayload("+12175550181", "STOP"));
    await inviteToVisit(t, mother.family.id, [teacher.id, partner.id]);
    await dispatch();
    const before = twilio.length;
    await postInboundSms(t, inboundPayload("+12175550182", "no thanks"));
    await dispatch();
    const after = twilio.slice(before);
    expect(after.map((c) => c.form.To)).toEqual(["+12175550182"]);
    expect(after[0]!.form.Body).toContain("thank you for letting us know");
  });
});
