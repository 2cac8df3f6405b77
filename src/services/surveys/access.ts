import { eq } from "drizzle-orm";
import { surveys } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

/** Coordinators and district admins manage a school's surveys and read their results. */
export const SURVEY_MANAGERS = ["coordinator", "district_admin"] as const;

/** The survey, if the actor may manage it: 403 for an educator, 404 outside the actor's scope. */
export async function requireManagedSurvey(ctx: ServiceContext, surveyId: string) {
  requireRole(ctx.actor, SURVEY_MANAGERS, "manage surveys");
  const [survey] = await ctx.deps.db.select().from(surveys).where(eq(surveys.id, surveyId)).limit(1);
  if (!survey) throw new NotFoundError("Survey not found");
  const school = await requireSchoolInScope(ctx, survey.schoolId);
  return { survey, school };
}
