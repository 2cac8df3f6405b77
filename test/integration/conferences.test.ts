import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../db/errors";
import { auditLog, conferenceSlots, eventInvitations, messages, outbox, visits } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { bookSlot } from "../../src/services/conferences/book-slot";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

let t: TestApp;
beforeEach(async () => {
  // Real Twilio webhook signatures (the texts below go through the inbound webhook); default quiet hours.
  t = await createTestApp(PROVIDER_ENV); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

/** Two evenings, 16:00–17:00 Chicago, 20-minute slots: 1–3 on Tuesday, 4–6 on Wednesday. */
const BLOCKS = [
  { startsAt: "2026-11-10T16:00:00-06:00", endsAt: "2026-11-10T17:00:00-06:00" },
  { startsAt: "2026-11-11T16:00:00-06:00", endsAt: "2026-11-11T17:00:00-06:00" },
];

async function ptltClass(languages: string[]) {
  const school = await makeSchool(t.deps, { name: "Dewey Elementary", programModel: "ptlt" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Ms. Alvarez" });
  const homes = [];
  for (const language of languages)
    homes.push(await makeFamily(t.deps, school.id, { teachers: [teacher.id], language }));
  return { school, teacher, homes };
}

async function publish(schoolId: string, educatorId: string) {
  const res = await t.api("POST", "/conferences", {
    schoolId,
    educatorId,
    title: "Fall conference",
    location: "Room 12",
    minutes: 20,
    blocks: BLOCKS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; slots: { id: string; position: number; startsAt: string }[] };
}

async function invitationOf(familyId: string) {
  const [m] = await t.deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.familyId, familyId), eq(messages.templateKey, "conference_invitation")));
  return { body: m!.body, code: /\/e\/([0-9A-Z]{12})/.exec(m!.body)![1]! };
}

async function slotOf(eventId: string, familyId: string) {
  const [s] = await t.deps.db
    .select()
    .from(conferenceSlots)
    .where(and(eq(conferenceSlots.eventId, eventId), eq(conferenceSlots.familyId, familyId)));
  return s?.position ?? null;
}

const sent = async (familyId: string, templateKey: string) =>
  t.deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.familyId, familyId), eq(messages.templateKey, templateKey)));

const text = (phone: string, body: string) => postInboundSms(t, inboundPayload(phone, body));

