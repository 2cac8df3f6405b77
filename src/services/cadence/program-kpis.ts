import { sql } from "drizzle-orm";
import type { PROGRAM_MODELS, ProgramModelKey } from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import type { Read } from "../queries";
import { type CadenceScope, type SchoolCounters, schoolsOf } from "./cadence-sql";
import type { SchoolCadence } from "./cadence-summary";

export type ProgramKpis = {
  householdsVisited: number;
  students: number;
  studentsVisited: number;
  /** Active educators (role educator) of the school, and how many of them have a completed visit. */
  staff: number;
  staffVisited: number;
  /** Those educators by name — for one school's dashboard only; a zone-wide read leaves it empty. */
  educators: { educatorId: string; name: string; visited: boolean }[];
  optedOut: number;
  unreachable: number;
};
export const emptyProgram = (): ProgramKpis => ({
  householdsVisited: 0,
  students: 0,
  studentsVisited: 0,
  staff: 0,
  staffVisited: 0,
  educators: [],
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
    educatorsVisitedShare: share(program.staffVisited, program.staff),
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
 * school year, school-wide — filters do not apply, targets are per school: households visited,
 * students, opted-out and unreachable families (from the school-wide counters the caller has
 * read), students visited and educators who visited (two statements, for the caller's batch).
 * One school's read lists its educators (the dashboard's per-educator table); a zone's read only
 * counts them per school: the district needs the counts, and turning a thousand educators into
 * rows was two thirds of that statement's time (bench/dashboard-scale.ts).
 */
export function programKpis(scope: CadenceScope, counters: SchoolCounters): Read<Map<string, ProgramKpis>> {
  const year = schoolYearOf(scope.now, scope.timeZone);
  const schoolWide: CadenceScope = { schoolId: scope.schoolId, timeZone: scope.timeZone, now: scope.now };
  const completed = sql`v.school_year = ${year} and v.status = 'completed' and ${schoolsOf(schoolWide, "v.school_id")}`;
  const studentsVisited = sql`
    select school_id as schoolId, count(*) as n from student_visits
    where ${schoolsOf(schoolWide, "school_id")} and school_year = ${year} group by 1`;
  const visited = sql`exists (select 1 from visit_educators ve join visits v on v.id = ve.visit_id
    where ve.educator_id = e.id and ${completed})`;
  const staffOf = sql`educators e where ${schoolsOf(schoolWide, "e.school_id")} and e.active = 1 and e.role = 'educator'`;
  const staff = scope.schoolId
    ? sql`select e.school_id as schoolId, e.id as educatorId, e.name, ${visited} as visited from ${staffOf}
      order by e.name`
    : sql`select e.school_id as schoolId, count(*) as staff, sum(${visited}) as visited from ${staffOf} group by 1`;
  type Visited = { schoolId: string; n: number };
  type Staff = { schoolId: string; educatorId?: string; name?: string; staff?: number; visited: number };
  return {
    statements: [studentsVisited, staff],
    result: ([visitedRows, staffRows]) => {
      const result = new Map<string, ProgramKpis>();
      const of = (id: string) => {
        let k = result.get(id);
        if (!k) {
          k = emptyProgram();
          result.set(id, k);
        }
        return k;
      };
      for (const [schoolId, counts] of counters) {
        Object.assign(of(schoolId), {
          householdsVisited: counts.get(`visited ${year}`) ?? 0,
          optedOut: counts.get("opted_out ") ?? 0,
          unreachable: counts.get("unreachable ") ?? 0,
          students: counts.get("students ") ?? 0,
        });
      }
      for (const r of visitedRows as Visited[]) of(r.schoolId).studentsVisited = r.n;
      for (const r of staffRows as Staff[]) {
        const k = of(r.schoolId);
        if (r.educatorId === undefined) {
          k.staff = r.staff ?? 0;
          k.staffVisited = r.visited ?? 0;
          continue;
        }
        k.staff++;
        k.staffVisited += r.visited ? 1 : 0;
        k.educators.push({ educatorId: r.educatorId, name: r.name ?? "", visited: Boolean(r.visited) });
      }
      return result;
    },
  };
}
