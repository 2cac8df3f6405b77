import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { schools, schoolTouchGaps } from "../../db/schema";
import {
  type CadenceClock,
  type CadenceScope,
  CONVERSATION_WINDOW_DAYS,
  cadenceClock,
  dayClock,
  inScope,
  isFiltered,
  type SchoolCounters,
  schoolCounters,
  sqlNumber,
  TOUCH_HISTORY_DAYS,
  windowStart,
} from "./cadence-sql";
import { conversationsSince } from "./rollup-counts";

export type CadenceSummary = {
  families: number;
  onTrack: number;
  dueSoon: number;
  overdue: number;
  noPlan: number;
  conversations: number;
  familyInitiatedConversations: number;
  /** Conversations families opened ÷ all conversations, last 90 days; null when there were none. */
  familyInitiatedShare: number | null;
  /** Median days between a family's distinct touch days, over the last year; null without gaps. */
  medianDaysBetweenTouches: number | null;
};

export type SchoolCadence = CadenceSummary & {
  /** Days between touch days, as [gap, count] pairs: district totals merge these for their median. */
  gaps: [number, number][];
};

/**
 * The cadence summary of every school in scope (one school, or every school of a zone), from
 * the rollups: statuses from `family_cadence` and conversations from `conversation_rollup`,
 * each one pass over an index range of the scope, plus the touch-gap histogram (touchGaps).
 */
export async function cadenceSummaries(
  db: Db,
  scope: CadenceScope,
  /** What the caller has read for this scope already (the dashboard), so it is not read twice. */
  given: { clock?: CadenceClock; counters?: SchoolCounters } = {},
): Promise<Map<string, SchoolCadence>> {
  const statuses = await statusCounts(db, scope, given);
  const conversations = await conversationsSince(db, scope, windowStart(scope.now, CONVERSATION_WINDOW_DAYS));
  const gaps = await touchGaps(db, scope);

  const summaries = new Map<string, SchoolCadence>();
  const of = (schoolId: string) => {
    let s = summaries.get(schoolId);
    if (!s) {
      s = combineSummaries([]);
      summaries.set(schoolId, s);
    }
    return s;
  };
  for (const row of statuses) {
    const s = of(row.schoolId);
    s.families = row.families;
    s.noPlan = row.noPlan ?? 0;
    s.overdue = row.overdue ?? 0;
    s.dueSoon = row.dueSoon ?? 0;
    s.onTrack = s.families - s.noPlan - s.overdue - s.dueSoon;
  }
  for (const [schoolId, counted] of conversations) {
    if (!summaries.has(schoolId)) continue; // a school with no active family in scope
    const s = of(schoolId);
    s.conversations = counted.total;
    s.familyInitiatedConversations = counted.family;
    s.familyInitiatedShare = counted.total ? counted.family / counted.total : null;
  }
  for (const [schoolId, histogram] of gaps) {
    if (!summaries.has(schoolId)) continue; // a school with no active family in scope
    const s = of(schoolId);
    s.gaps = histogram;
    s.medianDaysBetweenTouches = medianOfHistogram(histogram);
  }
  return summaries;
}

type StatusCounts = { schoolId: string; families: number; noPlan: number; overdue: number; dueSoon: number };

/**
 * Families, plans and statuses per school in scope. Unfiltered (and with a handful of
 * cadences): totals from school_counts, and the overdue and due-soon families as index ranges
 * of family_cadence, one per cadence — only those rows are read. Otherwise one pass over the
 * families in scope.
 */
async function statusCounts(
  db: Db,
  scope: CadenceScope,
  given: { clock?: CadenceClock; counters?: SchoolCounters },
): Promise<StatusCounts[]> {
  const clock = given.clock ?? (await cadenceClock(db, scope));
  if (isFiltered(scope) || clock.cadences.length > 8) {
    return db.all<StatusCounts>(sql`
      select fc.school_id as schoolId, ${clock.statusCounts}
      from family_cadence fc where ${inScope("fc", scope)}
      group by 1`);
  }
  const counters = given.counters ?? (await schoolCounters(db, scope));
  const num = sqlNumber;
  const ranges = clock.cadences.flatMap((c) =>
    (
      [
        ["overdue", null, c.overdueBefore],
        ["dueSoon", c.overdueBefore, c.dueSoonBefore],
      ] as const
    ).map(
      ([status, from, to]) => sql`select * from (select fc.school_id as schoolId, ${status} as status, count(*) as n
        from family_cadence fc where ${inScope("fc", scope)} and fc.plan_cadence_days = ${num(c.days)}
          ${from === null ? sql`` : sql`and fc.baseline_at >= ${num(from)}`} and fc.baseline_at < ${num(to)}
        group by 1)`,
    ),
  );
  const counted = ranges.length
    ? await db.all<{ schoolId: string; status: "overdue" | "dueSoon"; n: number }>(sql.join(ranges, sql` union all `))
    : [];
  const result = new Map<string, StatusCounts>();
  for (const [schoolId, counts] of counters) {
    const families = counts.get("families ") ?? 0;
    if (families === 0) continue;
    const withPlan = [...counts].filter(([k]) => k.startsWith("plan ")).reduce((n, [, v]) => n + v, 0);
    result.set(schoolId, { schoolId, families, noPlan: families - withPlan, overdue: 0, dueSoon: 0 });
  }
  for (const row of counted) {
    const s = result.get(row.schoolId);
    if (s) s[row.status] += row.n;
  }
  return [...result.values()];
}

