import { type Db, runRawBatch } from "../../../db/client";
import type { RawStatement } from "../../../db/raw-batch";
import { dayRuns, localDaySql, startOfLocalDay } from "../../domain/local-days";

/** How far back the median days between touches looks, in local days (the window is [today − 365, today − 1]). */
export const TOUCH_GAP_WINDOW_DAYS = 365;

/** What a school's row of school_touch_gaps says: the day its histogram is for, and in which zone. */
export type TouchGapState = { day: number; timeZone: string | null } | null;

export type AdvanceTouchGapsInput = {
  timeZone: string;
  /** The local day (dayNumber) the histograms are wanted for. */
  today: number;
  /** The schools of that zone to bring to `today`, each with the state its caller read. */
  schools: { schoolId: string; state: TouchGapState }[];
};

/** A school's histogram as [gap days, count] pairs. */
export type Histogram = [number, number][];

/**
 * Brings each school's touch-gap histogram to `today` from what is stored, in one write
 * batch for all of them (one transaction, one round trip), and returns the histograms.
 *
 * The histogram of day T counts, for every active family, the gaps between its consecutive
 * local touch days within [T − 365, T − 1] (services/cadence-summary.ts computes the same
 * from scratch). Stored for day S, it becomes day T's by two exact corrections, each over a
 * few families rather than a year of touches:
 *   1. families the touch_log triggers noted (touch_gap_changes): their gaps as counted at S
 *      (touch_gap_days, what the counts were made of) come out, their days are recomputed from
 *      touch_log in the school's zone, and their gaps at S go in;
 *   2. the days that passed: only families with a touch day leaving the window ([S − 365,
 *      T − 366]) or entering it ([S, T − 1]) can change. Over their days in [S − 365, T − 1],
 *      a gap (prev → day) between consecutive days is in T's window when prev ≥ T − 365 and
 *      was in S's when day ≤ S − 1, so each adds the difference.
 * A school with nothing stored, stored in another zone, or for a later day (a clock set back)
 * is rebuilt from touch_log: the cost the first view of every day used to pay (~70 ms for a
 * school of 2,000 families), now paid once.
 *
 * Every statement of a school runs only if its stored state is still the one the caller read,
 * so two first views at once apply the day once: the second one's statements do nothing, and
 * it returns what the first stored. Days are local days in the school's zone, as SQL built
 * from the platform's zone data (domain/local-days.ts), the same expression the computation
 * from scratch uses.
 */
