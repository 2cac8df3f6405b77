import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { educatorNotifications, educators, messages, outbox } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { dispatchDue } from "../../src/messaging/dispatcher";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

// 2026-11-02 is a Monday; Chicago is on CST (UTC−6) from November 1.
const MONDAY_EVENING = "2026-11-03T01:00:00.000Z"; // Mon 19:00 in Chicago
const TUESDAY_OPENS = "2026-11-03T14:00:00.000Z"; // Tue 08:00 in Chicago
const WEEKDAYS_8_TO_4 = {
  day1: "on",
  start1: "08:00",
  end1: "16:00",
  day2: "on",
  start2: "08:00",
  end2: "16:00",
  day3: "on",
  start3: "08:00",
  end3: "16:00",
  day4: "on",
  start4: "08:00",
  end4: "16:00",
  day5: "on",
  start5: "08:00",
  end5: "16:00",
};

let t: TestApp;
beforeEach(async () => {
  // Twilio's auth token verifies the inbound webhook; sends go to the console provider.
  t = await createTestApp(PROVIDER_ENV);
});
afterEach(() => t.close());

async function world() {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez" });
  const { family, contact } = await makeFamily(t.deps, school.id, {
    teachers: [teacher.id],
    language: "es",
    contact: { phone: "+12175550142" },
  });
  const as = async (educatorId: string) => {
    const cookie = `${await sessionCookie(t.deps, educatorId)}; doorstep_csrf=test-csrf`;
    return {
      get: (path: string) => t.app.request(path, { headers: { cookie } }),
      post: (path: string, form: Record<string, string>) =>
        t.app.request(path, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: "test-csrf", ...form }),
        }),
    };
  };
  return { school, teacher, family, contact, maria: await as(teacher.id), as };
}

const outgoing = () => t.deps.db.select().from(messages).where(eq(messages.direction, "out"));
const sentBodies = () => t.sms.sent.map((m) => m.body);

