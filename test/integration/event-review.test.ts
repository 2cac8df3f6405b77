import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { events, messages } from "../../db/schema";
import { runJob } from "../../src/jobs";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ ...PROVIDER_ENV, SMS_MPS: "10" }, { realProviders: true });
});
afterEach(() => t.close());

/** A coordinator's browser: session and CSRF cookies, form posts. */
async function coordinatorBrowser(schoolId: string) {
  const coordinator = await makeEducator(t.deps, schoolId, { role: "coordinator" });
  const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
  return {
    get: (path: string) => t.app.request(path, { headers: { cookie } }),
    post: (path: string, form: [string, string][]) =>
      t.app.request(path, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([["_csrf", "x"], ...form]),
      }),
  };
}

/** The hidden fields a review page carries to its Send form. */
function sendForm(html: string): [string, string][] {
  const form = html.slice(html.indexOf('id="send-event"'), html.indexOf("</form>", html.indexOf('id="send-event"')));
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
    .filter((m) => m[1] !== "_csrf")
    .map((m) => [m[1]!, m[2]!.replaceAll("&amp;", "&").replaceAll("&quot;", '"')]);
}

const DINNER: [string, string][] = [
  ["kind", "family_dinner"],
  ["title", "Family Literacy Night"],
  ["title.es", "Noche de Lectura Familiar"],
  ["startsAt", "2026-11-20T17:30"],
  ["location", "the cafeteria"],
  ["audience", "all"],
];

