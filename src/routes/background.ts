import type { Context } from "hono";
import type { AppEnv } from "../context";
import type { Deps } from "../deps";
import { dispatchDue } from "../messaging/dispatcher";
import { sendStaffMail } from "../messaging/staff-mail";

/**
 * Apps (by their deps) whose requests come without an execution context: Node. Hono's
 * `executionCtx` getter throws there, and an Error's stack trace on every webhook cost ~2 % of
 * its CPU, so after the first throw we stop asking. A Worker passes one with every request.
 */
const withoutExecutionContext = new WeakSet<Deps>();

/**
 * Work that should start now but not delay the response. On Workers it must be handed to
 * `executionCtx.waitUntil` or the isolate may stop it; on Node, deps.background tracks it.
 */
export function runInBackground(c: Context<AppEnv>, task: Promise<unknown>) {
  const deps = c.get("deps");
  const guarded = task.catch((error) =>
    deps.log("error", "background task failed", { error: (error as Error).message }),
  );
  if (!withoutExecutionContext.has(deps)) {
    try {
      c.executionCtx.waitUntil(guarded);
      return;
    } catch {
      withoutExecutionContext.add(deps);
    }
  }
  deps.background(guarded);
}

/**
 * "Send it now": a dispatcher run right after a message is queued (cron catches anything
 * missed), and a staff-mail run for the educators' emails the same change may have queued.
 */
export function kickDispatch(c: Context<AppEnv>) {
  const deps = c.get("deps");
  runInBackground(c, dispatchDue({ deps }, deps.clock.now()));
  runInBackground(c, sendStaffMail({ deps }, deps.clock.now()));
}
