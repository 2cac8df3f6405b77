import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { educatorNotifications, messages } from "../../db/schema";
import { signId } from "../../src/auth/signed-ids";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";

const SECRET = "inbound-secret-0123456789";
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SENDGRID_INBOUND_SECRET: SECRET }, { realProviders: true });
});
afterEach(() => t.close());

function parse(fields: Record<string, string>, secret = SECRET) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return t.app.request(`/webhooks/sendgrid/inbound/${secret}`, { method: "POST", body: form });
}

async function familyWithEmail() {
  const school = await makeSchool(t.deps);
  const teacher = await makeEducator(t.deps, school.id);
  const made = await makeFamily(t.deps, school.id, {
    teachers: [teacher.id],
    channel: "email",
    contact: { email: "rosa@example.org" },
  });
  const token = await signId(t.deps.config.sessionSecret, "thread", made.family.id);
  return { ...made, teacher, address: `reply+${token}@in.doorstep.test` };
}

describe("POST /webhooks/sendgrid/inbound/:secret", () => {
  it("files the reply in the family's thread without the quoted history or signature", async () => {
    const { family, contact, teacher, address } = await familyWithEmail();
    const res = await parse({
      to: `Riverside <${address}>`,
      from: "Rosa Díaz <Rosa@Example.org>",
      subject: "Re: Checking in",
      text: "¡Todo bien! Lucía está feliz.\n\nSent from my iPhone\n\nOn Mon, Nov 2, 2026 at 9:00 AM Maria <m@x.org> wrote:\n> Hola, ¿cómo están?\n> Saludos",
      headers: "Message-ID: <abc123@mail.example.org>\nFrom: Rosa",
      envelope: JSON.stringify({ to: [address], from: "rosa@example.org" }),
      attachments: "1",
      "attachment-info": JSON.stringify({ attachment1: { filename: "photo.jpg", type: "image/jpeg" } }),
    });
    expect(res.status).toBe(200);
    const [row] = await t.deps.db.select().from(messages);
    expect(row).toMatchObject({
      familyId: family.id,
      contactId: contact.id,
      direction: "in",
      channel: "email",
      body: "¡Todo bien! Lucía está feliz.",
      initiatedBy: "family",
      media: { count: 1, types: ["image/jpeg"] },
    });
    expect(await t.deps.db.select().from(educatorNotifications)).toMatchObject([{ educatorId: teacher.id }]);
  });

  it("stores an HTML-only body with a script as inert text, and shows it escaped", async () => {
    const { family, teacher, address } = await familyWithEmail();
    await parse({
      to: address,
      from: "rosa@example.org",
      subject: "hi",
      html: '<div>Gracias &amp; saludos<script>alert("x")</script><br><img src=x onerror=alert(1)>Adiós</div><blockquote>old quoted</blockquote>',
      headers: "Message-ID: <html1@mail.example.org>",
    });
    const [row] = await t.deps.db.select().from(messages);
    expect(row!.body).toBe("Gracias & saludos\nAdiós");
    const page = await t.app.request(`/families/${family.id}`, {
      headers: { cookie: await sessionCookie(t.deps, teacher.id) },
    });
    const html = await page.text();
    expect(html).not.toContain("onerror");
    expect(html).toContain("Gracias &amp; saludos");
  });

  it("the same email delivered twice is stored once", async () => {
    const { address } = await familyWithEmail();
    const fields = {
      to: address,
      from: "rosa@example.org",
      subject: "x",
      text: "Hola",
      headers: "Message-ID: <dup@x>",
    };
    await parse(fields);
    await parse(fields);
    expect(await t.deps.db.select().from(messages)).toHaveLength(1);
  });

  it("an unknown or forged thread token goes to the unmatched inbox", async () => {
    const { address } = await familyWithEmail();
    await parse({
      to: address.replace(/-([0-9a-f])/, "-0$1").slice(0, -1),
      from: "someone@example.org",
      subject: "?",
      text: "Who is this?",
    });
    await parse({ to: "hello@in.doorstep.test", from: "someone@example.org", subject: "?", text: "Hello" });
    const rows = await t.deps.db.select().from(messages);
    expect(rows.map((r) => r.familyId)).toEqual([null, null]);
  });

  it("a wrong path secret is a 404 and nothing is stored", async () => {
    const res = await parse({ to: "x@in.doorstep.test", from: "a@b.org", text: "hi" }, "wrong-secret-000000000");
    expect(res.status).toBe(404);
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
  });
});
