import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { type Db, runRawBatch } from "../../../db/client";
import type { SqlValue } from "../../../db/raw-batch";

// biome-ignore lint/suspicious/noExplicitAny: rows are typed by each read's own `result`.
type Rows = any[];

/**
 * A read whose statements are known before it runs, and how their rows become its value.
 * Reads that do not depend on one another run together (`readTogether`) as one batch: one
 * round trip to Turso or D1 instead of one per statement (a dashboard has ~15), and every
 * statement sees the same snapshot, so a page's summary, chart and lists agree even while
 * messages arrive. Locally it also saves the per-call overhead of the driver.
 */
export type Read<T> = { statements: SQL[]; result: (rowsets: Rows[]) => T };

type Values<R extends readonly Read<unknown>[]> = { -readonly [K in keyof R]: R[K] extends Read<infer T> ? T : never };

/** A read of one statement. */
export const read = <Row, T>(statement: SQL, result: (rows: Row[]) => T): Read<T> => ({
  statements: [statement],
  result: ([rows]) => result(rows as Row[]),
});

/** Several reads as one, their values combined — so a service can hand a composite to its caller's batch. */
export function readAll<const R extends readonly Read<unknown>[], T>(
  reads: R,
  combine: (values: Values<R>) => T,
): Read<T> {
  return {
    statements: reads.flatMap((r) => r.statements),
    result: (rowsets) => combine(splitResults(reads, rowsets) as Values<R>),
  };
}

const dialect = new SQLiteAsyncDialect();

/**
 * Runs the reads' statements as one read-only batch and returns each read's value, in order.
 * Through runRawBatch rather than drizzle's `db.batch`, whose D1 driver cannot batch raw `sql`
 * queries that carry parameters (it looks for a prepared statement a raw query does not have).
 */
export async function readTogether<const R extends readonly Read<unknown>[]>(db: Db, reads: R): Promise<Values<R>> {
  const statements = reads
    .flatMap((r) => r.statements)
    .map((statement) => {
      const query = dialect.sqlToQuery(statement);
      return { sql: query.sql, args: query.params as SqlValue[] };
    });
  const results = statements.length ? await runRawBatch(db, statements, "read") : [];
  return splitResults(
    reads,
    results.map((r) => r.rows),
  ) as Values<R>;
}

/** One read on its own. */
export const readOne = async <T>(db: Db, r: Read<T>): Promise<T> => (await readTogether(db, [r]))[0];

function splitResults(reads: readonly Read<unknown>[], rowsets: Rows[]): unknown[] {
  let at = 0;
  return reads.map((r) => {
    const mine = rowsets.slice(at, at + r.statements.length);
    at += r.statements.length;
    return r.result(mine);
  });
}
