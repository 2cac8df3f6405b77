import { and, countDistinct, eq, gte, inArray, sql } from "drizzle-orm";
import {
  contacts,
  educators,
  families,
  messages,
  studentEducators,
  students,
  visitEducators,
  visitStudents,
  visits,
} from "../../db/schema";
import type { ServiceContext } from "../context";
import { dayNumber, isTouch } from "../domain/cadence";
import { PROGRAM_MODELS, type ProgramModelKey } from "../domain/program-models";
import { schoolYearOf } from "../domain/school-year";
import { type CadenceFilter, cadenceReport } from "./cadence-report";
import { requireRole } from "./require-role";
import { requireSchoolInScope } from "./scope";

const WEEKS = 12;

export type DashboardFilter = Pick<CadenceFilter, "educatorId" | "language" | "round">;

/**
 * The coordinator's dashboard for one school: the program's KPIs beside its targets, touches
 * per week split by who started them, each educator's families, and the overdue list.
 * (District totals and rollups for district scale come with the rest of issue 6.)
 */
export async function schoolDashboard(ctx: ServiceContext, schoolId: string, filter: DashboardFilter = {}) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see the dashboard");
  const school = await requireSchoolInScope(ctx, schoolId);
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const year = schoolYearOf(now, school.timezone);
  const model = PROGRAM_MODELS[school.programModel as ProgramModelKey];
  // Filters narrow the families (cadence, chart, overdue list); the program KPIs stay school-wide.
  const cadence = await cadenceReport(ctx, { ...filter, schoolId });
  const familyIds = cadence.families.map((f) => f.familyId);

  const [studentTotal] = await db
    .select({ n: countDistinct(students.id) })
    .from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.active, true)));
  const [studentsVisited] = await db
    .select({ n: countDistinct(visitStudents.studentId) })
    .from(visitStudents)
    .innerJoin(visits, eq(visits.id, visitStudents.visitId))
    .where(and(eq(visits.schoolId, schoolId), eq(visits.schoolYear, year), eq(visits.status, "completed")));
  const [householdsVisited] = await db
    .select({ n: countDistinct(visits.familyId) })
    .from(visits)
    .where(and(eq(visits.schoolId, schoolId), eq(visits.schoolYear, year), eq(visits.status, "completed")));
  const staff = await db
    .select({ id: educators.id, name: educators.name })
    .from(educators)
    .where(and(eq(educators.schoolId, schoolId), eq(educators.active, true), eq(educators.role, "educator")));
  const visitors = await db
    .selectDistinct({ id: visitEducators.educatorId })
    .from(visitEducators)
    .innerJoin(visits, eq(visits.id, visitEducators.visitId))
    .where(and(eq(visits.schoolId, schoolId), eq(visits.schoolYear, year), eq(visits.status, "completed")));

  const since = new Date(now.getTime() - WEEKS * 7 * 86_400_000);
  const recent = familyIds.length
    ? await db
        .select({
          familyId: messages.familyId,
          educatorId: messages.educatorId,
          occurredAt: messages.occurredAt,
          direction: messages.direction,
          kind: messages.kind,
          status: messages.status,
        })
        .from(messages)
        .where(and(inArray(messages.familyId, familyIds), gte(messages.occurredAt, since)))
    : [];
  const touches = recent.filter(isTouch);
  const today = dayNumber(now, school.timezone);
  const weeks = Array.from({ length: WEEKS }, (_, i) => ({
    weekStart: today - (WEEKS - i) * 7 + 1,
    family: 0,
    educator: 0,
  }));
  for (const touch of touches) {
    const index = Math.floor((dayNumber(touch.occurredAt, school.timezone) - weeks[0]!.weekStart) / 7);
    const week = weeks[index];
    if (week) week[touch.direction === "in" ? "family" : "educator"]++;
  }

  const reach = familyIds.length
    ? await db
        .select({
          optedOut: sql<number>`count(distinct case when ${contacts.smsOptedOutAt} is not null or ${contacts.emailOptedOutAt} is not null then ${contacts.familyId} end)`,
          unreachable: sql<number>`count(distinct case when ${contacts.smsUnreachableAt} is not null or ${contacts.emailUnreachableAt} is not null then ${contacts.familyId} end)`,
        })
        .from(contacts)
        .where(inArray(contacts.familyId, familyIds))
    : [{ optedOut: 0, unreachable: 0 }];

  const assignments = await db
    .selectDistinct({ educatorId: studentEducators.educatorId, familyId: students.familyId })
    .from(studentEducators)
    .innerJoin(students, eq(students.id, studentEducators.studentId))
    .where(and(eq(students.schoolId, schoolId), eq(studentEducators.schoolYear, year)));
  const statusOf = new Map(cadence.families.map((f) => [f.familyId, f.status]));
  const perEducator = staff.map((e) => {
    const own = assignments.filter((a) => a.educatorId === e.id).map((a) => a.familyId);
    return {
      educatorId: e.id,
      name: e.name,
      families: own.length,
      overdue: own.filter((id) => statusOf.get(id) === "overdue").length,
      touchesSent: touches.filter((t) => t.educatorId === e.id && t.direction === "out").length,
      visited: visitors.some((v) => v.id === e.id),
    };
  });
  const withPlan = cadence.families.filter((f) => f.status !== "no_plan").length;
  const share = (n: number, d: number) => (d === 0 ? null : n / d);
  return {
    school: { id: school.id, name: school.name, model: model.name, timezone: school.timezone },
    kpis: {
      householdsVisited: householdsVisited?.n ?? 0,
      studentsVisitedShare: share(studentsVisited?.n ?? 0, studentTotal?.n ?? 0),
      studentsVisitedTarget: model.thresholds.studentsVisitedShare ?? null,
      educatorsVisitedShare: share(perEducator.filter((e) => e.visited).length, staff.length),
      educatorsTarget: model.thresholds.educatorsParticipatingShare ?? null,
      onTrackShare: share(cadence.summary.onTrack + cadence.summary.dueSoon, withPlan),
      overdue: cadence.summary.overdue,
      medianDaysBetweenTouches: cadence.summary.medianDaysBetweenTouches,
      familyInitiatedShare: cadence.summary.familyInitiatedShare,
      optedOutFamilies: Number(reach[0]?.optedOut ?? 0),
      unreachableFamilies: Number(reach[0]?.unreachable ?? 0),
    },
    weeks: weeks.map((w) => ({ ...w, weekStart: new Date(w.weekStart * 86_400_000).toISOString().slice(0, 10) })),
    perEducator,
    overdue: cadence.families.filter((f) => f.status === "overdue").sort((a, b) => b.daysOverdue - a.daysOverdue),
    families: cadence.families,
  };
}

/** Names for the family ids a dashboard lists. */
export async function familyNames(ctx: ServiceContext, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await ctx.deps.db
    .select({ id: families.id, name: families.displayName })
    .from(families)
    .where(inArray(families.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
