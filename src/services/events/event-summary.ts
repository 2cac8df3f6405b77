import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { eventInvitations, events, messages } from "../../../db/schema";
import { NotFoundError } from "../../errors";

/** An event with its send progress (queued / sent / failed), RSVPs and attendance. */
export async function eventSummary(db: Db, eventId: string) {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) throw new NotFoundError("Event not found");
  const [counts] = await db
    .select({
      invited: sql<number>`count(*)`,
      yes: sql<number>`sum(case when ${eventInvitations.rsvp} = 'yes' then 1 else 0 end)`,
      no: sql<number>`sum(case when ${eventInvitations.rsvp} = 'no' then 1 else 0 end)`,
      maybe: sql<number>`sum(case when ${eventInvitations.rsvp} = 'maybe' then 1 else 0 end)`,
      none: sql<number>`sum(case when ${eventInvitations.rsvp} is null then 1 else 0 end)`,
      attended: sql<number>`sum(case when ${eventInvitations.attended} = 1 then 1 else 0 end)`,
    })
    .from(eventInvitations)
    .where(eq(eventInvitations.eventId, eventId));
  const [progress] = await db
    .select({
      queued: sql<number>`sum(case when ${messages.status} in ('queued', 'sending', 'unknown') then 1 else 0 end)`,
      sent: sql<number>`sum(case when ${messages.status} in ('sent', 'delivered', 'read') then 1 else 0 end)`,
      failed: sql<number>`sum(case when ${messages.status} in ('failed', 'undelivered', 'undeliverable', 'dead_letter') then 1 else 0 end)`,
    })
    .from(messages)
    .where(and(eq(messages.eventId, eventId), eq(messages.templateKey, "event_invitation")));
  const n = (v: unknown) => Number(v ?? 0);
  return {
    id: event.id,
    title: event.title,
    kind: event.kind,
    startsAt: event.startsAt.toISOString(),
    invited: n(counts?.invited),
    progress: { queued: n(progress?.queued), sent: n(progress?.sent), failed: n(progress?.failed) },
    rsvp: { yes: n(counts?.yes), no: n(counts?.no), maybe: n(counts?.maybe), none: n(counts?.none) },
    attended: n(counts?.attended),
  };
}
