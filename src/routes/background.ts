import type { Context } from "hono";
import type { AppEnv } from "../context";
import { dispatchDue } from "../messaging/dispatcher";

/**
 * Work that should start now but not delay the response. On Workers it must be handed to
 * `executionCtx.waitUntil` or the isolate may stop it; on Node, deps.background tracks it.
 */
export function runInBackground(c: Context<AppEnv>, task: Promise<unknown>) {
  const deps = c.get("deps");
  const guarded = task.catch((error) =>
    deps.log("error", "background task failed", { error: (error as Error).message }),
  );
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    deps.background(guarded); // Node: no execution context
  }
}

/** "Send it now": a dispatcher run right after a message is queued (cron catches anything missed). */
export function kickDispatch(c: Context<AppEnv>) {
  const deps = c.get("deps");
  runInBackground(c, dispatchDue({ deps }, deps.clock.now()));
}
