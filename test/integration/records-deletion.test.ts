import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { libsqlClientOf } from "../../db/client";
import { auditLog, families, messages, translationCache } from "../../db/schema";
import { schoolDashboard } from "../../src/services/cadence/school-dashboard";
import { DELETED_FAMILY_NAME } from "../../src/services/deletion/delete-family";
import { sessionCookie } from "../support/factories";
import { actorOf, makeRecordsSchool, makeRichFamily } from "../support/records-world";
import { createTestApp, type TestApp } from "../support/test-app";

/**
 * Deletion on request (issue 22): a district admin types the family's name; every personal
 * field is erased or anonymised; the dashboards count the same; an audit entry without the
 * data remains; and the database FILE holds none of the family's words afterwards.
 */
let t: TestApp;
let dbFile: string;

const NAMES = {
  family: "Quetzalcoatl-Vandermeer",
  guardian: "Ximena Quetzalcoatl",
  child: "Anacaona",
  phone: "+12175559876",
  email: "ximena.q@mailhost.example",
};

beforeEach(async () => {
  dbFile = "";
  t = await createTestApp();
  const url = t.deps.config.databaseUrl ?? "";
  dbFile = url.replace(/^file:/, "");
});
afterEach(() => t.close());

/** Every rollup table, sorted: the dashboards read only these. */
async function rollups() {
  const client = libsqlClientOf(t.deps.db)!;
  const out: Record<string, unknown[]> = {};
  for (const table of [
    "family_cadence",
    "touch_log",
    "conversation_rollup",
    "class_families",
    "student_visits",
    "touch_days",
    "conversation_days",
    "school_counts",
  ]) {
    out[table] = (await client.execute(`select * from ${table} order by 1, 2, 3`)).rows.map((r) => ({ ...r }));
  }
  return out;
}