describe("the event review step", () => {
  it("shows count, languages, channels, the exact text per language, segments, cost and quiet hours — and writes nothing until Send", async () => {
    const twilio = mockTwilio();
    mockSendGrid();
    const school = await makeSchool(t.deps, { name: "Riverside Elementary" });
    await makeFamily(t.deps, school.id, { language: "es", contact: { phone: "+12175550201" } });
    await makeFamily(t.deps, school.id, { language: "es", contact: { phone: "+12175550202" } });
    await makeFamily(t.deps, school.id, { language: "vi", contact: { phone: "+12175550203" } });
    // A family in Honolulu: 05:00 there now (09:00 in Chicago), inside quiet hours.
    await makeFamily(t.deps, school.id, {
      language: "en",
      timezone: "Pacific/Honolulu",
      contact: { phone: "+12175550204" },
    });
    await makeFamily(t.deps, school.id, {
      language: "vi",
      channel: "email",
      contact: { phone: null, email: "v@example.org", channel: "email" },
    });
    await makeFamily(t.deps, school.id, { language: "en", contact: { phone: null, email: null } });
    const browser = await coordinatorBrowser(school.id);

    const review = await browser.post(`/events/review?school=${school.id}`, DINNER);
    expect(review.status).toBe(200);
    const html = await review.text();
    expect(html).toContain("6 families will be invited to Family Literacy Night");
    const row = (key: string) => {
      const at = html.indexOf(`data-group="${key}"`);
      return at < 0 ? "" : html.slice(at, html.indexOf("</section>", at));
    };
    expect(row("es:sms")).toMatch(/Spanish · Text message · 2 families[\s\S]*\d SMS segment\(s\), GSM-7/);
    expect(row("vi:sms")).toMatch(/Vietnamese · Text message · 1 family[\s\S]*UCS-2/);
    expect(row("vi:email")).toMatch(/Vietnamese · Email · 1 family/);
    expect(row("en:sms")).toMatch(/English · Text message · 1 family/);
    // The Spanish text with the Spanish title, as the real template renders it.
    expect(html).toContain("Riverside Elementary invita a su familia: Noche de Lectura Familiar");
    expect(html).toMatch(/1 family can.+t be reached/);
    expect(html).toContain("1 text arrives during quiet hours");
    expect(html).toMatch(/Texts: \d+ \(\d+ segments\), about \$0\.\d\d at \$0.0083 a segment/);
    expect(html).toContain("Send 5 invitations");
    expect(await t.deps.db.select().from(events)).toHaveLength(0);
    expect(await t.deps.db.select().from(messages)).toHaveLength(0);

    // Send: the carried values create the event; the text sent is the text reviewed.
    const sent = await browser.post(`/events?school=${school.id}`, sendForm(html));
    expect(sent.status).toBe(303);
    const eventPath = sent.headers.get("location")!;
    await t.deps.settle();
    await runJob({ deps: t.deps }, "dispatch", t.clock.now());
    const spanish = twilio.find((c) => c.form.To === "+12175550201" && !c.form.Body?.includes("HELP"))!;
    const reviewed = html
      .match(/data-text="es:sms">([^<]+)</)![1]!
      .replaceAll("&#39;", "'")
      .replaceAll("&amp;", "&");
    expect(spanish.form.Body).toBe(reviewed);

    // The list shows when; only teachers' classes are offered as an audience.
    const list = await (await browser.get("/events")).text();
    expect(list).toMatch(/Fri, Nov 20|November 20/);
    expect(list).not.toMatch(/A teacher&#39;s class: Educator|A teacher's class: Educator/);
    // The event page: when, where, per-family state, and the JSON the bar polls.
    const page = await (await browser.get(eventPath)).text();
    expect(page).toContain("the cafeteria");
    expect(page).toMatch(/Fri, Nov 20|November 20/);
    expect(page).toContain('<progress id="event-progress-bar"');
    expect(page).toContain('data-send-state="not_sent"');
    expect(page).toContain('data-send-state="sent"');
    expect(page).toContain('data-send-state="waiting"'); // Honolulu waits for morning
    const progress = await browser.get(`${eventPath}/progress`);
    expect(progress.headers.get("content-type")).toContain("application/json");
    const body = (await progress.json()) as { done: number; text: string; progress: { sent: number; failed: number } };
    // The unreachable family counts as failed; the Honolulu text waits.
    expect(body).toMatchObject({ invited: 6, done: 5, progress: { queued: 1, sent: 4, failed: 1 } });
    expect(body.done).toBe(body.progress.sent + body.progress.failed);
    expect(body.text).toContain(`${body.done} of 6 invitations handled`);
  });

  it("refuses a past time beside the field, keeping what was typed", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps);
    await makeFamily(t.deps, school.id);
    const browser = await coordinatorBrowser(school.id);
    const past = DINNER.map(([k, v]): [string, string] => [k, k === "startsAt" ? "2026-10-01T17:30" : v]);
    const res = await browser.post(`/events/review?school=${school.id}`, past);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("When: is in the past");
    expect(html).toContain('value="Noche de Lectura Familiar"');
    expect(html).toContain('value="2026-10-01T17:30"');
    expect(await t.deps.db.select().from(events)).toHaveLength(0);
  });

  it("a 3 AM event needs the confirmation box: without it Send is refused and nothing is sent", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps);
    await makeFamily(t.deps, school.id);
    const browser = await coordinatorBrowser(school.id);
    const night = DINNER.map(([k, v]): [string, string] => [k, k === "startsAt" ? "2026-11-20T03:00" : v]);
    const review = await (await browser.post(`/events/review?school=${school.id}`, night)).text();
    expect(review).toContain("at night in the school");
    expect(review).toContain('name="confirmNight"');

    const refused = await browser.post(`/events?school=${school.id}`, sendForm(review));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Tick the box to confirm");
    expect(await t.deps.db.select().from(events)).toHaveLength(0);

    const confirmed = await browser.post(`/events?school=${school.id}`, [...sendForm(review), ["confirmNight", "yes"]]);
    expect(confirmed.status).toBe(303);
    expect(await t.deps.db.select().from(events)).toHaveLength(1);
  });

  it("the API refuses a night-time event without confirmNight, naming the field", async () => {
    mockTwilio();
    const school = await makeSchool(t.deps);
    await makeFamily(t.deps, school.id);
    const body = {
      schoolId: school.id,
      kind: "workshop",
      title: "Night owl",
      startsAt: "2026-11-20T03:00:00-06:00",
      location: "Gym",
      audience: { all: true },
    };
    const refused = await t.api("POST", "/events", body);
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields)).toEqual(["startsAt", "confirmNight"]);
    expect((await t.api("POST", "/events", { ...body, confirmNight: true })).status).toBe(201);
    const [row] = await t.deps.db.select().from(events).where(eq(events.title, "Night owl"));
    expect(row).toBeDefined();
  });
});