/**
 * Days between each family's distinct touch days over the last year, up to the start of today
 * in the school's zone, per school, as a histogram. Unfiltered, it is read from
 * `school_touch_gaps` (computed once a day per school, on first use): it needs every touch day
 * of the year, ~20 ms of work for a school of 2,000 families, and it moves slowly. With a
 * filter (an educator's families, a language, a round) it is computed for those families now.
 */
export async function touchGaps(db: Db, scope: CadenceScope): Promise<Map<string, [number, number][]>> {
  const clock = dayClock(scope.now, scope.timeZone);
  const filtered = isFiltered(scope);
  const compute = async (schoolScope: CadenceScope) => {
    const rows = await db.all<{ schoolId: string; gap: number; n: number }>(sql`
      with touch_days as (
        select distinct t.school_id, t.family_id, ${clock.localDay("t.at")} as day
        from touch_log t
        where ${inScope("t", schoolScope)}
          and t.at >= ${windowStart(scope.now, TOUCH_HISTORY_DAYS)} and t.at < ${clock.startOfToday}
      ), gaps as (
        select school_id, day - lag(day) over (partition by family_id order by day) as gap from touch_days
      )
      select school_id as schoolId, gap, count(*) as n from gaps where gap is not null group by 1, 2`);
    const bySchool = new Map<string, [number, number][]>();
    for (const r of rows) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), [r.gap, r.n]]);
    return bySchool;
  };
  if (filtered) return compute(scope);

  const schoolIds = scope.schoolId
    ? [scope.schoolId]
    : (await db.select({ id: schools.id }).from(schools).where(eq(schools.timezone, scope.timeZone))).map((s) => s.id);
  const stored = await db
    .select()
    .from(schoolTouchGaps)
    .where(and(eq(schoolTouchGaps.day, clock.today), inArray(schoolTouchGaps.schoolId, schoolIds)));
  const result = new Map(stored.map((r) => [r.schoolId, r.gaps]));
  for (const schoolId of schoolIds.filter((id) => !result.has(id))) {
    const histogram = (await compute({ ...scope, schoolId })).get(schoolId) ?? [];
    result.set(schoolId, histogram);
    // Two first views at once both compute; the second insert is ignored. Older days are dropped.
    await db.batch([
      db.insert(schoolTouchGaps).values({ schoolId, day: clock.today, gaps: histogram }).onConflictDoNothing(),
      db
        .delete(schoolTouchGaps)
        .where(and(eq(schoolTouchGaps.schoolId, schoolId), lt(schoolTouchGaps.day, clock.today))),
    ]);
  }
  return result;
}

/**
 * Adds up schools (district totals): counts add, the share is recomputed from the counts and the
 * median from the merged histograms — never an average of the schools' own figures.
 */
export function combineSummaries(parts: SchoolCadence[]): SchoolCadence {
  const sum = (
    k: "families" | "onTrack" | "dueSoon" | "overdue" | "noPlan" | "conversations" | "familyInitiatedConversations",
  ) => parts.reduce((n, p) => n + p[k], 0);
  const conversations = sum("conversations");
  const familyInitiated = sum("familyInitiatedConversations");
  const merged = new Map<number, number>();
  for (const p of parts) for (const [gap, n] of p.gaps) merged.set(gap, (merged.get(gap) ?? 0) + n);
  const gaps = [...merged].sort((a, b) => a[0] - b[0]);
  return {
    families: sum("families"),
    onTrack: sum("onTrack"),
    dueSoon: sum("dueSoon"),
    overdue: sum("overdue"),
    noPlan: sum("noPlan"),
    conversations,
    familyInitiatedConversations: familyInitiated,
    familyInitiatedShare: conversations ? familyInitiated / conversations : null,
    medianDaysBetweenTouches: medianOfHistogram(gaps),
    gaps,
  };
}

/** The median of values given as [value, count] pairs; halves of two middles are averaged. */
export function medianOfHistogram(histogram: [number, number][]): number | null {
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, count]) => n + count, 0);
  if (total === 0) return null;
  const valueAt = (index: number) => {
    let seen = 0;
    for (const [gap, count] of sorted) {
      seen += count;
      if (index < seen) return gap;
    }
    return sorted.at(-1)![0];
  };
  const mid = Math.floor(total / 2);
  const value = total % 2 ? valueAt(mid) : (valueAt(mid - 1) + valueAt(mid)) / 2;
  return Math.round(value * 10) / 10;
}
