import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachedRunnerOf, libsqlClientOf, useRawBatchRunner } from "../../db/client";
import type { Actor } from "../../src/context";
import { districtDashboard } from "../../src/services/cadence/district-dashboard";
import { schoolDashboard } from "../../src/services/cadence/school-dashboard";
import { read, readAll, readOne, readTogether } from "../../src/services/queries/read-together";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/**
 * Counts the calls that reach the database: each is a round trip on Turso or D1. On Node the
 * read batches go to the native connection (db/native-batches.ts), the rest to the libsql client.
 */
function countRoundTrips() {
  const client = libsqlClientOf(t.deps.db)!;
  const calls: string[] = [];
  const reads = attachedRunnerOf(t.deps.db, "read");
  if (reads)
    useRawBatchRunner(t.deps.db, "read", (statements, mode) => {
      calls.push(`batch of ${statements.length}`);
      return reads(statements, mode);
    });
  const { execute, batch } = client;
  client.execute = ((stmt: Parameters<typeof execute>[0]) => {
    calls.push("execute");
    return execute.call(client, stmt);
  }) as typeof execute;
  client.batch = ((stmts: Parameters<typeof batch>[0], mode?: Parameters<typeof batch>[1]) => {
    calls.push(`batch of ${stmts.length}`);
    return batch.call(client, stmts, mode);
  }) as typeof batch;
  return calls;
}

describe("readTogether", () => {
  it("runs every read's statements in one batch and hands each read its own rows, in order", async () => {
    const calls = countRoundTrips();
    const number = (n: number) => read<{ n: number }, number>(sql`select ${n} as n`, (rows) => rows[0]!.n);
    const pair = readAll([number(2), number(3)], ([a, b]) => a * b);
    const nothing = { statements: [], result: () => "no statements" };
    const twoRows = read<{ v: string }, string[]>(sql`select 'a' as v union all select 'b'`, (rows) =>
      rows.map((r) => r.v),
    );
    expect(await readTogether(t.deps.db, [number(1), pair, nothing, twoRows])).toEqual([
      1,
      6,
      "no statements",
      ["a", "b"],
    ]);
    expect(calls).toEqual(["batch of 4"]);
    expect(await readOne(t.deps.db, nothing)).toBe("no statements");
    expect(calls).toHaveLength(1); // nothing to read: no round trip
  });

  it("fails as a whole when one statement fails", async () => {
    const good = read(sql`select 1 as n`, (rows) => rows);
    const bad = read(sql`select * from no_such_table`, (rows) => rows);
    await expect(readTogether(t.deps.db, [good, bad])).rejects.toThrow(/no_such_table/);
  });
});

describe("dashboards' round trips (each one a network round trip on Turso or D1)", () => {
  async function district() {
    const school = await makeSchool(t.deps, { name: "Riverside", timezone: "America/Chicago" });
    await makeSchool(t.deps, { name: "Hilo", timezone: "Pacific/Honolulu" });
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const ana = await makeEducator(t.deps, school.id, { name: "Ana" });
    const family = await makeFamily(t.deps, school.id, { language: "vi", teachers: [ana.id] });
    await makeCompletedVisit(t.deps, {
      familyId: family.family.id,
      schoolId: school.id,
      educatorIds: [ana.id],
      at: "2026-09-01T15:00:00Z",
      cadenceDays: 30,
      round: 1,
    });
    const actor: Actor = {
      type: "educator",
      educatorId: coordinator.id,
      role: "coordinator",
      schoolId: school.id,
      districtId: school.districtId,
      name: coordinator.name,
      timeZone: "America/Chicago",
    };
    return { school, actor, family, ana };
  }

  it("a school dashboard: the school, then two batches — filtered or not", async () => {
    const { school, actor, ana } = await district();
    const first = await schoolDashboard({ deps: t.deps, actor }, school.id); // stores today's touch gaps
    expect(first.summary.overdue).toBe(1);
    const calls = countRoundTrips();
    const again = await schoolDashboard({ deps: t.deps, actor }, school.id);
    expect(again).toEqual(first);
    expect(calls.filter((c) => c.startsWith("batch"))).toHaveLength(2);
    expect(calls).toHaveLength(3);

    calls.length = 0;
    const filtered = await schoolDashboard({ deps: t.deps, actor }, school.id, { educatorId: ana.id, language: "vi" });
    expect(filtered.summary.overdue).toBe(1);
    expect(calls).toHaveLength(3);
  });

  it("the district dashboard: two batches for all its time zones", async () => {
    const { actor } = await district();
    const admin: Actor = { ...actor, role: "district_admin" };
    const first = await districtDashboard({ deps: t.deps, actor: admin });
    expect(first.schools).toHaveLength(2);
    const calls = countRoundTrips();
    expect(await districtDashboard({ deps: t.deps, actor: admin })).toEqual(first);
    expect(calls.filter((c) => c.startsWith("batch"))).toHaveLength(2);
    expect(calls.length).toBeLessThanOrEqual(3); // and the list of schools
  });
});
