import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, messages } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import type { FamilyData } from "../../src/services/records/export-family-data";
import { exportMessages } from "../../src/services/records/export-messages";
import { makeEducator, makeFamily, sessionCookie } from "../support/factories";
import { actorOf, makeRecordsSchool, makeRichFamily } from "../support/records-world";
import { createTestApp, type TestApp } from "../support/test-app";

/** Records requests (issue 22): the streamed CSV, the printable history and the family's data as JSON. */
let t: TestApp;
let w: Awaited<ReturnType<typeof makeRecordsSchool>>;
let rich: Awaited<ReturnType<typeof makeRichFamily>>;

const NAMES = {
  family: "Nguyen-Bautista",
  guardian: "Lan Nguyen",
  child: "Minh",
  phone: "+12175551234",
  email: "lan@mailhost.example",
};

beforeEach(async () => {
  t = await createTestApp();
  w = await makeRecordsSchool(t.deps);
  rich = await makeRichFamily(t.deps, w.school.id, w.teacher.id, NAMES);
});
afterEach(() => t.close());

async function get(path: string, educatorId: string) {
  return t.app.request(path, { headers: { cookie: await sessionCookie(t.deps, educatorId) } });
}

const csv = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe("records export (CSV)", () => {
  it("exports a school's messages both ways with translations, sender, status and local times; audited", async () => {
    const res = await get(`/records/messages.csv?school=${w.school.id}`, w.coordinator.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("x-export-rows")).toBe("2");
    const rows = csv(await res.text());
    // The unmatched text has no family: it is not part of the family's record.
    expect(rows.map((r) => r.direction)).toEqual(["in", "out"]);
    expect(rows[0]).toMatchObject({
      family: NAMES.family,
      school: "Riverside Elementary",
      occurred_at_local: "2026-10-01 10:00 CDT",
      occurred_at_utc: "2026-10-01T15:00:00.000Z",
      sender: NAMES.guardian,
      body: `Hola, soy ${NAMES.guardian}, la mamá de ${NAMES.child}`,
      translation: `Hello, I am ${NAMES.guardian}, the mother of ${NAMES.child}`,
      translation_status: "done",
      status: "received",
    });
    expect(rows[1]).toMatchObject({
      sender: "Ms. Rivera",
      original_as_written: `Thanks ${NAMES.guardian}, see you soon`,
      status: "delivered",
    });
    const [entry] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "export.records"));
    expect(entry).toMatchObject({ actorId: w.coordinator.id, subjectType: "school", subjectId: w.school.id });
    expect(entry?.detail).toMatchObject({ rows: 2, schoolId: w.school.id });
  });

  it("filters by family, by class and by date range (the end date inclusive, in the school's zone)", async () => {
    const other = await makeEducator(t.deps, w.school.id);
    const otherFamily = await makeFamily(t.deps, w.school.id, { teachers: [other.id] });
    const now = t.clock.now();
    await t.deps.db.insert(messages).values({
      id: newId("msg"),
      familyId: otherFamily.family.id,
      direction: "out",
      kind: "personal",
      channel: "sms",
      language: "es",
      body: '=HYPERLINK("http://evil")',
      status: "sent",
      // 11:30 pm on 2 Oct in Chicago: inside "to=2026-10-02".
      occurredAt: new Date("2026-10-03T04:30:00Z"),
      createdAt: now,
      updatedAt: now,
    });
    const ids = async (query: string) =>
      csv(await (await get(`/records/messages.csv?${query}`, w.coordinator.id)).text()).map((r) => r.family_id);
    expect(await ids(`family=${rich.family.id}`)).toEqual([rich.family.id, rich.family.id]);
    expect(await ids(`educator=${other.id}`)).toEqual([otherFamily.family.id]);
    expect(await ids(`educator=${w.teacher.id}`)).toEqual([rich.family.id, rich.family.id]);
    expect(await ids("from=2026-10-02&to=2026-10-02")).toEqual([otherFamily.family.id]);
    expect(await ids("to=2026-10-01")).toEqual([rich.family.id, rich.family.id]);
    // A formula stays text in a spreadsheet.
    const body = await (await get(`/records/messages.csv?educator=${other.id}`, w.coordinator.id)).text();
    expect(body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const bad = await get("/records/messages.csv?from=yesterday", w.coordinator.id);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("from");
  });

  it("is scoped: another school's coordinator gets 404 for this family, school and teacher; educators 403", async () => {
    for (const query of [`family=${rich.family.id}`, `school=${w.school.id}`, `educator=${w.teacher.id}`]) {
      expect((await get(`/records/messages.csv?${query}`, w.otherCoordinator.id)).status).toBe(404);
    }
    const everything = csv(await (await get("/records/messages.csv", w.otherCoordinator.id)).text());
    expect(everything).toEqual([]);
    expect((await get("/records/messages.csv", w.teacher.id)).status).toBe(403);
    // The district admin (another school) sees the district.
    expect((await get(`/records/messages.csv?school=${w.school.id}`, w.admin.id)).headers.get("x-export-rows")).toBe(
      "2",
    );
  });

  it("pages by keyset without losing or repeating a row, even when messages share a timestamp", async () => {
    const family = await makeFamily(t.deps, w.school.id, { teachers: [w.teacher.id] });
    const now = t.clock.now();
    const same = new Date("2026-10-05T12:00:00Z");
    const rows = Array.from({ length: 23 }, (_, i) => ({
      id: newId("msg"),
      familyId: family.family.id,
      direction: "out" as const,
      kind: "broadcast" as const,
      channel: "sms" as const,
      language: "es",
      body: `m${i}`,
      status: "sent" as const,
      occurredAt: i < 10 ? same : new Date(same.getTime() + i * 1000),
      createdAt: now,
      updatedAt: now,
    }));
    await t.deps.db.insert(messages).values(rows);
    const ctx = { deps: t.deps, actor: await actorOf(t.deps, w.coordinator.id) };
    const out = await exportMessages(ctx, { schoolId: w.school.id }, { pageSize: 4 });
    const seen: string[] = [];
    for await (const r of out.rows) seen.push(r.messageId);
    expect(out.total).toBe(25);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen.filter((id) => rows.some((r) => r.id === id))).toEqual(rows.map((r) => r.id).sort());
  });
});

