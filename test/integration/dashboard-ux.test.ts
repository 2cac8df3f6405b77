import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, messages } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(); // now: Mon 2026-11-02T15:00Z (09:00 in Chicago)
});
afterEach(() => t.close());

/**
 * Riverside: Ana teaches the Nguyen (Vietnamese) and Garcia (Spanish) households, Ben teaches
 * Garcia too (so Garcia has two teachers). Both were visited on a 14-day plan a month ago:
 * both overdue. Elsewhere: one family.
 */
async function world() {
  const riverside = await makeSchool(t.deps, { name: "Riverside" });
  const elsewhere = await makeSchool(t.deps, { name: "Elsewhere" });
  const coordinator = await makeEducator(t.deps, riverside.id, { role: "coordinator" });
  const ana = await makeEducator(t.deps, riverside.id, { name: "Ana Lead" });
  const ben = await makeEducator(t.deps, riverside.id, { name: "Ben Partner" });
  const nguyen = await makeFamily(t.deps, riverside.id, {
    language: "vi",
    displayName: "Nguyen family",
    teachers: [ana.id],
    contact: { name: "Lan Nguyen", phone: "+12175550301", email: "lan@example.org" },
  });
  const garcia = await makeFamily(t.deps, riverside.id, {
    language: "es",
    displayName: "Garcia family",
    teachers: [ana.id, ben.id],
    contact: { name: "Rosa Garcia", phone: "+12175550302" },
  });
  const now = t.clock.now();
  await t.deps.db.insert(contacts).values({
    id: newId("con"),
    familyId: garcia.family.id,
    name: "José Garcia",
    email: "jose@example.org",
    createdAt: new Date(now.getTime() + 1),
    updatedAt: now,
  });
  for (const f of [nguyen, garcia]) {
    await makeCompletedVisit(t.deps, {
      familyId: f.family.id,
      schoolId: riverside.id,
      educatorIds: [ana.id],
      at: "2026-10-01T15:00:00Z",
      cadenceDays: 14,
    });
  }
  const other = await makeFamily(t.deps, elsewhere.id, { displayName: "Other family" });
  const cookie = await sessionCookie(t.deps, coordinator.id);
  return { riverside, elsewhere, ana, ben, nguyen, garcia, other, cookie };
}

const get = (path: string, cookie: string) => t.app.request(path, { headers: { cookie } });

/** A family's text on a given day: a touch the family started. */
async function familyText(familyId: string, at: string) {
  const when = new Date(at);
  await t.deps.db.insert(messages).values({
    id: newId("msg"),
    familyId,
    direction: "in",
    kind: "personal",
    channel: "sms",
    language: "en",
    body: "hello",
    status: "received",
    initiatedBy: "family",
    occurredAt: when,
    createdAt: when,
    updatedAt: when,
  });
}

/** The "By educator" row of one educator: [families, overdue, touches sent, visited]. */
function educatorRow(html: string, name: string) {
  const row = new RegExp(`<td data-label="Educator">${name}</td>(.*?)</tr>`).exec(html)?.[1] ?? "";
  return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
}

