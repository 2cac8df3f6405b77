import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * `PRAGMA optimize`, as SQLite recommends for long-lived applications: at start-up and then
 * periodically. It runs ANALYZE only where statistics are missing or stale, and
 * `analysis_limit` bounds each ANALYZE to a sample (SQLite's suggested 400 rows an index), so a
 * pass costs milliseconds even on a district-sized file. The 0x10000 bit asks it to look at
 * every table, not only those this connection has queried (SQLite 3.46+; older versions, such
 * as libsql's 3.45, ignore the bit and check the tables the connection used).
 *
 * Statistics change query plans; test/integration/query-plans.test.ts checks that every hot
 * statement keeps an indexed plan with and without them.
 */
export async function optimizeDatabase(db: Db): Promise<void> {
  await db.batch([db.run(sql`PRAGMA analysis_limit = 400`), db.run(sql`PRAGMA optimize = 0x10002`)]);
}
