import { describe, expect, it } from "vitest";
import { LANGUAGE_TAGS, textDirection } from "../../src/domain/languages";
import { formatShortTime, formatVisitTime } from "../../src/domain/time-format";
import { createI18n } from "../../src/i18n";
import { isSmsOnly, TEMPLATE_KEYS, type TemplateKey, type TemplateParams } from "../../src/messaging/templates/catalog";
import { renderEmail, renderSms } from "../../src/messaging/templates/render";
import expectedRenders from "../fixtures/template-renders.json";
import { leaves, loadLocalesFromDisk, placeholders } from "../support/locales";
import { differences, RENDER_TIMES, renderCases } from "../support/render-cases";

const resources = loadLocalesFromDisk();
const i18n = createI18n(resources);
const ONLY = process.env.LOCALE; // translators: LOCALE=vi npx vitest run test/unit/templates.test.ts
const LANGS = LANGUAGE_TAGS.filter((l) => !ONLY || l === ONLY || l === "en");

/** Realistically long parameters: a long school name, a pair of teachers, a real link length. */
const LONG: TemplateParams = {
  school: "Riverside Elementary",
  sender: "Maria Gonzalez-Whitfield",
  educators: "Ms. Gonzalez & Mr. Carter",
  educatorCount: 2,
  times: ["2026-11-17T16:30:00-06:00", "2026-11-18T17:45:00-06:00", "2026-11-21T10:00:00-06:00"],
  time: "2026-11-18T17:45:00-06:00",
  link: "https://doorstep.cedarvalley.org/f/k7Qp2mN9vR4s",
  event: "Family Literacy Night & Potluck",
  place: "the school cafeteria",
  body: "Lucia did a wonderful job reading aloud to the class today. Please keep reading together at home this week!",
  answer: "maybe",
  count: 5,
  step: "4/5",
  prompt: "How do you like to hear from your child's teacher?",
  questionKind: "choice",
  choices: ["Text message", "Phone call", "Email", "In person"],
};

/**
 * Segments a template may cost with LONG parameters; 3 unless listed. The welcome and HELP
 * answers carry the emergency and machine-translation notices (locales/STATUS.md has the
 * counts per language); the 3-time invitation in UCS-2 languages says who wants to visit.
 */
const SEGMENT_BUDGET: Partial<Record<TemplateKey, number>> = {
  welcome: 4,
  help_reply: 4,
  visit_invitation: 4,
  // The confirmation's "add to calendar" link (issue 21) costs a 4th segment in pt, uk and prs
  // (UCS-2 with LONG parameters: 203–229 characters); every other language stays within 3.
  visit_confirmation: 4,
  // Three numbered open slots and the link to all of them: 4 in UCS-2 languages, like the visit invitation.
  conference_invitation: 4,
};
/** Languages whose every template is GSM-7 with LONG parameters; the others are UCS-2 throughout. */
const GSM7_LANGUAGES = ["en", "es", "fr", "ht", "hmn", "so", "tl"];
/** Short texts of UCS-2 languages that happen to need no character outside GSM-7 (cheaper). */
const GSM7_IN_UCS2_LANGUAGE: Record<string, TemplateKey[]> = { pt: ["survey_thanks"] };

/** In UCS-2 languages, texts that are GSM-7 all the same with LONG (its RSVP is "maybe"). */
const GSM7_ALSO: Record<string, TemplateKey[]> = { pt: ["event_rsvp_ack"] };

/** Words carriers treat as opt-out commands: never ask a family to type them for anything else. */
const CARRIER_OPT_OUT = /\b(STOP|STOPALL|UNSUBSCRIBE|CANCEL|END|QUIT|REVOKE|OPTOUT)\b/i;
/** Where opt-out instructions belong (carrier rules): the first message, HELP, and opt-in. */
const OPT_OUT_INSTRUCTIONS: TemplateKey[] = ["welcome", "help_reply", "opt_in_confirmation"];

