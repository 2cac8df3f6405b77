import { and, eq } from "drizzle-orm";
import { auditLog, surveys } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ConflictError } from "../../errors";
import { auditRow } from "../audit";
import { requireManagedSurvey } from "./access";
import { questionsOf } from "./ask-question";
import { runSurveys } from "./run-surveys";

/** The coordinator opens a draft: its audience is invited now (or when its window opens). */
export async function openSurvey(ctx: ServiceContext, input: { surveyId: string }) {
  const { survey } = await requireManagedSurvey(ctx, input.surveyId);
  if (survey.status !== "draft") throw new ConflictError("This survey is already open or closed");
  if ((await questionsOf(ctx.deps, survey.id)).length === 0) throw new ConflictError("A survey needs questions");
  const { db, clock } = ctx.deps;
  const now = clock.now();
  await db.batch([
    db
      .update(surveys)
      .set({ status: "open", openedAt: now, updatedAt: now })
      .where(and(eq(surveys.id, survey.id), eq(surveys.status, "draft"))),
    db
      .insert(auditLog)
      .values(auditRow(ctx.actor, now, { action: "survey.open", subjectType: "survey", subjectId: survey.id })),
  ]);
  return runSurveys({ deps: ctx.deps }, now, { surveyId: survey.id });
}
