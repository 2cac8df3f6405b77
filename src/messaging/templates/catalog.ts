import { z } from "zod";
import type { MESSAGE_KINDS } from "../../../db/schema/enums";
import { digitGroups } from "../../domain/digit-groups";

/**
 * Every message Doorstep writes to families. Each entry says what kind of message it is
 * (kinds decide what counts as a personal "touch" for cadence and what quiet hours and
 * reminders rules apply) and which parameters a caller supplies. `school`, `sender` and
 * `educators` are filled in by the send service from the database.
 */
const iso = z.iso.datetime({ offset: true, message: "must be an ISO date-time such as 2026-11-04T16:00:00-06:00" });
const url = z.url({ message: "must be a URL" });
// The words reach a teacher's page beside the field (views/components/form-error.tsx).
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "is empty")
    .max(max, `is longer than ${digitGroups(max)} characters: shorten it`);

export const TEMPLATES = {
  /** First text to a number: names the program and says how to get help or opt out (CTIA). */
  welcome: { kind: "system", params: z.strictObject({}) },
  visit_invitation: {
    kind: "scheduling",
    params: z.strictObject({ times: z.array(iso).min(1, "needs 1–3 times").max(3, "needs 1–3 times"), link: url }),
  },
  /** `link`: the visit as an .ics (/c/<code>), so SMS families can add it to their calendar. */
  visit_confirmation: { kind: "scheduling", params: z.strictObject({ time: iso, link: url }) },
  visit_reminder: { kind: "reminder", params: z.strictObject({ time: iso }), timeSensitive: true },
  visit_reschedule: { kind: "scheduling", params: z.strictObject({ link: url }) },
  visit_thank_you: { kind: "personal", params: z.strictObject({}) },
  visit_decline_ack: { kind: "scheduling", params: z.strictObject({}) },
  visit_cancelled: { kind: "scheduling", params: z.strictObject({ time: iso }) },
  check_in: { kind: "personal", params: z.strictObject({}) },
  event_invitation: {
    kind: "broadcast",
    params: z.strictObject({
      event: text(80),
      time: iso,
      place: text(80),
      link: url,
      /** The event's title and place by language (events.translations); the family's is used. */
      translations: z
        .record(z.string(), z.strictObject({ title: text(80).optional(), location: text(80).optional() }))
        .optional(),
    }),
  },
  /** Thanks a family for an RSVP by text, naming the event and the answer taken (SMS only). */
  event_rsvp_ack: {
    kind: "system",
    smsOnly: true,
    params: z.strictObject({
      event: text(80),
      answer: z.enum(["yes", "no", "maybe"]),
      translations: z
        .record(z.string(), z.strictObject({ title: text(80).optional(), location: text(80).optional() }))
        .optional(),
    }),
  },
  opt_out_confirmation: { kind: "system", params: z.strictObject({}) },
  opt_in_confirmation: { kind: "system", params: z.strictObject({}) },
  help_reply: { kind: "system", params: z.strictObject({}) },
  /** The answer to a family's text outside their teachers' office hours: when they will answer. */
  office_hours_reply: { kind: "system", params: z.strictObject({ time: iso }) },
  personal: { kind: "personal", params: z.strictObject({ body: text(1000) }) },
  /** Surveys (services/surveys): the invitation with the family's link, then one question a text. */
  survey_invitation: {
    kind: "broadcast",
    params: z.strictObject({ count: z.number().int().min(1).max(30), link: url }),
  },
  survey_question: {
    kind: "broadcast",
    smsOnly: true,
    params: z.strictObject({
      step: text(10),
      prompt: text(500),
      questionKind: z.enum(["scale", "choice", "text"]),
      choices: z.array(text(120)).max(9).optional(),
      /** The question in other languages (survey_questions.translations); the family's is used. */
      questionTranslations: z
        .record(z.string(), z.strictObject({ prompt: text(500), choices: z.array(text(120)).optional() }))
        .optional(),
    }),
  },
  survey_reminder: { kind: "broadcast", params: z.strictObject({ link: url }) },
  survey_thanks: { kind: "broadcast", smsOnly: true, params: z.strictObject({}) },
} as const satisfies Record<
  string,
  { kind: (typeof MESSAGE_KINDS)[number]; params: z.ZodType; timeSensitive?: boolean; smsOnly?: boolean }
>;

export type TemplateKey = keyof typeof TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as [TemplateKey, ...TemplateKey[]];

export function isTemplateKey(key: string): key is TemplateKey {
  return Object.hasOwn(TEMPLATES, key);
}

/** Templates an educator may pick on the family page (no structured parameters needed). */
export const EDUCATOR_PICKABLE: TemplateKey[] = ["personal", "check_in", "visit_thank_you"];

/** Parameters as the renderer receives them: caller params plus the filled-in names. */
export type TemplateParams = {
  school: string;
  sender: string;
  educators: string;
  /** How many people `educators` names (1 or the pair's size): picks `_one`/`_other` wording. */
  educatorCount?: number;
  times?: string[];
  time?: string;
  link?: string;
  event?: string;
  place?: string;
  translations?: Record<string, { title?: string; location?: string }>;
  body?: string;
  /** An RSVP taken (event_rsvp_ack): yes, no or maybe. */
  answer?: string;
  /** Surveys: how many questions, "2/5", and the question (with its wording by language). */
  count?: number;
  step?: string;
  prompt?: string;
  questionKind?: "scale" | "choice" | "text";
  choices?: string[];
  questionTranslations?: Record<string, { prompt: string; choices?: string[] }>;
};

/**
 * Templates with no email version: answers to a text, sent back to the number that wrote, and a
 * survey's questions (email families get the survey's link instead).
 */
export function isSmsOnly(key: TemplateKey): boolean {
  return "smsOnly" in TEMPLATES[key] && TEMPLATES[key].smsOnly === true;
}

/**
 * Answers to a family's STOP/START/HELP: sent at once, even in quiet hours (carrier rules).
 * The office-hours reply answers the family's own text seconds after it came, so it too goes at
 * once: held until morning it would tell them nothing.
 */
export function isKeywordReply(templateKey: string | null): boolean {
  return (
    templateKey === "opt_out_confirmation" ||
    templateKey === "opt_in_confirmation" ||
    templateKey === "help_reply" ||
    templateKey === "office_hours_reply"
  );
}
