/**
 * Dates and times as a family reads them: in their language and their time zone. A few of
 * our languages have no CLDR locale of their own; they borrow the closest one that formats
 * dates the way families expect (Dari → Afghan Persian, Haitian Creole → Haitian French).
 * Hmong has none at all and uses US English, which Hmong-American families read daily.
 */
const INTL_LOCALE: Record<string, string> = {
  // Afghan Persian formatting, but the Gregorian calendar US schools use ("۱۱/۱۷", not the solar "۸/۲۶").
  prs: "fa-AF-u-ca-gregory",
  ht: "fr-HT",
  hmn: "en-US",
  "zh-Hans": "zh-Hans-CN",
  tl: "fil",
};

export function intlLocale(language: string): string {
  return INTL_LOCALE[language] ?? language;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function format(style: "long" | "short", iso: string | Date, language: string, timeZone: string): string {
  const key = `${style}|${language}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale(language), {
      weekday: style === "long" ? "long" : "short",
      month: style === "long" ? "long" : "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone,
    });
    formatters.set(key, formatter);
  }
  // Some ICU versions put narrow no-break spaces in times ("4:30\u202fPM"); one such character
  // turns a whole SMS into UCS-2 (70 instead of 160 characters a segment).
  return formatter.format(typeof iso === "string" ? new Date(iso) : iso).replace(/[\u00a0\u202f\u2009]/g, " ");
}

/** "Tuesday, November 4 at 4:00 PM" — for confirmations, reminders and emails. */
export function formatVisitTime(iso: string | Date, language: string, timeZone: string): string {
  return format("long", iso, language, timeZone);
}

/** "Tue, 11/4, 4:00 PM" — for the numbered options of an SMS invitation, where every character costs. */
export function formatShortTime(iso: string | Date, language: string, timeZone: string): string {
  return format("short", iso, language, timeZone);
}
