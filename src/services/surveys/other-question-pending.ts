import { and, eq, gt, isNull, notExists } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { conferenceSlots, eventInvitations, events, visits } from "../../../db/schema";

/**
 * Is a visit invitation or an event RSVP waiting for this family's digit? Then a survey
 * question must not be asked by text, and a digit is not read as a survey answer: "2" would
 * be ambiguous. The survey's next question goes once the other question is answered
 * (services/surveys/run-surveys.ts); its link works all along.
 */
export async function otherQuestionPending(db: Db, familyId: string, now: Date): Promise<boolean> {
  const [visit] = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.familyId, familyId), eq(visits.status, "invited")))
    .limit(1);
  if (visit) return true;
  const [rsvp] = await db
    .select({ id: eventInvitations.id })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .where(
      and(
        eq(eventInvitations.familyId, familyId),
        isNull(eventInvitations.rsvp),
        gt(events.startsAt, now),
        // A slotted conference is not an RSVP question (services/conferences).
        notExists(
          db.select({ id: conferenceSlots.id }).from(conferenceSlots).where(eq(conferenceSlots.eventId, events.id)),
        ),
      ),
    )
    .limit(1);
  return Boolean(rsvp);
}
