import { and, count, desc, eq, isNotNull } from "drizzle-orm";
import { surveyQuestions, surveyRecipients, surveys } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";
import { requireManagedSurvey, SURVEY_MANAGERS } from "./access";
import { questionsOf } from "./ask-question";
import { surveyResponseRates } from "./response-rates";

/** A school's surveys, newest first, with their response rates. */
export async function listSurveys(ctx: ServiceContext, schoolId: string) {
  requireRole(ctx.actor, SURVEY_MANAGERS, "manage surveys");
  const school = await requireSchoolInScope(ctx, schoolId);
  const rows = await ctx.deps.db
    .select()
    .from(surveys)
    .where(eq(surveys.schoolId, school.id))
    .orderBy(desc(surveys.createdAt));
  const rates = new Map(
    (
      await Promise.all(
        [...new Set(rows.map((r) => r.schoolYear))].map((schoolYear) =>
          surveyResponseRates(ctx, { schoolId, schoolYear }),
        ),
      )
    )
      .flat()
      .map((r) => [r.surveyId, r]),
  );
  return rows.map((s) => ({ ...s, rate: rates.get(s.id)! }));
}

/** One survey with its questions, for the coordinator's edit form. */
export async function getSurvey(ctx: ServiceContext, surveyId: string) {
  const { survey, school } = await requireManagedSurvey(ctx, surveyId);
  return { survey, school, questions: await questionsOf(ctx.deps, survey.id) };
}

/** Open educator surveys of the signed-in educator's school that they have been asked. */
export async function mySurveys(ctx: ServiceContext) {
  if (ctx.actor.type !== "educator") return [];
  const rows = await ctx.deps.db
    .select({ survey: surveys, recipient: surveyRecipients, questions: count(surveyQuestions.id) })
    .from(surveyRecipients)
    .innerJoin(surveys, eq(surveys.id, surveyRecipients.surveyId))
    .innerJoin(surveyQuestions, eq(surveyQuestions.surveyId, surveys.id))
    .where(
      and(
        eq(surveyRecipients.educatorId, ctx.actor.educatorId),
        eq(surveys.status, "open"),
        isNotNull(surveyRecipients.invitedAt),
      ),
    )
    .groupBy(surveyRecipients.id);
  return rows;
}
