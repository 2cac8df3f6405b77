import { and, count, countDistinct, eq } from "drizzle-orm";
import { surveyAnswers, surveyRecipients, surveys } from "../../../db/schema";
import type { SystemContext } from "../../context";

export type SurveyResponseRate = {
  surveyId: string;
  title: string;
  audience: "families" | "educators";
  preset: string | null;
  status: "draft" | "open" | "closed";
  /** Families or educators asked. */
  recipients: number;
  /** Of them, how many gave at least one answer (skipping every question is no response). */
  responded: number;
  /** responded / recipients; null before anyone was asked. */
  rate: number | null;
};

/**
 * Each survey of a school year with its response rate — for the fidelity page (HVP: the
 * end-of-year family and educator surveys are "a required component"). Counts only: no
 * answer and no respondent leaves here. The caller checks the school is in the actor's scope.
 */
export async function surveyResponseRates(
  ctx: SystemContext,
  input: { schoolId: string; schoolYear: string },
): Promise<SurveyResponseRate[]> {
  const { db } = ctx.deps;
  const list = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.schoolId, input.schoolId), eq(surveys.schoolYear, input.schoolYear)))
    .orderBy(surveys.createdAt);
  const out: SurveyResponseRate[] = [];
  for (const s of list) {
    const [asked] = await db.select({ n: count() }).from(surveyRecipients).where(eq(surveyRecipients.surveyId, s.id));
    const [answered] = await db
      .select({ n: countDistinct(surveyAnswers.recipientId) })
      .from(surveyAnswers)
      .where(eq(surveyAnswers.surveyId, s.id));
    const recipients = asked?.n ?? 0;
    const responded = answered?.n ?? 0;
    out.push({
      surveyId: s.id,
      title: s.title,
      audience: s.audience,
      preset: s.preset,
      status: s.status,
      recipients,
      responded,
      rate: recipients === 0 ? null : responded / recipients,
    });
  }
  return out;
}
