/**
 * Deadlines in school business days (Monday–Friday in the school's zone). Holidays are not
 * modelled: a 10-business-day clock is a reminder for staff, so erring early is the safe side.
 */
export function addBusinessDays(start: Date, days: number, timeZone: string): Date {
  let at = new Date(start.getTime());
  let added = 0;
  while (added < days) {
    at = new Date(at.getTime() + 24 * 60 * 60_000);
    if (!isWeekend(at, timeZone)) added++;
  }
  return at;
}

export function businessDaysBetween(from: Date, to: Date, timeZone: string): number {
  let count = 0;
  for (let at = new Date(from.getTime() + 24 * 60 * 60_000); at <= to; at = new Date(at.getTime() + 24 * 60 * 60_000)) {
    if (!isWeekend(at, timeZone)) count++;
  }
  return count;
}

function isWeekend(at: Date, timeZone: string): boolean {
  const day = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" }).format(at);
  return day === "Sat" || day === "Sun";
}
