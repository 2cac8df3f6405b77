import { eq } from "drizzle-orm";
import { schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireRole } from "../auth";
import { requireFamilyInScope } from "../queries";
import { exportMessages, type RecordsExport } from "./export-messages";

/**
 * One family's whole history for the printable page (a parent asked for it): the household and
 * school names and zone for the heading, and the export's streamed rows, oldest first.
 */
export async function familyHistory(
  ctx: ServiceContext,
  familyId: string,
): Promise<RecordsExport & { family: string; school: string; timeZone: string }> {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "export records");
  const family = await requireFamilyInScope(ctx, familyId);
  const [school] = await ctx.deps.db
    .select({ name: schools.name, timezone: schools.timezone })
    .from(schools)
    .where(eq(schools.id, family.schoolId))
    .limit(1);
  const records = await exportMessages(ctx, { familyId }, { audit: "export.family_history" });
  return {
    ...records,
    family: family.displayName,
    school: school?.name ?? "",
    timeZone: school?.timezone ?? family.timezone,
  };
}
