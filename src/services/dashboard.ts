import { and, asc, eq, sql } from "drizzle-orm";
import { educators, families } from "../../db/schema";
import type { ServiceContext } from "../context";
import { dayNumber } from "../domain/cadence";
import { PROGRAM_MODELS, type ProgramModelKey } from "../domain/program-models";
import { schoolYearOf } from "../domain/school-year";
import type { CadenceFilter } from "./cadence-report";
import { type CadenceScope, cadenceClock, inScope } from "./cadence-sql";
import { cadenceSummaries, combineSummaries, type SchoolCadence } from "./cadence-summary";
import { requireRole } from "./require-role";
import { requireSchoolInScope } from "./scope";

const WEEKS = 12;
/** The overdue list shows the most overdue first; the CSV has every family. */
export const OVERDUE_SHOWN = 50;
const DAY = 86_400_000;

export type DashboardFilter = Pick<CadenceFilter, "educatorId" | "language" | "round">;

/**
 * The coordinator's dashboard for one school: the program's KPIs beside its targets, touches
 * per week split by who started them, each educator's families, and the most overdue families.
 * Everything is read from the cadence rollups (db/schema/rollups.ts) and school KPIs
 * (program-kpis below); filters narrow the families, while the program KPIs stay school-wide.
 */
export async function schoolDashboard(ctx: ServiceContext, schoolId: string, filter: DashboardFilter = {}) {
  const school = await schoolDashboardAccess(ctx, schoolId);
  const { db, clock: appClock } = ctx.deps;
  const now = appClock.now();
  const model = PROGRAM_MODELS[school.programModel as ProgramModelKey];
  const scope: CadenceScope = { ...filter, schoolId, timeZone: school.timezone, now };
  const clock = cadenceClock(now, school.timezone);

  const summary = (await cadenceSummaries(db, scope)).get(schoolId) ?? combineSummaries([]);
  const program = (await programKpis(ctx, scope)).get(schoolId) ?? emptyProgram();

  // Touches per week, by who sent them; week i ends today − 7 × (WEEKS − 1 − i).
  const firstDay = clock.today - WEEKS * 7 + 1;
  const touchRows = await db.all<{ week: number; fromFamily: number; educatorId: string | null; n: number }>(sql`
    select (${clock.localDay("t.at")} - ${firstDay}) / 7 as week, t.from_family as fromFamily,
      t.educator_id as educatorId, count(*) as n
    from touch_log t
    where ${inScope("t", scope)} and t.at >= ${clock.startOfToday - (WEEKS * 7 - 1) * DAY}
    group by 1, 2, 3`);
  const weeks = Array.from({ length: WEEKS }, (_, i) => ({ weekStart: firstDay + i * 7, family: 0, educator: 0 }));
  const sentBy = new Map<string, number>();
  for (const row of touchRows) {
    const week = weeks[row.week];
    if (week) week[row.fromFamily ? "family" : "educator"] += row.n;
    if (!row.fromFamily && row.educatorId) sentBy.set(row.educatorId, (sentBy.get(row.educatorId) ?? 0) + row.n);
  }

  // Each educator's families this school year (their students' households) and how many are
  // overdue: from the school's students, whose index keeps this to one pass over them.
  const year = schoolYearOf(now, school.timezone);
  const staff = await db
    .select({ educatorId: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.schoolId, schoolId), eq(educators.active, true), eq(educators.role, "educator")))
    .orderBy(asc(educators.name));
  const classes = await db.all<{ educatorId: string; families: number; overdue: number }>(sql`
    select se.educator_id as educatorId, count(distinct s.family_id) as families,
      count(distinct case when ${clock.status} = 'overdue' then s.family_id end) as overdue
    from students s
    join student_educators se on se.student_id = s.id and se.school_year = ${year}
    left join family_cadence fc on fc.family_id = s.family_id and fc.active = 1
    where s.school_id = ${schoolId} and s.active = 1
    group by 1`);
  const classOf = new Map(classes.map((c) => [c.educatorId, c]));
  const perEducatorRows = staff.map((e) => ({
    ...e,
    families: classOf.get(e.educatorId)?.families ?? 0,
    overdue: classOf.get(e.educatorId)?.overdue ?? 0,
  }));
  const perEducator = perEducatorRows.map((e) => ({
    ...e,
    touchesSent: sentBy.get(e.educatorId) ?? 0,
    visited: program.staffWhoVisited.has(e.educatorId),
  }));

  const overdueRows = await db.all<{ familyId: string; name: string; baselineAt: number; cadenceDays: number }>(sql`
    select fc.family_id as familyId, f.display_name as name, fc.baseline_at as baselineAt,
      fc.plan_cadence_days as cadenceDays
    from family_cadence fc join families f on f.id = fc.family_id
    where ${inScope("fc", scope)} and ${clock.status} = 'overdue'
    order by fc.baseline_at + fc.plan_cadence_days * ${DAY}, fc.family_id
    limit ${OVERDUE_SHOWN}`);
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
    weeks: weeks.map((w) => ({ ...w, weekStart: new Date(w.weekStart * DAY).toISOString().slice(0, 10) })),
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

