import { eq } from "drizzle-orm";
import { auditLog, surveyQuestions, surveys } from "../../../db/schema";
import type { QuestionTranslations } from "../../../db/schema/surveys";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { isLanguageTag } from "../../domain/languages";
import { surveyProblems } from "../../domain/surveys";
import { ConflictError, ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireManagedSurvey } from "./access";

export type QuestionInput = {
  kind: "scale" | "choice" | "text";
  prompt: string;
  choices?: string[] | null;
  translations?: QuestionTranslations;
};

/**
 * The school edits a draft: title, window, anonymity, questions and their translations. Once
 * open the questions are fixed — answers already given refer to them.
 */
export async function updateSurvey(
  ctx: ServiceContext,
  input: {
    surveyId: string;
    title: string;
    opensAt: string;
    closesAt: string;
    anonymous: boolean;
    questions: QuestionInput[];
  },
) {
  const { survey } = await requireManagedSurvey(ctx, input.surveyId);
  if (survey.status !== "draft") throw new ConflictError("An open or closed survey cannot be edited");
  const opensAt = new Date(input.opensAt);
  const closesAt = new Date(input.closesAt);
  const problems = surveyProblems({ title: input.title, opensAt, closesAt, questions: input.questions });
  input.questions.forEach((q, i) => {
    for (const [lang, text] of Object.entries(q.translations ?? {})) {
      if (!isLanguageTag(lang))
        problems.push({ field: `questions.${i}.translations.${lang}`, message: "is not a language" });
      else if (q.kind === "choice" && text.choices && text.choices.length !== (q.choices?.length ?? 0))
        problems.push({
          field: `questions.${i}.translations.${lang}.choices`,
          message: "needs one per English choice",
        });
    }
  });
  if (problems.length) throw new ValidationError(Object.fromEntries(problems.map((p) => [p.field, p.message])));
  const { db, clock } = ctx.deps;
  const now = clock.now();
  await db.batch([
    db
      .update(surveys)
      .set({ title: input.title.trim(), opensAt, closesAt, anonymous: input.anonymous, updatedAt: now })
      .where(eq(surveys.id, survey.id)),
    db.delete(surveyQuestions).where(eq(surveyQuestions.surveyId, survey.id)),
    db.insert(surveyQuestions).values(
      input.questions.map((q, i) => ({
        id: newId("srq", now.getTime()),
        surveyId: survey.id,
        position: i + 1,
        kind: q.kind,
        prompt: q.prompt.trim(),
        choices: q.kind === "choice" ? (q.choices ?? []).map((c) => c.trim()) : null,
        translations: cleanTranslations(q.translations ?? {}),
        createdAt: now,
        updatedAt: now,
      })),
    ),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "survey.update", subjectType: "survey", subjectId: survey.id })),
  ]);
}

/** Blank translations are dropped: the family then reads English, never an empty question. */
function cleanTranslations(translations: QuestionTranslations): QuestionTranslations {
  return Object.fromEntries(
    Object.entries(translations)
      .filter(([, t]) => t.prompt?.trim())
      .map(([lang, t]) => [
        lang,
        t.choices?.every((c) => c.trim())
          ? { prompt: t.prompt.trim(), choices: t.choices.map((c) => c.trim()) }
          : { prompt: t.prompt.trim() },
      ]),
  );
}
