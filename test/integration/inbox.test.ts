import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consentEvents, contacts, educatorNotifications, messages } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp, TWILIO_TOKEN } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_ACCOUNT_SID: `AC${"f".repeat(32)}`,
    TWILIO_FROM_NUMBER: "+12175550100",
  });
});
afterEach(() => t.close());

async function world() {
  const school = await makeSchool(t.deps);
  const teacher = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez", email: "maria@school.example.org" });
  const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
  const { family, contact } = await makeFamily(t.deps, school.id, {
    teachers: [teacher.id],
    language: "vi",
    contact: { phone: "+12175550142" },
  });
  const browser = async (educatorId: string) => {
    const cookie = `${await sessionCookie(t.deps, educatorId)}; doorstep_csrf=x`;
    return {
      get: (path: string) => t.app.request(path, { headers: { cookie } }),
      post: (path: string, form: Record<string, string>) =>
        t.app.request(path, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: "x", ...form }),
        }),
    };
  };
  return { school, teacher, coordinator, family, contact, browser };
}

describe("educator inbox", () => {
  it("lists threads newest first with unread counts; the thread shows both directions; mark read clears", async () => {
    const w = await world();
    await postInboundSms(t, inboundPayload("+12175550142", "Chào cô, cháu hôm nay bị ốm"));
    const teacher = await w.browser(w.teacher.id);
    const inbox = await (await teacher.get("/inbox")).text();
    expect(inbox).toContain(w.family.displayName);
    expect(inbox).toContain("1 unread");
    expect(inbox).toContain("Chào cô");

    const thread = await (await teacher.get(`/inbox/${w.family.id}`)).text();
    expect(thread).toContain('lang="vi"');
    expect(thread).toContain("Vietnamese");

    const reply = await teacher.post(`/families/${w.family.id}/messages`, {
      templateKey: "personal",
      body: "Mong cháu mau khỏe!",
      channel: "auto",
      action: "send",
      returnTo: `/inbox/${w.family.id}`,
    });
    expect(reply.headers.get("location")).toBe(`/inbox/${w.family.id}?sent=queued`);
    await t.deps.settle();
    expect(t.sms.sent.at(-1)!.body).toBe(
      "Maria Gonzalez (School 1): Mong cháu mau khỏe!".replace(
        "School 1",
        (await t.deps.db.query.schools.findFirst())!.name,
      ),
    );

    await teacher.post(`/inbox/${w.family.id}/read`, {});
    const after = await (await teacher.get("/inbox")).text();
    expect(after).not.toMatch(/\d unread/); // no thread badge, no navigation badge
    expect(after).toContain("Unread (0)");
  });

  it("does not open another school's thread (404)", async () => {
    const w = await world();
    const other = await makeSchool(t.deps);
    const stranger = await makeEducator(t.deps, other.id, { role: "coordinator" });
    const res = await (await w.browser(stranger.id)).get(`/inbox/${w.family.id}`);
    expect(res.status).toBe(404);
  });
});

describe("coordinator queues", () => {
  it("an unknown number's text waits in the unmatched inbox until filed under a family", async () => {
    const w = await world();
    await postInboundSms(t, inboundPayload("+13125550199", "Soy la tía de Bao"));
    const coordinator = await w.browser(w.coordinator.id);
    const page = await (await coordinator.get(`/inbox/unmatched?q=${encodeURIComponent(w.family.displayName)}`)).text();
    expect(page).toContain("Soy la tía de Bao");
    const [message] = await t.deps.db.select().from(messages);
    const filed = await coordinator.post(`/inbox/unmatched/${message!.id}/assign`, { familyId: w.family.id });
    expect(filed.status).toBe(303);
    const [after] = await t.deps.db.select().from(messages);
    expect(after!.familyId).toBe(w.family.id);
    expect(after!.conversationId).toMatch(/^cnv_/);
    expect((await (await w.browser(w.teacher.id)).get("/inbox/unmatched")).status).toBe(403);
  });

  it("a natural-language opt-out shows with its business-day clock and can be honoured", async () => {
    const w = await world();
    t.clock.set("2026-11-06T15:00:00Z"); // a Friday
    await postInboundSms(t, inboundPayload("+12175550142", "xin đừng nhắn nữa"));
    t.clock.set("2026-11-10T15:00:00Z"); // Tuesday: 2 business days later
    const coordinator = await w.browser(w.coordinator.id);
    const page = await (await coordinator.get("/inbox/reviews")).text();
    expect(page).toContain("8 business days left");
    const [review] = await t.deps.db.select().from(consentEvents).where(eq(consentEvents.kind, "opt_out_review"));
    await coordinator.post(`/inbox/reviews/${review!.id}`, { decision: "opt_out" });
    const [contact] = await t.deps.db.select().from(contacts).where(eq(contacts.id, w.contact.id));
    expect(contact!.smsOptedOutAt).not.toBeNull();
    expect(await (await coordinator.get("/inbox/reviews")).text()).toContain("No requests waiting");
  });
});

