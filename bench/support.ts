/**
 * What every benchmark shares: a migrated SQLite file in a temporary folder (removed at the
 * end unless BENCH_KEEP is set) and percentile timing. Benchmarks report ratios against a
 * baseline measured in the same run, never absolute pass/fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "../db/migrate-node";
import { loadConfig } from "../src/config";
import { buildDeps, type DepsOverrides } from "../src/deps";

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
