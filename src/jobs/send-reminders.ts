import { and, eq, gt, lte, notExists, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { messages, visits } from "../../db/schema";
import type { SystemContext } from "../context";
import { prepareOutbound } from "../messaging/enqueue";
import { visitPair } from "../services/queries";

const LEAD_TIME_MS = 24 * 60 * 60_000;

/**
 * Reminders 24 h before each scheduled visit, exactly once: the reminder's ids derive from the
 * visit, so a job that runs twice (or two that overlap) writes it once; a job that runs late
 * still reminds, as long as the visit is ahead. Quiet hours apply through the outbox (a
 * reminder due at 03:00 family time goes at 08:00), and Twilio's ValidityPeriod drops it if
 * it could not arrive before the visit.
 */
export async function sendReminders(ctx: SystemContext, now: Date) {
  const { db } = ctx.deps;
  const due = await db
    .select({ id: visits.id, familyId: visits.familyId, startsAt: visits.startsAt })
    .from(visits)
    .where(
      and(
        eq(visits.status, "scheduled"),
        gt(visits.startsAt, now),
        lte(visits.startsAt, new Date(now.getTime() + LEAD_TIME_MS)),
        notExists(
          db
            .select({ id: messages.id })
            .from(messages)
            .where(
              and(
                eq(messages.visitId, visits.id),
                eq(messages.templateKey, "visit_reminder"),
                // Per time, not per visit: a rescheduled visit gets a reminder for its new time.
                sql`json_extract(${messages.templateParams}, '$.time') = strftime('%Y-%m-%dT%H:%M:%fZ', ${visits.startsAt} / 1000.0, 'unixepoch')`,
              ),
            ),
        ),
      ),
    );
  let queued = 0;
  for (const visit of due) {
    const lead = (await visitPair(db, visit.id)).find((s) => s.role === "lead");
    const { statements } = await prepareOutbound(ctx.deps, {
      familyId: visit.familyId,
      educatorId: lead?.educatorId ?? null,
      templateKey: "visit_reminder",
      params: { time: visit.startsAt!.toISOString() },
      visitId: visit.id,
      idempotencyKey: `visit:${visit.id}:reminder-24h:${visit.startsAt!.getTime()}`,
    });
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    queued++;
  }
  return { queued };
}
