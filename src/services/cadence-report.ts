import { and, desc, eq, gte, inArray, type SQL } from "drizzle-orm";
import { families, messages, schools, studentEducators, students, visits } from "../../db/schema";
import type { ServiceContext } from "../context";
import { type Cadence, computeCadence, dayNumber, familyInitiatedShare, isTouch } from "../domain/cadence";
import { schoolYearOf } from "../domain/school-year";
import { familyScope } from "./scope";

const HISTORY_DAYS = 400;

export type CadenceFilter = {
  schoolId?: string;
  educatorId?: string;
  status?: string;
  /** The family's language (a BCP 47 tag from LANGUAGES). */
  language?: string;
  /** Only families with a completed visit in this round (1 = fall, 2 = spring) of this school year. */
  round?: 1 | 2;
};

/**
 * Cadence for every family in scope (optionally one school, one educator's class, one language,
 * one visit round, one status):
 * the plan from each family's latest completed visit, the touches since, and the summary the
 * coordinator dashboard shows. Computed from raw rows; see issue 6 for the rollups that will
 * carry district scale.
 */
export async function cadenceReport(ctx: ServiceContext, filter: CadenceFilter) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const conditions: SQL[] = [familyScope(ctx.actor, now), eq(families.active, true)];
  if (filter.schoolId) conditions.push(eq(families.schoolId, filter.schoolId));
  if (filter.language) conditions.push(eq(families.language, filter.language));
  const rows = await db
    .select({ id: families.id, timeZone: schools.timezone })
    .from(families)
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(and(...conditions));
  let familyRows = rows;
  if (filter.educatorId) {
    const own = await db
      .selectDistinct({ familyId: students.familyId, year: studentEducators.schoolYear })
      .from(students)
      .innerJoin(studentEducators, eq(studentEducators.studentId, students.id))
      .where(eq(studentEducators.educatorId, filter.educatorId));
    const ids = new Set(own.map((o) => o.familyId));
    familyRows = rows.filter(
      (r) => ids.has(r.id) && own.some((o) => o.familyId === r.id && o.year === schoolYearOf(now, r.timeZone)),
    );
  }
  if (filter.round) {
    // Families visited in that round this school year (the year of each family's school).
    const visited = await db
      .selectDistinct({ familyId: visits.familyId, year: visits.schoolYear })
      .from(visits)
      .innerJoin(families, eq(families.id, visits.familyId))
      .where(and(eq(visits.round, filter.round), eq(visits.status, "completed"), ...conditions));
    const years = new Map(visited.map((v) => [`${v.familyId} ${v.year}`, true]));
    familyRows = familyRows.filter((r) => years.has(`${r.id} ${schoolYearOf(now, r.timeZone)}`));
  }
  const ids = familyRows.map((r) => r.id);
  const since = new Date(now.getTime() - HISTORY_DAYS * 24 * 60 * 60_000);
  const [plans, history] = ids.length
    ? await Promise.all([
        db
          .select({ familyId: visits.familyId, completedAt: visits.startsAt, cadenceDays: visits.planCadenceDays })
          .from(visits)
          .where(and(inArray(visits.familyId, ids), eq(visits.status, "completed")))
          .orderBy(desc(visits.startsAt)),
        db
          .select({
            familyId: messages.familyId,
            occurredAt: messages.occurredAt,
            direction: messages.direction,
            kind: messages.kind,
            status: messages.status,
            conversationId: messages.conversationId,
            initiatedBy: messages.initiatedBy,
          })
          .from(messages)
          .where(and(inArray(messages.familyId, ids), gte(messages.occurredAt, since))),
      ])
    : [[], []];

  const byFamily = Map.groupBy(history, (m) => m.familyId!);
  const results = familyRows.map((f) => {
    const latest = plans.find((p) => p.familyId === f.id && p.completedAt && p.cadenceDays);
    const plan = latest ? { visitedAt: latest.completedAt!, cadenceDays: latest.cadenceDays! } : null;
    const cadence = computeCadence({ plan, messages: byFamily.get(f.id) ?? [], now, timeZone: f.timeZone });
    return {
      familyId: f.id,
      timeZone: f.timeZone,
      cadence,
      cadenceDays: plan?.cadenceDays ?? null,
      touches: (byFamily.get(f.id) ?? []).filter(isTouch),
    };
  });
  const shown = filter.status ? results.filter((r) => r.cadence.status === filter.status) : results;
  const count = (s: Cadence["status"]) => results.filter((r) => r.cadence.status === s).length;
  return {
    asOf: now.toISOString(),
    summary: {
      families: results.length,
      onTrack: count("on_track"),
      dueSoon: count("due_soon"),
      overdue: count("overdue"),
      noPlan: count("no_plan"),
      familyInitiatedShare: familyInitiatedShare(results.map((r) => r.cadence)),
      medianDaysBetweenTouches: median(
        results.flatMap((r) => gaps(r.touches.map((t) => dayNumber(t.occurredAt, r.timeZone)))),
      ),
    },
    families: shown.map((r) => ({
      familyId: r.familyId,
      status: r.cadence.status,
      lastTouchAt: r.cadence.lastTouchAt?.toISOString() ?? null,
      nextDueAt: r.cadence.nextDueOn,
      cadenceDays: r.cadenceDays,
      daysOverdue: r.cadence.daysOverdue,
      conversations: r.cadence.conversations,
      familyInitiatedConversations: r.cadence.familyInitiatedConversations,
    })),
  };
}

/** Days between the distinct days a family was in touch (a same-day reply is one touch day). */
function gaps(days: number[]): number[] {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  return sorted.slice(1).map((d, i) => d - sorted[i]!);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}
