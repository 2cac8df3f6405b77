import { and, eq } from "drizzle-orm";
import { families, schools, visits } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { familyScope } from "./scope";

/** A visit the actor may see (through its family's scope), with its school; 404 otherwise. */
export async function requireVisitInScope(ctx: ServiceContext, visitId: string) {
  const [row] = await ctx.deps.db
    .select({ visit: visits, family: families, school: schools })
    .from(visits)
    .innerJoin(families, eq(families.id, visits.familyId))
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(and(eq(visits.id, visitId), familyScope(ctx.actor, ctx.deps.clock.now())))
    .limit(1);
  if (!row) throw new NotFoundError("Visit not found");
  return row;
}
