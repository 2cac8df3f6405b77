import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, messages } from "../../db/schema";
import { signId } from "../../src/auth/signed-ids";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function signedIn(role: "educator" | "coordinator" | "district_admin" = "educator") {
  const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Maria Gonzalez", role });
  const { family, contact } = await makeFamily(t.deps, school.id, { teachers: [teacher.id], language: "es" });
  const cookie = `${await sessionCookie(t.deps, teacher.id)}; doorstep_csrf=test-csrf`;
  const post = (path: string, form: Record<string, string>) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "test-csrf", ...form }),
    });
  return { school, teacher, family, contact, cookie, post };
}

describe("compose on the family page", () => {
  it("previews a template in the family's language with its segment count, then sends it", async () => {
    const { family, cookie, post } = await signedIn();
    const preview = await t.app.request(`/families/${family.id}/messages/preview?templateKey=check_in&channel=auto`, {
      headers: { cookie },
    });
    const fragment = await preview.text();
    expect(fragment).toContain("Spanish");
    expect(fragment).toMatch(/\d SMS segment\(s\), (GSM-7|UCS-2)/);
    expect(fragment).toContain("Maria Gonzalez");
    expect(fragment).toContain("welcome");

    const page = await post(`/families/${family.id}/messages`, {
      templateKey: "personal",
      body: "¡Hola! <b>hi</b>",
      channel: "auto",
      action: "preview",
    });
    const html = await page.text();
    expect(html).toContain("Maria Gonzalez (Riverside Elementary): ¡Hola! &lt;b&gt;hi&lt;/b&gt;");
    expect(await t.deps.db.select().from(messages)).toHaveLength(0); // preview writes nothing

    const sent = await post(`/families/${family.id}/messages`, {
      templateKey: "personal",
      body: "¡Hola!",
      channel: "auto",
      action: "send",
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`/families/${family.id}?sent=queued`);
    await t.deps.settle();
    expect(t.sms.sent.map((m) => m.body)).toEqual([
      expect.stringContaining("STOP"),
      "Maria Gonzalez (Riverside Elementary): ¡Hola!",
    ]);
    const after = await t.app.request(`/families/${family.id}?sent=queued`, { headers: { cookie } });
    expect(await after.text()).toContain("Message queued");
  });

  it("refuses a send without the CSRF field", async () => {
    const { family, cookie } = await signedIn();
    const res = await t.app.request(`/families/${family.id}/messages`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ body: "hi", action: "send" }),
    });
    expect(res.status).toBe(403);
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
  });
});

describe("delivery health", () => {
  it("shows coordinators failed messages with reasons and unreachable contacts; educators may not see it", async () => {
    const { family, contact, cookie } = await signedIn("coordinator");
    await t.deps.db.update(contacts).set({ smsOptedOutAt: new Date(), email: null }).where(eq(contacts.id, contact.id));
    await t.api("POST", "/messages", {
      familyId: family.id,
      educatorId: (await t.deps.db.query.educators.findFirst())!.id,
      body: "hi",
    });
    const page = await t.app.request("/delivery", { headers: { cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(family.displayName);
    expect(html).toContain("sms: opted out of texts; email: no email address");
    expect(html).toContain("Opted out");

    const teacher = await makeEducator(t.deps, family.schoolId);
    const denied = await t.app.request("/delivery", { headers: { cookie: await sessionCookie(t.deps, teacher.id) } });
    expect(denied.status).toBe(403);
  });
});

describe("unsubscribe links", () => {
  it("a one-click POST stops email for that contact; a forged token is 404", async () => {
    const { contact } = await signedIn();
    const token = await signId(t.deps.config.sessionSecret, "unsubscribe", contact.id);
    const page = await t.app.request(`/u/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('lang="es"');
    const done = await t.app.request(`/u/${token}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(done.status).toBe(200);
    const [row] = await t.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row!.emailOptedOutAt).not.toBeNull();
    const forged = await t.app.request(`/u/${token.slice(0, -2)}00`, { method: "POST" });
    expect(forged.status).toBe(404);
  });
});

describe("dev phone", () => {
  it("shows the console provider's texts by number, in development only", async () => {
    const dev = await createTestApp({ APP_ENV: "development" });
    try {
      const school = await makeSchool(dev.deps);
      const teacher = await makeEducator(dev.deps, school.id);
      const { family, contact } = await makeFamily(dev.deps, school.id, { teachers: [teacher.id] });
      await dev.api("POST", "/messages", { familyId: family.id, educatorId: teacher.id, body: "Nos vemos pronto" });
      await dev.deps.settle();
      const html = await (await dev.app.request("/dev/phone")).text();
      expect(html).toContain(contact.phone!);
      expect(html).toContain("Nos vemos pronto");
    } finally {
      dev.close();
    }
    expect((await t.app.request("/dev/phone")).status).toBe(404);
  });
});
