import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../context";

/** Liveness that means something: 200 only once the database answers a query. */
export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  try {
    await c.get("deps").db.run(sql`select 1`);
    return c.json({ ok: true });
  } catch (error) {
    c.get("deps").log("error", "health check failed", { error: (error as Error).message });
    return c.json({ ok: false }, 503);
  }
});
