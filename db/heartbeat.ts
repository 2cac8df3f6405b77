import type { Db } from "./client";
import { heartbeats } from "./schema";

/**
 * Overwrites one heartbeat row: a real write (it takes the write lock and commits), so it fails
 * exactly when the database cannot take writes — read-only file or mount, full disk, a lock held
 * past the retry budget — which a `select 1` never shows.
 */
export async function writeHeartbeat(db: Db, id: string, now: Date): Promise<void> {
  await db
    .insert(heartbeats)
    .values({ id, beatAt: now })
    .onConflictDoUpdate({ target: heartbeats.id, set: { beatAt: now } });
}
