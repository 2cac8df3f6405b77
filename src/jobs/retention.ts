import type { SystemContext } from "../context";
import { applyRetention, type RetentionResult } from "../services/retention";
import { purgeExpiredAuth } from "./purge-expired-auth";

/**
 * The `retention` job: expired sign-in sessions and tokens (as before), then each district's
 * schedule for personal data (services/retention/apply-retention.ts). One job, so one cron
 * line keeps everything within its schedule.
 */
export async function retention(
  ctx: SystemContext,
  now: Date,
): Promise<{ sessions: number; loginTokens: number } & RetentionResult> {
  const auth = await purgeExpiredAuth(ctx, now);
  const data = await applyRetention(ctx, now);
  return { ...auth, ...data };
}
