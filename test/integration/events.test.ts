import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventInvitations } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { markAttendance } from "../../src/services/events/rsvp";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_MPS: "10" }, { realProviders: true });
});
afterEach(() => t.close());

describe("events", () => {
  it("a family dinner invites the whole school in each family's language; replies are RSVPs; progress and attendance add up", async () => {
    const twilio = mockTwilio();
    const sendgrid = mockSendGrid();
    const school = await makeSchool(t.deps, { name: "Riverside Elementary", programModel: "homeworks" });
    const teacher = await makeEducator(t.deps, school.id);
    const spanish = await makeFamily(t.deps, school.id, {
      teachers: [teacher.id],
      language: "es",
      contact: { phone: "+12175550142" },
    });
    const somali = await makeFamily(t.deps, school.id, { language: "so", contact: { phone: "+12175550143" } });
    const email = await makeFamily(t.deps, school.id, {
      language: "vi",
      channel: "email",
      contact: { phone: null, email: "v@example.org" },
    });
    const created = await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "family_dinner",
      title: "Family Dinner",
      startsAt: "2026-11-20T17:30:00-06:00",
      location: "the cafeteria",
      audience: { all: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.invited).toBe(3);
    await t.deps.settle();
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    const invitations = twilio.filter((c) => c.form.Body?.includes("Family Dinner"));
    expect(invitations).toHaveLength(2);
    expect(invitations.find((c) => c.form.To === "+12175550142")!.form.Body).toMatch(/Responda|responda/);
    expect(sendgrid.filter((m) => JSON.stringify(m.body).includes("Family Dinner"))).toHaveLength(1);

    await postInboundSms(t, inboundPayload("+12175550142", "1"));
    await postInboundSms(t, inboundPayload("+12175550143", "Maya"));
    const summary = await t.api("GET", `/events/${created.body.id}`);
    expect(summary.body).toMatchObject({
      invited: 3,
      progress: { sent: 3, queued: 0, failed: 0 },
      rsvp: { yes: 1, no: 1, maybe: 0, none: 1 },
    });

    await markAttendance({ deps: t.deps }, created.body.id, [spanish.family.id]);
    expect((await t.api("GET", `/events/${created.body.id}`)).body.attended).toBe(1);
    const [row] = await t.deps.db.select().from(eventInvitations).where(eq(eventInvitations.familyId, email.family.id));
    expect(row!.rsvp).toBeNull();
    // "Maya" is Somali for "no".
    const [somaliRow] = await t.deps.db
      .select()
      .from(eventInvitations)
      .where(eq(eventInvitations.familyId, somali.family.id));
    expect(somaliRow!.rsvp).toBe("no");
  });

  it("a class only, names the bad fields, and educators may not create events", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    await makeFamily(t.deps, school.id);
    const klass = await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "workshop",
      title: "Reading at home",
      startsAt: "2026-11-20T17:30:00-06:00",
      location: "Room 4",
      audience: { educatorId: teacher.id },
    });
    expect(klass.body.invited).toBe(1);
    const bad = await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "party",
      title: "",
      startsAt: "2020-01-01T00:00:00Z",
      location: "x",
      audience: { all: true },
    });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["kind", "title"]);
    const past = await t.api("POST", "/events", {
      schoolId: school.id,
      kind: "workshop",
      title: "x",
      startsAt: "2020-01-01T00:00:00Z",
      location: "x",
      audience: { all: true },
    });
    expect(past.body.error.fields).toEqual({ startsAt: "is in the past" });
    const { sessionCookie } = await import("../support/factories");
    const res = await t.app.request("/api/v1/events", {
      method: "POST",
      headers: { cookie: await sessionCookie(t.deps, teacher.id), "content-type": "application/json" },
      body: JSON.stringify({
        schoolId: school.id,
        kind: "workshop",
        title: "x",
        startsAt: "2026-11-20T17:30:00-06:00",
        location: "x",
        audience: { all: true },
      }),
    });
    expect(res.status).toBe(403);
  });
});

describe("the events pages", () => {
  it("a coordinator creates an event from the form and ticks attendance", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps, { programModel: "homeworks" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const a = await makeFamily(t.deps, school.id);
    await makeFamily(t.deps, school.id);
    const { sessionCookie } = await import("../support/factories");
    const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
    const post = (path: string, form: [string, string][]) =>
      t.app.request(path, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([["_csrf", "x"], ...form]),
      });
    const created = await post("/events", [
      ["kind", "family_dinner"],
      ["title", "Fall Dinner"],
      ["startsAt", "2026-11-20T17:30"],
      ["location", "Gym"],
      ["audience", "all"],
    ]);
    expect(created.status).toBe(303);
    const eventPath = created.headers.get("location")!;
    expect((await t.api("GET", `/events/${eventPath.split("/").pop()}`)).body).toMatchObject({
      invited: 2,
      startsAt: "2026-11-20T23:30:00.000Z",
    });
    await post(`${eventPath}/attendance`, [["attended", a.family.id]]);
    const html = await (await t.app.request(eventPath, { headers: { cookie } })).text();
    expect(html).toContain("Fall Dinner");
    expect((await t.api("GET", `/events/${eventPath.split("/").pop()}`)).body.attended).toBe(1);
  });
});
