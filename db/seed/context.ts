import { type IdPrefix, newId } from "../../src/domain/ids";
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

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock time in a school's zone. Visits happen after school and parents text in the
// evening *local* time, so times are chosen on the local calendar and converted to instants.

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string) {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year),
    mo: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    mi: Number(parts.minute),
    s: Number(parts.second),
  };
}

/** How far the zone's wall clock is ahead of UTC at `ms` (negative in the Americas). */
function zoneOffset(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/** The instant that reads `hour:minute` in `timeZone`, `dayOffset` local days from `now`'s date. */
export function localTime(now: Date, dayOffset: number, hour: number, minute: number, timeZone: string): Date {
  const today = wallClock(now.getTime(), timeZone);
  const wall = Date.UTC(today.y, today.mo - 1, today.d + dayOffset, hour, minute);
  // Two passes settle the offset when the day straddles a daylight-saving change.
  let ms = wall - zoneOffset(wall, timeZone);
  ms = wall - zoneOffset(ms, timeZone);
  return new Date(ms);
}

/** 0 = Sunday … 6 = Saturday, for the local date `dayOffset` days from `now`'s date. */
export function localWeekday(now: Date, dayOffset: number, timeZone: string): number {
  const today = wallClock(now.getTime(), timeZone);
  return new Date(Date.UTC(today.y, today.mo - 1, today.d + dayOffset)).getUTCDay();
}

/** The hour (0–23) on the wall clock of `timeZone` at `at`. */
export function localHour(at: Date, timeZone: string): number {
  return wallClock(at.getTime(), timeZone).h;
}
