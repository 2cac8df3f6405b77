import { LANGUAGE_TAGS } from "../../src/domain/languages";
import { formatShortTime, formatVisitTime } from "../../src/domain/time-format";
import { createI18n } from "../../src/i18n";
import { isSmsOnly, TEMPLATE_KEYS, type TemplateParams } from "../../src/messaging/templates/catalog";
import { renderEmail, renderSms } from "../../src/messaging/templates/render";

/**
 * Every template in every language, with one educator and with a pair, and every language's
 * dates at awkward instants (August, a Saturday, midnight, noon). The same function runs in
 * Node (test/unit/templates.test.ts) and in workerd (test/workers/templates.test.ts); both
 * compare it with test/fixtures/template-renders.json, so any difference between the
 * runtimes fails one of them. After an intended change, regenerate the file in Node:
 *   npx tsx test/support/write-render-snapshot.ts
 */
export const RENDER_TIMES = [
  "2026-11-17T16:30:00-06:00", // Tuesday afternoon
  "2026-11-21T10:00:00-06:00", // Saturday morning
  "2026-08-08T00:05:00-05:00", // Saturday in August, just after midnight
  "2026-12-31T12:00:00-06:00", // noon
];

const PAIR: TemplateParams = {
  school: "Riverside Elementary",
  sender: "Maria Gonzalez",
  educators: "Ms. Gonzalez & Mr. Carter",
  educatorCount: 2,
  times: RENDER_TIMES.slice(0, 3),
  time: RENDER_TIMES[0],
  link: "https://doorstep.example.org/f/k7Qp2mN9vR4s",
  event: "Family Literacy Night",
  place: "the school cafeteria",
  body: "See you soon",
  answer: "yes",
  count: 5,
  step: "4/5",
  prompt: "How do you like to hear from your child's teacher?",
  questionKind: "choice",
  choices: ["Text message", "Phone call", "Email", "In person"],
  questionTranslations: {
    es: { prompt: "¿Cómo prefiere recibir noticias?", choices: ["Texto", "Llamada", "Correo", "En persona"] },
  },
};
const ONE: TemplateParams = { ...PAIR, educators: "Ms. Gonzalez", educatorCount: 1 };

export function renderCases(): Record<string, string> {
  const i18n = createI18n();
  const out: Record<string, string> = {};
  for (const lng of LANGUAGE_TAGS) {
    for (const [i, time] of RENDER_TIMES.entries()) {
      out[`${lng} date ${i} long`] = formatVisitTime(time, lng, "America/Chicago");
      out[`${lng} date ${i} short`] = formatShortTime(time, lng, "America/Chicago");
    }
    for (const key of TEMPLATE_KEYS) {
      for (const [n, params] of [
        ["one", ONE],
        ["pair", PAIR],
      ] as const) {
        out[`${lng} sms ${key} ${n}`] = renderSms(i18n, key, lng, params, { timeZone: "America/Chicago" }).body;
        if (key === "welcome" || isSmsOnly(key)) continue;
        const email = renderEmail(i18n, key, lng, params, { timeZone: "America/Chicago" });
        out[`${lng} email ${key} ${n}`] = `${email.subject}\n\n${email.text}`;
      }
    }
  }
  return out;
}

/** The first keys whose values differ, for a readable failure. */
export function differences(actual: Record<string, string>, expected: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys]
    .filter((k) => actual[k] !== expected[k])
    .slice(0, 10)
    .map((k) => `${k}:\n  got      ${JSON.stringify(actual[k])}\n  expected ${JSON.stringify(expected[k])}`);
}
