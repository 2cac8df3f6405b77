import { and, eq, inArray, isNull, max } from "drizzle-orm";
import { educatorNotifications, educators, families, messages, schools } from "../../db/schema";
import type { SystemContext } from "../context";
import { isWithinOfficeHours } from "../domain/office-hours";
import { isQuiet, localMinuteOfDay } from "../domain/quiet-hours";

/** Digest-mode educators hear once a day, after school: 16:00 in their school's zone. */
const DIGEST_MINUTE = 16 * 60;

/**
 * Tells educators that families wrote: one email per educator per run, listing the families
 * (names and links only — the words stay in Doorstep). Immediate-mode educators get it at the
 * next run outside their quiet hours (SMS_QUIET_HOURS, in their school's zone); digest-mode
 * ones once a day after 16:00; an educator who set office hours only inside them. A failed email leaves the rows pending for the next run.
 */
export async function notifyEducators(ctx: SystemContext, now: Date) {
  const { db, config, email, log } = ctx.deps;
  const pending = await db
    .select({
      id: educatorNotifications.id,
      educatorId: educators.id,
      educatorName: educators.name,
      educatorEmail: educators.email,
      notifyMode: educators.notifyMode,
      officeHours: educators.officeHours,
      timeZone: schools.timezone,
      familyId: families.id,
      familyName: families.displayName,
      channel: messages.channel,
    })
    .from(educatorNotifications)
    .innerJoin(educators, eq(educators.id, educatorNotifications.educatorId))
    .innerJoin(schools, eq(schools.id, educators.schoolId))
    .innerJoin(messages, eq(messages.id, educatorNotifications.messageId))
    .innerJoin(families, eq(families.id, messages.familyId))
    .where(and(isNull(educatorNotifications.sentAt), eq(educators.active, true)));

  const byEducator = Map.groupBy(pending, (row) => row.educatorId);
  let sent = 0;
  let held = 0;
  for (const [educatorId, rows] of byEducator) {
    const first = rows[0]!;
    const minute = localMinuteOfDay(now, first.timeZone);
    if (config.smsQuietHours && isQuiet(minute, config.smsQuietHours)) {
      held += rows.length;
      continue;
    }
    // An educator with office hours hears of families' texts only inside them: evenings stay theirs.
    if (first.officeHours && !isWithinOfficeHours(first.officeHours, now)) {
      held += rows.length;
      continue;
    }
    if (first.notifyMode === "digest" && !(await digestDue(ctx, educatorId, now, first.timeZone, minute))) {
      held += rows.length;
      continue;
    }
    const perFamily = Map.groupBy(rows, (r) => r.familyId);
    const lines = [...perFamily.values()].map(
      (group) =>
        `- ${group[0]!.familyName}: ${group.length} new message${group.length > 1 ? "s" : ""} — ${config.publicBaseUrl}/inbox/${group[0]!.familyId}`,
    );
    try {
      await email.send({
        to: first.educatorEmail,
        subject: `Doorstep: ${perFamily.size === 1 ? `${first.familyName} wrote` : `${perFamily.size} families wrote`}`,
        text: `Hello ${first.educatorName},\n\nFamilies wrote to you:\n${lines.join("\n")}\n\nOpen your inbox: ${config.publicBaseUrl}/inbox`,
        customArgs: { educatorId },
        categories: ["educator_notification"],
      });
      await db
        .update(educatorNotifications)
        .set({ sentAt: now })
        .where(
          inArray(
            educatorNotifications.id,
            rows.map((r) => r.id),
          ),
        );
      sent += rows.length;
    } catch (error) {
      log("warn", "educator notification failed; will retry next run", { educatorId, error: (error as Error).message });
    }
  }
  return { sent, held };
}

/** A digest goes out at most once per local day, at or after 16:00. */
async function digestDue(ctx: SystemContext, educatorId: string, now: Date, timeZone: string, minute: number) {
  if (minute < DIGEST_MINUTE) return false;
  const [last] = await ctx.deps.db
    .select({ at: max(educatorNotifications.sentAt) })
    .from(educatorNotifications)
    .where(eq(educatorNotifications.educatorId, educatorId));
  if (!last?.at) return true;
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(d);
  return day(last.at as Date) !== day(now);
}