describe("the school dashboard", () => {
  it("applies the language filter to 'By educator' as to the cards", async () => {
    const w = await world();
    const all = await (await get(`/dashboard?school=${w.riverside.id}`, w.cookie)).text();
    expect(educatorRow(all, "Ana Lead").slice(0, 2)).toEqual(["2", "2"]);
    expect(educatorRow(all, "Ben Partner").slice(0, 2)).toEqual(["1", "1"]);
    const vi = await (await get(`/dashboard?school=${w.riverside.id}&language=vi`, w.cookie)).text();
    expect(educatorRow(vi, "Ana Lead").slice(0, 2)).toEqual(["1", "1"]);
    expect(educatorRow(vi, "Ben Partner").slice(0, 2)).toEqual(["0", "0"]);
    expect(vi).toMatch(/Overdue families<\/div><div[^>]*>1</);
    expect(vi).toContain("Filtered: on-track, overdue");
    expect(all).not.toContain("Filtered:");
  });

  it("says why the per-educator overdue counts add up to more than the card", async () => {
    const w = await world();
    const html = await (await get(`/dashboard?school=${w.riverside.id}`, w.cookie)).text();
    expect(html).toMatch(/Overdue families<\/div><div[^>]*>2</);
    expect(html).toContain(
      "This column adds up to 3 while 2 families are overdue: a family with two teachers counts once for each",
    );
    // Only Vietnamese: one family, one teacher — the column adds up, nothing to explain.
    const vi = await (await get(`/dashboard?school=${w.riverside.id}&language=vi`, w.cookie)).text();
    expect(vi).not.toContain("This column adds up");
  });

  it("draws the chart with a y-axis and each week's start under its bar", async () => {
    const w = await world();
    await familyText(w.nguyen.family.id, "2026-10-28T15:00:00Z");
    await familyText(w.garcia.family.id, "2026-10-29T15:00:00Z");
    const html = await (await get(`/dashboard?school=${w.riverside.id}`, w.cookie)).text();
    const svg = /<svg[^>]*aria-labelledby="chart-title"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    // Twelve weeks ending with this one (Tue Oct 27 – Mon Nov 2 is the last, on the school's calendar).
    expect([...svg.matchAll(/text-anchor="middle" fill="#4a5568">(\d+\/\d+)</g)].map((m) => m[1])).toEqual([
      "8/11",
      "8/18",
      "8/25",
      "9/1",
      "9/8",
      "9/15",
      "9/22",
      "9/29",
      "10/6",
      "10/13",
      "10/20",
      "10/27",
    ]);
    // y-axis ticks 0, 1, 2 (the busiest week had 2 touches), and both axis titles.
    expect([...svg.matchAll(/text-anchor="end" fill="#4a5568">(\d+)</g)].map((m) => m[1])).toEqual(["0", "1", "2"]);
    expect(svg).toContain("Week starting (month/day)");
    expect(svg).toContain(">Touches<");
  });

  it("exports a CSV a coordinator can hand to a person: language, teachers, guardians and how to reach them", async () => {
    const w = await world();
    const res = await get(`/dashboard.csv?school=${w.riverside.id}`, w.cookie);
    const [header, ...rows] = (await res.text()).split("\r\n").filter(Boolean);
    const columns = header!.split(",");
    expect(columns.slice(-6)).toEqual([
      "language",
      "educators",
      "guardian",
      "guardian_phone",
      "guardian_email",
      "other_guardians",
    ]);
    // A leading "+" is quoted (csv.ts: a spreadsheet would read it as a formula); Excel shows the number.
    const garcia = rows.find((r) => r.startsWith(w.garcia.family.id))!;
    expect(garcia.endsWith(",es,Ana Lead; Ben Partner,Rosa Garcia,'+12175550302,,José Garcia (jose@example.org)")).toBe(
      true,
    );
    const nguyen = rows.find((r) => r.startsWith(w.nguyen.family.id))!;
    expect(nguyen.endsWith(",vi,Ana Lead,Lan Nguyen,'+12175550301,lan@example.org,")).toBe(true);
    // The filter applies to the export as to the page.
    const vi = await (await get(`/dashboard.csv?school=${w.riverside.id}&language=vi`, w.cookie)).text();
    expect(vi).toContain("Lan Nguyen");
    expect(vi).not.toContain("Rosa Garcia");
  });
});

describe("the district view", () => {
  it("has a school picker, opens an admin's own school first, and shows each school's weekly trend with a table", async () => {
    const w = await world();
    const admin = await makeEducator(t.deps, w.elsewhere.id, { role: "district_admin" });
    const cookie = await sessionCookie(t.deps, admin.id);
    await familyText(w.nguyen.family.id, "2026-10-28T15:00:00Z");
    await familyText(w.other.family.id, "2026-10-20T15:00:00Z");

    // /dashboard opens on the admin's own school, with every school to pick from.
    const own = await (await get("/dashboard", cookie)).text();
    expect(own).toContain("Dashboard · Elsewhere");
    expect(own).toMatch(new RegExp(`<option value="${w.riverside.id}">Riverside</option>`));
    expect(own).toMatch(new RegExp(`<option value="${w.elsewhere.id}" selected="">Elsewhere</option>`));

    const html = await (await get("/dashboard/district", cookie)).text();
    expect(html).toContain("Open a school&#39;s dashboard");
    expect(html).toContain("Trend by school (last 12 weeks)");
    expect(html).toContain('aria-labelledby="trend-touches-title"');
    expect(html).toContain('aria-labelledby="trend-share-title"');
    const cells = (school: string, week: string) =>
      new RegExp(
        `<td data-label="School">${school}</td><td data-label="Week of">${week}</td><td data-label="Touches per week">(\\d+)</td><td data-label="Share of touches families sent">([^<]+)</td>`,
      )
        .exec(html)
        ?.slice(1);
    expect(cells("Riverside", "2026-10-27")).toEqual(["1", "100%"]);
    expect(cells("Riverside", "2026-10-20")).toEqual(["0", "—"]);
    expect(cells("Elsewhere", "2026-10-20")).toEqual(["1", "100%"]);
    // The by-school table stacks on a phone like the others.
    expect(html).toMatch(/<h2 id="by-school">By school<\/h2><table class="responsive">/);
  });
});
