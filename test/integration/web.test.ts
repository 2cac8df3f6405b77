import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messages } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("web pages", () => {
  it("/healthz answers once the database does", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("home lists the educator's families with children, language, channel and visit status", async () => {
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { family, students } = await makeFamily(t.deps, school.id, { teachers: [teacher.id], language: "vi" });
    const res = await t.app.request("/", { headers: { cookie: await sessionCookie(t.deps, teacher.id) } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain(family.displayName);
    expect(html).toContain(students[0]!.firstName);
    expect(html).toContain("Vietnamese");
    expect(html).toContain("Text message");
    expect(html).toContain("No visit yet");
  });

  it("the family page shows messages as text, never as HTML, with their language", async () => {
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { family, contact } = await makeFamily(t.deps, school.id, { teachers: [teacher.id], language: "ar" });
    const now = t.deps.clock.now();
    await t.deps.db.insert(messages).values({
      id: newId("msg"),
      familyId: family.id,
      contactId: contact.id,
      direction: "in",
      kind: "personal",
      channel: "sms",
      language: "ar",
      body: '<script>alert("x")</script> شكراً',
      status: "received",
      occurredAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const res = await t.app.request(`/families/${family.id}`, {
      headers: { cookie: await sessionCookie(t.deps, teacher.id) },
    });
    const html = await res.text();
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain('lang="ar" dir="rtl"');
  });

  it("a bad search on the home page is a 400 page naming the problem, not a 500", async () => {
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const cookie = await sessionCookie(t.deps, teacher.id);
    const res = await t.app.request(`/?q=${"x".repeat(101)}`, { headers: { cookie } });
    expect(res.status).toBe(400);
    const forged = await t.app.request("/?cursor=forged", { headers: { cookie } });
    expect(forged.status).toBe(400);
  });

  it("sends visitors without a session to sign in", async () => {
    const res = await t.app.request("/");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
  });

  it("404 and 500 pages leak nothing", async () => {
    const missing = await t.app.request("/no/such/page");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Page not found");

    // Break the database under a signed-in page: the SQL error must stay in the log.
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    const cookie = await sessionCookie(t.deps, teacher.id);
    await t.deps.db.run(sql`alter table visits rename to visits_gone`);
    const boom = await t.app.request("/", { headers: { cookie } });
    expect(boom.status).toBe(500);
    const html = await boom.text();
    expect(html).toContain("Something went wrong");
    const main = html.slice(html.indexOf("<main"));
    expect(main).not.toMatch(/visits|select|sqlite|stack/i);
    expect(t.logs.some((l) => l.message === "unhandled error")).toBe(true);
  });
});
