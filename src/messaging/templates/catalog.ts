import { z } from "zod";
import { digitGroups } from "../../domain/digit-groups";
import type { MESSAGE_KINDS } from "../../domain/enums";

/**
 * Every message Doorstep writes to families. Each entry says what kind of message it is
 * (kinds decide what counts as a personal "touch" for cadence and what quiet hours and
 * reminders rules apply) and which parameters a caller supplies. `school`, `sender` and
 * `educators` are filled in by the send service from the database.
 *
 * An entry also carries the template's own behaviour, read by the dispatcher and the renderer
 * (which never compare template keys): see `TemplateSpec` below for each property. A new
 * message type with behaviour is one entry here plus its strings in `locales/`.
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
    fragments: "time_options",
  },
  /** `link`: the visit as an .ics (/c/<code>), so SMS families can add it to their calendar. */
  visit_confirmation: {
    kind: "scheduling",
    params: z.strictObject({ time: iso, link: url }),
    // Email families get the calendar file itself.
    attachments: ["visit_ics"],
  },
  visit_reminder: { kind: "reminder", params: z.strictObject({ time: iso }), timeSensitive: true },
  visit_reschedule: { kind: "scheduling", params: z.strictObject({ link: url }) },
  visit_thank_you: { kind: "personal", params: z.strictObject({}), educatorPick: 3 },
  visit_decline_ack: { kind: "scheduling", params: z.strictObject({}) },
  visit_cancelled: { kind: "scheduling", params: z.strictObject({ time: iso }) },
  check_in: { kind: "personal", params: z.strictObject({}), educatorPick: 2 },
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
    fragments: "rsvp_answer",
    params: z.strictObject({
      event: text(80),
      answer: z.enum(["yes", "no", "maybe"]),
      translations: z
        .record(z.string(), z.strictObject({ title: text(80).optional(), location: text(80).optional() }))
        .optional(),
    }),
  },
  opt_out_confirmation: {
    kind: "system",
    params: z.strictObject({}),
    keywordReply: { queue: "jumps" },
    sentAfterOptOut: true,
  },
  opt_in_confirmation: { kind: "system", params: z.strictObject({}), keywordReply: { queue: "jumps" } },
  help_reply: { kind: "system", params: z.strictObject({}), keywordReply: { queue: "jumps" } },
  /** The answer to a family's text outside their teachers' office hours: when they will answer. */
  office_hours_reply: {
    kind: "system",
    params: z.strictObject({ time: iso }),
    // Answers the family's own text seconds after it came: held until morning it would tell them
    // nothing. It keeps its place in the number's queue (it answers no keyword).
    keywordReply: { queue: "keeps" },
  },
  personal: { kind: "personal", params: z.strictObject({ body: text(1000) }), educatorPick: 1 },
  /** Surveys (services/surveys): the invitation with the family's link, then one question a text. */
  survey_invitation: {
    kind: "broadcast",
    params: z.strictObject({ count: z.number().int().min(1).max(30), link: url }),
  },
  survey_question: {
    kind: "broadcast",
    smsOnly: true,
    fragments: "survey_hint",
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
  /**
   * PTLT conferences (services/conferences): the invitation lists up to three open slots by their
   * numbers (`positions`; none when another question waits for a digit: then only the link).
   */
  conference_invitation: {
    kind: "broadcast",
    fragments: "conference_options",
    params: z.strictObject({
      event: text(80),
      place: text(80).optional(),
      link: url,
      times: z.array(iso).max(3),
      positions: z.array(z.number().int().min(1).max(99)).max(3),
      translations: z
        .record(z.string(), z.strictObject({ title: text(80).optional(), location: text(80).optional() }))
        .optional(),
    }),
  },
  /** `link`: the booked slot as an .ics (/c/<code>); `pageLink`: the family's page to change it. */
  conference_confirmation: {
    kind: "scheduling",
    params: z.strictObject({
      event: text(80),
      time: iso,
      link: url,
      pageLink: url,
      translations: z
        .record(z.string(), z.strictObject({ title: text(80).optional(), location: text(80).optional() }))
        .optional(),
    }),
  },
  conference_reminder: {
    kind: "reminder",
    timeSensitive: true,
    params: z.strictObject({
      event: text(80),
      time: iso,
      link: url,
      translations: z
        .record(z.string(), z.strictObject({ title: text(80).optional(), location: text(80).optional() }))
        .optional(),
    }),
  },
  /** The answer to a digit for a slot another family booked first (SMS only). */
  conference_slot_taken: { kind: "scheduling", smsOnly: true, params: z.strictObject({ link: url }) },
} as const satisfies Record<string, TemplateSpec>;