export async function advanceTouchGaps(
  ctx: { db: Db },
  input: AdvanceTouchGapsInput,
  attempt = 1,
): Promise<Map<string, Histogram>> {
  const { timeZone, today: t } = input;
  if (input.schools.length === 0) return new Map();
  const statements: RawStatement[] = [];
  for (const { schoolId, state } of input.schools) {
    if (state?.day === t && state.timeZone === timeZone) continue;
    const rebuild = !state || state.timeZone !== timeZone || state.day > t;
    const s = rebuild ? t : state.day;
    // Local days for touches from a year before S to a month after today (touches are never
    // in the future; the margin covers clocks a little ahead).
    const day = (column: string) =>
      localDaySql(column, dayRuns(s - TOUCH_GAP_WINDOW_DAYS - 1, t + 31, timeZone), timeZone);
    const storedZone = state?.timeZone == null ? "null" : `'${zoneLiteral(state.timeZone)}'`;
    const guard = state
      ? `exists (select 1 from school_touch_gaps where school_id = ?1 and day = ${state.day} and time_zone is ${storedZone})`
      : "not exists (select 1 from school_touch_gaps where school_id = ?1)";
    const run = (sql: string) => statements.push({ sql, args: [schoolId] });
    const fromYear = startOfLocalDay(s - TOUCH_GAP_WINDOW_DAYS, timeZone);
    const changed = "family_id in (select family_id from touch_gap_changes where school_id = ?1)";
    const addCounts = (select: string) =>
      run(`insert into touch_gap_counts (school_id, gap, n) select ?1, gap, n from (${select}) where ${guard}
        on conflict (school_id, gap) do update set n = n + excluded.n`);
    if (rebuild) {
      run(`delete from touch_gap_counts where school_id = ?1 and ${guard}`);
      run(`delete from touch_gap_days where school_id = ?1 and ${guard}`);
      run(`insert into touch_gap_days (school_id, family_id, day)
        select distinct ?1, family_id, ${day("at")} from touch_log
        where school_id = ?1 and active = 1 and at >= ${fromYear} and ${guard}`);
      addCounts(gapsAt(s, ""));
    } else {
      addCounts(gapsAt(s, changed, -1));
      run(`delete from touch_gap_days where school_id = ?1 and ${changed} and ${guard}`);
      run(`insert into touch_gap_days (school_id, family_id, day)
        select distinct ?1, family_id, ${day("at")} from touch_log
        where school_id = ?1 and active = 1 and ${changed} and at >= ${fromYear} and ${guard}`);
      addCounts(gapsAt(s, changed));
      if (t > s) addCounts(rollFrom(s, t));
    }
    run(`delete from touch_gap_changes where school_id = ?1 and ${guard}`);
    run(`delete from touch_gap_counts where school_id = ?1 and n = 0 and ${guard}`);
    run(`delete from touch_gap_days where school_id = ?1 and day < ${t - TOUCH_GAP_WINDOW_DAYS} and ${guard}`);
    const histogram = `coalesce((select json_group_array(json_array(gap, n)) from
      (select gap, n from touch_gap_counts where school_id = ?1 order by gap)), '[]')`;
    // Last, since it changes what the guard reads.
    run(
      state
        ? `update school_touch_gaps set day = ${t}, time_zone = '${zoneLiteral(timeZone)}', gaps = ${histogram}
            where school_id = ?1 and day = ${state.day} and time_zone is ${storedZone}`
        : `insert into school_touch_gaps (school_id, day, time_zone, gaps)
            select ?1, ${t}, '${zoneLiteral(timeZone)}', ${histogram} where ${guard}`,
    );
  }
  const ids = input.schools.map((s) => s.schoolId);
  statements.push({
    sql: `select school_id as schoolId, day, time_zone as timeZone, gaps from school_touch_gaps
      where school_id in (${ids.map(() => "?").join(", ")})`,
    args: ids,
  });
  const results = await runRawBatch(ctx.db, statements, "write");
  const rows = results.at(-1)!.rows as { schoolId: string; day: number; timeZone: string | null; gaps: string }[];
  const byId = new Map(rows.map((r) => [r.schoolId, r]));
  const out = new Map<string, Histogram>();
  const stale: { schoolId: string; state: TouchGapState }[] = [];
  for (const schoolId of ids) {
    const row = byId.get(schoolId);
    if (row && Number(row.day) === t && row.timeZone === timeZone) out.set(schoolId, JSON.parse(row.gaps));
    else stale.push({ schoolId, state: row ? { day: Number(row.day), timeZone: row.timeZone } : null });
  }
  // Someone else advanced a school between our caller's read and this batch (to another day,
  // or from another zone's clock): go again from what is stored now.
  if (stale.length && attempt >= 3)
    throw new Error(`touch gaps: schools ${stale.map((x) => x.schoolId)} keep changing`);
  if (stale.length)
    for (const [id, h] of await advanceTouchGaps(ctx, { ...input, schools: stale }, attempt + 1)) out.set(id, h);
  return out;
}

/**
 * Gaps between consecutive touch days within day P's window, of the school's families (`where`
 * narrows them), as (gap, n) rows with n multiplied by `sign`.
 */
function gapsAt(p: number, where: string, sign = 1): string {
  return `select gap, ${sign} * count(*) as n from (
      select day - lag(day) over (partition by family_id order by day) as gap from touch_gap_days
      where school_id = ?1 and day between ${p - TOUCH_GAP_WINDOW_DAYS} and ${p - 1} ${where ? `and ${where}` : ""}
    ) where gap is not null group by gap`;
}

/**
 * How the histogram changes from day S's window to day T's (S < T): see advanceTouchGaps, step 2.
 * Two ranges of the day index as a union: with `or` SQLite read every day of the school (13 ms a school).
 */
function rollFrom(s: number, t: number): string {
  const w = TOUCH_GAP_WINDOW_DAYS;
  return `select gap, sum(prev >= ${t - w}) - sum(day <= ${s - 1}) as n from (
      select day, lag(day) over (partition by family_id order by day) as prev,
        day - lag(day) over (partition by family_id order by day) as gap
      from touch_gap_days
      where school_id = ?1 and day between ${s - w} and ${t - 1} and family_id in (
        select family_id from touch_gap_days where school_id = ?1 and day between ${s - w} and ${t - w - 1}
        union select family_id from touch_gap_days where school_id = ?1 and day between ${s} and ${t - 1})
    ) where gap is not null group by gap`;
}

/** A zone name as an SQL literal (IANA names hold no quotes; doubled anyway). */
const zoneLiteral = (timeZone: string) => timeZone.replaceAll("'", "''");
