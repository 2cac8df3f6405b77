import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { startOfLocalDay } from "../../domain/local-days";
import { type Read, read, readAll, readOne } from "../queries";
import { advanceTouchGaps, TOUCH_GAP_WINDOW_DAYS, type TouchGapState } from "./advance-touch-gaps";
import {
  type CadenceClock,
  type CadenceScope,
  CONVERSATION_WINDOW_DAYS,
  cadenceBasis,
  dayClock,
  inScope,
  isFiltered,
  type SchoolCounters,
  schoolsOf,
  sqlNumber,
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

/** What the cadence views read first (cadenceBasis): today's clock and the school-wide counters. */
export type CadenceBasis = { clock: CadenceClock; counters: SchoolCounters };

/** The summaries of the schools in scope; those whose touch gaps are not stored for today yet are listed, with what is stored. */
export type Summaries = { bySchool: Map<string, SchoolCadence>; gapsMissing: GapsMissing[] };
type GapsMissing = { schoolId: string; state: TouchGapState };

/**
 * The cadence summary of every school in scope (one school, or every school of a zone), from
 * the rollups, as one read for the caller's batch: statuses from `family_cadence`,
 * conversations from `conversation_rollup`, and the touch-gap histograms stored for today.
 * A school whose histogram is not stored yet (the warm-touch-gaps job has not run) is listed
 * in `gapsMissing`, for `withTouchGaps` to compute.
 */
export function summarizeCadence(scope: CadenceScope, basis: CadenceBasis): Read<Summaries> {
  const window = windowStart(scope.now, CONVERSATION_WINDOW_DAYS);
  return readAll(
    [statusCounts(scope, basis), conversationsSince(scope, window), touchGapsRead(scope)],
    ([statuses, conversations, gaps]) => {
      const bySchool = new Map<string, SchoolCadence>();
      for (const row of statuses) {
        const s = combineSummaries([]);
        s.families = row.families;
        s.noPlan = row.noPlan ?? 0;
        s.overdue = row.overdue ?? 0;
        s.dueSoon = row.dueSoon ?? 0;
        s.onTrack = s.families - s.noPlan - s.overdue - s.dueSoon;
        bySchool.set(row.schoolId, s);
      }
      // A school with no active family in scope has no summary, whatever else it has.
      for (const [schoolId, counted] of conversations) {
        const s = bySchool.get(schoolId);
        if (!s) continue;
        s.conversations = counted.total;
        s.familyInitiatedConversations = counted.family;
        s.familyInitiatedShare = counted.total ? counted.family / counted.total : null;
      }
      for (const [schoolId, histogram] of gaps.bySchool) setGaps(bySchool.get(schoolId), histogram);
      return { bySchool, gapsMissing: gaps.missing.filter((m) => bySchool.has(m.schoolId)) };
    },
  );
}

/** Brings the stored touch gaps of the schools a summary lacks them for to today (one batch). */
export async function withTouchGaps(db: Db, scope: CadenceScope, summaries: Summaries) {
  const { today } = dayClock(scope.now, scope.timeZone);
  const advanced = await advanceTouchGaps({ db }, { timeZone: scope.timeZone, today, schools: summaries.gapsMissing });
  for (const [schoolId, histogram] of advanced) setGaps(summaries.bySchool.get(schoolId), histogram);
  return summaries.bySchool;
}

/** Everything at once, for views that need only the summaries (the cadence report). */
export async function cadenceSummaries(db: Db, scope: CadenceScope): Promise<Map<string, SchoolCadence>> {
  const basis = await readOne(db, cadenceBasis(scope));
  return withTouchGaps(db, scope, await readOne(db, summarizeCadence(scope, basis)));
}

function setGaps(summary: SchoolCadence | undefined, histogram: [number, number][]) {
  if (!summary) return;
  summary.gaps = histogram;
  summary.medianDaysBetweenTouches = medianOfHistogram(histogram);
}

type StatusCounts = { schoolId: string; families: number; noPlan: number; overdue: number; dueSoon: number };

/**
 * Families, plans and statuses per school in scope. Unfiltered (and with a handful of
 * cadences): totals from school_counts, and the overdue and due-soon families as index ranges
 * of family_cadence, one per cadence — only those rows are read. Otherwise one pass over the
 * families in scope.
 */
function statusCounts(scope: CadenceScope, { clock, counters }: CadenceBasis): Read<StatusCounts[]> {
  if (isFiltered(scope) || clock.cadences.length > 8) {
    return read<StatusCounts, StatusCounts[]>(
      sql`select fc.school_id as schoolId, ${clock.statusCounts}
        from family_cadence fc where ${inScope("fc", scope)}
        group by 1`,
      (rows) => rows,
    );
  }
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
  const totals = () => {
    const result = new Map<string, StatusCounts>();
    for (const [schoolId, counts] of counters) {
      const families = counts.get("families ") ?? 0;
      if (families === 0) continue;
      const withPlan = [...counts].filter(([k]) => k.startsWith("plan ")).reduce((n, [, v]) => n + v, 0);
      result.set(schoolId, { schoolId, families, noPlan: families - withPlan, overdue: 0, dueSoon: 0 });
    }
    return result;
  };
  if (ranges.length === 0) return { statements: [], result: () => [...totals().values()] };
  type Row = { schoolId: string; status: "overdue" | "dueSoon"; n: number };
  return read<Row, StatusCounts[]>(sql.join(ranges, sql` union all `), (counted) => {
    const result = totals();
    for (const row of counted) {
      const s = result.get(row.schoolId);
      if (s) s[row.status] += row.n;
    }
    return [...result.values()];
  });
}

type GapsRead = { bySchool: Map<string, [number, number][]>; missing: GapsMissing[] };

/**
 * Days between each family's distinct touch days over the last year (local days today − 365
 * to yesterday in the school's zone), per school, as a histogram. Unfiltered, it is read from
 * `school_touch_gaps`, which advanceTouchGaps (services/cadence/advance-touch-gaps.ts) brings
 * to a new day from the day before and the families whose touches changed — the schools whose
 * row is not for today are listed, with what their row says. With a filter (an educator's
 * families, a language, a round) it is computed for those families now.
 */
function touchGapsRead(scope: CadenceScope): Read<GapsRead> {
  if (isFiltered(scope)) return readAll([computeTouchGaps(scope)], ([bySchool]) => ({ bySchool, missing: [] }));
  const { today } = dayClock(scope.now, scope.timeZone);
  type Row = { schoolId: string; day: number | null; timeZone: string | null; gaps: string | null };
  return read<Row, GapsRead>(
    sql`select s.id as schoolId, g.day, g.time_zone as timeZone, g.gaps from schools s
      left join school_touch_gaps g on g.school_id = s.id
      where ${schoolsOf(scope, "s.id")}`,
    (rows) => {
      const ready = (r: Row) => r.gaps !== null && Number(r.day) === today && r.timeZone === scope.timeZone;
      return {
        bySchool: new Map(rows.filter(ready).map((r) => [r.schoolId, JSON.parse(r.gaps!)])),
        missing: rows
          .filter((r) => !ready(r))
          .map((r) => ({
            schoolId: r.schoolId,
            state: r.day === null ? null : { day: Number(r.day), timeZone: r.timeZone },
          })),
      };
    },
  );
}

/**
 * The histogram computed from the touches, for the families in scope: the definition
 * advanceTouchGaps keeps incrementally (test/integration/touch-gaps-incremental.test.ts
 * compares the two). The year starts at a local midnight, so the figure for a day does not
 * depend on the hour it is first asked for.
 */
export function computeTouchGaps(scope: CadenceScope): Read<Map<string, [number, number][]>> {
  const clock = dayClock(scope.now, scope.timeZone);
  const yearStart = startOfLocalDay(clock.today - TOUCH_GAP_WINDOW_DAYS, scope.timeZone);
  return read<{ schoolId: string; gap: number; n: number }, Map<string, [number, number][]>>(
    sql`
      with touch_days as (
        select distinct t.school_id, t.family_id, ${clock.localDay("t.at")} as day
        from touch_log t
        where ${inScope("t", scope)}
          and t.at >= ${yearStart} and t.at < ${clock.startOfToday}
      ), gaps as (
        select school_id, day - lag(day) over (partition by school_id, family_id order by day) as gap from touch_days
      )
      select school_id as schoolId, gap, count(*) as n from gaps where gap is not null group by 1, 2`,
    (rows) => {
      const bySchool = new Map<string, [number, number][]>();
      for (const r of rows) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), [r.gap, r.n]]);
      return bySchool;
    },
  );
}

/** Each school's histogram for today (an unfiltered scope): stored, or brought to today now. */
export async function touchGaps(db: Db, scope: CadenceScope): Promise<Map<string, [number, number][]>> {
  const { bySchool, missing } = await readOne(db, touchGapsRead(scope));
  const { today } = dayClock(scope.now, scope.timeZone);
  const advanced = await advanceTouchGaps({ db }, { timeZone: scope.timeZone, today, schools: missing });
  for (const [schoolId, histogram] of advanced) bySchool.set(schoolId, histogram);
  return bySchool;
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
