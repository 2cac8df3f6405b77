import Database from "libsql";
import { type Db, useReadRunner } from "./client";
import type { RawResult, RawStatement } from "./raw-batch";

/** Prepared statements kept per connection; the dashboards use a few dozen distinct ones. */
const CACHED_STATEMENTS = 256;

/**
 * Node only — the Worker never imports this file (its bundle cannot hold a native module).
 *
 * The dashboards' read batches (`readTogether`) on a second, native connection to the same SQLite
 * file, with their prepared statements kept. Through the libsql client every statement is
 * prepared anew and each row becomes an object in its wrapper: on the 100,000-family bench
 * district that was about 45 % of a school dashboard's database time (bench/dashboard-scale.ts,
 * docs/cadence.md). Each batch is one read transaction (BEGIN … COMMIT), so its statements see
 * one snapshot, as through the client. WAL lets this connection read while the client writes,
 * and every commit of the client is visible to the next batch here.
 *
 * Attached only for a database file (an in-memory database is private to its connection).
 * Returns the function that closes the connection, or null when nothing was attached.
 */
export function attachNativeReads(db: Db, databaseUrl: string | undefined): (() => void) | null {
  const file = databaseFile(databaseUrl);
  if (!file) return null;
  const native = new Database(file);
  // Readers in WAL mode wait for no one, except a checkpoint that is resetting the log: wait then.
  native.exec("PRAGMA busy_timeout = 5000");
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
  useReadRunner(db, async (statements: RawStatement[]): Promise<RawResult[]> => {
    native.exec("BEGIN");
    try {
      return statements.map((s) => ({ rows: prepared(s.sql).all(s.args.map(bindable)) as Record<string, unknown>[] }));
    } finally {
      native.exec("COMMIT");
    }
  });
  return () => native.close();
}

/**
 * A value bound as the libsql client binds it (its `valueToSql`): booleans as 1/0 and dates as
 * epoch milliseconds. The native module is stricter — a boolean aborts the whole process
 * (seen in test/integration/native-reads.test.ts) — so nothing reaches it unconverted.
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
