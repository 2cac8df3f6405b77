import { addMs, DAY_MS, localTime, localWeekday, MINUTE_MS, type SeedContext, shuffle } from "./context";

/**
 * When visits and their messages happen, on the school's local calendar: visits after school
 * or on Saturday mornings, invitations in the afternoon, answers during waking hours.
 * Offsets are in days from `now` (negative = past).
 */
export class VisitClock {
  constructor(
    private readonly ctx: SeedContext,
    private readonly tz: string,
  ) {}

  /** 2–3 distinct visit times around `anchorOffset` (days from now), none before `earliestOffset`. */
  proposeTimes(anchorOffset: number, earliestOffset: number): Date[] {
    const { rng } = this.ctx;
    const count = rng.int(2, 3);
    const others = shuffle(rng, [-4, -3, -2, -1, 1, 2, 3, 4, 5]).filter((d) => anchorOffset + d >= earliestOffset);
    const times: Date[] = [];
    for (const offset of [anchorOffset, ...others.map((d) => anchorOffset + d)]) {
      const at = this.visitTime(offset);
      if (!times.some((t) => Math.abs(t.getTime() - at.getTime()) < DAY_MS / 2)) times.push(at);
      if (times.length === count) break;
    }
    return times;
  }

  /** After school on weekdays, late morning on Saturdays; never on Sundays. */
  visitTime(dayOffset: number): Date {
    const { rng, now } = this.ctx;
    let offset = dayOffset;
    if (localWeekday(now, offset, this.tz) === 0) offset += offset > 0 ? 1 : -1;
    const saturday = localWeekday(now, offset, this.tz) === 6;
    const hour = saturday ? rng.pick([10, 11]) : rng.pick([16, 16, 17, 17, 18]);
    return localTime(now, offset, hour, rng.pick([0, 30]), this.tz);
  }

  /** Teachers write invitations in the afternoon. */
  sendTime(dayOffset: number): Date {
    const { rng, now } = this.ctx;
    return localTime(now, dayOffset, rng.int(15, 18), rng.pick([0, 10, 25, 40, 50]), this.tz);
  }

  /** A family's answer: later the same day, or the next day during waking hours. */
  replyAfter(at: Date): Date {
    const { rng } = this.ctx;
    if (rng.chance(0.6)) return addMs(at, rng.int(15, 180) * MINUTE_MS);
    return localTime(at, 1, rng.int(7, 21), rng.int(0, 59), this.tz);
  }
}
