import { eq } from "drizzle-orm";
import { districts } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { type RetentionSchedule, retentionSchedule } from "../../domain/retention";
import { NotFoundError } from "../../errors";
import { requireRole } from "../auth";

/** The actor's district's schedule (defaults filled in) and whether the district set its own. */
export async function getRetention(
  ctx: ServiceContext,
): Promise<{ districtId: string; schedule: RetentionSchedule; customised: boolean }> {
  requireRole(ctx.actor, ["district_admin"], "see the retention schedule");
  const districtId = ctx.actor.districtId;
  if (!districtId) throw new NotFoundError("District not found");
  const [row] = await ctx.deps.db
    .select({ retention: districts.retention })
    .from(districts)
    .where(eq(districts.id, districtId))
    .limit(1);
  if (!row) throw new NotFoundError("District not found");
  return { districtId, schedule: retentionSchedule(row.retention), customised: Object.keys(row.retention).length > 0 };
}
