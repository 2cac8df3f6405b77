import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventInvitations, events, messages, visits } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

/** Parsed with Mozilla's ical.js: what a real calendar client reads from the file. */
function parseEvent(ics: string) {
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return {
    summary: event.summary,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
}

describe("add to calendar, for families with no email (/c/:code)", () => {
  it("a family that picked a time by link gets an .ics on the page and in the confirmation text; it expires with the code", async () => {
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const lead = await makeEducator(t.deps, school.id);
    const partner = await makeEducator(t.deps, school.id);
    const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id], language: "vi" });
    const created = await t.api("POST", "/visits", {
      familyId: family.id,
      educatorIds: [lead.id, partner.id],
      round: 1,
      slots: ["2026-11-10T16:30:00-06:00", "2026-11-11T17:00:00-06:00"],
      location: "home",
    });
    const [visit] = await t.deps.db.select().from(visits).where(eq(visits.id, created.body.id));
    // Codes are stored hashed: the family's code is the one in their invitation.
    const [invitation] = await t.deps.db.select().from(messages).where(eq(messages.templateKey, "visit_invitation"));
    const code = /\/f\/([0-9A-Z]{12})/.exec(invitation!.body)![1]!;
    expect((await t.app.request(`/c/${code}`)).status).toBe(409); // no time chosen yet
    expect(await (await t.app.request(`/f/${code}`)).text()).not.toContain(`/c/${code}`);

    await t.app.request(`/f/${code}`, { method: "POST", body: new URLSearchParams({ answer: "slot:2" }) });
    const page = await (await t.app.request(`/f/${code}`)).text();
    expect(page).toContain(`href="/c/${code}"`);
    expect(page).toContain("Thêm vào lịch của tôi");
    const [confirmation] = await t.deps.db
      .select()
      .from(messages)
      .where(eq(messages.templateKey, "visit_confirmation"));
    // The text carries a calendar code of its own (the /f/ code is not kept in the clear).
    const calendarCode = /\/c\/([0-9A-Z]{12})/.exec(confirmation!.body)?.[1];
    expect(calendarCode).toBeDefined();
    expect(confirmation!.body).toContain("Thêm vào lịch");
    expect((await t.app.request(`/c/${calendarCode}`)).status).toBe(200);

    const file = await t.app.request(`/c/${code}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="home-visit.ics"');
    expect(parseEvent(await file.text())).toEqual({
      summary: "Riverside Elementary home visit",
      start: "2026-11-11T23:00:00.000Z",
      end: "2026-11-11T23:45:00.000Z",
    });
    // Lower-case or hyphenated, as a family might retype it: the same file.
    expect((await t.app.request(`/c/${code.toLowerCase()}`)).status).toBe(200);
    expect((await t.app.request("/c/ZZZZZZZZZZZZ")).status).toBe(404);
    t.clock.set(new Date(visit!.linkExpiresAt!.getTime() + 1000));
    expect((await t.app.request(`/c/${code}`)).status).toBe(410);
    expect((await t.app.request(`/c/${calendarCode}`)).status).toBe(410);
  });

  it("an event invitation's code gives the event as an .ics until it starts", async () => {
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    const { family } = await makeFamily(t.deps, school.id);
    const now = t.clock.now();
    const eventId = newId("evt");
    await t.deps.db.insert(events).values({
      id: eventId,
      schoolId: school.id,
      schoolYear: "2026-27",
      kind: "team_meeting",
      title: "Parent Teacher Learning Team, meeting 1",
      startsAt: new Date("2026-11-12T23:30:00Z"),
      durationMinutes: 75,
      location: "Room 12",
      createdAt: now,
      updatedAt: now,
    });
    await t.deps.db.insert(eventInvitations).values({
      id: newId("inv"),
      eventId,
      familyId: family.id,
      linkCode: "K7QP2MN9VR4S",
      createdAt: now,
      updatedAt: now,
    });
    expect(await (await t.app.request("/e/K7QP2MN9VR4S")).text()).toContain('href="/c/K7QP2MN9VR4S"');
    const file = await t.app.request("/c/K7QP2MN9VR4S");
    expect(parseEvent(await file.text())).toEqual({
      summary: "Parent Teacher Learning Team, meeting 1",
      start: "2026-11-12T23:30:00.000Z",
      end: "2026-11-13T00:45:00.000Z",
    });
    t.clock.set(new Date("2026-11-13T00:00:00Z"));
    expect((await t.app.request("/c/K7QP2MN9VR4S")).status).toBe(410);
  });
});
