/**
 * What every benchmark shares: a migrated SQLite file in a temporary folder (removed at the
 * end unless BENCH_KEEP is set) and percentile timing. Benchmarks report ratios against a
 * baseline measured in the same run, never absolute pass/fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attachedRunnerOf, type Db, libsqlClientOf, useRawBatchRunner } from "../db/client";
import { migrateDatabase } from "../db/migrate-node";
import { educators, schools } from "../db/schema";
import { loadConfig } from "../src/config";
import type { DepsOverrides } from "../src/deps";
import { buildNodeDeps } from "../src/deps-node";
import { newId } from "../src/domain/ids";
import { ensureDeploymentDistrict } from "../src/services/schools";

export async function benchDeps(
  name: string,
  env: Record<string, string> = {},
  overrides: DepsOverrides = {},
  /** A database an earlier run kept (BENCH_KEEP), to measure again without building it. */
  existing?: string,
) {
  const dir = existing ? undefined : mkdtempSync(join(tmpdir(), `doorstep-bench-${name}-`));
  const file = existing ?? join(dir!, "bench.db");
  const deps = await buildNodeDeps(loadConfig({ APP_ENV: "test", DATABASE_URL: `file:${file}`, ...env }), {
    log: () => {},
    ...overrides,
  });
  await migrateDatabase(deps.db);
  const done = () => {
    deps.close();
    if (!dir) return;
    if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  return { deps, done };
}

export type Timing = { name: string; p50: number; p95: number; database?: { p50: number; p95: number } };

/**
 * p50/p95 of `iterations` runs of `fn`, after `warmups` runs that fill caches and prepared
 * statements. With a meter, also the database time of each run (see databaseMeter).
 */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  { iterations, warmups = 1, meter }: { iterations: number; warmups?: number; meter?: DatabaseMeter },
): Promise<Timing> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  const inDatabase: number[] = [];
  for (let i = 0; i < iterations; i++) {
    meter?.take();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
    if (meter) inDatabase.push(meter.take());
  }
  const percentiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { p50: p(0.5), p95: p(0.95) };
  };
  return { name, ...percentiles(times), ...(meter ? { database: percentiles(inDatabase) } : {}) };
}

export type DatabaseMeter = { take: () => number };

/**
 * Database time: the time spent inside the libsql client's `execute` and `batch` and in the
 * native connection's raw batches (db/native-batches.ts) — preparing, stepping, turning rows
 * into objects — summed until `take()` reads and resets it. The rest of a service's time is
 * JavaScript: building statements, shaping results, garbage collection.
 */
export function databaseMeter(db: Db): DatabaseMeter {
  const client = libsqlClientOf(db);
  if (!client) throw new Error("databaseMeter: not a libsql database");
  let spent = 0;
  const timed =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await run(...args);
      } finally {
        spent += performance.now() - start;
      }
    };
  client.execute = timed(client.execute.bind(client)) as typeof client.execute;
  client.batch = timed(client.batch.bind(client)) as typeof client.batch;
  for (const mode of ["read", "write"] as const) {
    const attached = attachedRunnerOf(db, mode);
    if (attached) useRawBatchRunner(db, mode, timed(attached));
  }
  return {
    take: () => {
      const taken = spent;
      spent = 0;
      return taken;
    },
  };
}

/**
 * A district of `schools` PTHV schools in one zone, each with `teachersPerSchool` educators:
 * the skeleton both dashboard benchmarks fill with families. Returns the ids, and each school's
 * teachers in order.
 */
export async function benchDistrict(
  db: Db,
  options: { schools: number; teachersPerSchool: number; timeZone: string; now: Date },
) {
  const districtId = await ensureDeploymentDistrict(db, options.timeZone, options.now);
  const schoolIds = Array.from({ length: options.schools }, () => newId("sch"));
  await db.insert(schools).values(
    schoolIds.map((id, i) => ({
      id,
      districtId,
      name: `School ${i}`,
      timezone: options.timeZone,
      programModel: "pthv" as const,
    })),
  );
  const teachers = schoolIds.map((schoolId) =>
    Array.from({ length: options.teachersPerSchool }, (_, i) => ({
      id: newId("edu"),
      schoolId,
      name: `T${i}`,
      email: `t${i}.${schoolId.toLowerCase()}@x.org`,
      role: "educator" as const,
    })),
  );
  await db.insert(educators).values(teachers.flat());
  return { districtId, schoolIds, teachers };
}