describe("printable history", () => {
  it("is linked from the family's page for coordinators and admins (deletion for admins only), not for teachers", async () => {
    const page = async (educatorId: string) => (await get(`/families/${rich.family.id}`, educatorId)).text();
    const coordinator = await page(w.coordinator.id);
    expect(coordinator).toContain(`/families/${rich.family.id}/history`);
    expect(coordinator).not.toContain(`/families/${rich.family.id}/delete`);
    expect(await page(w.admin.id)).toContain(`/families/${rich.family.id}/delete`);
    expect(await page(w.teacher.id)).not.toContain(`/families/${rich.family.id}/history`);
  });

  it("shows one family's messages oldest first, with translations, school-local dates and progress", async () => {
    const res = await get(`/families/${rich.family.id}/history`, w.coordinator.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-export-rows")).toBe("2");
    const html = await res.text();
    expect(html).toContain(`Messages with ${NAMES.family}`);
    expect(html).toContain("Message 1 of 2");
    expect(html.indexOf("Hola, soy")).toBeLessThan(html.indexOf("Gracias"));
    expect(html).toContain("2026-10-01 10:00 CDT");
    expect(html).toContain(`Hello, I am ${NAMES.guardian}`);
    expect(html).toContain("End of the record: 2 messages");
    const [entry] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "export.family_history"));
    expect(entry?.subjectId).toBe(rich.family.id);
    expect((await get(`/families/${rich.family.id}/history`, w.otherCoordinator.id)).status).toBe(404);
  });

  it("escapes what families wrote", async () => {
    const now = t.clock.now();
    await t.deps.db.insert(messages).values({
      id: newId("msg"),
      familyId: rich.family.id,
      direction: "in",
      kind: "personal",
      channel: "sms",
      language: "es",
      body: "<script>alert(1)</script>",
      status: "received",
      occurredAt: new Date("2026-10-09T12:00:00Z"),
      createdAt: now,
      updatedAt: now,
    });
    const html = await (await get(`/families/${rich.family.id}/history`, w.coordinator.id)).text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("family data (JSON) for an access request", () => {
  it("holds the household, guardians, children, visits with notes, messages with translations and consent", async () => {
    const res = await get(`/families/${rich.family.id}/data.json`, w.admin.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`family-${rich.family.id}.json`);
    const data = (await res.json()) as FamilyData;
    expect(data.format).toBe("doorstep.family-data/1");
    expect(data.household).toMatchObject({ id: rich.family.id, name: NAMES.family });
    expect(data.contacts[0]).toMatchObject({ name: NAMES.guardian, phone: NAMES.phone, email: NAMES.email });
    expect(data.students[0]).toMatchObject({ firstName: NAMES.child });
    expect(data.visits[0]?.hopesAndDreams).toContain("astronaut");
    expect(data.messages).toHaveLength(2);
    expect(data.messages[0]?.translations[0]).toMatchObject({ direction: "to_staff", status: "done" });
    expect(data.messages[1]?.translations[0]?.original).toBe(`Thanks ${NAMES.guardian}, see you soon`);
    expect(data.consentEvents).toEqual([expect.objectContaining({ kind: "help", keyword: "HELP" })]);
    const [entry] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "family.export_data"));
    expect(entry).toMatchObject({ actorId: w.admin.id, subjectId: rich.family.id });
    expect((await get(`/families/${rich.family.id}/data.json`, w.otherCoordinator.id)).status).toBe(404);
    expect((await get(`/families/${rich.family.id}/data.json`, w.teacher.id)).status).toBe(403);
  });
});
