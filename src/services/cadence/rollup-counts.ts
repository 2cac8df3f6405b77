import { type SQL, sql } from "drizzle-orm";
import { DAY_MS } from "../../domain/local-days";
import { type Read, read } from "../queries";
import { type CadenceScope, inScope, isFiltered, schoolsOf, sqlNumber } from "./cadence-sql";

/**
 * Counting touches and conversations over a range of instants. Unfiltered, a range is read as
 * its whole UTC days from the day counters (`touch_days`, `conversation_days`) plus the partial
 * days at its two ends from the rows themselves — a 12-week chart reads ~170 counter rows
 * instead of every touch, and local-midnight boundaries stay exact in any zone because the
 * ends are compared as instants. With a filter (an educator's families, a language, a round)
 * the counters do not apply, and the rows in range are counted directly.
 */
const num = sqlNumber;

/** [from, to) as the whole UTC days inside it and the partial stretches at its ends. */
export function splitByUtcDay(from: number, to: number) {
  const firstDay = Math.ceil(from / DAY_MS);
  const endDay = Math.floor(to / DAY_MS);
  if (firstDay >= endDay) return { firstDay, endDay: firstDay, ends: [[from, to]] as [number, number][] };
  const ends: [number, number][] = [];
  if (from < firstDay * DAY_MS) ends.push([from, firstDay * DAY_MS]);
  if (endDay * DAY_MS < to) ends.push([endDay * DAY_MS, to]);
  return { firstDay, endDay, ends };
}

/**
 * Touches in each of a run of back-to-back ranges (`bounds[i]` to `bounds[i + 1]`, e.g. local
 * weeks), all and those the family sent. Unfiltered: two statements whatever the number of
 * ranges — the UTC-day counters over the whole span, and for each boundary that falls inside a
 * UTC day, the touches of that day before it; a day split by a boundary gives its earlier part
 * to one range and the rest to the next.
 */
export function touchesInRanges(scope: CadenceScope, bounds: number[]): Read<RangeTouches[]> {
  const ranges = bounds.length - 1;
  const rows = (a: number, b: number) => sql`select count(*) as touches, sum(t.from_family) as family
    from touch_log t where ${inScope("t", scope)} and t.at >= ${num(a)} and t.at < ${num(b)}`;
  // Ranges shorter than a day could put two boundaries in one UTC day: count their rows then.
  const splitDays = bounds.filter((b) => b % DAY_MS !== 0).map((b) => Math.floor(b / DAY_MS));
  if (isFiltered(scope) || new Set(splitDays).size !== splitDays.length) {
    const each = Array.from({ length: ranges }, (_, i) => rows(bounds[i]!, bounds[i + 1]!));
    return read<Counted, RangeTouches[]>(sql.join(each, sql` union all `), (counted) =>
      counted.map((c) => ({ touches: c.touches, family: c.family ?? 0 })),
    );
  }
  const first = bounds[0]!;
  const last = bounds.at(-1)!;
  const days = sql`
    select day, sum(touches) as touches, sum(case when from_family then touches end) as family from touch_days
    where ${schoolsOf(scope)} and day >= ${num(Math.floor(first / DAY_MS))} and day < ${num(Math.ceil(last / DAY_MS))}
    group by day`;
  const splits = bounds.map((b, j) => ({ j, at: b })).filter(({ at }) => at % DAY_MS !== 0);
  // The touches of each split day before its boundary: one index range per boundary, listed as
  // VALUES (UTC midnight, boundary) so the scope's conditions are written once.
  const spans = sql.join(
    splits.map(({ at }) => sql`(${num(Math.floor(at / DAY_MS) * DAY_MS)}, ${num(at)})`),
    sql`, `,
  );
  const beforeSplits = sql`select s.column2 as at, count(*) as touches, sum(t.from_family) as family
    from (values ${spans}) s join touch_log t
      on ${inScope("t", scope)} and t.at >= s.column1 and t.at < s.column2
    group by s.column2`;
  return {
    statements: splits.length ? [days, beforeSplits] : [days],
    result: ([dayRows, before = []]) => addUp(bounds, dayRows as DayCount[], splits, before as SplitCount[]),
  };
}

type Counted = { touches: number; family: number | null };
type DayCount = Counted & { day: number };
type SplitCount = Counted & { at: number };
export type RangeTouches = { touches: number; family: number };

