import type { SystemContext } from "../context";
import { dispatchDue } from "../messaging/dispatcher";
import { sendStaffMail } from "../messaging/staff-mail";
import { remindBookings } from "../services/conferences";
import { routeInbound } from "../services/inbound";
import { runSurveys } from "../services/surveys";
import { translatePending } from "../services/translation";
import { cadenceDigest } from "./cadence-digest";
import { sendCancelWordAlerts } from "./cancel-word-alerts";
import { hashLinkCodes } from "./hash-link-codes";
import { notifyEducators } from "./notify-educators";
import { optimizeDatabase } from "./optimize-database";
import { retention } from "./retention";
import { sendReminders } from "./send-reminders";
import { warmTouchGaps } from "./warm-touch-gaps";

/**
 * Scheduled work, by name. The same table drives the Node timer, Workers cron, the optional
 * Queue consumer and `npm run job -- <name> [--now <ISO>]`. Every job takes `now` as an
 * argument so a run can be replayed at a chosen moment.
 */
export const JOBS = {
  // Route stored inbound texts before dispatching, so STOP/HELP answers go out in the same run.
  "route-inbound": (ctx: SystemContext) => routeInbound(ctx),
  // Family texts into the staff language (claims with a lease; engines are never called in a webhook).
  translate: (ctx: SystemContext, now: Date) => translatePending(ctx, now),
  reminders: sendReminders,
  // PTLT conference slots: a reminder 24 h before each booked slot.
  "conference-reminders": remindBookings,
  // Survey invitations, first questions held back by a visit or RSVP question, one reminder.
  surveys: (ctx: SystemContext, now: Date) => runSurveys(ctx, now),
  dispatch: (ctx: SystemContext, now: Date) => dispatchDue(ctx, now),
  "notify-educators": notifyEducators,
  "cancel-word-alerts": sendCancelWordAlerts,
  "cadence-digest": cadenceDigest,
  // After the jobs above that queue staff mail, so a digest or notification leaves in the same run.
  "staff-mail": (ctx: SystemContext, now: Date) => sendStaffMail(ctx, now),
  retention,
  "link-codes": (ctx: SystemContext) => hashLinkCodes(ctx),
  "warm-touch-gaps": warmTouchGaps,
  // Planner statistics (PRAGMA optimize), last: it sees the tables the other jobs just used.
  "optimize-database": optimizeDatabase,
} satisfies Record<string, (ctx: SystemContext, now: Date) => Promise<unknown>>;

export type JobName = keyof typeof JOBS;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export async function runJob(ctx: SystemContext, name: JobName, now: Date): Promise<unknown> {
  const started = Date.now();
  const result = await JOBS[name](ctx, now);
  ctx.deps.log("info", "job finished", { job: name, ms: Date.now() - started, result });
  return result;
}

/** Runs every job once; one failing job is logged and does not stop the others. */
export async function runDueJobs(ctx: SystemContext, now: Date): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const name of Object.keys(JOBS) as JobName[]) {
    try {
      results[name] = await runJob(ctx, name, now);
    } catch (error) {
      ctx.deps.log("error", "job failed", { job: name, error: (error as Error).message });
      results[name] = { error: (error as Error).message };
    }
  }
  return results;
}
