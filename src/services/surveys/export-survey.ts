import { asc, eq } from "drizzle-orm";
import { educators, families, surveyAnswers, surveyQuestions, surveyRecipients } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { recordAudit } from "../audit";
import { surveyResults } from "./survey-results";

/**
 * A survey's answers as spreadsheet rows, one per answer, audited. Anonymous: no respondent
 * column, and rows grouped by question and sorted by answer, so a row order cannot rejoin one
 * respondent's answers. Otherwise each row names the family or educator.
 */
export async function exportSurveyAnswers(ctx: ServiceContext, surveyId: string) {
  const results = await surveyResults(ctx, surveyId);
  const { survey } = results;
  const header = [
    "question",
    "prompt",
    "kind",
    ...(survey.anonymous ? [] : ["respondent"]),
    "value",
    "answer",
    "language",
    "translation",
  ];
  const rows: unknown[][] = [];
  for (const q of results.questions) {
    for (const [i, n] of q.counts.entries()) {
      // Scale and choice answers are counted: rows carry no order worth hiding, one per answer.
      if (survey.anonymous)
        for (let k = 0; k < n; k++) rows.push([q.position, q.prompt, q.kind, i + 1, q.labels[i], "", ""]);
    }
    for (const t of q.texts)
      rows.push([
        q.position,
        q.prompt,
        q.kind,
        ...(survey.anonymous ? [] : [t.respondent]),
        "",
        t.text,
        t.language,
        t.translation ?? "",
      ]);
  }
  if (!survey.anonymous) rows.push(...(await namedValueRows(ctx, surveyId)));
  await recordAudit(ctx, {
    action: "survey.export",
    subjectType: "survey",
    subjectId: survey.id,
    detail: { rows: rows.length, anonymous: survey.anonymous },
  });
  return { filename: `survey-${survey.id}.csv`, header, rows };
}

/** A named survey's scale and choice answers, by respondent. */
async function namedValueRows(ctx: ServiceContext, surveyId: string): Promise<unknown[][]> {
  const rows = await ctx.deps.db
    .select({
      position: surveyQuestions.position,
      prompt: surveyQuestions.prompt,
      kind: surveyQuestions.kind,
      choices: surveyQuestions.choices,
      value: surveyAnswers.value,
      language: surveyAnswers.language,
      family: families.displayName,
      educator: educators.name,
    })
    .from(surveyAnswers)
    .innerJoin(surveyQuestions, eq(surveyQuestions.id, surveyAnswers.questionId))
    .innerJoin(surveyRecipients, eq(surveyRecipients.id, surveyAnswers.recipientId))
    .leftJoin(families, eq(families.id, surveyRecipients.familyId))
    .leftJoin(educators, eq(educators.id, surveyRecipients.educatorId))
    .where(eq(surveyAnswers.surveyId, surveyId))
    .orderBy(asc(surveyQuestions.position), asc(surveyAnswers.recipientId));
  return rows
    .filter((r) => r.value !== null)
    .map((r) => [
      r.position,
      r.prompt,
      r.kind,
      r.family ?? r.educator,
      r.value,
      r.kind === "choice" ? (r.choices?.[r.value! - 1] ?? "") : String(r.value),
      r.language,
      "",
    ]);
}
