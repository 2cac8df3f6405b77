import { type SQL, sql } from "drizzle-orm";
import { DUE_SOON_DAYS, dayNumber } from "../../domain/cadence";
import { DAY_MS, dayRuns, localDaySql, startOfLocalDay } from "../../domain/local-days";
import { schoolYearOf } from "../../domain/school-year";
import { type Read, read, readAll } from "../queries";

/**
 * The SQL the dashboards share, over the rollups (db/schema/rollups.ts). A cadence status
 * (domain/cadence.ts) compares local days, and SQLite knows no time zones, so the statement
 * carries the zone's offsets as constants (domain/local-days.ts): a family is due on
 * `local day of its baseline + cadence days`, and overdue when that day is before today.
 * Baselines older than the span of offsets carried (400 days) are overdue whatever the hour,
 * since cadences are at most 365 days, so the status is exact for every row.
 */
export type CadenceScope = {
  /** One school, or every school of a zone (the district view, one statement per zone). */
  schoolId?: string;
  timeZone: string;
  now: Date;
  educatorId?: string;
  /** An educator looking at the cadence sees only their own families (services/queries/scope.ts). */
  viewerEducatorId?: string;
  language?: string;
  round?: 1 | 2;
};

/** Cadences are 1–365 days (schemas/visits.ts); the span covers them and the due-soon window. */
const SPAN_BACK = 400;
const SPAN_AHEAD = DUE_SOON_DAYS + 3;

/**
 * Today's status rules for the families in scope, as SQL over `family_cadence` aliased `fc`.
 * For each cadence the families in scope have (a handful of values), the two instants that
 * decide it — the start of local day (today − cadence), and of (today + 8 − cadence) — become
 * constants, so a family's status is a comparison of its `baseline_at` with them:
 *
 *   overdue   ⇔ local day of baseline + cadence < today      ⇔ baseline < start of (today − cadence)
 *   due soon  ⇔ local day of baseline + cadence ≤ today + 7  ⇔ baseline < start of (today + 8 − cadence)
 *
 * Exact across DST and for baselines of any age, and cheap: no date arithmetic per row, and
 * the overdue families of a school are index ranges (cadence, baseline) of `family_cadence_school`.
 */
export function cadenceClock(scope: CadenceScope, days: number[]) {
  const { now, timeZone } = scope;
  const { today, startOfToday, localDay } = dayClock(now, timeZone);
  /** Baseline before which a family on this cadence is overdue (0) / due within a week (8). */
  const before = (cadence: number, dayOffset: number) => startOfLocalDay(today + dayOffset - cadence, timeZone);
  const rule = (dayOffset: number, alias = "fc") =>
    days.length === 0
      ? "0"
      : `(${days
          .map((d) => `(${alias}.plan_cadence_days = ${d} and ${alias}.baseline_at < ${before(d, dayOffset)})`)
          .join(" or ")})`;
  const overdue = rule(0);
  const dueWithinWeek = rule(DUE_SOON_DAYS + 1); // overdue or due within 7 days
  return {
    today,
    startOfToday,
    localDay,
    /** The cadences (days) of the families in scope, and the baseline before which each is overdue. */
    cadences: days.map((d) => ({ days: d, overdueBefore: before(d, 0), dueSoonBefore: before(d, DUE_SOON_DAYS + 1) })),
    /** "Overdue" for a row of any table with plan_cadence_days and baseline_at (alias `fc` by default). */
    overdue: sql.raw(overdue),
    overdueIn: (alias: string) => sql.raw(rule(0, alias)),
    /** Status of the `family_cadence` row aliased `fc`, as SQL. */
    status: sql.raw(`(case when fc.plan_cadence_days is null then 'no_plan'
      when ${overdue} then 'overdue' when ${dueWithinWeek} then 'due_soon' else 'on_track' end)`),
    /** Counts of each status over `fc` rows, as SQL columns (sums: no sort, unlike GROUP BY status). */
    statusCounts: sql.raw(`count(*) as families,
      sum(fc.plan_cadence_days is null) as noPlan,
      sum(${overdue}) as overdue,
      sum(${dueWithinWeek}) - sum(${overdue}) as dueSoon`),
  };
}

