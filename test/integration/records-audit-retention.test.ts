import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { libsqlClientOf } from "../../db/client";
import {
  auditLog,
  districts,
  loginTokens,
  messages,
  messageTranslations,
  sessions,
  translationCache,
  visitEducators,
  visits,
} from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { runJob } from "../../src/jobs";
import { auditRow } from "../../src/services/audit/record-audit";
import { makeCompletedVisit, makeFamily, sessionCookie } from "../support/factories";
import { makeRecordsSchool, makeRichFamily } from "../support/records-world";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
let w: Awaited<ReturnType<typeof makeRecordsSchool>>;

beforeEach(async () => {
  t = await createTestApp();
  w = await makeRecordsSchool(t.deps);
});
afterEach(() => t.close());

async function get(path: string, educatorId: string) {
  return t.app.request(path, { headers: { cookie: await sessionCookie(t.deps, educatorId) } });
}

/** A signed-in form post with its CSRF pair. */
async function post(path: string, educatorId: string, fields: Record<string, string>) {
  const cookie = await sessionCookie(t.deps, educatorId);
  const page = await t.app.request(path, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const csrfCookie = /doorstep_csrf=([^;]+)/.exec(page.headers.get("set-cookie") ?? "")?.[1];
  return t.app.request(path, {
    method: "POST",
    headers: { cookie: `${cookie}; doorstep_csrf=${csrfCookie}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

async function audit(actor: { educatorId: string }, at: string, action: string, familyId?: string) {
  const actorValue = {
    type: "educator" as const,
    educatorId: actor.educatorId,
    role: "coordinator" as const,
    schoolId: w.school.id,
    districtId: w.school.districtId,
    name: "x",
    timeZone: "America/Chicago",
  };
  await t.deps.db.insert(auditLog).values(
    auditRow(actorValue, new Date(at), {
      action,
      ...(familyId ? { subjectType: "family", subjectId: familyId } : {}),
    }),
  );
}

describe("audit reader", () => {
  it("filters by actor, family, action (or a prefix) and dates; pages; and downloads as CSV", async () => {
    const a = await makeFamily(t.deps, w.school.id, { displayName: "Alvarez" });
    const b = await makeFamily(t.deps, w.school.id, { displayName: "Baptiste" });
    await audit({ educatorId: w.coordinator.id }, "2026-10-01T15:00:00Z", "family.view", a.family.id);
    await audit({ educatorId: w.teacher.id }, "2026-10-02T15:00:00Z", "family.messages.view", a.family.id);
    await audit({ educatorId: w.teacher.id }, "2026-10-03T15:00:00Z", "family.view", b.family.id);
    await audit({ educatorId: w.coordinator.id }, "2026-10-04T15:00:00Z", "export.records");
    await audit({ educatorId: w.coordinator.id }, "2026-10-05T15:00:00Z", "export.cadence");

    const rows = async (query: string) =>
      parse(await (await get(`/records/audit.csv?${query}`, w.admin.id)).text(), { columns: true }) as Record<
        string,
        string
      >[];
    expect((await rows("")).map((r) => r.at_utc?.slice(0, 10))).toEqual([
      "2026-10-05",
      "2026-10-04",
      "2026-10-03",
      "2026-10-02",
      "2026-10-01",
    ]);
    expect((await rows(`actor=${w.teacher.id}`)).map((r) => r.action)).toEqual(["family.view", "family.messages.view"]);
    const ofA = await rows(`family=${a.family.id}`);
    expect(ofA.map((r) => r.subject)).toEqual(["Alvarez", "Alvarez"]);
    expect((await rows("action=export.")).map((r) => r.action)).toEqual(["export.cadence", "export.records"]);
    expect((await rows("action=family.view")).length).toBe(2);
    expect((await rows("from=2026-10-02&to=2026-10-03")).map((r) => r.at_utc?.slice(0, 10))).toEqual([
      "2026-10-03",
      "2026-10-02",
    ]);

    const page = await get(`/records/audit?family=${a.family.id}`, w.admin.id);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Alvarez");
    expect(html).not.toContain("Baptiste");
  });

  it("pages by keyset: every entry once, newest first", async () => {
    for (let i = 0; i < 120; i++) {
      await audit(
        { educatorId: w.coordinator.id },
        new Date(Date.parse("2026-10-01T00:00:00Z") + (i % 7) * 60_000).toISOString(),
        `a.${i}`,
      );
    }
    const seen: string[] = [];
    let path = "/records/audit";
    for (let guard = 0; guard < 10; guard++) {
      const html = await (await get(path, w.admin.id)).text();
      seen.push(...[...html.matchAll(/<code>(a\.\d+)<\/code>/g)].map((m) => m[1]!));
      const next = /href="(\/records\/audit\?after=[^"]+)"/.exec(html)?.[1];
      if (!next) break;
      path = next.replaceAll("&amp;", "&");
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it("is for district admins; a bad cursor names the field", async () => {
    expect((await get("/records/audit", w.coordinator.id)).status).toBe(403);
    expect((await get("/records/audit.csv", w.coordinator.id)).status).toBe(403);
    const bad = await get("/records/audit?after=nonsense", w.admin.id);
    expect(bad.status).toBe(400);
  });
});

describe("retention", () => {
  it("shows the defaults, saves a schedule from the settings page, refuses a bad one naming the field", async () => {
    const page = await (await get("/settings/retention", w.admin.id)).text();
    expect(page).toContain("default schedule");
    expect(page).toContain('value="5"');
    const bad = await post("/settings/retention", w.admin.id, {
      messageYears: "0",
      hopesAndDreams: "end_of_school_year",
      translationCacheDays: "30",
      auditYears: "7",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("messageYears");
    const ok = await post("/settings/retention", w.admin.id, {
      messageYears: "2",
      hopesAndDreams: "keep",
      translationCacheDays: "30",
      auditYears: "3",
    });
    expect(ok.status).toBe(303);
    const [district] = await t.deps.db.select().from(districts).where(eq(districts.id, w.school.districtId));
    expect(district?.retention).toEqual({
      messageYears: 2,
      hopesAndDreams: "keep",
      translationCacheDays: 30,
      auditYears: 3,
    });
    const [entry] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "district.retention.update"));
    expect(entry?.detail).toMatchObject({ after: { messageYears: 2 } });
    expect((await get("/settings/retention", w.coordinator.id)).status).toBe(403);
  });

  it("the retention job erases old messages, last year's hopes and dreams, stale cache and old audit rows; counts stay", async () => {
    await t.deps.db
      .update(districts)
      .set({
        retention: { messageYears: 1, hopesAndDreams: "end_of_school_year", translationCacheDays: 30, auditYears: 2 },
      })
      .where(eq(districts.id, w.school.districtId));
    const rich = await makeRichFamily(t.deps, w.school.id, w.teacher.id, {
      family: "Haddad",
      guardian: "Rania Haddad",
      child: "Omar",
      phone: "+12175554321",
      email: "rania@mailhost.example",
    });
    const now = t.clock.now();
    const oldId = newId("msg");
    await t.deps.db.insert(messages).values({
      id: oldId,
      familyId: rich.family.id,
      direction: "in",
      kind: "personal",
      channel: "sms",
      language: "es",
      body: "Texto de hace dos años",
      address: "+12175554321",
      status: "received",
      occurredAt: new Date("2024-10-01T15:00:00Z"),
      createdAt: now,
      updatedAt: now,
    });
    await t.deps.db.insert(messageTranslations).values({
      id: `trn_${newId("msg").slice(4)}`,
      messageId: oldId,
      direction: "to_staff",
      sourceLanguage: "es",
      targetLanguage: "en",
      text: "Text from two years ago",
      status: "done",
      createdAt: now,
      updatedAt: now,
    });
    // Round 2 only so the factory's 2026-27 insert passes the one-visit-per-round index; moved to 2025-26 below.
    const lastYear = await makeCompletedVisit(t.deps, {
      familyId: rich.family.id,
      schoolId: w.school.id,
      educatorIds: [w.teacher.id],
      at: "2025-10-01T22:00:00Z",
      cadenceDays: 21,
      round: 2,
    });
    await t.deps.db
      .update(visits)
      .set({ schoolYear: "2025-26", privateNotes: "Omar wants to be a pilot" })
      .where(eq(visits.id, lastYear));
    // The educator's own notes on that visit hold the same words: they go with them.
    await t.deps.db
      .update(visitEducators)
      .set({ notes: "He talked about planes all evening" })
      .where(eq(visitEducators.visitId, lastYear));
    await t.deps.db.insert(translationCache).values({
      key: "stale",
      sourceLanguage: "es",
      targetLanguage: "en",
      text: "Stale",
      engine: "fake",
      createdAt: new Date("2026-08-01T00:00:00Z"),
      lastUsedAt: new Date("2026-08-01T00:00:00Z"),
    });
    await audit({ educatorId: w.coordinator.id }, "2024-01-01T00:00:00Z", "family.view", rich.family.id);
    await audit({ educatorId: w.coordinator.id }, "2026-01-01T00:00:00Z", "family.view", rich.family.id);
    await t.deps.db.insert(sessions).values({
      id: "expired",
      educatorId: w.teacher.id,
      expiresAt: new Date("2026-10-01T00:00:00Z"),
      createdAt: now,
      lastSeenAt: now,
    });
    const rollupsBefore = await libsqlClientOf(t.deps.db)!.execute("select * from touch_log order by 1");

    const result = await runJob({ deps: t.deps }, "retention", now);
    expect(result).toEqual({
      sessions: 1,
      loginTokens: 0,
      oidcAttempts: 0,
      rateLimits: 0,
      messagesErased: 1,
      hopesAndDreamsErased: 1,
      translationCacheDeleted: 1,
      auditDeleted: 1,
    });
    const [pairNotes] = await t.deps.db.select().from(visitEducators).where(eq(visitEducators.visitId, lastYear));
    expect(pairNotes?.notes).toBeNull();
    const [old] = await t.deps.db.select().from(messages).where(eq(messages.id, oldId));
    expect(old).toMatchObject({ body: "", address: null, direction: "in", status: "received" });
    expect(await t.deps.db.select().from(messageTranslations).where(eq(messageTranslations.messageId, oldId))).toEqual(
      [],
    );
    // This year's messages and this year's notes stay.
    const [recent] = await t.deps.db.select().from(messages).where(eq(messages.id, rich.inbound.id));
    expect(recent?.body).toContain("Rania");
    const notes = await t.deps.db
      .select({ id: visits.id, notes: visits.privateNotes })
      .from(visits)
      .where(eq(visits.familyId, rich.family.id));
    expect(notes.find((v) => v.id === lastYear)?.notes).toBeNull();
    expect(notes.find((v) => v.id === rich.visitId)?.notes).toContain("astronaut");
    expect((await t.deps.db.select().from(translationCache)).map((c) => c.key)).toEqual([`k_${rich.family.id}`]);
    expect((await t.deps.db.select().from(auditLog)).map((a) => a.createdAt.toISOString())).toEqual([
      "2026-01-01T00:00:00.000Z",
    ]);
    expect((await libsqlClientOf(t.deps.db)!.execute("select * from touch_log order by 1")).rows).toEqual(
      rollupsBefore.rows,
    );
    expect(await t.deps.db.select().from(loginTokens)).toEqual([]);

    // Idempotent: a second run finds nothing more.
    expect(await runJob({ deps: t.deps }, "retention", now)).toMatchObject({
      messagesErased: 0,
      hopesAndDreamsErased: 0,
    });
  });

  it("reads only messages that crossed the cutoff since the last run; a schedule change reads them all again", async () => {
    const family = await makeFamily(t.deps, w.school.id);
    const now = t.clock.now();
    const message = (id: string, at: string) => ({
      id,
      familyId: family.family.id,
      direction: "in" as const,
      kind: "personal" as const,
      channel: "sms" as const,
      language: "es",
      body: `texto ${id}`,
      status: "received" as const,
      occurredAt: new Date(at),
      createdAt: now,
      updatedAt: now,
    });
    await t.deps.db.insert(messages).values(message(newId("msg"), "2020-01-01T00:00:00Z"));
    expect(await runJob({ deps: t.deps }, "retention", now)).toMatchObject({ messagesErased: 1 });
    const [district] = await t.deps.db.select().from(districts).where(eq(districts.id, w.school.districtId));
    expect(district?.retentionAppliedThrough?.toISOString()).toBe("2021-11-02T15:00:00.000Z");

    // Filed after the run with a date before the mark: the next run does not read that far back…
    const late = newId("msg");
    await t.deps.db.insert(messages).values(message(late, "2019-06-01T00:00:00Z"));
    expect(await runJob({ deps: t.deps }, "retention", now)).toMatchObject({ messagesErased: 0 });
    // …until the schedule changes, which clears the mark.
    const schedule = { messageYears: "5", hopesAndDreams: "keep", translationCacheDays: "90", auditYears: "7" };
    expect((await post("/settings/retention", w.admin.id, schedule)).status).toBe(303);
    expect(await runJob({ deps: t.deps }, "retention", now)).toMatchObject({ messagesErased: 1 });
    const [erased] = await t.deps.db.select().from(messages).where(eq(messages.id, late));
    expect(erased?.body).toBe("");
  });

  it("keeps hopes and dreams when the district chose to", async () => {
    await t.deps.db
      .update(districts)
      .set({ retention: { hopesAndDreams: "keep" } })
      .where(eq(districts.id, w.school.districtId));
    const family = await makeFamily(t.deps, w.school.id);
    const id = await makeCompletedVisit(t.deps, {
      familyId: family.family.id,
      schoolId: w.school.id,
      educatorIds: [w.teacher.id],
      at: "2025-10-01T22:00:00Z",
      cadenceDays: 21,
    });
    await t.deps.db.update(visits).set({ schoolYear: "2025-26", privateNotes: "kept" }).where(eq(visits.id, id));
    expect(await runJob({ deps: t.deps }, "retention", t.clock.now())).toMatchObject({ hopesAndDreamsErased: 0 });
    const [v] = await t.deps.db.select().from(visits).where(eq(visits.id, id));
    expect(v?.privateNotes).toBe("kept");
  });
});