async function postDelete(cookie: string, familyId: string, confirmName: string) {
  const page = await t.app.request(`/families/${familyId}/delete`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const setCookie = page.headers.get("set-cookie") ?? "";
  const csrfCookie = /doorstep_csrf=([^;]+)/.exec(setCookie)?.[1];
  return t.app.request(`/families/${familyId}/delete`, {
    method: "POST",
    headers: { cookie: `${cookie}; doorstep_csrf=${csrfCookie}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, confirmName }).toString(),
  });
}

describe("deleting a family on request", () => {
  it("erases every personal field, keeps the dashboard counts, audits it, and leaves no bytes in the file", async () => {
    const w = await makeRecordsSchool(t.deps);
    const victim = await makeRichFamily(t.deps, w.school.id, w.teacher.id, NAMES);
    // A neighbour whose data must survive untouched.
    const neighbour = await makeRichFamily(t.deps, w.school.id, w.teacher.id, {
      family: "Okonkwo",
      guardian: "Adaeze Okonkwo",
      child: "Chidi",
      phone: "+12175550001",
      email: "adaeze@mailhost.example",
    });
    const coordinator = { deps: t.deps, actor: await actorOf(t.deps, w.coordinator.id) };
    const dashboardBefore = await schoolDashboard(coordinator, w.school.id);
    const rollupsBefore = await rollups();

    const admin = await sessionCookie(t.deps, w.admin.id);
    const refused = await postDelete(admin, victim.family.id, "Quetzalcoatl");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("confirmName");
    expect((await t.deps.db.select().from(families).where(eq(families.id, victim.family.id)))[0]?.displayName).toBe(
      NAMES.family,
    );

    const done = await postDelete(admin, victim.family.id, ` ${NAMES.family} `);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("3 messages");

    // Counts: every rollup row and the dashboard read the same (names aside).
    expect(await rollups()).toEqual(rollupsBefore);
    const dashboardAfter = await schoolDashboard(coordinator, w.school.id);
    const strip = (d: typeof dashboardBefore) =>
      JSON.parse(JSON.stringify(d, (k, v) => (k === "name" || k === "familyName" ? undefined : v)));
    expect(strip(dashboardAfter)).toEqual(strip(dashboardBefore));

    // The audit entry says what happened, not to whom by name.
    const [entry] = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "family.delete"));
    expect(entry).toMatchObject({ actorId: w.admin.id, subjectType: "family", subjectId: victim.family.id });
    expect(JSON.stringify(entry)).not.toMatch(/Quetzalcoatl|Ximena|Anacaona|9876/);

    // The neighbour's messages and cache entry are still there.
    const theirs = await t.deps.db.select().from(messages).where(eq(messages.familyId, neighbour.family.id));
    expect(theirs.map((m) => m.body).join(" ")).toContain("Adaeze");
    expect(await t.deps.db.select().from(translationCache)).toHaveLength(1);

    // The file itself: checkpoint the WAL into it and truncate the WAL, then read raw bytes.
    // No VACUUM: PRAGMA secure_delete (db/client.ts) zeroes what updates and deletes free.
    await libsqlClientOf(t.deps.db)!.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const bytes = readFileSync(dbFile);
    const wal = (() => {
      try {
        return readFileSync(`${dbFile}-wal`);
      } catch {
        return Buffer.alloc(0);
      }
    })();
    expect(bytes.includes(Buffer.from("Adaeze"))).toBe(true); // the check can see text in the file
    // Lower-case too: search_name keeps a folded copy of each name (the triggers must refresh it).
    const folded = ["quetzalcoatl", "vandermeer", "ximena", "anacaona"];
    for (const secret of [
      "Quetzalcoatl",
      "Vandermeer",
      "Ximena",
      "Anacaona",
      ...folded,
      NAMES.phone,
      "2175559876",
      NAMES.email,
    ]) {
      expect(bytes.includes(Buffer.from(secret)), `${secret} in the database file`).toBe(false);
      expect(wal.includes(Buffer.from(secret)), `${secret} in the WAL`).toBe(false);
    }
  }, 30_000);

  it("is for district admins only, and 404s a family outside their district", async () => {
    const w = await makeRecordsSchool(t.deps);
    const victim = await makeRichFamily(t.deps, w.school.id, w.teacher.id, NAMES);
    const coordinator = await sessionCookie(t.deps, w.coordinator.id);
    expect(
      (await t.app.request(`/families/${victim.family.id}/delete`, { headers: { cookie: coordinator } })).status,
    ).toBe(403);
    const admin = await sessionCookie(t.deps, w.admin.id);
    expect((await t.app.request(`/families/fam_nope/delete`, { headers: { cookie: admin } })).status).toBe(404);
    const after = await t.deps.db.select().from(families).where(eq(families.id, victim.family.id));
    expect(after[0]?.displayName).toBe(NAMES.family);
  });

  it("leaves another household that shares the number alone", async () => {
    const w = await makeRecordsSchool(t.deps);
    const victim = await makeRichFamily(t.deps, w.school.id, w.teacher.id, NAMES);
    const sharing = await makeRichFamily(t.deps, w.school.id, w.teacher.id, {
      family: "Grandparents",
      guardian: "Abuela Rosa",
      child: "Tomasito",
      phone: NAMES.phone,
      email: "rosa@mailhost.example",
    });
    const admin = await sessionCookie(t.deps, w.admin.id);
    expect((await postDelete(admin, victim.family.id, NAMES.family)).status).toBe(200);
    const theirs = await t.deps.db.select().from(messages).where(eq(messages.familyId, sharing.family.id));
    expect(theirs.map((m) => m.body).join(" ")).toContain("Abuela Rosa");
    expect(theirs.every((m) => m.address === NAMES.phone)).toBe(true);
    // The unrouted receipt from the shared number is left for routing.
    const receipts = await libsqlClientOf(t.deps.db)!.execute("select body from inbound_queue");
    expect(receipts.rows.map((r) => r.body)).toContain("Also: Tomasito will be late");
  });

  it("refuses a second deletion of the same family", async () => {
    const w = await makeRecordsSchool(t.deps);
    const victim = await makeRichFamily(t.deps, w.school.id, w.teacher.id, NAMES);
    const admin = await sessionCookie(t.deps, w.admin.id);
    expect((await postDelete(admin, victim.family.id, NAMES.family)).status).toBe(200);
    const again = await postDelete(admin, victim.family.id, DELETED_FAMILY_NAME);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already deleted");
  });
});
