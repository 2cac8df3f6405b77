import { asc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { surveyQuestions } from "../../../db/schema";
import type { Deps } from "../../context";
import { prepareOutbound } from "../../messaging/enqueue";

/** A survey question as stored: what the pages and the SMS questions read. */
export type SurveyQuestion = typeof surveyQuestions.$inferSelect;
type Question = SurveyQuestion;

export async function questionsOf(deps: Deps, surveyId: string): Promise<Question[]> {
  return deps.db
    .select()
    .from(surveyQuestions)
    .where(eq(surveyQuestions.surveyId, surveyId))
    .orderBy(asc(surveyQuestions.position));
}

/**
 * The text that asks one question, in the family's language (the renderer picks the wording
 * from the question's translations, as it resolves the contact's language), queued once per
 * recipient, question and purpose.
 */
export async function askQuestion(
  deps: Deps,
  input: { familyId: string; recipientId: string; question: Question; total: number; purpose?: string },
): Promise<BatchItem<"sqlite">[]> {
  const { question } = input;
  const { statements } = await prepareOutbound(deps, {
    familyId: input.familyId,
    educatorId: null,
    templateKey: "survey_question",
    params: {
      step: `${question.position}/${input.total}`,
      prompt: question.prompt,
      questionKind: question.kind,
      ...(question.choices ? { choices: question.choices } : {}),
      questionTranslations: question.translations,
    },
    requestedChannel: "sms",
    idempotencyKey: `survey:${input.recipientId}:q${question.position}${input.purpose ? `:${input.purpose}` : ""}`,
  });
  return statements;
}
