import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { QuestionText, QuestionTranslations } from "../../src/domain/surveys";
import { idColumn, oneOf, timestamp, timestamps } from "./_columns";
import { families } from "./households";
import { educators, schools } from "./organizations";

export const SURVEY_AUDIENCES = ["families", "educators"] as const;
export const SURVEY_STATUSES = ["draft", "open", "closed"] as const;
export const SURVEY_QUESTION_KINDS = ["scale", "choice", "text"] as const;

/**
 * A school's survey (HVP: the end-of-year family and educator surveys, "a required component").
 * `anonymous`: results never say who answered what — staff see the response rate and the
 * answers, not which family gave them (services/surveys/survey-results.ts).
 */
export const surveys = sqliteTable(
  "surveys",
  {
    id: idColumn(),
    schoolId: text("school_id")
      .notNull()
      .references(() => schools.id),
    schoolYear: text("school_year").notNull(),
    audience: text("audience", { enum: SURVEY_AUDIENCES }).notNull(),
    /** The preset it was made from ("hvp_family", "hvp_educator"), or null for the school's own. */
    preset: text("preset"),
    title: text("title").notNull(),
    status: text("status", { enum: SURVEY_STATUSES }).notNull().default("draft"),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(true),
    opensAt: timestamp("opens_at").notNull(),
    closesAt: timestamp("closes_at").notNull(),
    openedAt: timestamp("opened_at"),
    ...timestamps(),
  },
  (t) => [
    check("surveys_audience", oneOf(t.audience, SURVEY_AUDIENCES)),
    check("surveys_status", oneOf(t.status, SURVEY_STATUSES)),
    index("surveys_school_year").on(t.schoolId, t.schoolYear),
  ],
);

/** A question, in English (`prompt`, `choices`) and every family language (`translations`). */
export const surveyQuestions = sqliteTable(
  "survey_questions",
  {
    id: idColumn(),
    surveyId: text("survey_id")
      .notNull()
      .references(() => surveys.id),
    position: integer("position").notNull(),
    kind: text("kind", { enum: SURVEY_QUESTION_KINDS }).notNull(),
    prompt: text("prompt").notNull(),
    /** Choice questions: the choices, answered by their number (1, 2, …). Scales are 1–5. */
    choices: text("choices", { mode: "json" }).$type<string[]>(),
    translations: text("translations", { mode: "json" }).$type<QuestionTranslations>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    check("survey_questions_kind", oneOf(t.kind, SURVEY_QUESTION_KINDS)),
    uniqueIndex("survey_questions_position").on(t.surveyId, t.position),
  ],
);

/**
 * One family or educator asked to answer. `linkHash`: SHA-256 of the family's no-login link
 * code (the code itself is derived from the session secret and never stored). `smsPosition`:
 * the question a text answer is for (null: not asking by text, or done).
 */
export const surveyRecipients = sqliteTable(
  "survey_recipients",
  {
    id: idColumn(),
    surveyId: text("survey_id")
      .notNull()
      .references(() => surveys.id),
    familyId: text("family_id").references(() => families.id),
    educatorId: text("educator_id").references(() => educators.id),
    linkHash: text("link_hash"),
    channel: text("channel"),
    smsPosition: integer("sms_position"),
    invitedAt: timestamp("invited_at"),
    remindedAt: timestamp("reminded_at"),
    completedAt: timestamp("completed_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("survey_recipients_family").on(t.surveyId, t.familyId),
    uniqueIndex("survey_recipients_educator").on(t.surveyId, t.educatorId),
    uniqueIndex("survey_recipients_link").on(t.linkHash),
    index("survey_recipients_sms").on(t.familyId, t.smsPosition),
  ],
);

/** One answer: a number (scale 1–5, choice 1–n) or a short text, in the language it was given. */
export const surveyAnswers = sqliteTable(
  "survey_answers",
  {
    id: idColumn(),
    surveyId: text("survey_id")
      .notNull()
      .references(() => surveys.id),
    recipientId: text("recipient_id")
      .notNull()
      .references(() => surveyRecipients.id),
    questionId: text("question_id")
      .notNull()
      .references(() => surveyQuestions.id),
    value: integer("value"),
    text: text("text"),
    language: text("language").notNull(),
    /**
     * The text that carried it (SMS answers): its to_staff translation is the answer's
     * translation. No foreign key: the retention job erases old messages, and the answer
     * (with its own copy of the text) outlives the message.
     */
    messageId: text("message_id"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("survey_answers_once").on(t.recipientId, t.questionId),
    index("survey_answers_question").on(t.questionId),
  ],
);

export type { QuestionText, QuestionTranslations };
