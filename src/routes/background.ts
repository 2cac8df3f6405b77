import type { Context } from "hono";
import type { AppEnv, Deps } from "../context";
import { dispatchDue } from "../messaging/dispatcher";
import { sendStaffMail } from "../messaging/staff-mail";
import { translatePending } from "../services/translation/translate-pending";

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
 * A Worker keeps a request's `waitUntil` work for about 30 s after the response: a kick there
 * drains for 20 s at most and hands the rest back to the queue for the cron run (which may take
 * minutes). On Node the kick drains everything due.
 */
const WORKER_KICK_BUDGET_MS = 20_000;

/** "Send it now": a dispatcher run right after a message is queued (cron catches anything missed). */
export function kickDispatch(c: Context<AppEnv>) {
  const deps = c.get("deps");
  const budgetMs = hasExecutionContext(c) ? WORKER_KICK_BUDGET_MS : undefined;
  runInBackground(c, dispatchDue({ deps }, deps.clock.now(), { budgetMs }));
  // The educators' emails the same change may have queued (sign-in links, pair notices).
  runInBackground(c, sendStaffMail({ deps }, deps.clock.now()));
}

function hasExecutionContext(c: Context<AppEnv>): boolean {
  const deps = c.get("deps");
  if (withoutExecutionContext.has(deps)) return false;
  try {
    return c.executionCtx !== undefined;
  } catch {
    withoutExecutionContext.add(deps);
    return false;
  }
}

/** "Translate it now": family texts filed by this request, after the response (the job catches the rest). */
export function kickTranslation(c: Context<AppEnv>) {
  const deps = c.get("deps");
  runInBackground(c, translatePending({ deps }));
}
