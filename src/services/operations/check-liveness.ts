import { sql } from "drizzle-orm";
import type { SystemContext } from "../../context";

/** Liveness (`/healthz`): the process answers and the database answers a read. */
export async function checkLiveness(ctx: SystemContext): Promise<{ ok: boolean }> {
  try {
    await ctx.deps.db.run(sql`select 1`);
    return { ok: true };
  } catch (error) {
    ctx.deps.log("error", "health check failed", { error: (error as Error).message });
    return { ok: false };
  }
}
