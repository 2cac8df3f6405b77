import { and, count, desc, eq, exists, gt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { conferenceSlots, eventInvitations, events } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { parseSlotNumber } from "../../domain/conference-slots";
import { prepareOutbound } from "../../messaging/enqueue";
import { bookSlot } from "./book-slot";
import { confirmBooking } from "./confirm-booking";
import { conferenceLinkCode, familiesWithDigitQuestion } from "./publish-conference";

type Statement = BatchItem<"sqlite">;

/**
 * A received text as a conference booking: a bare slot number ("4") while the family is invited
 * to a conference with slots ahead. It books that slot, or — for a family that holds one — moves
 * them to it (reschedule by text). Digits come last: route-inbound asks a waiting visit invitation,
 * then an RSVP, then a survey question first, and this reads a digit only when none of those is
 * waiting (a family that had one when invited got the link instead of numbers). The number is the
 * slot's own, fixed at publishing, so it means one slot whichever text it answers.
 *
 * Returns the reply to queue with the message (the confirmation, or "taken" with the link), or
 * null: the text is an ordinary message for the teacher. The booking itself is written here,
 * before the routing commit; routing the text again finds it booked and queues the same reply
 * (ids derive from the text's provider id).
 */
export async function interpretAsConferenceBooking(
  ctx: SystemContext,
  input: { familyId: string; body: string; contactId: string; replyKey: string },
): Promise<Statement[] | null> {
  const { deps } = ctx;
  const { db, clock, config } = deps;
  const now = clock.now();
  const [invited] = await db
    .select({ invitation: eventInvitations, event: events })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .where(
      and(
        eq(eventInvitations.familyId, input.familyId),
        exists(
          db
            .select({ id: conferenceSlots.id })
            .from(conferenceSlots)
            .where(and(eq(conferenceSlots.eventId, events.id), gt(conferenceSlots.startsAt, now))),
        ),
      ),
    )
    .orderBy(desc(eventInvitations.createdAt))
    .limit(1);
  if (!invited) return null;
  const [slots] = await db
    .select({ n: count() })
    .from(conferenceSlots)
    .where(eq(conferenceSlots.eventId, invited.event.id));
  const position = parseSlotNumber(input.body, slots?.n ?? 0);
  if (position === null) return null;
  if ((await familiesWithDigitQuestion(deps, [input.familyId], now)).size > 0) return null;

  const result = await bookSlot(ctx, { eventId: invited.event.id, familyId: input.familyId, position, via: "text" });
  if (result.outcome === "booked" || result.outcome === "already") {
    return confirmBooking(deps, {
      invitationId: invited.invitation.id,
      familyId: input.familyId,
      event: invited.event,
      slot: result.slot,
      contactId: input.contactId,
      key: `twilio:${input.replyKey}`,
    });
  }
  if (result.outcome === "taken") {
    const code = await conferenceLinkCode(deps, invited.invitation.id);
    const { statements } = await prepareOutbound(deps, {
      familyId: input.familyId,
      educatorId: null,
      templateKey: "conference_slot_taken",
      params: { link: `${config.publicBaseUrl}/e/${code}` },
      contactId: input.contactId,
      forceChannel: "sms",
      eventId: invited.event.id,
      idempotencyKey: `twilio:${input.replyKey}:conference_slot_taken`,
    });
    return statements;
  }
  return null; // a slot that already started: a message for the teacher
}
