import { eq } from "drizzle-orm";
import { auditLog, educators } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { type OfficeHours, officeHoursFromForm } from "../../domain/office-hours";
import { NotFoundError, ValidationError } from "../../errors";
import { auditRow } from "../audit";

/**
 * The signed-in educator sets (or clears) their office hours, read in their school's zone.
 * Bad times are refused with the field named, and nothing is saved. No day ticked: no office
 * hours (notifications come at once again and families get no automatic reply).
 */
export async function setOfficeHours(
  ctx: ServiceContext,
  form: Record<string, string | undefined>,
): Promise<OfficeHours | null> {
  if (ctx.actor.type !== "educator") throw new NotFoundError("Office hours belong to a signed-in educator");
  const parsed = officeHoursFromForm(form, ctx.actor.timeZone);
  if (!parsed.ok) throw new ValidationError(parsed.fields, "Some office hours are not valid");
  const now = ctx.deps.clock.now();
  await ctx.deps.db.batch([
    ctx.deps.db
      .update(educators)
      .set({ officeHours: parsed.hours, updatedAt: now })
      .where(eq(educators.id, ctx.actor.educatorId)),
    ctx.deps.db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "educator.office_hours",
        subjectType: "educator",
        subjectId: ctx.actor.educatorId,
      }),
    ),
  ]);
  return parsed.hours;
}
