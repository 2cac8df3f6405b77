import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventInvitations, events, messages } from "../../db/schema";
import { hashLinkCode, randomCode } from "../../src/auth/tokens";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_MPS: "10" }, { realProviders: true });
});
afterEach(() => t.close());

async function school() {
  const s = await makeSchool(t.deps, { name: "Riverside Elementary", programModel: "homeworks" });
  const spanish = await makeFamily(t.deps, s.id, { language: "es", contact: { phone: "+12175550142" } });
  const arabic = await makeFamily(t.deps, s.id, {
    language: "ar",
    channel: "email",
    contact: { phone: null, email: "a@example.org" },
  });
  const english = await makeFamily(t.deps, s.id, { language: "en", contact: { phone: "+12175550144" } });
  return { school: s, spanish, arabic, english };
}

const base = (schoolId: string) => ({
  schoolId,
  kind: "family_dinner",
  title: "Family Literacy Night",
  startsAt: "2026-11-20T17:30:00-06:00",
  location: "the cafeteria",
  audience: { all: true },
});

describe("event titles and places per language", () => {
  it("each family's invitation and RSVP page use their language's title and place, others the original", async () => {
    const twilio = mockTwilio();
    const sendgrid = mockSendGrid();
    const w = await school();
    const created = await t.api("POST", "/events", {
      ...base(w.school.id),
      translations: {
        es: { title: "Noche de Lectura en Familia", location: "la cafeteria" },
        ar: { title: "أمسية القراءة العائلية" }, // the place stays as written
      },
    });
    expect(created.status).toBe(201);
    await t.deps.settle();
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());

    // Each number's texts (a first text to a number is preceded by the welcome).
    const textsTo = (to: string) =>
      twilio
        .filter((c) => c.form.To === to)
        .map((c) => c.form.Body)
        .join("\n");
    const toSpanish = textsTo("+12175550142");
    expect(toSpanish).toContain("Noche de Lectura en Familia");
    expect(toSpanish).toContain("la cafeteria");
    expect(toSpanish).not.toContain("Family Literacy Night");
    expect(textsTo("+12175550144")).toContain("Family Literacy Night");
    const arabicEmail = JSON.stringify(sendgrid[0]!.body);
    expect(arabicEmail).toContain("أمسية القراءة العائلية");
    expect(arabicEmail).toContain("the cafeteria");

    const [stored] = await t.deps.db.select().from(events);
    expect(stored!.translations).toEqual({
      es: { title: "Noche de Lectura en Familia", location: "la cafeteria" },
      ar: { title: "أمسية القراءة العائلية" },
    });
    // Each message keeps only its household's languages.
    const storedParams = (await t.deps.db.select().from(messages)).filter((m) => m.templateKey === "event_invitation");
    const paramsOf = (familyId: string) => storedParams.find((m) => m.familyId === familyId)!.templateParams;
    expect(paramsOf(w.spanish.family.id)!.translations).toEqual({
      es: { title: "Noche de Lectura en Familia", location: "la cafeteria" },
    });
    expect(paramsOf(w.english.family.id)!.translations).toBeUndefined();
    // Link codes are stored hashed, and a texted invitation carries none: give this family's
    // invitation a code we know, as an emailed one would have.
    const code = randomCode();
    await t.deps.db
      .update(eventInvitations)
      .set({ linkCode: await hashLinkCode(code) })
      .where(eq(eventInvitations.familyId, w.spanish.family.id));
    const page = await (await t.app.request(`/e/${code}`)).text();
    expect(page).toContain("Noche de Lectura en Familia");
    expect(page).toContain("la cafeteria");
  });

  it("refuses an unknown language or an empty title, naming the field", async () => {
    const w = await school();
    const unknown = await t.api("POST", "/events", { ...base(w.school.id), translations: { xx: { title: "?" } } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("translations");
    const empty = await t.api("POST", "/events", { ...base(w.school.id), translations: { es: { title: " " } } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain("translations.es.title");
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);
  });

  it("the coordinator's event form takes per-language titles", async () => {
    mockTwilio();
    const w = await school();
    const coordinator = await makeEducator(t.deps, w.school.id, { role: "coordinator" });
    const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
    const form = await (await t.app.request("/events", { headers: { cookie } })).text();
    expect(form).toContain('name="title.es"');
    expect(form).toContain('name="location.prs"');
    const res = await t.app.request(`/events?school=${w.school.id}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: "x",
        kind: "family_dinner",
        title: "Family Literacy Night",
        startsAt: "2026-11-20T17:30",
        location: "the cafeteria",
        audience: "all",
        "title.es": "Noche de Lectura",
        "location.es": "",
      }),
    });
    expect(res.status).toBe(303);
    const [stored] = await t.deps.db.select().from(events);
    expect(stored!.translations).toEqual({ es: { title: "Noche de Lectura" } });
  });
});
