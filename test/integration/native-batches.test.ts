import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachedRunnerOf, openDatabase, runRawBatch } from "../../db/client";
import { attachNativeBatches } from "../../db/native-batches";
import { consentEvents, families } from "../../db/schema";
import { read, readOne, readTogether } from "../../src/services/queries/read-together";
import { makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const familyNames = read<{ name: string }, string[]>(
  sql`select display_name as name from families order by display_name`,
  (rows) => rows.map((r) => r.name),
);

describe("raw batches on the native connection (db/native-batches.ts)", () => {
  it("is what a Node process reads through, and sees each write as soon as it commits", async () => {
    expect(attachedRunnerOf(t.deps.db, "read")).toBeDefined();
    expect(attachedRunnerOf(t.deps.db, "write")).toBeDefined();
    const school = await makeSchool(t.deps);
    expect(await readOne(t.deps.db, familyNames)).toEqual([]);
    await makeFamily(t.deps, school.id, { displayName: "Nguyen family" });
    expect(await readOne(t.deps.db, familyNames)).toEqual(["Nguyen family"]);
    await t.deps.db.update(families).set({ displayName: "Nguyen-Tran family" });
    expect(await readOne(t.deps.db, familyNames)).toEqual(["Nguyen-Tran family"]);
  });

  it("binds values as the libsql client does (booleans as 1 and 0, dates as ms) and returns nulls", async () => {
    const at = new Date("2026-11-02T15:00:00Z");
    const values = read<Record<string, unknown>, Record<string, unknown>>(
      sql`select ${true} as yes, ${false} as no, null as empty, ${"vi"} as language, ${2.5} as half, ${at} as at`,
      (rows) => rows[0]!,
    );
    expect(await readOne(t.deps.db, values)).toEqual({
      yes: 1,
      no: 0,
      empty: null,
      language: "vi",
      half: 2.5,
      at: at.getTime(),
    });
  });

  it("stays right past its statement cache and across a schema change", async () => {
    // More distinct statements than it keeps (256): the oldest are dropped and prepared again.
    const numbers = Array.from({ length: 300 }, (_, n) =>
      read<{ n: number }, number>(sql.raw(`select ${n} as n`), (rows) => rows[0]!.n),
    );
    expect(await readTogether(t.deps.db, numbers)).toEqual(numbers.map((_, n) => n));
    expect(await readOne(t.deps.db, numbers[0]!)).toBe(0);
    // A cached `select *` after a migration adds a column: SQLite prepares it again.
    const everything = read<Record<string, unknown>, string[]>(sql`select * from scratch_table`, (rows) =>
      Object.keys(rows[0] ?? {}),
    );
    await t.deps.db.run(sql`create table scratch_table (a integer)`);
    await t.deps.db.run(sql`insert into scratch_table values (1)`);
    expect(await readOne(t.deps.db, everything)).toEqual(["a"]);
    await t.deps.db.run(sql`alter table scratch_table add column b text`);
    expect(await readOne(t.deps.db, everything)).toEqual(["a", "b"]);
  });

  it("fails a batch as a whole and leaves no transaction open behind it", async () => {
    const bad = read(sql`select * from no_such_table`, (rows) => rows);
    await expect(readTogether(t.deps.db, [familyNames, bad])).rejects.toThrow(/no_such_table/);
    expect(await readOne(t.deps.db, familyNames)).toEqual([]);
  });

  it("is not attached to an in-memory database, which only its own connection can see", async () => {
    const memory = await openDatabase({ url: "file::memory:" });
    expect(attachNativeBatches(memory.db, "file::memory:")).toBeNull();
    expect(attachNativeBatches(memory.db, "libsql://example.turso.io")).toBeNull();
    expect(attachedRunnerOf(memory.db, "read")).toBeUndefined();
    memory.close();
  });

  it("writes a batch as one transaction, seen by the client at once, and nothing of a failed one", async () => {
    const school = await makeSchool(t.deps);
    const { family } = await makeFamily(t.deps, school.id, { displayName: "Garcia family" });
    const rename = (name: string) => ({
      sql: "update families set display_name = ? where id = ?",
      args: [name, family.id],
    });
    await runRawBatch(t.deps.db, [rename("García family")]);
    const [seen] = await t.deps.db.select().from(families);
    expect(seen!.displayName).toBe("García family"); // through the libsql client
    const broken = { sql: "insert into no_such_table values (1)", args: [] };
    await expect(runRawBatch(t.deps.db, [rename("Lost name"), broken])).rejects.toThrow(/no_such_table/);
    expect(await readOne(t.deps.db, familyNames)).toEqual(["García family"]);
    // And the connection is usable after the rollback.
    await runRawBatch(t.deps.db, [rename("Garcia-Lopez family")]);
    expect(await readOne(t.deps.db, familyNames)).toEqual(["Garcia-Lopez family"]);
  });

  it("enforces foreign keys, as the client does", async () => {
    const orphan = {
      sql: "insert into consent_events (id, family_id, contact_id, channel, kind, source, created_at, updated_at) values (?, ?, ?, 'sms', 'help', 'keyword', 0, 0)",
      args: ["cns_orphan", "fam_missing", "con_missing"],
    };
    await expect(runRawBatch(t.deps.db, [orphan])).rejects.toThrow(/FOREIGN KEY/);
    expect(await t.deps.db.$count(consentEvents)).toBe(0);
  });
});
