/**
 * Dates and times as a family reads them: in their language and their time zone, and the same
 * in Node and in workerd (test/workers/templates.test.ts compares both with one snapshot).
 * Most languages use the runtime's CLDR data. A few borrow the closest CLDR locale that
 * formats dates the way families expect (Dari → Afghan Persian). Where the Worker runtime has
 * no data of its own (Somali: workerd fell back to English) or CLDR has no locale at all
 * (Haitian Creole, Hmong), names are written out here (HAND_WRITTEN).
 */
const INTL_LOCALE: Record<string, string> = {
  // Afghan Persian formatting, but the Gregorian calendar US schools use ("۱۱/۱۷", not the solar "۸/۲۶").
  prs: "fa-AF-u-ca-gregory",
  "zh-Hans": "zh-Hans-CN",
  tl: "fil",
};

export function intlLocale(language: string): string {
  return INTL_LOCALE[language] ?? language;
}

type Parts = { weekday: number; month: number; day: number; hour: number; minute: number };
type Written = { long: (p: Parts) => string; short: (p: Parts) => string };

const h12 = (p: Parts) => `${p.hour % 12 === 0 ? 12 : p.hour % 12}:${String(p.minute).padStart(2, "0")}`;

/** Sunday first, as `Date.getDay()`. */
const SO = {
  weekdays: ["Axad", "Isniin", "Talaado", "Arbaco", "Khamiis", "Jimco", "Sabti"],
  weekdaysShort: ["Axd", "Isn", "Tldo", "Arbc", "Khms", "Jmc", "Sbti"],
  months: "Janaayo Febraayo Maarso Abriil Maayo Juun Luulyo Agosto Sebtembar Oktoobar Noofeembar Diseembar".split(" "),
};
const HT = {
  weekdays: ["dimanch", "lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi"],
  weekdaysShort: ["dim.", "len.", "mad.", "mèk.", "jed.", "van.", "sam."],
  months: "janvye fevriye mas avril me jen jiyè out septanm oktòb novanm desanm".split(" "),
};
/** White Hmong day names (hnub Ib = Monday … hnub Xya = Sunday); months by number ("lub 11 hlis"). */
const HMN_DAYS = ["Xya", "Ib", "Ob", "Peb", "Plaub", "Tsib", "Rau"];

const HAND_WRITTEN: Record<string, Written> = {
  // CLDR 48's Somali, written out: workerd has no `so` data and rendered English.
  so: {
    long: (p) =>
      `${SO.weekdays[p.weekday]}, ${SO.months[p.month - 1]} ${p.day} ee ${h12(p)} ${p.hour < 12 ? "GH" : "GD"}`,
    short: (p) => `${SO.weekdaysShort[p.weekday]}, ${p.month}/${p.day}, ${h12(p)} ${p.hour < 12 ? "GH" : "GD"}`,
  },
  // Kreyòl names (French dates inside Kreyòl sentences were the review's finding); day before
  // month as in Haiti; 12-hour AM/PM as US schools and the families' phones write times.
  ht: {
    long: (p) => `${HT.weekdays[p.weekday]} ${p.day} ${HT.months[p.month - 1]}, ${h12(p)} ${p.hour < 12 ? "AM" : "PM"}`,
    short: (p) => `${HT.weekdaysShort[p.weekday]} ${p.day}/${p.month}, ${h12(p)} ${p.hour < 12 ? "AM" : "PM"}`,
  },
  // Templates say "hnub {{time}}" ("on day …"), so the long form starts with the day's name.
  hmn: {
    long: (p) => `${HMN_DAYS[p.weekday]} tim ${p.day} lub ${p.month} hlis, ${h12(p)} ${p.hour < 12 ? "AM" : "PM"}`,
    short: (p) => `hnub ${HMN_DAYS[p.weekday]}, ${p.month}/${p.day}, ${h12(p)} ${p.hour < 12 ? "AM" : "PM"}`,
  },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The local calendar fields in a zone, from en-US data (present in every runtime). */
function partsIn(date: Date, timeZone: string): Parts {
  const formatter = cached(
    `parts|${timeZone}`,
    () =>
      new Intl.DateTimeFormat("en-US", {
        weekday: "short",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        hourCycle: "h23",
        timeZone,
      }),
  );
  const get = (type: string) => formatter.formatToParts(date).find((p) => p.type === type)!.value;
  return {
    weekday: WEEKDAY_INDEX[get("weekday")]!,
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")) % 24,
    minute: Number(get("minute")),
  };
}

function format(style: "long" | "short", iso: string | Date, language: string, timeZone: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  const written = HAND_WRITTEN[language];
  if (written) return written[style](partsIn(date, timeZone));
  const formatter = cached(
    `${style}|${language}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(language), {
        weekday: style === "long" ? "long" : "short",
        month: style === "long" ? "long" : "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZone,
      }),
  );
  // Some ICU versions put narrow no-break spaces in times ("4:30\u202fPM"); one such character
  // turns a whole SMS into UCS-2 (70 instead of 160 characters a segment).
  const text = formatter.format(date).replace(/[\u00a0\u202f\u2009]/g, " ");
  // Spanish "sáb" is the only non-GSM character of a Spanish option list: written "sab" there,
  // the invitation stays GSM-7 (2 segments instead of 5). Long dates keep "sábado".
  return style === "short" && language === "es" ? text.replace("sáb", "sab") : text;
}

/** "Tuesday, November 4 at 4:00 PM" — for confirmations, reminders and emails. */
export function formatVisitTime(iso: string | Date, language: string, timeZone: string): string {
  return format("long", iso, language, timeZone);
}

/** "Tue, 11/4, 4:00 PM" — for the numbered options of an SMS invitation, where every character costs. */
export function formatShortTime(iso: string | Date, language: string, timeZone: string): string {
  return format("short", iso, language, timeZone);
}
