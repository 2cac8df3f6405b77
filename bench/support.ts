/**
 * What every benchmark shares: a migrated SQLite file in a temporary folder (removed at the
 * end unless BENCH_KEEP is set) and percentile timing. Benchmarks report ratios against a
 * baseline measured in the same run, never absolute pass/fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../db/client";
import { migrateDatabase } from "../db/migrate-node";
import { educators, schools } from "../db/schema";
import { loadConfig } from "../src/config";
import { buildDeps, type DepsOverrides } from "../src/deps";
import { newId } from "../src/domain/ids";
import { ensureDeploymentDistrict } from "../src/services/district";

export async function benchDeps(name: string, env: Record<string, string> = {}, overrides: DepsOverrides = {}) {
  const dir = mkdtempSync(join(tmpdir(), `doorstep-bench-${name}-`));
  const deps = await buildDeps(
    loadConfig({ APP_ENV: "test", DATABASE_URL: `file:${join(dir, "bench.db")}`, ...env }),
    {},
    { log: () => {}, ...overrides },
  );
  await migrateDatabase(deps.db);
  const done = () => {
    deps.close();
    if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  return { deps, done };
}

export type Timing = { name: string; p50: number; p95: number };

/** p50/p95 of `iterations` runs of `fn`, after `warmups` runs that fill caches and prepared statements. */
export async function measure(
  name: string,
  fn: () => Promise<unknown>,
  { iterations, warmups = 1 }: { iterations: number; warmups?: number },
): Promise<Timing> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, p50: p(0.5), p95: p(0.95) };
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
