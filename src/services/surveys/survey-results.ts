import { and, eq } from "drizzle-orm";
import { educators, families, messageTranslations, surveyAnswers, surveyRecipients } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { SCALE_MAX } from "../../domain/surveys";
import { queueAccessAudit } from "../audit";
import { requireManagedSurvey } from "./access";
import { questionsOf } from "./ask-question";
import { surveyResponseRates } from "./response-rates";

/**
 * A survey's results for its coordinator: the response rate, each question's distribution
 * (how many chose each value) and its free-text answers with their staff-language
 * translation when one is done. An anonymous survey names no respondent anywhere — not
 * beside an answer, not in a list of who answered — and its free-text answers are sorted by
 * text, not by respondent, so answers cannot be matched up across questions either.
 */
export async function surveyResults(ctx: ServiceContext, surveyId: string) {
  const { survey, school } = await requireManagedSurvey(ctx, surveyId);
  const { db } = ctx.deps;
  const [rate] = (await surveyResponseRates(ctx, { schoolId: survey.schoolId, schoolYear: survey.schoolYear })).filter(
    (r) => r.surveyId === survey.id,
  );
  const answers = await db
    .select({
      answer: surveyAnswers,
      familyName: families.displayName,
      educatorName: educators.name,
      translation: messageTranslations.text,
    })
    .from(surveyAnswers)
    .innerJoin(surveyRecipients, eq(surveyRecipients.id, surveyAnswers.recipientId))
    .leftJoin(families, eq(families.id, surveyRecipients.familyId))
    .leftJoin(educators, eq(educators.id, surveyRecipients.educatorId))
    .leftJoin(
      messageTranslations,
      and(
        eq(messageTranslations.messageId, surveyAnswers.messageId),
        eq(messageTranslations.direction, "to_staff"),
        eq(messageTranslations.status, "done"),
      ),
    )
    .where(eq(surveyAnswers.surveyId, survey.id));
  const questions = (await questionsOf(ctx.deps, survey.id)).map((q) => {
    const own = answers.filter((a) => a.answer.questionId === q.id);
    const labels = q.kind === "scale" ? Array.from({ length: SCALE_MAX }, (_, i) => String(i + 1)) : (q.choices ?? []);
    const counts = labels.map((_, i) => own.filter((a) => a.answer.value === i + 1).length);
    const texts = own
      .filter((a) => a.answer.text !== null)
      .map((a) => ({
        text: a.answer.text!,
        language: a.answer.language,
        translation: a.translation,
        respondent: survey.anonymous ? null : (a.familyName ?? a.educatorName),
      }))
      .sort((x, y) =>
        survey.anonymous ? x.text.localeCompare(y.text) : (x.respondent ?? "").localeCompare(y.respondent ?? ""),
      );
    return { ...q, answered: own.length, labels, counts, texts };
  });
  queueAccessAudit(ctx, { action: "survey.results", subjectType: "survey", subjectId: survey.id });
  return { survey, school, rate: rate!, questions };
}

export type SurveyResults = Awaited<ReturnType<typeof surveyResults>>;
