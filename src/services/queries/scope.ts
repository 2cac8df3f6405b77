import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { families, schools, studentEducators, students } from "../../../db/schema";
import type { Actor, ServiceContext } from "../../context";
import { schoolYearOf } from "../../domain/school-year";
import { NotFoundError } from "../../errors";

/**
 * THE scoping rule, in one place. Every query over families (and through them visits and
 * messages) adds `familyScope(...)` to its WHERE clause:
 *   educator       → households of the students they teach this school year
 *   coordinator    → every household of their school
 *   district admin → every household of the district's schools
 * Rows outside the scope are simply not found, so routes answer 404, never 403: an
 * out-of-scope id must not even confirm that it exists.
 */
export function familyScope(actor: Actor, now: Date): SQL {
  switch (actor.role) {
    case "educator": {
      if (actor.type !== "educator") return sql`0`;
      const year = schoolYearOf(now, actor.timeZone);
      return inArray(
        families.id,
        sql`(select ${students.familyId} from ${students}
             join ${studentEducators} on ${studentEducators.studentId} = ${students.id}
             where ${studentEducators.educatorId} = ${actor.educatorId}
               and ${studentEducators.schoolYear} = ${year})`,
      );
    }
    case "coordinator":
      return actor.type === "educator" ? eq(families.schoolId, actor.schoolId) : sql`0`;
    case "district_admin":
      return inArray(families.schoolId, schoolIdsInScope(actor));
  }
}

/** Schools the actor may see: their own, or the whole district for admins. */
export function schoolScope(actor: Actor): SQL {
  if (actor.role === "district_admin") {
    return actor.districtId === null ? sql`0` : eq(schools.districtId, actor.districtId);
  }
  return actor.type === "educator" ? eq(schools.id, actor.schoolId) : sql`0`;
}

function schoolIdsInScope(actor: Actor): SQL {
  return sql`(select ${schools.id} from ${schools} where ${schoolScope(actor)})`;
}

/** The family row if the actor may see it; NotFoundError otherwise (→ 404). */
export async function requireFamilyInScope(ctx: ServiceContext, familyId: string) {
  const [family] = await ctx.deps.db
    .select()
    .from(families)
    .where(and(eq(families.id, familyId), familyScope(ctx.actor, ctx.deps.clock.now())))
    .limit(1);
  if (!family) throw new NotFoundError("Family not found");
  return family;
}

/** The school row if the actor may see it; NotFoundError otherwise. */
export async function requireSchoolInScope(ctx: ServiceContext, schoolId: string) {
  const [school] = await ctx.deps.db
    .select()
    .from(schools)
    .where(and(eq(schools.id, schoolId), schoolScope(ctx.actor)))
    .limit(1);
  if (!school) throw new NotFoundError("School not found");
  return school;
}
