import { and, eq, inArray } from "drizzle-orm";
import { families, schools, surveyAnswers, surveyRecipients, surveys } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { derivedId } from "../../domain/ids";
import { parseSurveyAnswer, questionIn } from "../../domain/surveys";
import { ValidationError } from "../../errors";
import { questionsOf } from "./ask-question";
import { surveyLinkHash } from "./link-code";

/** What a family's survey page shows, from its link code (null: unknown or mistyped). */
export async function loadFamilySurveyPage(ctx: SystemContext, code: string) {
  const hash = await surveyLinkHash(code);
  if (!hash) return null;
  const { db, clock } = ctx.deps;
  const [row] = await db
    .select({ recipient: surveyRecipients, survey: surveys, family: families, school: schools })
    .from(surveyRecipients)
    .innerJoin(surveys, eq(surveys.id, surveyRecipients.surveyId))
    .innerJoin(families, eq(families.id, surveyRecipients.familyId))
    .innerJoin(schools, eq(schools.id, surveys.schoolId))
    .where(eq(surveyRecipients.linkHash, hash));
  if (!row) return null;
  const now = clock.now();
  const language = row.family.language;
  const questions = (await questionsOf(ctx.deps, row.survey.id)).map((q) => ({
    ...q,
    own: questionIn(q, language),
  }));
  const given = await db.select().from(surveyAnswers).where(eq(surveyAnswers.recipientId, row.recipient.id));
  const open = row.survey.status === "open" && row.survey.opensAt <= now && row.survey.closesAt > now;
  return { ...row, language, questions, given, open };
}

export type SurveyPage = NonNullable<Awaited<ReturnType<typeof loadFamilySurveyPage>>>;

/**
 * Answers from a survey form (the family's link or a signed-in educator): one value per
 * question id, blank for no answer. Every answer is checked before any is written; a bad one
 * is named by its question (`answers.<position>`). Answers given earlier by text or on the
 * link are replaced: the latest form is what the respondent means. Ends the text questions.
 */
export async function saveSurveyAnswers(
  ctx: SystemContext,
  input: {
    surveyId: string;
    recipientId: string;
    language: string;
    questions: { id: string; position: number; kind: "scale" | "choice" | "text"; choices: string[] | null }[];
    answers: Record<string, string>;
  },
) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const problems: Record<string, string> = {};
  const rows: (typeof surveyAnswers.$inferInsert)[] = [];
  const blank: string[] = [];
  for (const q of input.questions) {
    const raw = (input.answers[q.id] ?? "").trim();
    if (!raw) {
      blank.push(q.id);
      continue;
    }
    const parsed = parseSurveyAnswer(q, raw);
    if (!parsed) problems[`answers.${q.position}`] = q.kind === "text" ? "is not valid" : "is not one of the choices";
    else if (!parsed.skip)
      rows.push({
        id: derivedId("sra", `${input.recipientId}:${q.id}`),
        surveyId: input.surveyId,
        recipientId: input.recipientId,
        questionId: q.id,
        value: parsed.value,
        text: parsed.text,
        language: input.language,
        createdAt: now,
        updatedAt: now,
      });
  }
  if (Object.keys(problems).length) throw new ValidationError(problems, "Some answers are not valid");
  await db.batch([
    ...(blank.length
      ? [
          db
            .delete(surveyAnswers)
            .where(and(eq(surveyAnswers.recipientId, input.recipientId), inArray(surveyAnswers.questionId, blank))),
        ]
      : []),
    ...rows.map((r) =>
      db
        .insert(surveyAnswers)
        .values(r)
        .onConflictDoUpdate({
          target: [surveyAnswers.recipientId, surveyAnswers.questionId],
          set: { value: r.value, text: r.text, language: r.language, messageId: null, updatedAt: now },
        }),
    ),
    db
      .update(surveyRecipients)
      .set({ completedAt: now, smsPosition: null, updatedAt: now })
      .where(eq(surveyRecipients.id, input.recipientId)),
  ] as never);
}

/** The family submits the page. */
export async function answerSurveyByLink(ctx: SystemContext, page: SurveyPage, answers: Record<string, string>) {
  await saveSurveyAnswers(ctx, {
    surveyId: page.survey.id,
    recipientId: page.recipient.id,
    language: page.language,
    questions: page.questions,
    answers,
  });
}
