import { offsetMs, wallTimeToInstant } from "./local-time";

/**
 * Local calendar days inside SQL, daylight-saving safe. SQLite has no time zones, so the
 * dashboards' queries get the zone's offsets spelled out as constants computed here from the
 * platform's time-zone data: within a span of days, each run of days whose midnight has the
 * same UTC offset becomes one branch of a CASE (a year holds at most three such runs).
 *
 * Days are numbered like `dayNumber` (domain/cadence.ts): days since 1970-01-01 on the zone's
 * calendar. The SQL holds numbers only (never user input), inlined rather than bound because
 * D1 allows 100 bound parameters a statement.
 */
/** One UTC day in milliseconds (local days may be 23 or 25 hours; these are not). */
export const DAY_MS = 86_400_000;
const DAY = DAY_MS;

export type DayRun = { fromDay: number; offsetMs: number };

const dayStarts = new Map<string, number>();
/**
 * The UTC instant at which local day `day` begins in `timeZone`. Remembered: a dashboard asks
 * for the same ~15 days (its week boundaries, its cadence thresholds) on every view, and each
 * answer costs two time-zone lookups.
 */
export function startOfLocalDay(day: number, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    start = wallTimeToInstant(`${date}T00:00`, timeZone)!.getTime();
    if (dayStarts.size >= 10_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}

const runCache = new Map<string, DayRun[]>();
/** Runs of consecutive local days whose midnight has the same UTC offset, oldest first. */
export function dayRuns(fromDay: number, toDay: number, timeZone: string): DayRun[] {
  const key = `${timeZone} ${fromDay} ${toDay}`;
  const cached = runCache.get(key);
  if (cached) return cached;
  const runs: DayRun[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const offsetMs = day * DAY - startOfLocalDay(day, timeZone);
    if (runs.at(-1)?.offsetMs !== offsetMs) runs.push({ fromDay: day, offsetMs });
  }
  if (runCache.size > 200) runCache.clear();
  runCache.set(key, runs);
  return runs;
}

/**
 * SQL for the local day of an instant (ms), for instants within the runs' span:
 * `(instant + offset at that instant) / 86400000`. The offset changes at the instant the clocks
 * change (2 am, not midnight), found here by bisection within the day before each new run.
 */
export function localDaySql(instantExpr: string, runs: DayRun[], timeZone: string): string {
  const changes = runs.map((r, i) => ({
    at: i === 0 ? Number.NEGATIVE_INFINITY : changeInstant(r, timeZone),
    offsetMs: r.offsetMs,
  }));
  const offset = caseOf(changes.map((c) => ({ when: `${instantExpr} >= ${c.at}`, offsetMs: c.offsetMs })));
  return `((${instantExpr} + ${offset}) / ${DAY})`;
}

/** The first instant with the run's offset, between the previous local midnight and the run's first. */
function changeInstant(run: DayRun, timeZone: string): number {
  let before = startOfLocalDay(run.fromDay - 1, timeZone);
  let after = startOfLocalDay(run.fromDay, timeZone);
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (offsetMs(new Date(mid), timeZone) === run.offsetMs) after = mid;
    else before = mid;
  }
  return after;
}

/** `case when <latest run> then … else <first run's offset> end`: the newest run is tested first. */
function caseOf(branches: { when: string; offsetMs: number }[]): string {
  const [first, ...later] = branches;
  if (later.length === 0) return String(first!.offsetMs);
  const whens = later
    .reverse()
    .map((b) => `when ${b.when} then ${b.offsetMs}`)
    .join(" ");
  return `(case ${whens} else ${first!.offsetMs} end)`;
}