describe("office hours settings", () => {
  it("saves a teacher's hours, and refuses bad times beside the field with what was typed kept", async () => {
    const { teacher, maria } = await world();
    const page = await maria.get("/settings/office-hours");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("America/Chicago");

    const bad = await maria.post("/settings/office-hours", { ...WEEKDAYS_8_TO_4, start3: "17:00", end3: "09:30" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("The end must be after the start");
    expect(html).toContain('value="17:00"'); // what was typed stays
    expect(html).toContain('value="09:30"');
    const [unchanged] = await t.deps.db.select().from(educators).where(eq(educators.id, teacher.id));
    expect(unchanged!.officeHours).toBeNull(); // nothing half-saved

    const saved = await maria.post("/settings/office-hours", WEEKDAYS_8_TO_4);
    expect(saved.status).toBe(303);
    const [row] = await t.deps.db.select().from(educators).where(eq(educators.id, teacher.id));
    expect(row!.officeHours).toEqual({
      timeZone: "America/Chicago",
      days: Object.fromEntries(["1", "2", "3", "4", "5"].map((d) => [d, { start: 480, end: 960 }])),
    });
    const again = await (await maria.get("/settings/office-hours?saved=1")).text();
    expect(again).toContain("Office hours saved.");
    expect(again).toMatch(/name="day1"[^>]*checked/);
    expect(again).not.toMatch(/name="day0"[^>]*checked/);

    // Unticking every day clears them.
    expect((await maria.post("/settings/office-hours", {})).status).toBe(303);
    const [cleared] = await t.deps.db.select().from(educators).where(eq(educators.id, teacher.id));
    expect(cleared!.officeHours).toBeNull();
  });

  it("shows coordinators who on the team has office hours and who is off now", async () => {
    const { school, maria } = await world();
    await maria.post("/settings/office-hours", WEEKDAYS_8_TO_4);
    await makeEducator(t.deps, school.id, { name: "Sarah Kim" });
    const coordinator = await makeEducator(t.deps, school.id, { name: "Rosa Delgado", role: "coordinator" });
    const rosa = await (await world()).as(coordinator.id);
    t.clock.set(MONDAY_EVENING);
    const html = await (await rosa.get("/settings/office-hours")).text();
    expect(html).toContain("Your team&#39;s office hours");
    expect(html).toMatch(/Maria Gonzalez[\s\S]*?Mon 08:00–16:00 · Tue 08:00–16:00[\s\S]*?Off: families get/);
    expect(html).toMatch(/Sarah Kim[\s\S]*?No office hours[\s\S]*?Reachable/);
  });
});

describe("a family's text outside office hours", () => {
  it("gets one reply an evening, in the family's language, saying when the teacher answers — sent at once, at night", async () => {
    const { family, maria } = await world();
    await maria.post("/settings/office-hours", WEEKDAYS_8_TO_4);
    t.clock.set(MONDAY_EVENING);
    await postInboundSms(t, inboundPayload("+12175550142", "Hola maestra, mi hijo está enfermo"));
    await dispatchDue({ deps: t.deps }, t.clock.now());
    const replies = (await outgoing()).filter((m) => m.templateKey === "office_hours_reply");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ familyId: family.id, language: "es", status: "sent" });
    expect(replies[0]!.templateParams).toEqual({ time: TUESDAY_OPENS });
    const [body] = sentBodies();
    expect(body).toContain("Riverside Elementary");
    expect(body).toContain("martes"); // Tuesday, in Spanish
    expect(body).toContain("8:00");
    expect(body).not.toMatch(/\b(STOP|CANCEL|END|QUIT|UNSUBSCRIBE|PARAR|ALTO)\b/i);

    // A second text the same evening (and later that night) gets no second reply.
    t.clock.advance(2 * 60 * 60_000);
    await postInboundSms(t, inboundPayload("+12175550142", "¿Me puede llamar mañana?"));
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect((await outgoing()).filter((m) => m.templateKey === "office_hours_reply")).toHaveLength(1);
    expect(t.sms.sent).toHaveLength(1);

    // The next evening is another evening: one more reply.
    t.clock.set("2026-11-04T02:00:00.000Z"); // Tue 20:00
    await postInboundSms(t, inboundPayload("+12175550142", "Gracias"));
    const replies2 = (await outgoing()).filter((m) => m.templateKey === "office_hours_reply");
    expect(replies2.map((r) => r.templateParams)).toEqual([
      { time: TUESDAY_OPENS },
      { time: "2026-11-04T14:00:00.000Z" },
    ]);
  });

  it("is not sent inside office hours, to a keyword, to a digit answer, or when a teacher has set no hours", async () => {
    const { school, maria } = await world();
    await maria.post("/settings/office-hours", WEEKDAYS_8_TO_4);
    const autoReplies = async () => (await outgoing()).filter((m) => m.templateKey === "office_hours_reply");

    t.clock.set("2026-11-03T15:00:00.000Z"); // Tue 09:00: inside
    await postInboundSms(t, inboundPayload("+12175550142", "Hola"));
    expect(await autoReplies()).toHaveLength(0);

    t.clock.set(MONDAY_EVENING);
    await postInboundSms(t, inboundPayload("+12175550142", "2"));
    await postInboundSms(t, inboundPayload("+12175550142", "AYUDA"));
    expect(await autoReplies()).toHaveLength(0);
    expect((await outgoing()).map((m) => m.templateKey)).toEqual(["help_reply"]);
    await postInboundSms(t, inboundPayload("+12175550142", "STOP"));
    await postInboundSms(t, inboundPayload("+12175550142", "una pregunta más"));
    expect(await autoReplies()).toHaveLength(0); // opted out: no automatic text at all
    expect((await outgoing()).map((m) => m.templateKey).sort()).toEqual(["help_reply", "opt_out_confirmation"]);

    // A family whose second teacher set no hours: that teacher has not asked for evenings off.
    const other = await makeEducator(t.deps, school.id);
    await makeFamily(t.deps, school.id, { teachers: [other.id], contact: { phone: "+12175550143" } });
    await postInboundSms(t, inboundPayload("+12175550143", "Hello"));
    expect(await autoReplies()).toHaveLength(0);
  });

  it("holds the teacher's email about new texts until office hours begin", async () => {
    const { teacher, maria } = await world();
    await maria.post("/settings/office-hours", WEEKDAYS_8_TO_4);
    t.clock.set("2026-11-02T23:00:00.000Z"); // Mon 17:00: after hours, before quiet hours
    await postInboundSms(t, inboundPayload("+12175550142", "Hola"));
    const pending = () => t.deps.db.select().from(educatorNotifications);
    expect(await pending()).toHaveLength(1);
    expect(await runJob({ deps: t.deps }, "notify-educators", t.clock.now())).toEqual({ sent: 0, held: 1 });
    expect(t.email.sent).toHaveLength(0);

    t.clock.set(TUESDAY_OPENS);
    expect(await runJob({ deps: t.deps }, "notify-educators", t.clock.now())).toEqual({ sent: 1, held: 0 });
    // Staff emails leave through their own outbox (messaging/staff-mail.ts).
    await runJob({ deps: t.deps }, "staff-mail", t.clock.now());
    expect(t.email.sent.map((m) => m.to)).toEqual([teacher.email]);
  });
});

