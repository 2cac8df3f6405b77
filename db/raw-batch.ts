import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * Pre-built SQL for the one hot write path (the inbound-SMS webhook's group commit). Building a
 * 16-row INSERT through drizzle's query builder cost more CPU than SQLite spent running it
 * (profiled in bench/inbound-sms.ts), so the statement text is built once per shape and row
 * count and reused; values still go through each column's own drizzle mapper (Date → ms, JSON →
 * text, boolean → 0/1), so they are stored exactly as drizzle would store them.
 *
 * Everything else uses drizzle; this is for statements run many times a second.
 */
export type SqlValue = string | number | null;
export type RawStatement = { sql: string; args: SqlValue[] };
export type RawResult = { rows: Record<string, unknown>[] };

/**
 * What `db/client.ts` registers for each opened database: how to run raw statements atomically.
 * "read" batches take no write lock (libsql's read-only transaction), so they never wait on a writer.
 */
export type RawBatchMode = "write" | "read";
export type RawBatchRunner = (statements: RawStatement[], mode: RawBatchMode) => Promise<RawResult[]>;

/**
 * A drizzle query builder (insert, update, delete, select) as raw: its `toSQL()`, values already
 * through the columns' mappers. Every builder has it; drizzle's `BatchItem` type, which services
 * pass around, does not show it.
 */
export function rawOfQuery(query: unknown): RawStatement {
  const { sql, params } = (query as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
  return { sql, args: params as SqlValue[] };
}

const sqlCache = new Map<string, string>();

/**
 * `INSERT INTO table (keys…) VALUES (…), (…) <tail>` for these rows, with the SQL text cached.
 * `tail` is a constant written in our code (never user input).
 */
export function insertRows<T extends SQLiteTable>(
  table: T,
  keys: readonly (keyof T["$inferInsert"] & string)[],
  rows: readonly Partial<T["$inferInsert"]>[],
  options: { tail?: string } = {},
): RawStatement {
  const columns = getTableColumns(table);
  const { tail = "" } = options;
  const cacheKey = `${getTableName(table)}|${keys.join(",")}|${rows.length}|${tail}`;
  let text = sqlCache.get(cacheKey);
  if (!text) {
    const names = keys.map((k) => `"${columns[k]!.name}"`).join(", ");
    const tuple = `(${keys.map(() => "?").join(", ")})`;
    text = `insert into "${getTableName(table)}" (${names}) values ${rows.map(() => tuple).join(", ")} ${tail}`.trim();
    sqlCache.set(cacheKey, text);
  }
  const args: SqlValue[] = [];
  for (const row of rows) {
    for (const k of keys) {
      const value = (row as Record<string, unknown>)[k];
      args.push(value === null || value === undefined ? null : (columns[k]!.mapToDriverValue(value) as SqlValue));
    }
  }
  return { sql: text, args };
}

/** `items` cut into runs of at most `size` (rows per multi-row statement, ids per IN list). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How many rows of `keys` fit one statement under a bound-parameter limit. */
export function rowsPerStatement(keyCount: number, boundParameterLimit: number): number {
  return Math.max(1, Math.floor(boundParameterLimit / keyCount));
}
