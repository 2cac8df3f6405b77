import { sql } from "drizzle-orm";
import type { PROGRAM_MODELS, ProgramModelKey } from "../domain/program-models";
import { schoolYearOf } from "../domain/school-year";
import { type CadenceScope, type SchoolCounters, schoolsOf } from "./cadence-sql";
import type { SchoolCadence } from "./cadence-summary";
import type { Read } from "./read-together";

export type ProgramKpis = {
  householdsVisited: number;
  students: number;
  studentsVisited: number;
  /** Active educators (role educator) of the school, by name, and those of them with a completed visit. */
  staff: number;
  educators: { educatorId: string; name: string }[];
  staffWhoVisited: Set<string>;
  optedOut: number;
  unreachable: number;
};
export const emptyProgram = (): ProgramKpis => ({
  householdsVisited: 0,
  students: 0,
  studentsVisited: 0,
  staff: 0,
  educators: [],
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
 * school year, school-wide — filters do not apply, targets are per school: households visited,
 * students, opted-out and unreachable families (from the school-wide counters the caller has
 * read), students visited and educators who visited (two statements, for the caller's batch).
 */
export function programKpis(scope: CadenceScope, counters: SchoolCounters): Read<Map<string, ProgramKpis>> {
  const year = schoolYearOf(scope.now, scope.timeZone);
  const schoolWide: CadenceScope = { schoolId: scope.schoolId, timeZone: scope.timeZone, now: scope.now };
  const completed = sql`v.school_year = ${year} and v.status = 'completed' and ${schoolsOf(schoolWide, "v.school_id")}`;
  const studentsVisited = sql`
    select school_id as schoolId, count(*) as n from student_visits
    where ${schoolsOf(schoolWide, "school_id")} and school_year = ${year} group by 1`;
  const staff = sql`
    select e.school_id as schoolId, e.id as educatorId, e.name,
      exists (select 1 from visit_educators ve join visits v on v.id = ve.visit_id
              where ve.educator_id = e.id and ${completed}) as visited
    from educators e where ${schoolsOf(schoolWide, "e.school_id")} and e.active = 1 and e.role = 'educator'
    order by e.name`;
  type Visited = { schoolId: string; n: number };
  type Staff = { schoolId: string; educatorId: string; name: string; visited: number };
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
        k.staff++;
        k.educators.push({ educatorId: r.educatorId, name: r.name });
        if (r.visited) k.staffWhoVisited.add(r.educatorId);
      }
      return result;
    },
  };
}
