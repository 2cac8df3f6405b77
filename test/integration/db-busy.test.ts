import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseBusyError } from "../../db/busy";
import { libsqlClientOf, runRawBatch } from "../../db/client";
import { auditLog, families, messages } from "../../db/schema";
import { AuditBuffer } from "../../src/audit-buffer";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { type ForeignLock, holdWriteLock } from "../support/foreign-lock";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

/**
 * Issue 16.4: a second connection holding SQLite's write lock (a job in another process) must
 * never turn a request into a 500. Reads answer; writes wait a bounded time, then 503.
 */
let t: TestApp;
let lock: ForeignLock | undefined;
afterEach(async () => {
  await lock?.release();
  lock = undefined;
  t.close();
});

async function seeded(budgetMs: number) {
  t = await createTestApp({}, { busyBudgetMs: budgetMs });
  const school = await makeSchool(t.deps);
  const teacher = await makeEducator(t.deps, school.id);
  const { family } = await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
  return { school, teacher, family };
}

const newFamily = (schoolId: string, educatorId: string, name: string) => ({
  schoolId,
  language: "es",
  channel: "sms",
  contacts: [{ name, relationship: "mother", phone: "217-555-0142" }],
  students: [{ firstName: name, lastName: "Lopez", grade: 2, educatorIds: [educatorId] }],
});

const auditRows = async () => (await t.deps.db.select({ n: count() }).from(auditLog))[0]!.n;

describe("a foreign write lock", () => {
  it("gives every connection the busy timeout: the client's pool connections and the native one", async () => {
    await seeded(1_000);
    const client = libsqlClientOf(t.deps.db)!;
    // An open transaction holds one pool connection, so the next execute opens a fresh one —
    // which before this change came without the PRAGMA (busy_timeout 0: SQLITE_BUSY at once).
    const transaction = await client.transaction("read");
    const fresh = await client.execute("PRAGMA busy_timeout");
    const inTransaction = await transaction.execute("PRAGMA busy_timeout");
    transaction.close();
    const [native] = await runRawBatch(t.deps.db, [{ sql: "PRAGMA busy_timeout", args: [] }], "read");
    expect(Object.values(fresh.rows[0]!)[0]).toBe(50);
    expect(Object.values(inTransaction.rows[0]!)[0]).toBe(50);
    expect(Object.values(native!.rows[0]!)[0]).toBe(50);
  });

  it("never fails a read: audited reads answer 200 during the lock and their audit rows land after it", async () => {
    const { family } = await seeded(300);
    lock = await holdWriteLock(t.databaseFile);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.api("GET", i % 2 ? `/families/${family.id}/messages` : `/families/${family.id}`),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    // Let the buffer try (and fail) while the lock is held: nothing is written, nothing is lost.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await lock.count("audit_log")).toBe(0);
    expect(t.deps.audits.size).toBe(12);
    expect(t.logs.some((l) => l.message.startsWith("access audit rows not written yet"))).toBe(true);
    await lock.release();
    await t.deps.settle();
    expect(await auditRows()).toBe(12);
    expect(t.deps.audits.size).toBe(0);
  });

  it("answers a write that outlasts the retry budget with 503 and Retry-After, never 500, and writes at once after", async () => {
    const { school, teacher } = await seeded(300);
    const input = (name: string) => newFamily(school.id, teacher.id, name);
    lock = await holdWriteLock(t.databaseFile);
    const refused = await t.api("POST", "/families", input("Ana"));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(refused.body.error.code).toBe("database_busy");
    expect(t.logs.some((l) => l.message === "unhandled error")).toBe(false);
    await lock.release();

    const started = Date.now();
    const created = await t.api("POST", "/families", input("Ana"));
    expect(created.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1_000); // no lingering failures after the lock ends
    expect((await t.deps.db.select({ n: count() }).from(families))[0]!.n).toBe(2); // the seeded one + this
  });

  it("waits out a lock shorter than the budget: the write succeeds once the lock ends", async () => {
    const { school, teacher } = await seeded(3_000);
    lock = await holdWriteLock(t.databaseFile);
    const pending = t.api("POST", "/families", newFamily(school.id, teacher.id, "Rosa"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const heldLock = lock;
    await heldLock.release();
    expect((await pending).status).toBe(201);
  });

  it("stores an inbound text that arrives during a lock shorter than the budget (the native batch connection retries)", async () => {
    t = await createTestApp(PROVIDER_ENV, { busyBudgetMs: 3_000 });
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    const { contact } = await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    lock = await holdWriteLock(t.databaseFile);
    const pending = postInboundSms(t, inboundPayload(contact.phone!, "hola"), { settle: false });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await lock.release();
    expect((await pending).status).toBe(200);
    await t.deps.settle();
    expect((await t.deps.db.select({ n: count() }).from(messages))[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it("refuses a read (503) rather than serve it unaudited once the audit backlog is full", async () => {
    await seeded(100);
    lock = await holdWriteLock(t.databaseFile);
    const buffer = new AuditBuffer({ db: t.deps.db, log: () => {}, schedule: () => {}, maxRows: 2 });
    const row = (id: string) => ({ id, actorType: "api_token" as const, action: "family.view", createdAt: new Date() });
    buffer.add(row("aud_1"));
    buffer.add(row("aud_2"));
    expect(() => buffer.add(row("aud_3"))).toThrow(DatabaseBusyError);
    await buffer.flush(); // fails under the lock, keeps both rows
    expect(buffer.size).toBe(2);
    await lock.release();
    await buffer.flush();
    buffer.stop();
    expect(buffer.size).toBe(0);
    expect(await auditRows()).toBe(2);
  });
});
