import { type IdPrefix, newId } from "../../src/domain/ids";
import { instantToWallTime, wallTimeToInstant } from "../../src/domain/local-time";
import { type Random, seededRandom } from "../../src/domain/random";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Everything the demo builders share. One PRNG drives every choice and every id, and every
 * time is derived from `now`: the same `now` always yields the same district, row for row.
 * (The builders must therefore run in a fixed order and never call Date.now().)
 */
export type SeedContext = {
  rng: Random;
  now: Date;
  nowMs: number;
  id(prefix: IdPrefix, at: Date): string;
};

export function createContext(now: Date): SeedContext {
  const rng = seededRandom("doorstep-demo");
  return { rng, now, nowMs: now.getTime(), id: (prefix, at) => newId(prefix, at.getTime(), rng.next) };
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(rng: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Picks one value; weights need not sum to anything in particular. */
export function weighted<T>(rng: Random, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, w] of options) {
    roll -= w;
    if (roll < 0) return value;
  }
  return options[options.length - 1]![0];
}

/** `counts` as a flat list: { a: 2, b: 1 } → ["a", "a", "b"]. */
export function expand<K extends string>(counts: Readonly<Record<K, number>>): K[] {
  return (Object.entries(counts) as [K, number][]).flatMap(([key, n]) => Array<K>(n).fill(key));
}

// ---------------------------------------------------------------------------------------------
// Wall-clock time in a school's zone. Visits happen after school and parents text in the
// evening *local* time, so times are chosen on the local calendar and converted to instants.

/** The local calendar date `dayOffset` days from `now`'s date in `timeZone`, as y/m/d. */
function localDate(now: Date, dayOffset: number, timeZone: string) {
  const [y, m, d] = instantToWallTime(now, timeZone).slice(0, 10).split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + dayOffset));
}

/** The instant that reads `hour:minute` in `timeZone`, `dayOffset` local days from `now`'s date. */
export function localTime(now: Date, dayOffset: number, hour: number, minute: number, timeZone: string): Date {
  const date = localDate(now, dayOffset, timeZone).toISOString().slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, "0");
  return wallTimeToInstant(`${date}T${pad(hour)}:${pad(minute)}`, timeZone)!;
}

/** 0 = Sunday … 6 = Saturday, for the local date `dayOffset` days from `now`'s date. */
export function localWeekday(now: Date, dayOffset: number, timeZone: string): number {
  return localDate(now, dayOffset, timeZone).getUTCDay();
}

/** The hour (0–23) on the wall clock of `timeZone` at `at`. */
export function localHour(at: Date, timeZone: string): number {
  return Number(instantToWallTime(at, timeZone).slice(11, 13));
}
