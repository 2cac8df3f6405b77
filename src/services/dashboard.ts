import { and, asc, eq, sql } from "drizzle-orm";
import { educators, families } from "../../db/schema";
import type { ServiceContext } from "../context";
import { dayNumber } from "../domain/cadence";
import { DAY_MS, startOfLocalDay } from "../domain/local-days";
import { PROGRAM_MODELS, type ProgramModelKey } from "../domain/program-models";
import { schoolYearOf } from "../domain/school-year";
import type { CadenceFilter } from "./cadence-report";
import { type CadenceScope, cadenceClock, inScope, isFiltered, schoolCounters, sqlNumber } from "./cadence-sql";
import { cadenceSummaries, combineSummaries } from "./cadence-summary";
import { emptyProgram, programKpis, schoolKpis } from "./program-kpis";
import { requireRole } from "./require-role";
import { touchesInRanges, touchesSentByEducator } from "./rollup-counts";
import { requireSchoolInScope } from "./scope";

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
  const model = PROGRAM_MODELS[school.programModel as ProgramModelKey];
  const scope: CadenceScope = { ...filter, schoolId, timeZone: school.timezone, now };
  const clock = await cadenceClock(db, scope);

  // The school-wide counters serve the program KPIs, and the statuses too when unfiltered.
  const counters = await schoolCounters(db, { schoolId, timeZone: school.timezone, now });
  const given = { clock, counters: isFiltered(scope) ? undefined : counters };
  const summary = (await cadenceSummaries(db, scope, given)).get(schoolId) ?? combineSummaries([]);
  const program = (await programKpis(ctx, scope, counters)).get(schoolId) ?? emptyProgram();

  // Touches per week, by who sent them. Week i runs from local midnight to local midnight
  // (exact across DST); rollup-counts.ts reads each from the day counters.
  const firstDay = clock.today - WEEKS * 7 + 1;
  const bounds = Array.from({ length: WEEKS + 1 }, (_, i) => startOfLocalDay(firstDay + i * 7, school.timezone));
  const weekTouches = await touchesInRanges(db, scope, bounds);
  const weeks = weekTouches.map((w, i) => ({
    weekStart: firstDay + i * 7,
    family: w.family,
    educator: w.touches - w.family,
  }));
  const sentBy = await touchesSentByEducator(db, scope, bounds[0]!, bounds[WEEKS]!);

  // Each educator's families this school year (their students' households, class_families)
  // and how many of them are overdue.
  const year = schoolYearOf(now, school.timezone);
  const staff = await db
    .select({ educatorId: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.schoolId, schoolId), eq(educators.active, true), eq(educators.role, "educator")))
    .orderBy(asc(educators.name));
  const classes = await db.all<{ educatorId: string; families: number }>(sql`
    select educator_id as educatorId, count(*) as families from class_families
    where school_id = ${schoolId} and school_year = ${year} group by 1`);
  const overdueByClass = await db.all<{ educatorId: string; overdue: number }>(sql`
    select cf.educator_id as educatorId, count(*) as overdue from class_families cf
    where ${inScope("cf", scope)} and cf.school_year = ${year} and ${clock.overdueIn("cf")}
    group by 1`);
  const overdueOf = new Map(overdueByClass.map((c) => [c.educatorId, c.overdue]));
  const classOf = new Map(classes.map((c) => [c.educatorId, c]));
  const perEducatorRows = staff.map((e) => ({
    ...e,
    families: classOf.get(e.educatorId)?.families ?? 0,
    overdue: overdueOf.get(e.educatorId) ?? 0,
  }));
  const perEducator = perEducatorRows.map((e) => ({
    ...e,
    touchesSent: sentBy.get(e.educatorId) ?? 0,
    visited: program.staffWhoVisited.has(e.educatorId),
  }));

  // The 50 most overdue. With a few cadences (the usual case), each cadence's longest-overdue
  // families come straight from the index in baseline order; with many, one sort of them all
  // (and a statement that stays within D1's 100 bound parameters).
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
  const overdueRows = await db.all<{ familyId: string; name: string; baselineAt: number; cadenceDays: number }>(sql`
    select o.family_id as familyId, f.display_name as name, o.baseline_at as baselineAt,
      o.plan_cadence_days as cadenceDays
    from (select * from (${candidates})
          order by baseline_at + plan_cadence_days * ${num(DAY_MS)}, family_id limit ${num(OVERDUE_SHOWN)}) o
    join families f on f.id = o.family_id`);
  const overdue = overdueRows
    .map((r) => ({
      familyId: r.familyId,
      name: r.name,
      daysOverdue: clock.today - (dayNumber(new Date(r.baselineAt), school.timezone) + r.cadenceDays),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue);

  return {
    school: { id: school.id, name: school.name, model: model.name, timezone: school.timezone },
    summary,
    kpis: schoolKpis(summary, program, model),
    weeks: weeks.map((w) => ({ ...w, weekStart: new Date(w.weekStart * DAY_MS).toISOString().slice(0, 10) })),
    perEducator,
    overdue,
  };
}

/** Coordinators and admins, for a school in their scope (others: 403 / 404). */
export async function schoolDashboardAccess(ctx: ServiceContext, schoolId: string) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see the dashboard");
  return requireSchoolInScope(ctx, schoolId);
}

/** Names of a school's families, for exports. */
export async function familyNamesOfSchool(ctx: ServiceContext, schoolId: string) {
  const rows = await ctx.deps.db
    .select({ id: families.id, name: families.displayName })
    .from(families)
    .where(eq(families.schoolId, schoolId));
  return new Map(rows.map((r) => [r.id, r.name]));
}
