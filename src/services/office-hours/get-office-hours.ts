import { eq } from "drizzle-orm";
import { educators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import type { OfficeHours } from "../../domain/office-hours";
import { NotFoundError } from "../../errors";

/** The signed-in educator's office hours (null: none set) and the zone they are read in. */
export async function getOfficeHours(ctx: ServiceContext): Promise<{ hours: OfficeHours | null; timeZone: string }> {
  if (ctx.actor.type !== "educator") throw new NotFoundError("Office hours belong to a signed-in educator");
  const [row] = await ctx.deps.db
    .select({ hours: educators.officeHours })
    .from(educators)
    .where(eq(educators.id, ctx.actor.educatorId));
  if (!row) throw new NotFoundError("Educator not found");
  return { hours: row.hours, timeZone: row.hours?.timeZone ?? ctx.actor.timeZone };
}
