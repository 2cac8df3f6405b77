import { Hono } from "hono";
import type { AppEnv } from "../context";
import { checkLiveness, checkReadiness } from "../services/operations";

export const healthRoutes = new Hono<AppEnv>()
  /** Liveness: the process answers and the database answers a read. Restart on failure. */
  .get("/healthz", async (c) => {
    const liveness = await checkLiveness({ deps: c.get("deps") });
    return c.json(liveness, liveness.ok ? 200 : 503);
  })
  /** Readiness: the database takes a write (a heartbeat row). Route traffic elsewhere on 503. */
  .get("/readyz", async (c) => {
    const readiness = await checkReadiness({ deps: c.get("deps") });
    c.header("cache-control", "no-store");
    return c.json(readiness, readiness.ok ? 200 : 503);
  });
