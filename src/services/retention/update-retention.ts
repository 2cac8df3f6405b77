import { eq } from "drizzle-orm";
import { auditLog, districts } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { parseRetention, type RetentionSchedule } from "../../domain/retention";
import { NotFoundError, ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { getRetention } from "./get-retention";

/**
 * A district admin sets the district's schedule; the change (old and new) is audited. The job's
 * mark is cleared so its next run reads every message against the new cutoff.
 */
export async function updateRetention(ctx: ServiceContext, input: Record<string, unknown>): Promise<RetentionSchedule> {
  requireRole(ctx.actor, ["district_admin"], "change the retention schedule");
  const parsed = parseRetention(input);
  if (!parsed.ok) throw new ValidationError(parsed.fields, "The retention schedule was not saved");
  const before = await getRetention(ctx);
  const now = ctx.deps.clock.now();
  const { db } = ctx.deps;
  const [updated] = await db.batch([
    db
      .update(districts)
      .set({ retention: parsed.schedule, retentionAppliedThrough: null, updatedAt: now })
      .where(eq(districts.id, before.districtId))
      .returning({ id: districts.id }),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "district.retention.update",
        subjectType: "district",
        subjectId: before.districtId,
        detail: { before: before.schedule, after: parsed.schedule },
      }),
    ),
  ]);
  if (updated.length === 0) throw new NotFoundError("District not found");
  return parsed.schedule;
}
