import { sql } from "drizzle-orm";
import type { ServiceContext } from "../../context";
import { dayNumber } from "../../domain/cadence";
import { DAY_MS, startOfLocalDay } from "../../domain/local-days";
import { PROGRAM_MODELS } from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import { requireRole } from "../auth";
import { read, readOne, readTogether, requireSchoolInScope } from "../queries";
import type { CadenceFilter } from "./cadence-report";
import { type CadenceClock, type CadenceScope, cadenceBasis, inScope, sqlNumber } from "./cadence-sql";
import { combineSummaries, summarizeCadence, withTouchGaps } from "./cadence-summary";
import { emptyProgram, programKpis, schoolKpis } from "./program-kpis";
import { touchesInRanges, touchesSentByEducator } from "./rollup-counts";

const WEEKS = 12;
/** The overdue list shows the most overdue first; the CSV has every family. */
export const OVERDUE_SHOWN = 50;

export type DashboardFilter = Pick<CadenceFilter, "educatorId" | "language" | "round">;

/**
 * The coordinator's dashboard for one school: the program's KPIs beside its targets, touches
 * per week split by who started them, each educator's families, and the most overdue families.
 * Everything is read from the cadence rollups (db/schema/rollups.ts) and school KPIs
 * (program-kpis.ts); filters narrow the families, while the program KPIs stay school-wide.
 */
export async function schoolDashboard(ctx: ServiceContext, schoolId: string, filter: DashboardFilter = {}) {
  const school = await schoolDashboardAccess(ctx, schoolId);
  const { db, clock: appClock } = ctx.deps;
  const now = appClock.now();
  const model = PROGRAM_MODELS[school.programModel];
  const scope: CadenceScope = { ...filter, schoolId, timeZone: school.timezone, now };
  // Two batches (read-together.ts): the clock and counters, then everything that needs them.
  const basis = await readOne(db, cadenceBasis(scope));
  const { clock } = basis;

  // Touches per week, by who sent them. Week i runs from local midnight to local midnight
  // (exact across DST); rollup-counts.ts reads each from the day counters.
  const firstDay = clock.today - WEEKS * 7 + 1;
  const bounds = Array.from({ length: WEEKS + 1 }, (_, i) => startOfLocalDay(firstDay + i * 7, school.timezone));
  const year = schoolYearOf(now, school.timezone);
  const [summaries, programs, weekTouches, sentBy, classes, overdueRows] = await readTogether(db, [
    summarizeCadence(scope, basis),
    programKpis(scope, basis.counters),
    touchesInRanges(scope, bounds),
    touchesSentByEducator(scope, bounds[0]!, bounds[WEEKS]!),
    familiesPerClass(scope, clock, year),
    mostOverdue(scope, clock),
  ]);
  const summary = (await withTouchGaps(db, scope, summaries)).get(schoolId) ?? combineSummaries([]);
  const program = programs.get(schoolId) ?? emptyProgram();

  const weeks = weekTouches.map((w, i) => ({
    weekStart: new Date((firstDay + i * 7) * DAY_MS).toISOString().slice(0, 10),
    family: w.family,
    educator: w.touches - w.family,
  }));
  const perEducator = program.educators.map((e) => ({
    educatorId: e.educatorId,
    name: e.name,
    families: classes.get(e.educatorId)?.families ?? 0,
    overdue: classes.get(e.educatorId)?.overdue ?? 0,
    touchesSent: sentBy.get(e.educatorId) ?? 0,
    visited: e.visited,
  }));
  const overdue = overdueRows
    .map((r) => ({
      familyId: r.familyId,
      name: r.name,
      daysOverdue: clock.today - (dayNumber(new Date(r.baselineAt), school.timezone) + r.cadenceDays),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue);

  const overdueByEducator = perEducator.reduce((n, e) => n + e.overdue, 0);
  return {
    school: { id: school.id, name: school.name, model: model.name, timezone: school.timezone },
    filtered: Boolean(filter.educatorId || filter.language || filter.round),
    /** The per-educator overdue column's total, beside the card's count of families (explained on the page). */
    overdueByEducator,
    summary,
    kpis: schoolKpis(summary, program, model),
    weeks,
    perEducator,
    overdue,
  };
}

/**
 * Each educator's families this school year (their students' households, class_families) and
 * how many of them are overdue, both under the page's filters (a language filter counts only
 * that language's families in every column). A household with two teachers counts for each.
 */
function familiesPerClass(scope: CadenceScope, clock: CadenceClock, year: string) {
  const classes = sql`
    select cf.educator_id as educatorId, count(*) as families from class_families cf
    where ${inScope("cf", scope)} and cf.school_year = ${year} group by 1`;
  const overdueByClass = sql`
    select cf.educator_id as educatorId, count(*) as overdue from class_families cf
    where ${inScope("cf", scope)} and cf.school_year = ${year} and ${clock.overdueIn("cf")}
    group by 1`;
  type Row = { educatorId: string; families?: number; overdue?: number };
  return {
    statements: [classes, overdueByClass],
    result: ([families, overdue]: Row[][]) => {
      const byEducator = new Map<string, { families: number; overdue: number }>();
      const of = (id: string) => byEducator.get(id) ?? byEducator.set(id, { families: 0, overdue: 0 }).get(id)!;
      for (const r of families!) of(r.educatorId).families = r.families ?? 0;
      for (const r of overdue!) of(r.educatorId).overdue = r.overdue ?? 0;
      return byEducator;
    },
  };
}

/**
 * The 50 most overdue. With a few cadences (the usual case), each cadence's longest-overdue
 * families come straight from the index in baseline order; with many, one sort of them all
 * (and a statement that stays within D1's 100 bound parameters).
 */
function mostOverdue(scope: CadenceScope, clock: CadenceClock) {
  const num = sqlNumber;
  const candidates =
    clock.cadences.length > 0 && clock.cadences.length <= 8
      ? sql.join(
          clock.cadences.map(
            (c) => sql`select * from (select fc.family_id, fc.baseline_at, fc.plan_cadence_days from family_cadence fc
              where ${inScope("fc", scope)} and fc.plan_cadence_days = ${num(c.days)}
                and fc.baseline_at < ${num(c.overdueBefore)}
              order by fc.baseline_at limit ${num(OVERDUE_SHOWN)})`,
          ),
          sql` union all `,
        )
      : sql`select fc.family_id, fc.baseline_at, fc.plan_cadence_days from family_cadence fc
          where ${inScope("fc", scope)} and ${clock.overdue}`;
  type Row = { familyId: string; name: string; baselineAt: number; cadenceDays: number };
  return read<Row, Row[]>(
    sql`
    select o.family_id as familyId, f.display_name as name, o.baseline_at as baselineAt,
      o.plan_cadence_days as cadenceDays
    from (select * from (${candidates})
          order by baseline_at + plan_cadence_days * ${num(DAY_MS)}, family_id limit ${num(OVERDUE_SHOWN)}) o
    join families f on f.id = o.family_id`,
    (rows) => rows,
  );
}

/** Coordinators and admins, for a school in their scope (others: 403 / 404). */
export async function schoolDashboardAccess(ctx: ServiceContext, schoolId: string) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see the dashboard");
  return requireSchoolInScope(ctx, schoolId);
}