describe("locales", () => {
  const english = {
    sms: leaves(resources.en!.sms),
    email: leaves(resources.en!.email),
    family: leaves(resources.en!.family),
  };

  it.each(LANGS)("%s has every key of English, with the same placeholders", (lng) => {
    for (const ns of ["sms", "email", "family"] as const) {
      const own = leaves(resources[lng]?.[ns]);
      expect([...own.keys()].sort(), `${lng}/${ns}.json keys`).toEqual([...english[ns].keys()].sort());
      for (const [key, text] of english[ns]) {
        expect(placeholders(own.get(key) ?? ""), `${lng}/${ns}.json ${key}`).toEqual(placeholders(text));
        expect(own.get(key)!.trim(), `${lng}/${ns}.json ${key} is empty`).not.toBe("");
      }
    }
  });
});

describe("SMS templates", () => {
  it.each(LANGS)("%s: every template fits its segment budget with long parameters", (lng) => {
    const report: string[] = [];
    for (const key of TEMPLATE_KEYS) {
      const rendered = renderSms(i18n, key, lng, LONG, { timeZone: "America/Chicago" });
      expect(rendered.fallbackFrom, `${lng} ${key} fell back to English`).toBeNull();
      report.push(`${key}: ${rendered.segments.encoding} × ${rendered.segments.segments}`);
      expect(
        rendered.segments.segments,
        `${lng} ${key} (${rendered.segments.encoding}, ${rendered.segments.characters} chars):\n${rendered.body}`,
      ).toBeLessThanOrEqual(SEGMENT_BUDGET[key] ?? 3);
    }
    expect(report).toHaveLength(TEMPLATE_KEYS.length);
  });

  it.each(LANGS)("%s: the templates that are GSM-7 (160 characters a segment) are the expected ones", (lng) => {
    const gsm = TEMPLATE_KEYS.filter(
      (key) =>
        key !== "personal" &&
        renderSms(i18n, key, lng, LONG, { timeZone: "America/Chicago" }).segments.encoding === "GSM-7",
    );
    // A flip either way is a cost change someone should see: update locales/STATUS.md with it.
    expect(gsm, `${lng}: GSM-7 templates`).toEqual(
      GSM7_LANGUAGES.includes(lng)
        ? TEMPLATE_KEYS.filter((k) => k !== "personal")
        : [...(GSM7_ALSO[lng] ?? []), ...(GSM7_IN_UCS2_LANGUAGE[lng] ?? [])],
    );
  });

  it("dates that cost a UCS-2 text: Spanish Saturdays and French August in long dates only", () => {
    const at = (lng: string, time: string, key: TemplateKey = "visit_confirmation") =>
      renderSms(i18n, key, lng, { ...LONG, time, times: [time] }, { timeZone: "America/Chicago" }).segments.encoding;
    expect(at("es", "2026-11-21T10:00:00-06:00")).toBe("UCS-2"); // "sábado"
    expect(at("es", "2026-11-21T10:00:00-06:00", "visit_invitation")).toBe("GSM-7"); // options say "sab"
    expect(at("fr", "2026-08-18T10:00:00-05:00")).toBe("UCS-2"); // "août"
    expect(at("fr", "2026-08-18T10:00:00-05:00", "visit_invitation")).toBe("GSM-7"); // "18/8"
    expect(at("ht", "2026-08-18T10:00:00-05:00")).toBe("GSM-7"); // Kreyòl "out"
  });

  it.each(LANGS)("%s: only the opt-out instructions mention opt-out words", (lng) => {
    for (const key of TEMPLATE_KEYS) {
      const { body } = renderSms(i18n, key, lng, { ...LONG, body: "See you soon" }, { timeZone: "America/Chicago" });
      if (OPT_OUT_INSTRUCTIONS.includes(key)) expect(body, `${lng} ${key}`).toMatch(/\bSTOP\b/);
      else if (key === "opt_out_confirmation") expect(body, `${lng} ${key}`).toMatch(/\bSTART\b/);
      else expect(body, `${lng} ${key}`).not.toMatch(CARRIER_OPT_OUT);
    }
  });

  it("lists the proposed times with their reply digits, in the family's zone", () => {
    const { body } = renderSms(i18n, "visit_invitation", "en", LONG, { timeZone: "America/Chicago" });
    expect(body).toContain("1) Tue, 11/17, 4:30 PM");
    expect(body).toContain("3) Sat, 11/21, 10:00 AM");
    expect(body).toContain("or 0 if none work");
    const one = renderSms(
      i18n,
      "visit_invitation",
      "en",
      { ...LONG, times: [LONG.times![0]!] },
      { timeZone: "America/Los_Angeles" },
    );
    expect(one.body).toContain("1) Tue, 11/17, 2:30 PM");
    expect(one.body).toContain("Reply 1 if it works");
  });

  it("falls back to English as a whole when a key is missing, and says so", () => {
    const partial = createI18n({ en: resources.en!, so: { sms: { check_in: "x" } } });
    const rendered = renderSms(partial, "welcome", "so", LONG, { timeZone: "UTC" });
    expect(rendered).toMatchObject({ language: "en", fallbackFrom: "so" });
    expect(rendered.body).toContain("Reply HELP");
  });
});

