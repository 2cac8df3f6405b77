import { auditLog, surveyQuestions, surveys } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { schoolYearOf } from "../../domain/school-year";
import { SURVEY_PRESETS, surveyProblems } from "../../domain/surveys";
import { ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";
import { SURVEY_MANAGERS } from "./access";

/**
 * A draft survey from a preset (HVP's end-of-year family or educator survey), for the school
 * to edit before opening. The window defaults to the next 3 weeks.
 */
export async function createSurvey(
  ctx: ServiceContext,
  input: { schoolId: string; preset: string; opensAt?: string; closesAt?: string; anonymous?: boolean },
) {
  requireRole(ctx.actor, SURVEY_MANAGERS, "create surveys");
  const school = await requireSchoolInScope(ctx, input.schoolId);
  const preset = SURVEY_PRESETS[input.preset];
  if (!preset) throw new ValidationError({ preset: `must be one of ${Object.keys(SURVEY_PRESETS).join(", ")}` });
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const opensAt = input.opensAt ? new Date(input.opensAt) : now;
  const closesAt = input.closesAt ? new Date(input.closesAt) : new Date(opensAt.getTime() + 21 * 86_400_000);
  const problems = surveyProblems({ title: preset.title, opensAt, closesAt, questions: preset.questions });
  if (problems.length) throw new ValidationError(Object.fromEntries(problems.map((p) => [p.field, p.message])));
  const id = newId("srv", now.getTime());
  await db.batch([
    db.insert(surveys).values({
      id,
      schoolId: school.id,
      schoolYear: schoolYearOf(opensAt, school.timezone),
      audience: preset.audience,
      preset: preset.key,
      title: preset.title,
      anonymous: input.anonymous ?? true,
      opensAt,
      closesAt,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(surveyQuestions).values(
      preset.questions.map((q, i) => ({
        id: newId("srq", now.getTime()),
        surveyId: id,
        position: i + 1,
        kind: q.kind,
        prompt: q.prompt,
        choices: q.choices ?? null,
        translations: q.translations,
        createdAt: now,
        updatedAt: now,
      })),
    ),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "survey.create",
        subjectType: "survey",
        subjectId: id,
        detail: { preset: preset.key },
      }),
    ),
  ]);
  return { id };
}