describe("notify-educators job", () => {
  it("emails the teacher once, outside quiet hours, with names and links only", async () => {
    const w = await world();
    t.clock.set("2026-11-03T04:00:00Z"); // 22:00 in Chicago
    await postInboundSms(t, inboundPayload("+12175550142", "Cô ơi, mai cháu nghỉ học"));
    expect(await runJob({ deps: t.deps }, "notify-educators", t.clock.now())).toEqual({ sent: 0, held: 1 });
    t.clock.set("2026-11-03T14:30:00Z"); // 08:30
    expect(await runJob({ deps: t.deps }, "notify-educators", t.clock.now())).toEqual({ sent: 1, held: 0 });
    expect(await runJob({ deps: t.deps }, "staff-mail", t.clock.now())).toMatchObject({ sent: 1, dead: 0 });
    const mail = t.email.sent.at(-1)!;
    expect(mail.to).toBe("maria@school.example.org");
    expect(mail.text).toContain(`/inbox/${w.family.id}`);
    expect(mail.text).not.toContain("nghỉ học");
    expect(await runJob({ deps: t.deps }, "notify-educators", t.clock.now())).toEqual({ sent: 0, held: 0 });
    const [row] = await t.deps.db.select().from(educatorNotifications);
    expect(row!.sentAt).not.toBeNull();
  });
});

describe("dev phone loop", () => {
  it("a reply typed on /dev/phone goes through the signed webhook into the family's thread", async () => {
    const dev = await createTestApp({ APP_ENV: "development" });
    try {
      const school = await makeSchool(dev.deps);
      const teacher = await makeEducator(dev.deps, school.id);
      const { family } = await makeFamily(dev.deps, school.id, {
        teachers: [teacher.id],
        contact: { phone: "+12175550142" },
      });
      const res = await dev.app.request("/dev/phone/reply", {
        method: "POST",
        headers: { cookie: "doorstep_csrf=x", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: "x", from: "(217) 555-0142", body: "¡Gracias maestra!" }),
      });
      expect(res.status).toBe(303);
      await dev.deps.settle();
      const [row] = await dev.deps.db.select().from(messages);
      expect(row).toMatchObject({
        familyId: family.id,
        direction: "in",
        body: "¡Gracias maestra!",
        provider: "twilio",
      });
    } finally {
      dev.close();
    }
  });
});

describe("inbox tools", () => {
  it("the unread filter, search by name or words, and the unread count in the navigation on every page", async () => {
    const w = await world();
    const other = await makeFamily(t.deps, w.school.id, {
      teachers: [w.teacher.id],
      displayName: "Okafor family",
      language: "en",
      contact: { phone: "+12175550143" },
    });
    await postInboundSms(t, inboundPayload("+12175550142", "Chào cô, cháu hôm nay bị ốm"));
    await postInboundSms(t, inboundPayload("+12175550143", "Is the field trip on Friday?"));
    await postInboundSms(t, inboundPayload("+12175550143", "100% sure?"));
    const teacher = await w.browser(w.teacher.id);

    const home = await (await teacher.get("/")).text();
    expect(home).toMatch(/href="\/inbox">Inbox <span class="badge">3 unread<\/span>/);

    await teacher.post(`/inbox/${w.family.id}/read`, {});
    const unread = await (await teacher.get("/inbox?unread=1")).text();
    expect(unread).toContain("Okafor family");
    expect(unread).not.toContain(w.family.displayName);
    expect(unread).toContain("Unread (2)");

    const byWords = await (await teacher.get("/inbox?q=FIELD%20trip")).text();
    expect(byWords).toContain("Okafor family");
    expect(byWords).not.toContain(w.family.displayName);
    const byName = await (await teacher.get(`/inbox?q=${encodeURIComponent(w.family.displayName.slice(0, 8))}`)).text();
    expect(byName).toContain(w.family.displayName);
    expect(byName).not.toContain("Okafor family");
    // "%" is matched as itself, not as LIKE's wildcard.
    const percent = await (await teacher.get("/inbox?q=0%25%20s")).text();
    expect(percent).toContain("Okafor family");
    expect(percent).not.toContain(w.family.displayName);
    const none = await (await teacher.get("/inbox?q=zebra")).text();
    expect(none).toContain("No thread matches");
    expect(other.family.id).toBeDefined();
  });

  it("a thread opens at the newest message with the reply box right after it, earlier messages below", async () => {
    const w = await world();
    for (const [i, body] of ["first question", "second question", "newest question"].entries()) {
      t.clock.advance((i + 1) * 60_000);
      await postInboundSms(t, inboundPayload("+12175550142", body));
    }
    const teacher = await w.browser(w.teacher.id);
    const html = await (await teacher.get(`/inbox/${w.family.id}`)).text();
    const at = (s: string) => html.indexOf(s);
    expect(at('id="latest"')).toBeGreaterThan(0);
    expect(at("newest question")).toBeGreaterThan(at('id="latest"'));
    expect(at('id="compose"')).toBeGreaterThan(at("newest question"));
    expect(at("second question")).toBeGreaterThan(at('id="compose"'));
    expect(at("first question")).toBeGreaterThan(at("second question"));
  });
});
