import { lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { rateLimits } from "../../db/schema";

export type RateRule = { limit: number; windowMs: number };
export type RateVerdict = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts events per key in fixed windows. An interface on Deps so a deployment could swap in
 * Cloudflare's rate-limiting binding; the default is a table both runtimes share
 * (docs/decisions.md, "Rate limits in the database").
 */
export interface RateLimiter {
  /** Counts one event for `key` and says whether it is still within `rule.limit`. */
  hit(key: string, rule: RateRule, now: Date): Promise<RateVerdict>;
  /** Counts one event for each key in one write (one commit), verdicts in the same order. */
  hitAll(hits: { key: string; rule: RateRule }[], now: Date): Promise<RateVerdict[]>;
  /** The verdict so far in the current window, without counting anything. */
  peek(key: string, rule: RateRule, now: Date): Promise<RateVerdict>;
  /** Deletes windows that ended before `now` (the retention job). */
  purge(now: Date): Promise<number>;
}

/**
 * One upsert per hit: INSERT … ON CONFLICT DO UPDATE … RETURNING runs atomically in SQLite
 * (libsql and D1), so two simultaneous requests can never both read "4 of 5". A window that
 * has ended restarts at 1. SQLite evaluates every SET expression against the old row.
 */
export function databaseRateLimiter(db: Db): RateLimiter {
  const upsert = (key: string, rule: RateRule, now: Date) => {
    const at = now.getTime();
    const ended = sql`${rateLimits.windowEndsAt} <= ${at}`;
    return db
      .insert(rateLimits)
      .values({ key, windowStartedAt: now, windowEndsAt: new Date(at + rule.windowMs), count: 1 })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${ended} then 1 else ${rateLimits.count} + 1 end`,
          windowStartedAt: sql`case when ${ended} then ${at} else ${rateLimits.windowStartedAt} end`,
          windowEndsAt: sql`case when ${ended} then ${at + rule.windowMs} else ${rateLimits.windowEndsAt} end`,
        },
      })
      .returning({ count: rateLimits.count, endsAt: rateLimits.windowEndsAt });
  };
  return {
    async hit(key, rule, now) {
      const [row] = await upsert(key, rule, now);
      return verdict(row!.count, row!.endsAt, rule, now);
    },
    async hitAll(hits, now) {
      if (hits.length === 0) return [];
      const [first, ...rest] = hits.map((h) => upsert(h.key, h.rule, now));
      const results = await db.batch([first!, ...rest]);
      return results.map((rows, i) => verdict(rows[0]!.count, rows[0]!.endsAt, hits[i]!.rule, now));
    },
    async peek(key, rule, now) {
      const [row] = await db
        .select({ count: rateLimits.count, endsAt: rateLimits.windowEndsAt })
        .from(rateLimits)
        .where(sql`${rateLimits.key} = ${key} and ${rateLimits.windowEndsAt} > ${now.getTime()}`);
      return row ? verdict(row.count, row.endsAt, rule, now) : { allowed: true, count: 0, retryAfterSeconds: 0 };
    },
    async purge(now) {
      const gone = await db
        .delete(rateLimits)
        .where(lte(rateLimits.windowEndsAt, now))
        .returning({ key: rateLimits.key });
      return gone.length;
    },
  };
}

function verdict(count: number, endsAt: Date, rule: RateRule, now: Date): RateVerdict {
  return {
    allowed: count <= rule.limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((endsAt.getTime() - now.getTime()) / 1000)),
  };
}