/**
 * Where a verb or pronoun agrees with {{educators}} ("needs" / "need"), each language has a
 * singular and a plural form. This table says, per language, which templates' wording differs
 * between one educator and a pair, so a translator's edit that drops a form shows up here.
 */
const AGREES: Record<string, { sms: string[]; email: string[] }> = {
  en: { sms: ["visit_reschedule", "visit_cancelled"], email: ["visit_reschedule", "visit_cancelled"] },
  es: { sms: ["visit_cancelled"], email: ["visit_invitation", "visit_cancelled"] },
  fr: { sms: ["visit_cancelled"], email: ["visit_invitation", "visit_cancelled"] },
  pt: { sms: ["visit_cancelled"], email: ["visit_invitation", "visit_cancelled"] },
  ru: { sms: ["visit_confirmation", "visit_cancelled"], email: ["visit_invitation", "visit_cancelled"] },
  uk: { sms: ["visit_confirmation", "visit_cancelled"], email: ["visit_invitation", "visit_cancelled"] },
  so: { sms: ["visit_cancelled"], email: ["visit_reschedule", "visit_cancelled"] },
  prs: {
    sms: ["visit_reminder", "visit_reschedule", "visit_cancelled"],
    email: ["visit_invitation", "visit_reminder", "visit_reschedule", "visit_cancelled"],
  },
  tl: {
    sms: ["visit_confirmation", "visit_reminder", "visit_reschedule", "visit_cancelled"],
    email: ["visit_invitation", "visit_confirmation", "visit_reminder", "visit_reschedule", "visit_cancelled"],
  },
};

describe("one educator or a pair", () => {
  const ONE: TemplateParams = { ...LONG, educators: "Ms. Gonzalez", educatorCount: 1 };

  it.each(LANGS)("%s: every template renders with one and with two educators, agreeing", (lng) => {
    const differs = { sms: [] as string[], email: [] as string[] };
    for (const key of TEMPLATE_KEYS) {
      const one = renderSms(i18n, key, lng, ONE, { timeZone: "America/Chicago" });
      const two = renderSms(i18n, key, lng, LONG, { timeZone: "America/Chicago" });
      expect([one.fallbackFrom, two.fallbackFrom], `${lng} ${key}`).toEqual([null, null]);
      expect(one.body, `${lng} ${key}: the pair leaked into the one-educator text`).not.toContain("Mr. Carter");
      if (one.body.replace("Ms. Gonzalez", LONG.educators) !== two.body) differs.sms.push(key);
      if (key === "welcome" || isSmsOnly(key)) continue;
      const oneEmail = renderEmail(i18n, key, lng, ONE, { timeZone: "America/Chicago" });
      const twoEmail = renderEmail(i18n, key, lng, LONG, { timeZone: "America/Chicago" });
      expect([oneEmail.fallbackFrom, twoEmail.fallbackFrom], `${lng} ${key} email`).toEqual([null, null]);
      if (oneEmail.text.replaceAll("Ms. Gonzalez", LONG.educators) !== twoEmail.text) differs.email.push(key);
    }
    expect(differs).toEqual(AGREES[lng] ?? { sms: [], email: [] });
  });

  it("English says 'needs' for one teacher and 'need' for a pair", () => {
    const one = renderSms(i18n, "visit_cancelled", "en", ONE, { timeZone: "UTC" }).body;
    const two = renderSms(i18n, "visit_cancelled", "en", LONG, { timeZone: "UTC" }).body;
    expect(one).toContain("Ms. Gonzalez needs to call off");
    expect(two).toContain("Ms. Gonzalez & Mr. Carter need to call off");
  });

  it("keeps the plural wording when the count is unknown", () => {
    const { educatorCount: _, ...unknown } = LONG;
    expect(renderSms(i18n, "visit_reschedule", "en", unknown, { timeZone: "UTC" }).body).toContain("need a new time");
  });
});

