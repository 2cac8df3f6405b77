import { wallTimeToInstant } from "./local-time";
import { localMinuteOfDay } from "./quiet-hours";

/**
 * When an educator answers families: per weekday (0 = Sunday … 6 = Saturday, in `timeZone`), one
 * window of local minutes [start, end). A day missing from `days` is a day off. Null on the
 * educator: no office hours set, so nothing is held and no automatic reply is sent.
 */
export type OfficeHours = {
  timeZone: string;
  days: Partial<Record<"0" | "1" | "2" | "3" | "4" | "5" | "6", { start: number; end: number }>>;
};

export const WEEKDAYS = ["0", "1", "2", "3", "4", "5", "6"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date (YYYY-MM-DD) and weekday ("0" = Sunday) of an instant in a zone. */
function localDay(at: Date, timeZone: string): { date: string; weekday: Weekday } {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
    });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = String(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"))) as Weekday;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, weekday };
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** Is the educator inside their office hours at this instant? */
export function isWithinOfficeHours(hours: OfficeHours, at: Date): boolean {
  const { weekday } = localDay(at, hours.timeZone);
  const window = hours.days[weekday];
  if (!window) return false;
  const minute = localMinuteOfDay(at, hours.timeZone);
  return minute >= window.start && minute < window.end;
}

/**
 * The next instant the educator's office hours begin (or `at` itself when inside them); null
 * when no day has hours. Days are stepped on the zone's calendar (noon of each day, so a
 * daylight-saving change never skips or repeats a date), and the start is a wall time there.
 */
export function nextOfficeHoursStart(hours: OfficeHours, at: Date): Date | null {
  if (isWithinOfficeHours(hours, at)) return at;
  const today = localDay(at, hours.timeZone);
  const noon = wallTimeToInstant(`${today.date}T12:00`, hours.timeZone) ?? at;
  for (let offset = 0; offset <= 7; offset++) {
    const day = localDay(new Date(noon.getTime() + offset * 86_400_000), hours.timeZone);
    const window = hours.days[day.weekday];
    if (!window) continue;
    const start = wallTimeToInstant(`${day.date}T${hhmm(window.start)}`, hours.timeZone);
    if (start && start.getTime() > at.getTime()) return start;
  }
  return null;
}

/** "08:30" → 510; anything else → null. */
export function parseClockTime(value: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export { hhmm as formatClockTime };

/**
 * Office hours from the settings form: per weekday a checkbox and two times. Returns the hours
 * or the fields in error, worded for a teacher (a day whose end is not after its start, a day
 * ticked without times).
 */
export function officeHoursFromForm(
  form: Record<string, string | undefined>,
  timeZone: string,
): { ok: true; hours: OfficeHours | null } | { ok: false; fields: Record<string, string> } {
  const days: OfficeHours["days"] = {};
  const fields: Record<string, string> = {};
  for (const d of WEEKDAYS) {
    if (!form[`day${d}`]) continue;
    const start = parseClockTime(form[`start${d}`] ?? "");
    const end = parseClockTime(form[`end${d}`] ?? "");
    if (start === null) fields[`start${d}`] = "Enter a start time such as 08:00";
    if (end === null) fields[`end${d}`] = "Enter an end time such as 16:00";
    if (start !== null && end !== null && end <= start) fields[`end${d}`] = "The end must be after the start";
    if (start !== null && end !== null && end > start) days[d] = { start, end };
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, hours: Object.keys(days).length === 0 ? null : { timeZone, days } };
}
