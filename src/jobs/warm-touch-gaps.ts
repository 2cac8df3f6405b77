import { schools } from "../../db/schema";
import type { SystemContext } from "../context";
import { touchGaps } from "../services/cadence";

/**
 * Brings each school's touch-gap histogram (school_touch_gaps) to its new day before the first
 * coordinator opens a dashboard. Since the histogram is kept incrementally
 * (services/cadence/advance-touch-gaps.ts) a day's advance is cheap and the dashboard does it
 * itself when needed; the job stays for the one expensive case — a school with nothing stored
 * (after the migration, or a zone change), rebuilt from a year of touches (~70 ms a school of
 * 2,000 families, ~3 s for 50 schools) — so no coordinator waits for it. Runs with every job
 * pass; once a school's day is stored, a pass only reads that row.
 */
export async function warmTouchGaps(ctx: SystemContext, now: Date) {
  const all = await ctx.deps.db.select({ id: schools.id, timeZone: schools.timezone }).from(schools);
  for (const school of all) await touchGaps(ctx.deps.db, { schoolId: school.id, timeZone: school.timeZone, now });
  return { schools: all.length };
}