export type ProgramKpis = {
  householdsVisited: number;
  students: number;
  studentsVisited: number;
  /** Active educators (role educator) of the school, and those of them with a completed visit. */
  staff: number;
  staffWhoVisited: Set<string>;
  optedOut: number;
  unreachable: number;
};
export const emptyProgram = (): ProgramKpis => ({
  householdsVisited: 0,
  students: 0,
  studentsVisited: 0,
  staff: 0,
  staffWhoVisited: new Set(),
  optedOut: 0,
  unreachable: 0,
});

/** The KPI tiles: program counts and cadence summary beside the program model's targets. */
export function schoolKpis(
  summary: SchoolCadence,
  program: ProgramKpis,
  model: (typeof PROGRAM_MODELS)[ProgramModelKey],
) {
  const share = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    householdsVisited: program.householdsVisited,
    studentsVisitedShare: share(program.studentsVisited, program.students),
    studentsVisitedTarget: model.thresholds.studentsVisitedShare ?? null,
    educatorsVisitedShare: share(program.staffWhoVisited.size, program.staff),
    educatorsTarget: model.thresholds.educatorsParticipatingShare ?? null,
    onTrackShare: share(summary.onTrack + summary.dueSoon, summary.families - summary.noPlan),
    overdue: summary.overdue,
    medianDaysBetweenTouches: summary.medianDaysBetweenTouches,
    familyInitiatedShare: summary.familyInitiatedShare,
    optedOutFamilies: program.optedOut,
    unreachableFamilies: program.unreachable,
  };
}

/**
 * The program-model KPIs of every school in scope (one school, or every school of a zone), this
 * school year, school-wide — filters do not apply, targets are per school: households visited
 * (from the rollup), students and students visited, educators who visited, families with an
 * opted-out or unreachable contact. Five statements whatever the number of schools.
 */
export async function programKpis(ctx: ServiceContext, scope: CadenceScope): Promise<Map<string, ProgramKpis>> {
  const { db } = ctx.deps;
  const year = schoolYearOf(scope.now, scope.timeZone);
  const schoolWide: CadenceScope = { schoolId: scope.schoolId, timeZone: scope.timeZone, now: scope.now };
  const schoolOf = (column: string) =>
    scope.schoolId
      ? sql`${sql.raw(column)} = ${scope.schoolId}`
      : sql`${sql.raw(column)} in (select id from schools where timezone = ${scope.timeZone})`;
  const families = await db.all<{ schoolId: string; visited: number; optedOut: number; unreachable: number }>(sql`
    select fc.school_id as schoolId, sum(fc.visited_year = ${year}) as visited,
      sum(fc.opted_out) as optedOut, sum(fc.unreachable) as unreachable
    from family_cadence fc where ${inScope("fc", schoolWide)} group by 1`);
  const students = await db.all<{ schoolId: string; n: number }>(sql`
    select school_id as schoolId, count(*) as n from students where ${schoolOf("school_id")} and active = 1 group by 1`);
  const completed = sql`v.school_year = ${year} and v.status = 'completed' and ${schoolOf("v.school_id")}`;
  const studentsVisited = await db.all<{ schoolId: string; n: number }>(sql`
    select v.school_id as schoolId, count(distinct vs.student_id) as n
    from visits v join visit_students vs on vs.visit_id = v.id where ${completed} group by 1`);
  const staff = await db.all<{ schoolId: string; educatorId: string; visited: number }>(sql`
    select e.school_id as schoolId, e.id as educatorId,
      exists (select 1 from visit_educators ve join visits v on v.id = ve.visit_id
              where ve.educator_id = e.id and ${completed}) as visited
    from educators e where ${schoolOf("e.school_id")} and e.active = 1 and e.role = 'educator'`);

  const result = new Map<string, ProgramKpis>();
  const of = (id: string) => {
    let k = result.get(id);
    if (!k) {
      k = emptyProgram();
      result.set(id, k);
    }
    return k;
  };
  for (const r of families) {
    Object.assign(of(r.schoolId), {
      householdsVisited: r.visited ?? 0,
      optedOut: r.optedOut ?? 0,
      unreachable: r.unreachable ?? 0,
    });
  }
  for (const r of students) of(r.schoolId).students = r.n;
  for (const r of studentsVisited) of(r.schoolId).studentsVisited = r.n;
  for (const r of staff) {
    const k = of(r.schoolId);
    k.staff++;
    if (r.visited) k.staffWhoVisited.add(r.educatorId);
  }
  return result;
}
