import Database from "libsql";
import { BUSY_TIMEOUT_MS } from "./busy";
import { type Db, useRawBatchRunner } from "./client";
import type { RawResult, RawStatement } from "./raw-batch";

/** Prepared statements kept; the dashboards and the hot writes use a few dozen distinct ones. */
const CACHED_STATEMENTS = 256;

/**
 * Node only — the Worker never imports this file (its bundle cannot hold a native module).
 *
 * Raw batches (`runRawBatch`: the dashboards' reads, the inbound webhook's group commit,
 * routing's commits) on a second, native connection to the same SQLite file, with their
 * prepared statements kept. Through the libsql client every statement is prepared anew and each
 * row becomes an object in its wrapper: ~45 % of a school dashboard's database time, and for
 * routing an insert into `messages` compiles the rollup triggers (~100 µs) every time.
 *
 * Each batch is one transaction (BEGIN … COMMIT; IMMEDIATE for writes, as the client does), run
 * synchronously from BEGIN to COMMIT — as the client runs its own — so in one process the two
 * connections' transactions never interleave, and each sees the other's commits at once (WAL).
 * Another process (a job) is waited for up to busy_timeout, as through the client, and a batch
 * that still meets SQLITE_BUSY is retried by `runRawBatch` (db/busy.ts). Foreign keys
 * are on, as on the client's connection (libsql's default; said again, as SQLite's is off).
 *
 * Attached only for a database file (an in-memory database is private to its connection).
 * Returns the function that closes the connection, or null when nothing was attached.
 */
export function attachNativeBatches(db: Db, databaseUrl: string | undefined): (() => void) | null {
  const file = databaseFile(databaseUrl);
  if (!file) return null;
  const native = new Database(file);
  native.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  native.exec("PRAGMA foreign_keys = ON");
  native.exec("PRAGMA secure_delete = ON");
  const cache = new Map<string, ReturnType<typeof native.prepare>>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // re-inserted below: the Map's order is least recently used first
    } else {
      statement = native.prepare(sql);
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return statement;
  };
  const run = (s: RawStatement): Record<string, unknown>[] => {
    const statement = prepared(s.sql);
    const args = s.args.map(bindable);
    if (statement.reader) return statement.all(args) as Record<string, unknown>[];
    statement.run(args);
    return [];
  };
  const batch =
    (begin: string) =>
    async (statements: RawStatement[]): Promise<RawResult[]> => {
      native.exec(begin);
      try {
        const results = statements.map((s) => ({ rows: run(s) }));
        native.exec("COMMIT");
        return results;
      } catch (error) {
        if (native.inTransaction) native.exec("ROLLBACK");
        throw error;
      }
    };
  useRawBatchRunner(db, "read", batch("BEGIN"));
  useRawBatchRunner(db, "write", batch("BEGIN IMMEDIATE"));
  return () => native.close();
}

/**
 * A value bound as the libsql client binds it (its `valueToSql`): booleans as 1/0 and dates as
 * epoch milliseconds. The native module is stricter — a boolean aborts the whole process
 * (seen in test/integration/native-batches.test.ts) — so nothing reaches it unconverted.
 */
function bindable(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  if (typeof value === "number" && !Number.isFinite(value))
    throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
  return value;
}

/** The file of a `file:` URL; null for anything else or an in-memory database. */
function databaseFile(url: string | undefined): string | null {
  if (!url?.startsWith("file:")) return null;
  const path = url.slice("file:".length).split("?")[0]!;
  if (path === "" || path === ":memory:" || url.includes("mode=memory")) return null;
  return path;
}
