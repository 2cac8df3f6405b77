import { and, desc, eq, gt, isNull, notExists } from "drizzle-orm";
import { conferenceSlots, eventInvitations, events } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { parseRsvp } from "../../domain/rsvp";
import { prepareOutbound } from "../../messaging/enqueue";

/**
 * If the family has an unanswered invitation to an upcoming event, a "1"/"yes"/"sí" answers it.
 * With `ack` (a text from one guardian), that guardian gets a short thank-you naming the event
 * and the answer in their language, written in the same batch as the answer so neither is
 * half-done; its id is derived from the text's provider id, so routing twice sends it once.
 */
export async function interpretAsRsvp(
  ctx: SystemContext,
  familyId: string,
  body: string,
  ack?: { contactId: string; replyKey: string },
): Promise<boolean> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [pending] = await db
    .select({
      id: eventInvitations.id,
      eventId: events.id,
      title: events.title,
      translations: events.translations,
    })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .where(
      and(
        eq(eventInvitations.familyId, familyId),
        isNull(eventInvitations.rsvp),
        gt(events.startsAt, now),
        // A conference with published slots asks for a slot, not an RSVP (services/conferences).
        notExists(
          db.select({ id: conferenceSlots.id }).from(conferenceSlots).where(eq(conferenceSlots.eventId, events.id)),
        ),
      ),
    )
    .orderBy(desc(eventInvitations.createdAt))
    .limit(1);
  if (!pending) return false;
  const answer = parseRsvp(body);
  if (!answer) return false;
  const update = db
    .update(eventInvitations)
    .set({ rsvp: answer, respondedAt: now, updatedAt: now })
    .where(and(eq(eventInvitations.id, pending.id), isNull(eventInvitations.rsvp)));
  if (!ack) {
    await update;
    return true;
  }
  const { statements } = await prepareOutbound(ctx.deps, {
    familyId,
    educatorId: null,
    templateKey: "event_rsvp_ack",
    params: {
      event: pending.title,
      answer,
      ...(pending.translations && Object.keys(pending.translations).length > 0
        ? { translations: pending.translations }
        : {}),
    },
    contactId: ack.contactId,
    // Answer the number that wrote.
    forceChannel: "sms",
    eventId: pending.eventId,
    idempotencyKey: `twilio:${ack.replyKey}:event_rsvp_ack`,
  });
  await db.batch([update, ...statements]);
  return true;
}

/** The attendance checklist: who came. */
export async function markAttendance(ctx: SystemContext, eventId: string, attendedFamilyIds: string[]) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const invitations = await db.select().from(eventInvitations).where(eq(eventInvitations.eventId, eventId));
  await db.batch(
    invitations.map((i) =>
      db
        .update(eventInvitations)
        .set({ attended: attendedFamilyIds.includes(i.familyId), updatedAt: now })
        .where(eq(eventInvitations.id, i.id)),
    ) as never,
  );
}
