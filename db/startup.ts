import { isReadOnlyError } from "./busy";
import type { Db } from "./client";
import { writeHeartbeat } from "./heartbeat";
import { migrateDatabase } from "./migrate-node";
import { optimizeDatabase } from "./optimize";

/** The database answers reads but refuses writes: start-up stops with this message. */
export class DatabaseNotWritableError extends Error {
  constructor(where: string, options?: { cause?: unknown }) {
    super(
      `The database ${where} is read-only: SQLite refused a write (${rootMessage(options?.cause)}). ` +
        "Doorstep would start, answer pages, and fail every write. Check the file's permissions and owner, " +
        "its folder's (SQLite writes -wal and -shm files beside the database), that the disk is not full, " +
        "and that the volume is not mounted read-only.",
      options,
    );
    this.name = "DatabaseNotWritableError";
  }
}

/**
 * Node start-up (server, jobs, migrate): applies pending migrations, then proves the database
 * takes a write (a heartbeat row), then refreshes planner statistics (db/optimize.ts). Issue 16.5: a read-only file used to start, pass /healthz and
 * answer every write with a 500.
 */
export async function migrateAndProveWritable(db: Db, where: string, now: Date): Promise<void> {
  try {
    await migrateDatabase(db);
    await writeHeartbeat(db, "startup", now);
    // SQLite's advice for long-lived processes: PRAGMA optimize when the connection opens.
    await optimizeDatabase(db);
  } catch (error) {
    if (isReadOnlyError(error)) throw new DatabaseNotWritableError(where, { cause: error });
    throw error;
  }
}

/** Where a DATABASE_URL points, for messages (the file of a `file:` URL, else the host). */
export function describeDatabase(url: string | undefined): string {
  if (!url) return "(D1 binding)";
  if (url.startsWith("file:")) return url.slice("file:".length).split("?")[0]!;
  try {
    return new URL(url).host;
  } catch {
    return "(DATABASE_URL)";
  }
}

/** The driver's own words (drizzle wraps them in "Failed query: …" with the SQL). */
function rootMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  for (let depth = 0; current?.cause && depth < 5; depth++) current = current.cause as typeof current;
  return String(current?.message ?? error);
}
