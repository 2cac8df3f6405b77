import { and, eq, gt, isNotNull, lte } from "drizzle-orm";
import { conferenceSlots, eventInvitations, events } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { prepareOutbound } from "../../messaging/enqueue";
import { conferenceLinkCode } from "./publish-conference";

const LEAD_TIME_MS = 24 * 60 * 60_000;

/**
 * A reminder 24 h before each booked conference slot, with the family's page to change the time.
 * Once per booking and time: the id derives from slot, family and start, so a job that runs
 * twice writes it once and a family that moved gets a reminder for the new time. Texts wait for
 * the end of quiet hours in the family's zone (the outbox), as visit reminders do.
 */
export async function remindBookings(ctx: SystemContext, now: Date) {
  const { db, config } = ctx.deps;
  const due = await db
    .select({ slot: conferenceSlots, event: events, invitationId: eventInvitations.id })
    .from(conferenceSlots)
    .innerJoin(events, eq(events.id, conferenceSlots.eventId))
    .innerJoin(
      eventInvitations,
      and(
        eq(eventInvitations.eventId, conferenceSlots.eventId),
        eq(eventInvitations.familyId, conferenceSlots.familyId),
      ),
    )
    .where(
      and(
        isNotNull(conferenceSlots.familyId),
        gt(conferenceSlots.startsAt, now),
        lte(conferenceSlots.startsAt, new Date(now.getTime() + LEAD_TIME_MS)),
      ),
    );
  let queued = 0;
  for (const { slot, event, invitationId } of due) {
    const code = await conferenceLinkCode(ctx.deps, invitationId);
    const { statements } = await prepareOutbound(ctx.deps, {
      familyId: slot.familyId!,
      educatorId: slot.educatorId,
      templateKey: "conference_reminder",
      params: {
        event: event.title,
        time: slot.startsAt.toISOString(),
        link: `${config.publicBaseUrl}/e/${code}`,
        ...(Object.keys(event.translations ?? {}).length > 0 ? { translations: event.translations } : {}),
      },
      eventId: event.id,
      idempotencyKey: `conference:${slot.id}:${slot.familyId}:reminder-24h:${slot.startsAt.getTime()}`,
    });
    if (statements.length > 0) await db.batch(statements as never);
    queued++;
  }
  return { due: queued };
}
