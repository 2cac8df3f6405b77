import { asc } from "drizzle-orm";
import { schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import type { School } from "../../schemas/schools";
import { schoolScope, toSchool } from "../queries";

export async function listSchools(ctx: ServiceContext): Promise<School[]> {
  const rows = await ctx.deps.db.select().from(schools).where(schoolScope(ctx.actor)).orderBy(asc(schools.name));
  return rows.map(toSchool);
}
