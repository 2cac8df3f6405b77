import { type SQL, sql } from "drizzle-orm";
import { DUE_SOON_DAYS, dayNumber } from "../domain/cadence";
import { dayRuns, localDaySql, startOfLocalDay } from "../domain/local-days";
import { schoolYearOf } from "../domain/school-year";

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
  /** An educator looking at the cadence sees only their own families (services/scope.ts). */
  viewerEducatorId?: string;
  language?: string;
  round?: 1 | 2;
};

const DAY = 86_400_000;
/** Cadences are 1–365 days (schemas/visits.ts); the span covers them and the due-soon window. */
const SPAN_BACK = 400;
const SPAN_AHEAD = DUE_SOON_DAYS + 3;

export function cadenceClock(now: Date, timeZone: string) {
  const today = dayNumber(now, timeZone);
  const runs = dayRuns(today - SPAN_BACK, today + SPAN_AHEAD, timeZone);
  const dueSql = `(${localDaySql("fc.baseline_at", runs, timeZone)} + fc.plan_cadence_days)`;
  return {
    today,
    /** The instant today began in the zone. */
    startOfToday: startOfLocalDay(today, timeZone),
    /** Status of the `family_cadence` row aliased `fc`, as SQL. */
    status: sql.raw(`(case when fc.plan_cadence_days is null then 'no_plan'
      when ${dueSql} < ${today} then 'overdue'
      when ${dueSql} <= ${today + DUE_SOON_DAYS} then 'due_soon'
      else 'on_track' end)`),
    /** Counts of each status over `fc` rows, as SQL columns (sums: no sort, unlike GROUP BY status). */
    statusCounts: sql.raw(`count(*) as families,
      sum(fc.plan_cadence_days is null) as noPlan,
      sum(${dueSql} < ${today}) as overdue,
      sum(${dueSql} between ${today} and ${today + DUE_SOON_DAYS}) as dueSoon`),
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

/** The conversation window for the family-initiated share. */
export const CONVERSATION_WINDOW_DAYS = 90;
/** How far back the median days between touches looks. */
export const TOUCH_HISTORY_DAYS = 365;

export const windowStart = (now: Date, days: number) => now.getTime() - days * DAY;
