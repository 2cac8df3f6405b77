import { isBusyError, isReadOnlyError } from "../../../db/busy";
import { writeHeartbeat } from "../../../db/heartbeat";
import type { SystemContext } from "../../context";

export type Readiness =
  | { ok: true; checkedAt: string }
  | { ok: false; reason: "read_only" | "busy" | "unavailable"; message: string; checkedAt: string };

/**
 * Readiness (`/readyz`): the database takes a write. Liveness (`/healthz`) only says the process
 * answers; this writes a heartbeat row, so a read-only file, a full disk or a lock that outlasts
 * the retry budget show up here before users meet them as failed saves.
 */
export async function checkReadiness(ctx: SystemContext): Promise<Readiness> {
  const now = ctx.deps.clock.now();
  const checkedAt = now.toISOString();
  try {
    await writeHeartbeat(ctx.deps.db, "readyz", now);
    return { ok: true, checkedAt };
  } catch (error) {
    const failure = isReadOnlyError(error)
      ? { reason: "read_only" as const, message: "The database refuses writes (read-only)" }
      : isBusyError(error)
        ? { reason: "busy" as const, message: "The database stayed locked by another writer" }
        : { reason: "unavailable" as const, message: "The database did not take a write" };
    ctx.deps.log("error", "readiness check failed", { reason: failure.reason, error: (error as Error).message });
    return { ok: false, ...failure, checkedAt };
  }
}
