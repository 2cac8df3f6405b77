/**
 * School years run July 1 – June 30 and are named "2026-27". The boundary is taken in the
 * school's own time zone: a visit at 11 pm on June 30 in Honolulu belongs to the old year
 * even though it is already July 1 in UTC.
 */
export function schoolYearOf(at: Date, timeZone: string): string {
  let format = yearMonthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric" });
    yearMonthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const year = Number(parts.find((p) => p.type === "year")?.value);
  const month = Number(parts.find((p) => p.type === "month")?.value);
  const startYear = month >= 7 ? year : year - 1;
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** "2026-27" → "July 1, 2026 – June 30, 2027": how a page names the year's bounds. */
export function schoolYearSpan(schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4));
  return `July 1, ${start} – June 30, ${start + 1}`;
}

/** Building a formatter costs ~100× using one (it was most of a dashboard's CPU); zones are few. */
const yearMonthFormats = new Map<string, Intl.DateTimeFormat>();

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
