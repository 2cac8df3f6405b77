import { asc, eq } from "drizzle-orm";
import { educators, schools } from "../../../db/schema";
import type { SystemContext } from "../../context";

/** For /dev/login only: every active educator, grouped by school, for one-click sign-in. */
export async function listDemoEducators(ctx: SystemContext) {
  return ctx.deps.db
    .select({
      id: educators.id,
      name: educators.name,
      email: educators.email,
      role: educators.role,
      school: schools.name,
    })
    .from(educators)
    .innerJoin(schools, eq(schools.id, educators.schoolId))
    .where(eq(educators.active, true))
    .orderBy(asc(schools.name), asc(educators.role), asc(educators.name));
}
