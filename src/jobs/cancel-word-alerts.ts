import { and, eq, isNull } from "drizzle-orm";
import { cancelWordAlerts, educators, families, schools, visits } from "../../db/schema";
import type { SystemContext } from "../context";
import { formatVisitTime } from "../domain/time-format";

/**
 * Emails the visiting pair when a family answered a visit message with a cancel word (see
 * services/inbound/flag-possible-visit-cancel.ts): one email per alert, at the next run, with no digest
 * and no quiet hours — the family can no longer be texted and the visit may be hours away.
 * Names and links only, as in notify-educators; the family's page has their phone and email.
 * A failed email leaves the alert pending for the next run.
 */
export async function sendCancelWordAlerts(ctx: SystemContext, now: Date) {
  const { db, config, email, log } = ctx.deps;
  const pending = await db
    .select({
      id: cancelWordAlerts.id,
      keyword: cancelWordAlerts.keyword,
      educatorId: educators.id,
      educatorName: educators.name,
      educatorEmail: educators.email,
      familyId: families.id,
      familyName: families.displayName,
      startsAt: visits.startsAt,
      timeZone: schools.timezone,
    })
    .from(cancelWordAlerts)
    .innerJoin(educators, eq(educators.id, cancelWordAlerts.educatorId))
    .innerJoin(families, eq(families.id, cancelWordAlerts.familyId))
    .innerJoin(visits, eq(visits.id, cancelWordAlerts.visitId))
    .innerJoin(schools, eq(schools.id, families.schoolId))
    .where(and(isNull(cancelWordAlerts.sentAt), eq(educators.active, true)));
  let sent = 0;
  for (const row of pending) {
    const visit = row.startsAt ? `your visit on ${formatVisitTime(row.startsAt, "en", row.timeZone)}` : "your visit";
    try {
      await email.send({
        to: row.educatorEmail,
        subject: `Doorstep: ${row.familyName} may have meant to cancel ${visit}`,
        text: [
          `Hello ${row.educatorName},`,
          `${row.familyName} replied "${row.keyword}" by text shortly after a message about ${visit}. ` +
            `That word also means "stop", so their number no longer gets texts from Doorstep. ` +
            `They may have meant cancel the visit — reach the family by phone or email.`,
          `Family page (phone numbers and emails): ${config.publicBaseUrl}/families/${row.familyId}`,
        ].join("\n\n"),
        customArgs: { educatorId: row.educatorId },
        categories: ["educator_notification"],
      });
      await db.update(cancelWordAlerts).set({ sentAt: now }).where(eq(cancelWordAlerts.id, row.id));
      sent++;
    } catch (error) {
      log("warn", "cancel-word alert failed; will retry next run", {
        educatorId: row.educatorId,
        error: (error as Error).message,
      });
    }
  }
  return { sent, pending: pending.length - sent };
}
