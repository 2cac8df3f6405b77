import { and, eq, inArray, lt } from "drizzle-orm";
import { auditLog, families, selectionDraws, students, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { newId } from "../../domain/ids";
import { checkSelectionFlags, PROGRAM_MODELS, type SelectionFlag } from "../../domain/program-models";
import { schoolYearOf } from "../../domain/school-year";
import { drawHouseholds } from "../../domain/selection";
import { ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

export type DrawInput = {
  schoolId: string;
  count: number | null;
  seed?: string;
  excludeVisitedBefore?: boolean;
  prioritize?: SelectionFlag[];
};

/**
 * A coordinator draws households to visit. The draw — seed, criteria, result, who ran it — is
 * stored so it can be shown and re-checked. Prioritization is refused where the model never
 * targets students (PTHV, HVP); HVP excludes earlier years' households by default.
 */
export async function drawForSchool(ctx: ServiceContext, input: DrawInput) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "draw households");
  const school = await requireSchoolInScope(ctx, input.schoolId);
  const model = school.programModel;
  const prioritize = input.prioritize ?? [];
  const violations = checkSelectionFlags(model, prioritize);
  if (violations.length > 0)
    throw new ValidationError(Object.fromEntries(violations.map((v) => [v.field, `${v.message} (rule ${v.rule})`])));
  if (input.count !== null && (!Number.isInteger(input.count) || input.count < 1))
    throw new ValidationError({ count: "must be a whole number of households, or empty for all" });

  const { db, clock } = ctx.deps;
  const now = clock.now();
  const year = schoolYearOf(now, school.timezone);
  const seed = input.seed?.trim() || `${school.id}:${year}:${now.toISOString()}`;
  const excludeVisitedBefore = input.excludeVisitedBefore ?? PROGRAM_MODELS[model].excludePreviouslyVisited;

  const householdRows = await db
    .select({ id: families.id })
    .from(families)
    .where(and(eq(families.schoolId, school.id), eq(families.active, true)));
  const ids = householdRows.map((f) => f.id);
  const [kids, earlier] = ids.length
    ? await Promise.all([
        db
          .select({ familyId: students.familyId, flags: students.programFlags })
          .from(students)
          .where(and(inArray(students.familyId, ids), eq(students.active, true))),
        db
          .select({ familyId: visits.familyId })
          .from(visits)
          .where(and(inArray(visits.familyId, ids), eq(visits.status, "completed"), lt(visits.schoolYear, year))),
      ])
    : [[], []];
  const candidates = ids.map((familyId) => ({
    familyId,
    flags: kids
      .filter((k) => k.familyId === familyId)
      .flatMap((k) => (Object.keys(k.flags) as SelectionFlag[]).filter((f) => k.flags[f])),
    visitedBefore: earlier.some((v) => v.familyId === familyId),
  }));
  const result = drawHouseholds(candidates, { seed, count: input.count, excludeVisitedBefore, prioritize });
  const id = newId("drw", now.getTime());
  const criteria = {
    count: input.count,
    excludeVisitedBefore,
    prioritize,
    eligible: candidates.filter((c) => !(excludeVisitedBefore && c.visitedBefore)).length,
  };
  await db.batch([
    db.insert(selectionDraws).values({
      id,
      schoolId: school.id,
      schoolYear: year,
      seed,
      criteria,
      result,
      drawnByEducatorId: ctx.actor.type === "educator" ? ctx.actor.educatorId : null,
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "selection.draw",
        subjectType: "school",
        subjectId: school.id,
        detail: { drawId: id },
      }),
    ),
  ]);
  return { id, seed, criteria, result };
}