/** The chart's ranges from the day counters and, for each day a boundary splits, the touches before it. */
function addUp(bounds: number[], days: DayCount[], splits: { j: number; at: number }[], before: SplitCount[]) {
  const totals: RangeTouches[] = bounds.slice(1).map(() => ({ touches: 0, family: 0 }));
  const beforeAt = new Map(before.map((b) => [Number(b.at), b]));
  const beforeSplit = new Map(
    splits.map((s) => [Math.floor(s.at / DAY_MS), { j: s.j, touches: 0, family: 0, ...beforeAt.get(s.at) }]),
  );
  const add = (range: number, touches: number, family: number) => {
    if (range < 0 || range >= totals.length) return;
    totals[range]!.touches += touches;
    totals[range]!.family += family;
  };
  for (const d of days) {
    const family = d.family ?? 0;
    const split = beforeSplit.get(d.day);
    if (split) {
      // Boundary j splits the day: before it belongs to range j − 1, from it on to range j.
      add(split.j - 1, split.touches, split.family ?? 0);
      add(split.j, d.touches - split.touches, family - (split.family ?? 0));
    } else {
      const range = bounds.findIndex(
        (b, i) => i < totals.length && d.day * DAY_MS >= b && d.day * DAY_MS < bounds[i + 1]!,
      );
      add(range, d.touches, family);
    }
  }
  return totals;
}

/** Touches each educator sent in [from, to). */
export function touchesSentByEducator(scope: CadenceScope, from: number, to: number): Read<Map<string, number>> {
  // Over weeks, INDEXED BY: left to itself the planner takes the time index and reads every
  // touch's row; this one holds the educator, in order, so the count streams. The partial days
  // at the ends of a range are hours long: there the time index is the right one.
  const rows = (a: number, b: number, byEducator: boolean) => sql`select coalesce(t.educator_id, '') as educatorId,
      count(*) as n
    from touch_log t ${byEducator ? sql`indexed by touch_log_school_educator` : sql``}
    where ${inScope("t", scope)} and t.from_family = 0 and t.at >= ${num(a)} and t.at < ${num(b)} group by 1`;
  let statement: SQL;
  if (isFiltered(scope)) statement = rows(from, to, true);
  else {
    const { firstDay, endDay, ends } = splitByUtcDay(from, to);
    statement = sql.join(
      [
        sql`select educator_id as educatorId, sum(touches) as n from touch_days
          where ${schoolsOf(scope)} and from_family = 0 and day >= ${num(firstDay)} and day < ${num(endDay)}
          group by 1`,
        ...ends.map(([a, b]) => rows(a, b, false)),
      ].map((part) => sql`select * from (${part})`),
      sql` union all `,
    );
  }
  return read<{ educatorId: string; n: number }, Map<string, number>>(statement, (rows) => {
    const sent = new Map<string, number>();
    for (const r of rows) sent.set(r.educatorId, (sent.get(r.educatorId) ?? 0) + r.n);
    return sent;
  });
}

/** Conversations per school whose last message is at or after `from`, all and family-opened. */
export function conversationsSince(scope: CadenceScope, from: number): Read<Map<string, ConversationCount>> {
  const rows = (a: number, b: number | null) => sql`select cr.school_id as schoolId, count(*) as total,
      sum(cr.initiated_by = 'family') as family
    from conversation_rollup cr where ${inScope("cr", scope)} and cr.last_message_at >= ${num(a)}
      ${b === null ? sql`` : sql`and cr.last_message_at < ${num(b)}`}
    group by 1`;
  let statement: SQL;
  if (isFiltered(scope)) statement = rows(from, null);
  else {
    const firstDay = Math.ceil(from / DAY_MS);
    statement = sql.join(
      [
        sql`select school_id as schoolId, sum(conversations) as total,
            sum(case when initiated_by = 'family' then conversations end) as family
          from conversation_days where ${schoolsOf(scope)} and day >= ${num(firstDay)} group by 1`,
        rows(from, firstDay * DAY_MS),
      ].map((part) => sql`select * from (${part})`),
      sql` union all `,
    );
  }
  type Row = { schoolId: string; total: number; family: number | null };
  return read<Row, Map<string, ConversationCount>>(statement, (rows) => {
    const bySchool = new Map<string, ConversationCount>();
    for (const r of rows) {
      const seen = bySchool.get(r.schoolId) ?? { total: 0, family: 0 };
      bySchool.set(r.schoolId, { total: seen.total + r.total, family: seen.family + (r.family ?? 0) });
    }
    return bySchool;
  });
}

export type ConversationCount = { total: number; family: number };