/** The cadences (days) the families in scope have: a handful of values, for cadenceClock. */
export function cadencesInScope(scope: CadenceScope): Read<number[]> {
  // Unfiltered, they are school_counts' "plan" keys: a few rows, not a pass over the families.
  const statement = isFiltered(scope)
    ? sql`select distinct fc.plan_cadence_days as days from family_cadence fc
        where ${inScope("fc", scope)} and fc.plan_cadence_days is not null`
    : sql`select distinct cast(key as integer) as days from school_counts
        where ${schoolsOf(scope)} and measure = 'plan'`;
  return read<{ days: number }, number[]>(statement, (rows) => rows.map((c) => Math.trunc(Number(c.days))));
}

/**
 * What every cadence view reads first: the cadences in scope (for the clock) and the
 * school-wide counters (for totals and the program KPIs) — one batch, before the rest.
 */
export const cadenceBasis = (scope: CadenceScope) =>
  readAll(
    [cadencesInScope(scope), schoolCounters({ schoolId: scope.schoolId, timeZone: scope.timeZone, now: scope.now })],
    ([days, counters]) => ({ clock: cadenceClock(scope, days), counters }),
  );

/** Today in the zone, when it began, and the local day of an instant column as SQL. */
export function dayClock(now: Date, timeZone: string) {
  const today = dayNumber(now, timeZone);
  const runs = dayRuns(today - SPAN_BACK, today + SPAN_AHEAD, timeZone);
  return {
    today,
    /** The instant today began in the zone. */
    startOfToday: startOfLocalDay(today, timeZone),
    /** The local day of an instant column, for instants in the last ~400 days. */
    localDay: (column: string) => sql.raw(localDaySql(column, runs, timeZone)),
  };
}

/**
 * `<alias>.school_id … and <alias>.active and <the filters>` for any rollup table (each has
 * school_id, active and family_id). Filters narrow to families, through their own indexes.
 */
export function inScope(alias: string, scope: CadenceScope): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const parts: SQL[] = [
    scope.schoolId
      ? sql`${col("school_id")} = ${scope.schoolId}`
      : sql`${col("school_id")} in (select id from schools where timezone = ${scope.timeZone})`,
    sql`${col("active")} = 1`,
  ];
  const year = schoolYearOf(scope.now, scope.timeZone);
  if (scope.language)
    parts.push(sql`${col("family_id")} in (select id from families where language = ${scope.language})`);
  for (const educatorId of [scope.educatorId, scope.viewerEducatorId]) {
    if (!educatorId) continue;
    parts.push(sql`${col("family_id")} in (select s.family_id from students s
      join student_educators se on se.student_id = s.id
      where se.educator_id = ${educatorId} and se.school_year = ${year})`);
  }
  if (scope.round)
    parts.push(sql`${col("family_id")} in (select family_id from visits
      where round = ${scope.round} and status = 'completed' and school_year = ${year})`);
  return sql.join(parts, sql` and `);
}

/** True when a filter narrows the families, so the per-school counters do not apply. */
export const isFiltered = (scope: CadenceScope) =>
  Boolean(scope.educatorId || scope.viewerEducatorId || scope.language || scope.round);

/** `<column> = …` for the scope's school, or every school of its zone. */
export const schoolsOf = (scope: CadenceScope, column = "school_id"): SQL =>
  scope.schoolId
    ? sql`${sql.raw(column)} = ${scope.schoolId}`
    : sql`${sql.raw(column)} in (select id from schools where timezone = ${scope.timeZone})`;

/** A number we computed (an instant, a day, a limit), inlined: D1 allows 100 bound parameters. */
export const sqlNumber = (n: number): SQL => sql.raw(String(Math.trunc(n)));

export type CadenceClock = ReturnType<typeof cadenceClock>;
export type SchoolCounters = Map<string, Map<string, number>>;

/** Per-school counters (school_counts) for an unfiltered scope: school → "measure key" → n. */
export function schoolCounters(scope: CadenceScope): Read<SchoolCounters> {
  type Row = { schoolId: string; measure: string; key: string; n: number };
  return read<Row, SchoolCounters>(
    sql`select school_id as schoolId, measure, key, n from school_counts where ${schoolsOf(scope)}`,
    (rows) => {
      const bySchool: SchoolCounters = new Map();
      for (const r of rows) {
        const counts = bySchool.get(r.schoolId) ?? new Map<string, number>();
        counts.set(`${r.measure} ${r.key}`, r.n);
        bySchool.set(r.schoolId, counts);
      }
      return bySchool;
    },
  );
}

/** The conversation window for the family-initiated share. */
export const CONVERSATION_WINDOW_DAYS = 90;
/** How far back the median days between touches looks. */
export const TOUCH_HISTORY_DAYS = 365;

export const windowStart = (now: Date, days: number) => now.getTime() - days * DAY_MS;
