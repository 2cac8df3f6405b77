import { type Client, createClient } from "@libsql/client";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql, type LibSQLDatabase } from "drizzle-orm/libsql";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { BUSY_TIMEOUT_MS, DEFAULT_BUSY_BUDGET_MS, retryOnBusy } from "./busy";
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
  /** What the driver under drizzle can do, set once by openDatabase (read through the functions below). */
  $driver: Driver;
};

/**
 * The database's driver, beside drizzle's handle: what differs between libsql and D1 is named
 * here, not kept in module maps, so each opened database carries its own.
 */
type Driver = {
  /** Bound parameters one statement may carry (D1: 100; SQLite/libsql: 32,766). */
  boundParameterLimit: number;
  /** How long a write retries on SQLITE_BUSY (db/busy.ts); the native connection uses the same. */
  busyBudgetMs: number;
  /** Runs pre-built statements as one atomic batch on the driver. */
  runRaw: RawBatchRunner;
  /** Faster runners for raw batches, per mode, where attached (db/native-batches.ts, Node only). */
  attached: Partial<Record<RawBatchMode, RawBatchRunner>>;
  /** The libsql client (none on D1): readiness and benchmarks use it. */
  libsql: Client | undefined;
};

function withDriver(handle: unknown, driver: Driver): Db {
  const db = handle as Db;
  db.$driver = driver;
  return db;
}

export type DatabaseTarget = { url: string; authToken?: string | undefined } | { d1: D1Database };

export type OpenedDatabase = { db: Db; close: () => void };

export type OpenOptions = {
  /** How long a write retries on SQLITE_BUSY before DatabaseBusyError (db/busy.ts). */
  busyBudgetMs?: number;
};

/** The busy-retry budget this database was opened with (the native connection uses the same). */
export const busyBudgetOf = (db: Db): number => db.$driver.busyBudgetMs;

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<OpenedDatabase> {
  if ("d1" in target) {
    // D1 enforces foreign keys on its own.
    const d1 = target.d1;
    const db = withDriver(drizzleD1(d1, { schema }), {
      boundParameterLimit: 100,
      busyBudgetMs: options.busyBudgetMs ?? DEFAULT_BUSY_BUDGET_MS,
      runRaw: async (statements) => {
        const results = await d1.batch(statements.map((s) => d1.prepare(s.sql).bind(...s.args)));
        return results.map((r) => ({ rows: (r.results ?? []) as Record<string, unknown>[] }));
      },
      attached: {},
      libsql: undefined,
    });
    return { db, close: () => {} };
  }
  // `@libsql/client` resolves to its fetch-based web build under the `workerd` export
  // condition, so this one import serves Node (files, sockets) and Workers (HTTP).
  // `timeout` is the busy timeout of every connection the client opens — its pool grows under
  // load and opens a fresh connection after each transaction, and a PRAGMA sent through
  // `execute` reaches only the one connection that ran it (seen: SQLITE_BUSY at once, under
  // load, on connections that never got the PRAGMA).
  const budgetMs = options.busyBudgetMs ?? DEFAULT_BUSY_BUDGET_MS;
  const client = withBusyRetry(
    createClient({ url: target.url, authToken: target.authToken, timeout: BUSY_TIMEOUT_MS }),
    budgetMs,
  );
  if (target.url.startsWith("file:")) {
    // SQLite leaves foreign keys off per connection unless asked; WAL lets the web server
    // read while a job writes.
    await client.execute("PRAGMA foreign_keys = ON");
    await client.execute("PRAGMA journal_mode = WAL");
    // A family erased on request (services/deletion) must not linger in freed pages of the file.
    await client.execute("PRAGMA secure_delete = ON");
  }
  const db = withDriver(drizzleLibsql(client, { schema }), {
    boundParameterLimit: 32_766,
    busyBudgetMs: budgetMs,
    runRaw: async (statements, mode) => {
      const results = await client.batch(statements, mode);
      return results.map((r) => ({ rows: r.rows as unknown as Record<string, unknown>[] }));
    },
    attached: {},
    libsql: client,
  });
  return { db, close: () => client.close() };
}

/**
 * How many bound parameters one statement may carry. SQLite (and so libsql/Turso) allows
 * 32,766; D1 allows only 100 — a multi-row insert must be cut to fit the smaller.
 */
export function boundParameterLimit(db: Db): number {
  return db.$driver.boundParameterLimit;
}

/**
 * Runs pre-built statements (db/raw-batch.ts) as one atomic batch on the database's own driver.
 * Only for hot paths where drizzle's query building is the cost; everything else uses drizzle.
 */
export function runRawBatch(db: Db, statements: RawStatement[], mode: RawBatchMode = "write"): Promise<RawResult[]> {
  const attached = db.$driver.attached[mode];
  if (attached) {
    // A batch is one transaction: when BEGIN or COMMIT meets SQLITE_BUSY nothing was applied.
    return retryOnBusy(() => attached(statements, mode), { budgetMs: busyBudgetOf(db) });
  }
  return db.$driver.runRaw(statements, mode); // the libsql client retries on its own (withBusyRetry)
}

/**
 * The client with its operations retried on SQLITE_BUSY (db/busy.ts): `execute` (one
 * autocommit statement), `batch` and `migrate` (one transaction each), `executeMultiple`, and
 * `transaction` (its BEGIN). A statement inside an open transaction is not retried — it
 * cannot be, alone — and a write transaction takes its lock at BEGIN IMMEDIATE anyway.
 *
 * After a busy failure the file client's connections are replaced (`reconnect`): the libsql
 * driver leaves the statement that met SQLITE_BUSY un-reset until it is garbage-collected, and
 * until then every COMMIT on that connection fails with "SQLITE_BUSY: cannot commit transaction
 * - SQL statements in progress" — the "writes kept failing ~4 s after the lock ended" of issue
 * 16.4 (reproduced in test/integration/db-busy.test.ts). Nothing here holds an interactive
 * transaction (services use batches), so no open transaction is cut; an operation that had
 * borrowed a connection but not yet used it fails with CLIENT_CLOSED before running anything,
 * and is retried like a busy one.
 */
function withBusyRetry(client: Client, budgetMs: number): Client {
  const retried = new Set(["execute", "batch", "migrate", "executeMultiple", "transaction"]);
  const onBusy = () => {
    if (client.protocol === "file" && !client.closed) void client.reconnect();
  };
  const cutInFlight = (error: unknown) =>
    !client.closed && (error as { code?: string }).code === "CLIENT_CLOSED" && /in flight/.test(String(error));
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !retried.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        retryOnBusy(() => value.apply(target, args), { budgetMs, onBusy, retryAlso: cutInFlight });
    },
  });
}

/**
 * Runs this database's raw batches of one mode with `runner` instead of the driver's own
 * (db/native-batches.ts). Everything drizzle runs itself still goes through the driver.
 */
export function useRawBatchRunner(db: Db, mode: RawBatchMode, runner: RawBatchRunner): void {
  db.$driver.attached[mode] = runner;
}

/** The runner attached for this mode with `useRawBatchRunner`, if any (benchmarks and tests wrap it). */
export const attachedRunnerOf = (db: Db, mode: RawBatchMode): RawBatchRunner | undefined => db.$driver.attached[mode];

/** The libsql client under a database opened on libsql (none on D1): benchmarks time it. */
export const libsqlClientOf = (db: Db): Client | undefined => db.$driver.libsql;

export { schema };
