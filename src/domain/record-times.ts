/**
 * A record's time as the school's wall clock: "2026-10-01 10:00 CDT". Records requests are
 * read by families and lawyers, who expect the school's own clock, not UTC; the zone's short
 * name keeps a row unambiguous across a daylight-saving change.
 */
export function recordTime(at: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** Building a formatter costs ~100× using one; a 10,000-row export uses a few zones. */
const formats = new Map<string, Intl.DateTimeFormat>();