/** What a catalog entry may say about its template. Every property is read somewhere: named here. */
export type TemplateSpec = {
  kind: (typeof MESSAGE_KINDS)[number];
  params: z.ZodType;
  /** No email version (see `isSmsOnly`). */
  smsOnly?: boolean;
  /**
   * An answer to the family's own text: sent at once, even in quiet hours (enqueue and dispatcher).
   * `queue: "jumps"`: an answer to STOP/START/HELP, which also neither waits for nor holds up the
   * number's queue (outbox-store `claimDue`; carriers expect the confirmation at once).
   */
  keywordReply?: { queue: "jumps" | "keeps" };
  /** Still sent to a contact who opted out of this channel: the confirmation of that opt-out (dispatcher). */
  sentAfterOptOut?: boolean;
  /**
   * About a moment (`params.time`) that can pass. The dispatcher drops it, unsent, once the
   * moment has passed or when its visit no longer holds at that time (moved or called off
   * after it was queued), and a text carries a validity window ending at the moment (Twilio's
   * ValidityPeriod), so the carrier drops rather than delivers it late.
   */
  timeSensitive?: boolean;
  /** Files an email of it carries (dispatcher `ATTACHMENTS`): `visit_ics` is the visit's calendar file. */
  attachments?: readonly "visit_ics"[];
  /**
   * The shared SMS fragments (`sms:fragments.*`) its text is built from, by set (renderer
   * `FRAGMENT_SETS`): they are required in the family's language like the template itself.
   */
  fragments?: "time_options" | "rsvp_answer" | "survey_hint" | "conference_options";
  /** Offered to educators on the family page's compose form, at this place in the menu. */
  educatorPick?: number;
};

export type TemplateKey = keyof typeof TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as [TemplateKey, ...TemplateKey[]];

export function isTemplateKey(key: string): key is TemplateKey {
  return Object.hasOwn(TEMPLATES, key);
}

/**
 * A template's entry, for the code that acts on its properties (read as the wider
 * `TemplateSpec`, so an absent property reads as absent). Null for no or an unknown key (an
 * inbound message, a row written by an older version).
 */
export function templateSpec(key: string | null): TemplateSpec | null {
  return key !== null && isTemplateKey(key) ? TEMPLATES[key] : null;
}

/**
 * Templates an educator may pick on the family page (no structured parameters needed), in
 * menu order. Read when the form is drawn, so the menu is always the catalog's.
 */
export function educatorPickable(): TemplateKey[] {
  return TEMPLATE_KEYS.filter((key) => templateSpec(key)?.educatorPick !== undefined).sort(
    (a, b) => templateSpec(a)!.educatorPick! - templateSpec(b)!.educatorPick!,
  );
}

/** The keyword replies that jump their number's queue (outbox-store `claimDue`). */
export function queueJumpingReplies(): TemplateKey[] {
  return TEMPLATE_KEYS.filter((key) => templateSpec(key)?.keywordReply?.queue === "jumps");
}

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
  /** Conferences: the listed slots' numbers, and the family's page beside the calendar link. */
  positions?: number[];
  pageLink?: string;
};

/**
 * Templates with no email version: answers to a text, sent back to the number that wrote, and a
 * survey's questions (email families get the survey's link instead).
 */
export function isSmsOnly(key: TemplateKey): boolean {
  return templateSpec(key)?.smsOnly === true;
}

/**
 * Answers to a family's own text (STOP/START/HELP, and the office-hours reply): sent at once,
 * even in quiet hours — the catalog's `keywordReply`.
 */
export function isKeywordReply(templateKey: string | null): boolean {
  return templateSpec(templateKey)?.keywordReply !== undefined;
}
