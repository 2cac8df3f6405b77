import type { Context } from "hono";
import type { AppEnv } from "../context";
import { sendQueued } from "../services/outbound";
import { translatePending } from "../services/translation";

/**
 * Work that should start now but not delay the response. On Workers it must be handed to
 * `executionCtx.waitUntil` or the isolate may stop it; on Node, deps.background tracks it.
 */
export function runInBackground(c: Context<AppEnv>, task: Promise<unknown>) {
  const deps = c.get("deps");
  const guarded = task.catch((error) =>
    deps.log("error", "background task failed", { error: (error as Error).message }),
  );
  if (deps.runtime === "workers") c.executionCtx.waitUntil(guarded);
  else deps.background(guarded);
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
  const budgetMs = deps.runtime === "workers" ? WORKER_KICK_BUDGET_MS : undefined;
  for (const run of sendQueued({ deps }, { budgetMs })) runInBackground(c, run);
}

/** "Translate it now": family texts filed by this request, after the response (the job catches the rest). */
export function kickTranslation(c: Context<AppEnv>) {
  const deps = c.get("deps");
  runInBackground(c, translatePending({ deps }));
}