function parseEvent(ics: string) {
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
  return {
    summary: event.summary,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
}

describe("PTLT conference sign-up (seed 001: one 20–30 minute parent-teacher conference per family)", () => {
  it("publishes numbered slots and invites each family of the class in its language, with three open times and the link", async () => {
    const { school, teacher, homes } = await ptltClass(["vi", "es", "en"]);
    const conference = await publish(school.id, teacher.id);
    expect(conference.slots.map((s) => [s.position, s.startsAt])).toEqual([
      [1, "2026-11-10T22:00:00.000Z"],
      [2, "2026-11-10T22:20:00.000Z"],
      [3, "2026-11-10T22:40:00.000Z"],
      [4, "2026-11-11T22:00:00.000Z"],
      [5, "2026-11-11T22:20:00.000Z"],
      [6, "2026-11-11T22:40:00.000Z"],
    ]);
    const vi = await invitationOf(homes[0]!.family.id);
    expect(vi.body).toContain("xin chọn giờ");
    expect(vi.body.match(/^\d\) /gm)).toHaveLength(3);
    const es = await invitationOf(homes[1]!.family.id);
    expect(es.body).toContain("conferencia");
    // Rotated per family: the two texts do not offer the same three slots.
    expect(es.body.match(/^\d/gm)).not.toEqual(vi.body.match(/^\d/gm));
    const page = await (await t.app.request(`/e/${vi.code}`)).text();
    expect(page).toContain('lang="vi"');
    expect(page.match(/name="slot"/g)).toHaveLength(6);
  });

  it("first come: two families racing for one slot — exactly one gets it, the other by text is told it is taken", async () => {
    const { school, teacher, homes } = await ptltClass(["es", "en"]);
    const conference = await publish(school.id, teacher.id);
    const [a, b] = homes.map((h) => h.family.id) as [string, string];
    const results = await Promise.all([
      bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: a, position: 2, via: "link" }),
      bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: b, position: 2, via: "link" }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["booked", "taken"]);
    const winner = results[0]!.outcome === "booked" ? a : b;
    const loser = winner === a ? homes[1]! : homes[0]!;
    expect(await slotOf(conference.id, winner)).toBe(2);
    expect(await slotOf(conference.id, loser.family.id)).toBeNull();

    await text(loser.contact.phone!, "2");
    expect(await slotOf(conference.id, loser.family.id)).toBeNull();
    const [taken] = await sent(loser.family.id, "conference_slot_taken");
    expect(taken!.body).toContain(`/e/${(await invitationOf(loser.family.id)).code}`);
  });

  it("one slot per family: booking another time moves the family (old slot released in the same batch), and the index refuses a second slot", async () => {
    const { school, teacher, homes } = await ptltClass(["en"]);
    const conference = await publish(school.id, teacher.id);
    const family = homes[0]!.family;
    const { code } = await invitationOf(family.id);
    const slotId = (p: number) => conference.slots.find((s) => s.position === p)!.id;
    const tap = (p: number) =>
      t.app.request(`/e/${code}`, { method: "POST", body: new URLSearchParams({ slot: slotId(p) }) });

    expect((await tap(1)).status).toBe(200);
    expect(await slotOf(conference.id, family.id)).toBe(1);
    const moved = await tap(5);
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain('data-booked-slot="5"');
    const rows = await t.deps.db.select().from(conferenceSlots).where(eq(conferenceSlots.eventId, conference.id));
    expect(rows.filter((r) => r.familyId === family.id).map((r) => r.position)).toEqual([5]);
    expect(rows.find((r) => r.position === 1)!.familyId).toBeNull();
    // Two confirmations, one per booking, each with the calendar link.
    const confirmations = await sent(family.id, "conference_confirmation");
    expect(confirmations).toHaveLength(2);
    expect(confirmations[1]!.body).toContain(`/c/${code}`);
    // Straight at the database: a second slot for one family is refused by the partial unique index.
    await expect(
      t.deps.db
        .update(conferenceSlots)
        .set({ familyId: family.id, bookedAt: new Date() })
        .where(eq(conferenceSlots.id, slotId(2))),
    ).rejects.toSatisfy((e) => isUniqueViolation(e, "conference_slots"));
    // A slot another family holds cannot be taken on the page: 409, the family keeps its own.
    const other = await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: other.family.id, position: 6, via: "link" });
    const refused = await tap(6);
    expect(refused.status).toBe(409);
    expect(await slotOf(conference.id, family.id)).toBe(5);
  });

  it("reply digits: a pending visit question first, then a pending RSVP, then the conference — the invitation offers the link only meanwhile", async () => {
    const { school, teacher, homes } = await ptltClass(["en", "en"]);
    const [visited, invited] = homes as [(typeof homes)[0], (typeof homes)[0]];
    const partner = await makeEducator(t.deps, school.id);
    const visit = await t.api("POST", "/visits", {
      familyId: visited.family.id,
      educatorIds: [teacher.id, partner.id],
      round: 1,
      slots: ["2026-11-05T16:30:00-06:00", "2026-11-06T17:00:00-06:00"],
      location: "home",
    });
    expect(visit.status).toBe(201);
    const dinner = await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "family_dinner",
      title: "Family dinner",
      startsAt: "2026-11-20T17:30:00-06:00",
      location: "Cafeteria",
      audience: { familyIds: [invited.family.id] },
    });
    expect(dinner.status).toBe(201);
    const conference = await publish(school.id, teacher.id);
    for (const home of homes) {
      const { body } = await invitationOf(home.family.id);
      expect(body).not.toMatch(/^\d\) /m);
      expect(body).toContain("Please choose a time here:");
    }

    await text(visited.contact.phone!, "1"); // the visit's first time
    const [v] = await t.deps.db.select().from(visits).where(eq(visits.id, visit.body.id));
    expect(v!.status).toBe("scheduled");
    expect(await slotOf(conference.id, visited.family.id)).toBeNull();
    await text(visited.contact.phone!, "1"); // now nothing else waits: slot 1
    expect(await slotOf(conference.id, visited.family.id)).toBe(1);

    await text(invited.contact.phone!, "1"); // yes to the dinner
    const [rsvp] = await t.deps.db
      .select()
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, dinner.body.id), eq(eventInvitations.familyId, invited.family.id)));
    expect(rsvp!.rsvp).toBe("yes");
    expect(await slotOf(conference.id, invited.family.id)).toBeNull();
    await text(invited.contact.phone!, "3");
    expect(await slotOf(conference.id, invited.family.id)).toBe(3);
    // The conference invitation itself is not an RSVP: it never took the digit as "yes".
    const [mine] = await t.deps.db
      .select()
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, conference.id), eq(eventInvitations.familyId, invited.family.id)));
    expect(mine!.rsvp).toBeNull();
  });

  it("reschedule by text: a family holding a slot texts another open number and is moved; a taken number keeps its slot", async () => {
    const { school, teacher, homes } = await ptltClass(["es", "en"]);
    const conference = await publish(school.id, teacher.id);
    const [a, b] = homes as [(typeof homes)[0], (typeof homes)[0]];
    await text(a.contact.phone!, "2");
    expect(await slotOf(conference.id, a.family.id)).toBe(2);
    await text(a.contact.phone!, "#4");
    expect(await slotOf(conference.id, a.family.id)).toBe(4);
    const confirmations = await sent(a.family.id, "conference_confirmation");
    expect(confirmations).toHaveLength(2);
    expect(confirmations[1]!.body).toContain("Agréguela a su calendario");
    await text(b.contact.phone!, "5");
    await text(a.contact.phone!, "5");
    expect(await slotOf(conference.id, a.family.id)).toBe(4);
    expect(await slotOf(conference.id, b.family.id)).toBe(5);
    // A number beyond the slots is an ordinary message for the teacher.
    await text(a.contact.phone!, "9");
    expect(await slotOf(conference.id, a.family.id)).toBe(4);
  });

  it("reminds 24 h before a booked slot, once, waiting for the end of quiet hours", async () => {
    const { school, teacher, homes } = await ptltClass(["en", "en"]);
    const conference = await publish(school.id, teacher.id);
    const [a, b] = homes as [(typeof homes)[0], (typeof homes)[0]];
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: a.family.id, position: 1, via: "link" }); // Tue 22:00Z
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: b.family.id, position: 6, via: "link" }); // Wed 22:40Z
    const night = new Date("2026-11-10T07:00:00Z"); // 01:00 in Chicago
    t.clock.set(night);
    await runJob({ deps: t.deps }, "conference-reminders", night);
    await runJob({ deps: t.deps }, "conference-reminders", night);
    const reminders = await sent(a.family.id, "conference_reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain("a reminder of your conference");
    expect(await sent(b.family.id, "conference_reminder")).toHaveLength(0); // more than 24 h ahead
    const [queued] = await t.deps.db.select().from(outbox).where(eq(outbox.messageId, reminders[0]!.id));
    expect(queued!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(new Date("2026-11-10T14:00:00Z").getTime());
  });

  it("a reminder queued for a slot the family then left is not sent (the dispatcher reads the catalog's timeSensitive)", async () => {
    const { school, teacher, homes } = await ptltClass(["en"]);
    const conference = await publish(school.id, teacher.id);
    const family = homes[0]!.family;
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: family.id, position: 1, via: "link" }); // Tue 22:00Z
    const night = new Date("2026-11-10T07:00:00Z"); // 01:00 in Chicago: the reminder waits for morning
    t.clock.set(night);
    await runJob({ deps: t.deps }, "conference-reminders", night);
    const [reminder] = await sent(family.id, "conference_reminder");
    expect(reminder).toBeDefined();
    // Before it leaves, the family moves to Wednesday's last slot.
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: family.id, position: 6, via: "link" });
    const morning = new Date("2026-11-10T14:00:00Z");
    t.clock.set(morning);
    await runJob({ deps: t.deps }, "dispatch", morning);
    const [row] = await t.deps.db.select().from(messages).where(eq(messages.id, reminder!.id));
    expect(row).toMatchObject({ status: "undeliverable" });
    expect(row!.statusReason).toContain("the family moved to another conference slot");
    // Both bookings are in the audit log, as the family's own acts.
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.subjectId, conference.id));
    expect(audits.filter((a) => a.actorType === "family").map((a) => [a.action, a.actorId])).toEqual([
      ["conference.book", family.id],
      ["conference.reschedule", family.id],
    ]);
  });

  it("the calendar file (/c/<code>) is the booked slot, parsed by ical.js; 409 before booking, moved with the booking", async () => {
    const { school, teacher, homes } = await ptltClass(["en"]);
    const conference = await publish(school.id, teacher.id);
    const family = homes[0]!.family;
    const { code } = await invitationOf(family.id);
    expect((await t.app.request(`/c/${code}`)).status).toBe(409);
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: family.id, position: 2, via: "link" });
    const file = await t.app.request(`/c/${code}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="conference.ics"');
    expect(parseEvent(await file.text())).toEqual({
      summary: "Fall conference",
      start: "2026-11-10T22:20:00.000Z",
      end: "2026-11-10T22:40:00.000Z",
    });
    await bookSlot({ deps: t.deps }, { eventId: conference.id, familyId: family.id, position: 4, via: "link" });
    expect(parseEvent(await (await t.app.request(`/c/${code}`)).text()).start).toBe("2026-11-11T22:00:00.000Z");
    t.clock.set(new Date("2026-11-11T22:00:00Z"));
    expect((await t.app.request(`/c/${code}`)).status).toBe(410);
  });

  it("PTLT '1 individual 20–30-minute conference' per family: a booked and attended slot counts in the fidelity report", async () => {
    const { school, teacher, homes } = await ptltClass(["en", "so"]);
    const conference = await publish(school.id, teacher.id);
    await bookSlot(
      { deps: t.deps },
      { eventId: conference.id, familyId: homes[0]!.family.id, position: 1, via: "link" },
    );
    await bookSlot(
      { deps: t.deps },
      { eventId: conference.id, familyId: homes[1]!.family.id, position: 2, via: "link" },
    );
    const slotId = conference.slots.find((s) => s.position === 1)!.id;
    const open = conference.slots.find((s) => s.position === 3)!.id;
    const refused = await t.api("PUT", `/conferences/${conference.id}/attendance`, { attendedSlotIds: [open] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("attendedSlotIds");
    const marked = await t.api("PUT", `/conferences/${conference.id}/attendance`, { attendedSlotIds: [slotId] });
    expect(marked.status).toBe(200);
    expect(marked.body.slots[0]).toMatchObject({ position: 1, attended: true });
    const report = await t.api("GET", `/reports/fidelity?schoolId=${school.id}`);
    expect(report.body.lines.find((l: { rule: string }) => l.rule === "families who attended 1 conference")).toEqual({
      rule: "families who attended 1 conference",
      target: "100%",
      actual: "50% (1 of 2)",
      met: false,
    });
  });

  it("refuses bad slots naming the field", async () => {
    const { school, teacher } = await ptltClass(["en"]);
    const overlap = await t.api("POST", "/conferences", {
      schoolId: school.id,
      educatorId: teacher.id,
      title: "Fall conference",
      minutes: 20,
      blocks: [BLOCKS[0], { startsAt: "2026-11-10T16:30:00-06:00", endsAt: "2026-11-10T18:00:00-06:00" }],
    });
    expect(overlap.status).toBe(400);
    expect(JSON.stringify(overlap.body)).toContain("overlaps another block");
    const short = await t.api("POST", "/conferences", {
      schoolId: school.id,
      educatorId: teacher.id,
      title: "Fall conference",
      minutes: 5,
      blocks: BLOCKS,
    });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain("minutes");
  });
});
