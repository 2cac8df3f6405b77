import { localMinuteOfDay } from "./quiet-hours";

/**
 * Evening events are normal (a family dinner at 18:00); an event starting between 21:00 and
 * 07:00 school time is almost always a slip (03:00 for 15:00, or a.m. for p.m.). Such a time
 * is sent only when the coordinator confirms it on the review page.
 */
export const NIGHT = { startMinute: 21 * 60, endMinute: 7 * 60 } as const;

export function isNightStart(startsAt: Date, timeZone: string): boolean {
  const minute = localMinuteOfDay(startsAt, timeZone);
  return minute >= NIGHT.startMinute || minute < NIGHT.endMinute;
}
