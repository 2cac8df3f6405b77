import { and, eq, inArray } from "drizzle-orm";
import { auditLog, educators, siteCoordinators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";

/**
 * Names the school's site coordinators (HOME WORKS!: two per school facilitate the program).
 * The list replaces the previous one; the fidelity report counts it against the model.
 */
export async function setSiteCoordinators(ctx: ServiceContext, schoolId: string, educatorIds: string[]) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "name site coordinators");
  const school = await requireSchoolInScope(ctx, schoolId);
  const { db, clock } = ctx.deps;
  const ids = [...new Set(educatorIds)];
  const found = ids.length
    ? await db
        .select({ id: educators.id })
        .from(educators)
        .where(and(inArray(educators.id, ids), eq(educators.schoolId, school.id), eq(educators.active, true)))
    : [];
  const fields: Record<string, string> = {};
  educatorIds.forEach((id, i) => {
    if (!found.some((f) => f.id === id)) fields[`educatorIds.${i}`] = "is not an active educator of this school";
  });
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const now = clock.now();
  await db.batch([
    db.delete(siteCoordinators).where(eq(siteCoordinators.schoolId, school.id)),
    ...(ids.length
      ? [db.insert(siteCoordinators).values(ids.map((educatorId) => ({ schoolId: school.id, educatorId, since: now })))]
      : []),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "site_coordinators.set",
        subjectType: "school",
        subjectId: school.id,
        detail: { educatorIds: ids },
      }),
    ),
  ]);
  return { schoolId: school.id, educatorIds: ids };
}
