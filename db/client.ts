import { type Client, createClient } from "@libsql/client";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql, type LibSQLDatabase } from "drizzle-orm/libsql";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { RawBatchMode, RawBatchRunner, RawResult, RawStatement } from "./raw-batch";
import * as schema from "./schema";

/**
 * The database handle every service receives. libsql (a local file, `libsql:` or `https:`
 * Turso) and D1 share drizzle's async SQLite API; both offer `batch` for atomic
 * multi-statement writes, which is what services use instead of interactive transactions
 * (D1 has none, and a remote transaction must never be held open across a provider call).
 */
export type Db = BaseSQLiteDatabase<"async", unknown, typeof schema> & {
  batch: LibSQLDatabase<typeof schema>["batch"];
};

const boundParameterLimits = new WeakMap<Db, number>();
const rawBatchRunners = new WeakMap<Db, RawBatchRunner>();
/** Faster runners for raw batches, per mode, where attached (db/native-batches.ts, Node only). */
const attachedRunners = new WeakMap<Db, Partial<Record<RawBatchMode, RawBatchRunner>>>();
const libsqlClients = new WeakMap<Db, Client>();

export type DatabaseTarget = { url: string; authToken?: string | undefined } | { d1: D1Database };

export type OpenedDatabase = { db: Db; close: () => void };

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if ("d1" in target) {
    // D1 enforces foreign keys on its own.
    const db = drizzleD1(target.d1, { schema }) as unknown as Db;
    boundParameterLimits.set(db, 100);
    const d1 = target.d1;
    rawBatchRunners.set(db, async (statements) => {
      const results = await d1.batch(statements.map((s) => d1.prepare(s.sql).bind(...s.args)));
      return results.map((r) => ({ rows: (r.results ?? []) as Record<string, unknown>[] }));
    });
    return { db, close: () => {} };
  }
  // `@libsql/client` resolves to its fetch-based web build under the `workerd` export
  // condition, so this one import serves Node (files, sockets) and Workers (HTTP).
  const client = createClient({ url: target.url, authToken: target.authToken });
  if (target.url.startsWith("file:")) {
    // SQLite leaves foreign keys off per connection unless asked; WAL lets the web server
    // read while a job writes; busy_timeout waits instead of failing on a brief lock.
    await client.execute("PRAGMA foreign_keys = ON");
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    // A family erased on request (services/deletion) must not linger in freed pages of the file.
    await client.execute("PRAGMA secure_delete = ON");
  }
  const db = drizzleLibsql(client, { schema }) as unknown as Db;
  libsqlClients.set(db, client);
  rawBatchRunners.set(db, async (statements, mode) => {
    const results = await client.batch(statements, mode);
    return results.map((r) => ({ rows: r.rows as unknown as Record<string, unknown>[] }));
  });
  return { db, close: () => client.close() };
}

/**
 * How many bound parameters one statement may carry. SQLite (and so libsql/Turso) allows
 * 32,766; D1 allows only 100 — a multi-row insert must be cut to fit the smaller.
 */
export function boundParameterLimit(db: Db): number {
  return boundParameterLimits.get(db) ?? 32_766;
}

/**
 * Runs pre-built statements (db/raw-batch.ts) as one atomic batch on the database's own driver.
 * Only for hot paths where drizzle's query building is the cost; everything else uses drizzle.
 */
export function runRawBatch(db: Db, statements: RawStatement[], mode: RawBatchMode = "write"): Promise<RawResult[]> {
  const run = attachedRunners.get(db)?.[mode] ?? rawBatchRunners.get(db);
  if (!run) throw new Error("runRawBatch: this database was not opened with openDatabase");
  return run(statements, mode);
}

/**
 * Runs this database's raw batches of one mode with `runner` instead of the driver's own
 * (db/native-batches.ts). Everything drizzle runs itself still goes through the driver.
 */
export function useRawBatchRunner(db: Db, mode: RawBatchMode, runner: RawBatchRunner): void {
  attachedRunners.set(db, { ...attachedRunners.get(db), [mode]: runner });
}

/** The runner attached for this mode with `useRawBatchRunner`, if any (benchmarks and tests wrap it). */
export const attachedRunnerOf = (db: Db, mode: RawBatchMode): RawBatchRunner | undefined =>
  attachedRunners.get(db)?.[mode];

/** The libsql client under a database opened on libsql (none on D1): benchmarks time it. */
export const libsqlClientOf = (db: Db): Client | undefined => libsqlClients.get(db);

export { schema };
