import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../context";
import { checkReadiness } from "../services/operations/check-readiness";

export const healthRoutes = new Hono<AppEnv>()
  /** Liveness: the process answers and the database answers a read. Restart on failure. */
  .get("/healthz", async (c) => {
    try {
      await c.get("deps").db.run(sql`select 1`);
      return c.json({ ok: true });
    } catch (error) {
      c.get("deps").log("error", "health check failed", { error: (error as Error).message });
      return c.json({ ok: false }, 503);
    }
  })
  /** Readiness: the database takes a write (a heartbeat row). Route traffic elsewhere on 503. */
  .get("/readyz", async (c) => {
    const readiness = await checkReadiness({ deps: c.get("deps") });
    c.header("cache-control", "no-store");
    return c.json(readiness, readiness.ok ? 200 : 503);
  });
