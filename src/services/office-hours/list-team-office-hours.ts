import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { educators, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { isWithinOfficeHours, type OfficeHours } from "../../domain/office-hours";
import { requireRole } from "../auth";
import { schoolScope } from "../queries";

export type TeamOfficeHours = {
  educatorId: string;
  name: string;
  schoolName: string;
  hours: OfficeHours | null;
  /** Inside their hours right now (null: no hours set, so always reachable). */
  inHoursNow: boolean | null;
};

/** Coordinators (and district admins) see who on their team has office hours, and who is in them now. */
export async function listTeamOfficeHours(ctx: ServiceContext): Promise<TeamOfficeHours[]> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see the team's office hours");
  const now = ctx.deps.clock.now();
  const rows = await ctx.deps.db
    .select({ educatorId: educators.id, name: educators.name, schoolName: schools.name, hours: educators.officeHours })
    .from(educators)
    .innerJoin(schools, eq(schools.id, educators.schoolId))
    .where(
      and(
        eq(educators.active, true),
        inArray(educators.role, ["educator", "coordinator"]),
        inArray(educators.schoolId, sql`(select ${schools.id} from ${schools} where ${schoolScope(ctx.actor)})`),
      ),
    )
    .orderBy(asc(schools.name), asc(educators.name));
  return rows.map((r) => ({ ...r, inHoursNow: r.hours ? isWithinOfficeHours(r.hours, now) : null }));
}