describe("email templates", () => {
  it.each(LANGS)("%s: subject, text and escaped HTML with lang, dir and an unsubscribe link", (lng) => {
    for (const key of TEMPLATE_KEYS.filter((k) => k !== "welcome" && !isSmsOnly(k))) {
      const email = renderEmail(
        i18n,
        key,
        lng,
        { ...LONG, body: '<b>"bold"</b> & more' },
        {
          timeZone: "America/Chicago",
          unsubscribeUrl: "https://doorstep.example.org/u/tok",
        },
      );
      expect(email.fallbackFrom, `${lng} ${key}`).toBeNull();
      expect(email.subject.length, `${lng} ${key} subject`).toBeGreaterThan(3);
      expect(email.html).toContain(`<html lang="${lng}" dir="${textDirection(lng)}">`);
      expect(email.html).toContain('href="https://doorstep.example.org/u/tok"');
      expect(email.text).toContain("https://doorstep.example.org/u/tok");
      if (key === "personal") {
        expect(email.html).toContain("&lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more");
        expect(email.html).not.toContain("<b>");
      }
    }
  });
});

describe("dates, the same in every runtime", () => {
  it("Node renders every template and date as the snapshot workerd is also compared with", () => {
    // test/workers/templates.test.ts runs the same cases in workerd against the same file.
    expect(
      differences(renderCases(), expectedRenders),
      "regenerate: npx tsx test/support/write-render-snapshot.ts",
    ).toEqual([]);
  });

  it("hand-written Somali names are CLDR's, as Node's ICU has them", () => {
    const cldr = (iso: string, long: boolean) =>
      new Intl.DateTimeFormat("so", {
        weekday: long ? "long" : "short",
        month: long ? "long" : "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZone: "America/Chicago",
      })
        .format(new Date(iso))
        .replace(/[\u00a0\u202f]/g, " ");
    for (const time of RENDER_TIMES) {
      expect(formatVisitTime(time, "so", "America/Chicago")).toBe(cldr(time, true));
      expect(formatShortTime(time, "so", "America/Chicago")).toBe(cldr(time, false));
    }
  });

  it("Haitian Creole and Hmong dates are in their own words, not French or English", () => {
    expect(formatVisitTime("2026-08-17T16:30:00-05:00", "ht", "America/Chicago")).toBe("lendi 17 out, 4:30 PM");
    expect(formatShortTime("2026-11-17T16:30:00-06:00", "hmn", "America/Chicago")).toBe("hnub Ob, 11/17, 4:30 PM");
    expect(formatVisitTime("2026-11-22T09:00:00-06:00", "hmn", "America/Chicago")).toBe(
      "Xya tim 22 lub 11 hlis, 9:00 AM",
    );
  });
});

describe("bundled resources", () => {
  it("bundle every locale file on disk, so the Worker sends what translators wrote", async () => {
    const { BUNDLED_RESOURCES } = await import("../../src/i18n-resources");
    const disk = loadLocalesFromDisk(["sms", "email", "family"]);
    for (const lng of Object.keys(disk)) {
      for (const ns of ["sms", "email", "family"])
        expect(BUNDLED_RESOURCES[lng]?.[ns], `${lng} ${ns}`).toEqual(disk[lng]![ns]);
    }
    expect(Object.keys(disk).sort()).toEqual([...LANGUAGE_TAGS].sort());
  });
});
