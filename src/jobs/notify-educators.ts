import { and, eq, inArray, isNull, max } from "drizzle-orm";
import { educatorNotifications, educators, families, messages, schools, staffMail } from "../../db/schema";
import type { SystemContext } from "../context";
import { isWithinOfficeHours } from "../domain/office-hours";
import { isQuiet, localMinuteOfDay } from "../domain/quiet-hours";
import { staffMailRow } from "../messaging/staff-mail";

/** Digest-mode educators hear once a day, after school: 16:00 in their school's zone. */
const DIGEST_MINUTE = 16 * 60;

/**
 * Tells educators that families wrote: one email per educator per run, listing the families
 * (names and links only — the words stay in Doorstep). Immediate-mode educators get it at the
 * next run outside their quiet hours (SMS_QUIET_HOURS, in their school's zone); digest-mode
 * ones once a day after 16:00; an educator who set office hours only inside them. The email is
 * queued in the staff outbox in the same batch that marks the rows sent, so it is retried (and
 * dead-lettered visibly) by the `staff-mail` job.
 */
export async function notifyEducators(ctx: SystemContext, now: Date) {
  const { db, config, i18n } = ctx.deps;
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
    const lines = [...perFamily.values()].map((group) =>
      i18n.t("en", "staffMail.notification.line", {
        family: group[0]!.familyName,
        count: group.length,
        link: `${config.publicBaseUrl}/inbox/${group[0]!.familyId}`,
      }),
    );
    const subject =
      perFamily.size === 1
        ? i18n.t("en", "staffMail.notification.subjectOne", { family: first.familyName })
        : i18n.t("en", "staffMail.notification.subjectMany", { count: perFamily.size });
    await db.batch([
      db.insert(staffMail).values(
        staffMailRow(now, {
          educatorId,
          kind: "educator_notification",
          to: first.educatorEmail,
          subject,
          body: i18n.t("en", "staffMail.notification.body", {
            name: first.educatorName,
            lines: lines.join("\n"),
            inbox: `${config.publicBaseUrl}/inbox`,
          }),
          customArgs: { educatorId },
        }),
      ),
      db
        .update(educatorNotifications)
        .set({ sentAt: now })
        .where(
          inArray(
            educatorNotifications.id,
            rows.map((r) => r.id),
          ),
        ),
    ]);
    sent += rows.length;
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
