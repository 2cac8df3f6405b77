import { and, eq, type SQL, sql } from "drizzle-orm";
import { families, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { type CadenceStatus, dayNumber } from "../../domain/cadence";
import { DAY_MS } from "../../domain/local-days";
import { familyScope, type Read, read, readOne, readTogether } from "../queries";
import {
  type CadenceClock,
  type CadenceScope,
  CONVERSATION_WINDOW_DAYS,
  cadenceBasis,
  inScope,
  windowStart,
} from "./cadence-sql";
import { combineSummaries, summarizeCadence, withTouchGaps } from "./cadence-summary";

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
 * one visit round, one status), read from the rollups: each family's status, last touch, next
 * due day and conversations, and the same summary the dashboard shows (cadence-summary.ts), so
 * the API's numbers are the dashboard's. Per school, because a status is counted in the school's
 * own zone.
 */
export async function cadenceReport(ctx: ServiceContext, filter: CadenceFilter) {
  const { db, clock: appClock } = ctx.deps;
  const now = appClock.now();
  // The schools this actor may see (and the one asked for): their zones decide the days.
  const conditions: SQL[] = [familyScope(ctx.actor, now)];
  if (filter.schoolId) conditions.push(eq(families.schoolId, filter.schoolId));
  const schoolsInScope = await db
    .selectDistinct({ id: schools.id, timeZone: schools.timezone })
    .from(families)
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(and(...conditions));

  const rows: FamilyCadence[] = [];
  const summaries = [];
  const actor = ctx.actor;
  const viewerEducatorId = actor.role === "educator" && actor.type === "educator" ? actor.educatorId : undefined;
  for (const school of schoolsInScope) {
    const scope = { ...filter, viewerEducatorId, schoolId: school.id, timeZone: school.timeZone, now };
    const basis = await readOne(db, cadenceBasis(scope));
    const [partial, listed] = await readTogether(db, [
      summarizeCadence(scope, basis),
      familyCadences(scope, basis.clock),
    ]);
    const summary = (await withTouchGaps(db, scope, partial)).get(school.id);
    if (summary) summaries.push(summary);
    rows.push(...listed);
  }
  const shown = filter.status ? rows.filter((r) => r.status === filter.status) : rows;
  const summary = combineSummaries(summaries);
  return {
    asOf: now.toISOString(),
    summary: {
      families: summary.families,
      onTrack: summary.onTrack,
      dueSoon: summary.dueSoon,
      overdue: summary.overdue,
      noPlan: summary.noPlan,
      familyInitiatedShare: summary.familyInitiatedShare,
      medianDaysBetweenTouches: summary.medianDaysBetweenTouches,
    },
    families: shown,
  };
}

export type FamilyCadence = {
  familyId: string;
  status: CadenceStatus;
  lastTouchAt: string | null;
  nextDueAt: string | null;
  cadenceDays: number | null;
  daysOverdue: number;
  conversations: number;
  familyInitiatedConversations: number;
};

/** One school's families in scope, each with its status (the same SQL the summary counts). */
function familyCadences(scope: CadenceScope, clock: CadenceClock): Read<FamilyCadence[]> {
  type Row = {
    familyId: string;
    status: CadenceStatus;
    lastTouchAt: number | null;
    baselineAt: number | null;
    cadenceDays: number | null;
    conversations: number | null;
    familyInitiated: number | null;
  };
  const statement = sql`
    select fc.family_id as familyId, ${clock.status} as status, fc.last_touch_at as lastTouchAt,
      fc.baseline_at as baselineAt, fc.plan_cadence_days as cadenceDays,
      c.total as conversations, c.family as familyInitiated
    from family_cadence fc
    left join (
      select cr.family_id, count(*) as total, sum(cr.initiated_by = 'family') as family
      from conversation_rollup cr
      where ${inScope("cr", scope)} and cr.last_message_at >= ${windowStart(scope.now, CONVERSATION_WINDOW_DAYS)}
      group by cr.family_id
    ) c on c.family_id = fc.family_id
    where ${inScope("fc", scope)}
    order by fc.family_id`;
  return read<Row, FamilyCadence[]>(statement, (rows) =>
    rows.map((r) => {
      const dueDay =
        r.baselineAt !== null && r.cadenceDays !== null
          ? dayNumber(new Date(r.baselineAt), scope.timeZone) + r.cadenceDays
          : null;
      return {
        familyId: r.familyId,
        status: r.status,
        lastTouchAt: r.lastTouchAt === null ? null : new Date(r.lastTouchAt).toISOString(),
        nextDueAt: dueDay === null ? null : new Date(dueDay * DAY_MS).toISOString().slice(0, 10),
        cadenceDays: r.cadenceDays,
        daysOverdue: dueDay === null ? 0 : Math.max(0, clock.today - dueDay),
        conversations: r.conversations ?? 0,
        familyInitiatedConversations: r.familyInitiated ?? 0,
      };
    }),
  );
}
