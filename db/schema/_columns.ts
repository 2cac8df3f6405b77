import { type SQL, sql } from "drizzle-orm";
import { integer, type SQLiteColumn, text } from "drizzle-orm/sqlite-core";

/** Text primary key; values are prefixed ids from src/domain/ids.ts (e.g. `fam_01J…`). */
export const idColumn = () => text("id").primaryKey();

/** Milliseconds since the epoch, read back as a Date. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const timestamps = () => ({
  createdAt: timestamp("created_at")
    .notNull()
    .$defaultFn(() => new Date()),
  updatedAt: timestamp("updated_at")
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
});

/**
 * SQL for `column IN ('a', 'b', …)` used in CHECK constraints. The values are our own
 * constants (enums.ts), never user input, so inlining them as literals is safe — and it is
 * required: DDL cannot carry bound parameters.
 */
export function oneOf(column: SQLiteColumn, values: readonly string[]): SQL {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ");
  return sql`${column} in (${sql.raw(list)})`;
}
