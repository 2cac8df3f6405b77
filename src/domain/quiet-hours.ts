export type QuietHours = { startMinute: number; endMinute: number } | null;

/**
 * When may a text reach this family? Quiet hours are read on the family's own wall clock
 * (20:00–08:00 by default), so a teacher in Chicago pressing "send" at 7 pm does not wake a
 * family in Honolulu. Returns `now` when sending is allowed, else the moment quiet hours end.
 * Daylight-saving safe: the end time is found by stepping real instants, not by adding 24h.
 */
export function nextAllowedSendTime(now: Date, timeZone: string, quiet: QuietHours): Date {
  if (!quiet) return now;
  const minute = localMinuteOfDay(now, timeZone);
  if (!isQuiet(minute, quiet)) return now;
  // Walk forward minute-exactly to the first instant whose local time is the end of quiet hours.
  const minutesToEnd = (quiet.endMinute - minute + 24 * 60) % (24 * 60);
  let candidate = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + minutesToEnd * 60_000);
  // A DST change inside the quiet period shifts local time by up to an hour: correct for it.
  for (let i = 0; i < 3 && localMinuteOfDay(candidate, timeZone) !== quiet.endMinute; i++) {
    const drift = localMinuteOfDay(candidate, timeZone) - quiet.endMinute;
    candidate = new Date(candidate.getTime() - drift * 60_000);
  }
  return candidate;
}

export function isQuiet(minuteOfDay: number, quiet: NonNullable<QuietHours>): boolean {
  const { startMinute, endMinute } = quiet;
  if (startMinute === endMinute) return false;
  return startMinute < endMinute
    ? minuteOfDay >= startMinute && minuteOfDay < endMinute
    : minuteOfDay >= startMinute || minuteOfDay < endMinute; // spans midnight
}

const clocks = new Map<string, Intl.DateTimeFormat>();

export function localMinuteOfDay(at: Date, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "numeric", hourCycle: "h23" });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === "hour")?.value);
  const minute = Number(parts.find((p) => p.type === "minute")?.value);
  return hour * 60 + minute;
}
