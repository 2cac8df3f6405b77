import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { eventInvitations, visits } from "../../db/schema";
import { hashLinkCode, LEGACY_LINK_CODE_LENGTH } from "../auth/tokens";
import type { SystemContext } from "../context";

const BATCH = 500;

/**
 * The data half of "link codes are stored hashed": codes written before the change are hashed
 * in place. SQL cannot (neither SQLite nor D1 has SHA-256), so this runs as a job: on the Node
 * server's first timer tick after start, on every Workers cron run, and with `npm run job --
 * link-codes`. Once none are left a run costs one scan of each table. The pages also hash a
 * legacy code the first time it is used. Idempotent: a hash is never 12 characters long.
 */
export async function hashLinkCodes(ctx: SystemContext) {
  const { db } = ctx.deps;
  let hashed = 0;
  for (const table of [visits, eventInvitations] as const) {
    for (;;) {
      const legacy = await db
        .select({ id: table.id, code: table.linkCode })
        .from(table)
        .where(sql`length(${table.linkCode}) = ${LEGACY_LINK_CODE_LENGTH}`)
        .limit(BATCH);
      if (legacy.length === 0) break;
      // Hashes first: a drizzle query is a thenable, so it must not be returned from an async function.
      const hashes = await Promise.all(legacy.map((row) => hashLinkCode(row.code!)));
      const updates = legacy.map((row, i) =>
        db.update(table).set({ linkCode: hashes[i]! }).where(eq(table.id, row.id)),
      );
      await db.batch(updates as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      hashed += legacy.length;
    }
  }
  return { hashed };
}