describe("scheduled messages", () => {
  it("wait in the outbox until their time, do not hold up later messages, and go after it", async () => {
    const { family, maria } = await world();
    // Mon 09:00 in Chicago; scheduled for Tue 07:30, which is in quiet hours: it goes at 08:00.
    t.clock.set("2026-11-02T15:00:00.000Z");
    const res = await maria.post(`/families/${family.id}/messages`, {
      templateKey: "personal",
      body: "Recordatorio: la reunión es hoy",
      channel: "auto",
      action: "send",
      sendAt: "2026-11-03T07:30",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/families/${family.id}?scheduled=1`);
    await t.deps.settle();
    const [scheduled] = (await outgoing()).filter((m) => m.templateKey === "personal");
    const [row] = await t.deps.db.select().from(outbox).where(eq(outbox.messageId, scheduled!.id));
    expect(row).toMatchObject({ state: "pending", nextAttemptAt: new Date("2026-11-03T14:00:00.000Z") });

    // Before its time only the welcome goes (a first text to the number), even when the dispatcher runs.
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(sentBodies()).toEqual([expect.stringContaining("STOP")]);
    const page = await (await maria.get(`/families/${family.id}?scheduled=1`)).text();
    expect(page).toContain("Message scheduled.");
    expect(page).toContain("1 scheduled message waiting");
    expect(page).toContain("Goes Nov 3, 2026, 8:00 AM");
    expect(page).toContain("Cancel this message");

    // A message sent now is not held behind the one for tomorrow.
    await maria.post(`/families/${family.id}/messages`, {
      templateKey: "personal",
      body: "Hola, ¿cómo están?",
      channel: "auto",
      action: "send",
    });
    await t.deps.settle();
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(sentBodies()).toEqual([expect.stringContaining("STOP"), expect.stringContaining("¿cómo están?")]);
    expect(sentBodies().join()).not.toContain("Recordatorio");

    t.clock.set("2026-11-03T13:59:00.000Z");
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(sentBodies()).toHaveLength(2);
    t.clock.set("2026-11-03T14:00:00.000Z");
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(sentBodies()).toHaveLength(3);
    expect(sentBodies()[2]).toContain("Recordatorio: la reunión es hoy");
    expect(await (await maria.get(`/families/${family.id}`)).text()).not.toContain("scheduled message waiting");
  });

  it("can be cancelled until sent, then never goes; only its sender or a coordinator may cancel it", async () => {
    const { school, family, maria, as } = await world();
    const res = await maria.post(`/families/${family.id}/messages`, {
      templateKey: "check_in",
      channel: "auto",
      action: "send",
      sendAt: "2026-11-05T10:00",
    });
    expect(res.status).toBe(303);
    await t.deps.settle();
    const queued = await outgoing();
    // The first text to this number: its welcome goes now, ahead of anything sent to it later.
    expect(queued.map((m) => m.templateKey).sort()).toEqual(["check_in", "welcome"]);
    const message = queued.find((m) => m.templateKey === "check_in")!;
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(sentBodies()).toEqual([expect.stringContaining("STOP")]);

    // Another teacher of the school does not even see it.
    const colleague = await makeEducator(t.deps, school.id);
    await makeFamily(t.deps, school.id, { teachers: [colleague.id] });
    expect((await (await as(colleague.id)).post(`/messages/${message.id}/cancel`, {})).status).toBe(404);

    // The coordinator sees it waiting, with the family named.
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const rosa = await as(coordinator.id);
    const list = await (await rosa.get("/settings/office-hours")).text();
    expect(list).toContain("1 scheduled message waiting");
    expect(list).toContain(`href="/families/${family.id}"`);

    const cancel = await maria.post(`/messages/${message.id}/cancel`, { returnTo: `/families/${family.id}` });
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get("location")).toBe(`/families/${family.id}?unscheduled=1`);
    expect(await (await maria.get(`/families/${family.id}?unscheduled=1`)).text()).toContain(
      "Scheduled message cancelled",
    );
    const [after] = await t.deps.db.select().from(messages).where(eq(messages.id, message.id));
    expect(after).toMatchObject({ status: "undeliverable", statusReason: "cancelled before it was sent" });
    const [row] = await t.deps.db.select().from(outbox).where(eq(outbox.messageId, message.id));
    expect(row).toMatchObject({ state: "done", lastError: "cancelled before it was sent" });

    t.clock.set("2026-11-06T16:00:00.000Z");
    await dispatchDue({ deps: t.deps }, t.clock.now());
    expect(t.sms.sent).toHaveLength(1); // the welcome only
    // A second cancel is a conflict, not a silent success.
    expect((await maria.post(`/messages/${message.id}/cancel`, {})).status).toBe(409);
  });

  it("refuses a time in the past or too far ahead, naming the field", async () => {
    const { family, teacher } = await world();
    const send = (sendAt: string) =>
      t.api("POST", "/messages", { familyId: family.id, educatorId: teacher.id, templateKey: "check_in", sendAt });
    const past = await send("2026-11-01T10:00:00-06:00");
    expect(past.status).toBe(400);
    expect(past.body.error.fields).toEqual({ sendAt: "must be later than now" });
    const far = await send("2027-06-01T10:00:00-05:00");
    expect(far.body.error.fields).toEqual({ sendAt: "must be within 60 days" });
    const notADate = await send("tomorrow");
    expect(notADate.status).toBe(400);
    expect(Object.keys(notADate.body.error.fields)).toEqual(["sendAt"]);
    expect(await outgoing()).toHaveLength(0);
    const ok = await send("2026-11-03T10:00:00-06:00");
    expect(ok.status).toBe(202);
    expect(await outgoing()).toHaveLength(2); // the welcome (sent now) and the scheduled check-in
  });
});
