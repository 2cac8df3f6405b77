import type { SystemContext } from "../../context";
import { dispatchDue } from "../../messaging/dispatcher";
import { sendStaffMail } from "../../messaging/staff-mail";

/**
 * "Send it now": a dispatcher run for the families' messages just queued, and the educators'
 * emails the same change may have queued (sign-in links, pair notices). Two runs, returned
 * apart, so each one's failure is logged as its own. The cron and the Node timer catch
 * anything a run leaves.
 */
export function sendQueued(
  ctx: SystemContext,
  options: { budgetMs?: number | undefined; staffMailIds?: string[] } = {},
): Promise<unknown>[] {
  const now = ctx.deps.clock.now();
  if (options.staffMailIds) return [sendStaffMail(ctx, now, { ids: options.staffMailIds })];
  return [dispatchDue(ctx, now, { budgetMs: options.budgetMs }), sendStaffMail(ctx, now)];
}
