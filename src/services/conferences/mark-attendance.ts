import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { auditLog, conferenceSlots } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { ValidationError } from "../../errors";
import { auditRow } from "../audit";
import { getConference } from "./get-conference";

/**
 * The teacher's checklist after the conference: which booked slots' families came. A family
 * counts in the fidelity report (PTLT: one conference a year) when its booked slot is attended.
 * Open slots cannot be marked: nobody was booked to come.
 */
export async function markConferenceAttendance(
  ctx: ServiceContext,
  input: { eventId: string; attendedSlotIds: string[] },
) {
  const conference = await getConference(ctx, input.eventId);
  const booked = new Set(conference.slots.filter((s) => s.familyId).map((s) => s.id));
  const stray = input.attendedSlotIds.find((id) => !booked.has(id));
  if (stray) throw new ValidationError({ attendedSlotIds: `${stray} is not a booked slot of this conference` });
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const bookedHere = and(eq(conferenceSlots.eventId, input.eventId), isNotNull(conferenceSlots.familyId));
  await db.batch([
    db.update(conferenceSlots).set({ attended: false, updatedAt: now }).where(bookedHere),
    db
      .update(conferenceSlots)
      .set({ attended: true, updatedAt: now })
      .where(and(bookedHere, inArray(conferenceSlots.id, input.attendedSlotIds.length ? input.attendedSlotIds : [""]))),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "conference.attendance",
        subjectType: "event",
        subjectId: input.eventId,
        detail: { attended: input.attendedSlotIds.length },
      }),
    ),
  ]);
  return getConference(ctx, input.eventId);
}
