import { and, eq } from "drizzle-orm";
import { surveyRecipients, surveys } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { AppError, NotFoundError } from "../../errors";
import { saveSurveyAnswers } from "./answer-by-link";
import { questionsOf } from "./ask-question";

/** An educator's own survey form: the survey and questions, if they were asked. */
export async function loadEducatorSurvey(ctx: ServiceContext, surveyId: string) {
  if (ctx.actor.type !== "educator") throw new NotFoundError("Survey not found");
  const [row] = await ctx.deps.db
    .select({ survey: surveys, recipient: surveyRecipients })
    .from(surveyRecipients)
    .innerJoin(surveys, eq(surveys.id, surveyRecipients.surveyId))
    .where(and(eq(surveyRecipients.surveyId, surveyId), eq(surveyRecipients.educatorId, ctx.actor.educatorId)));
  if (!row) throw new NotFoundError("Survey not found");
  const now = ctx.deps.clock.now();
  const open = row.survey.status === "open" && row.survey.opensAt <= now && row.survey.closesAt > now;
  return { ...row, open, questions: await questionsOf(ctx.deps, surveyId) };
}

/** The signed-in educator answers (in English: educator surveys are not translated). */
export async function answerEducatorSurvey(ctx: ServiceContext, surveyId: string, answers: Record<string, string>) {
  const page = await loadEducatorSurvey(ctx, surveyId);
  if (!page.open) throw new AppError("conflict", "This survey is not open");
  await saveSurveyAnswers(ctx, {
    surveyId,
    recipientId: page.recipient.id,
    language: "en",
    questions: page.questions,
    answers,
  });
}
