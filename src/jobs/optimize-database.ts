import { optimizeDatabase as optimize } from "../../db/optimize";
import type { SystemContext } from "../context";

/**
 * Keeps SQLite's planner statistics current (db/optimize.ts). Runs with every job pass: when
 * nothing is stale, PRAGMA optimize does nothing. A database that refuses it (a D1 without
 * the pragma) is logged, not failed: plans are checked to be indexed without statistics too.
 */
export async function optimizeDatabase(ctx: SystemContext, _now: Date) {
  try {
    await optimize(ctx.deps.db);
    return { optimized: true };
  } catch (error) {
    ctx.deps.log("warn", "PRAGMA optimize refused", { error: (error as Error).message });
    return { optimized: false };
  }
}
