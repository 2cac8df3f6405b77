import { and, asc, count, eq } from "drizzle-orm";
import { conferenceSlots, eventInvitations, events, families } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireSchoolInScope } from "../queries";

/**
 * A conference's slots for staff: who booked which time, and whether they came. A teacher sees
 * their own conferences; coordinators and district admins those of schools in their scope.
 */
export async function getConference(ctx: ServiceContext, eventId: string) {
  const { db } = ctx.deps;
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.kind, "conference")));
  if (!event) throw new NotFoundError("Conference not found");
  await requireSchoolInScope(ctx, event.schoolId).catch(() => {
    throw new NotFoundError("Conference not found");
  });
  const slots = await db
    .select({ slot: conferenceSlots, familyName: families.displayName })
    .from(conferenceSlots)
    .leftJoin(families, eq(families.id, conferenceSlots.familyId))
    .where(eq(conferenceSlots.eventId, eventId))
    .orderBy(asc(conferenceSlots.position));
  if (slots.length === 0) throw new NotFoundError("Conference not found");
  const educatorId = slots[0]!.slot.educatorId;
  if (ctx.actor.type === "educator" && ctx.actor.role === "educator" && ctx.actor.educatorId !== educatorId)
    throw new NotFoundError("Conference not found");
  const [invited] = await db.select({ n: count() }).from(eventInvitations).where(eq(eventInvitations.eventId, eventId));
  return {
    id: event.id,
    title: event.title,
    schoolId: event.schoolId,
    educatorId,
    invited: invited?.n ?? 0,
    booked: slots.filter((s) => s.slot.familyId !== null).length,
    slots: slots.map(({ slot, familyName }) => ({
      id: slot.id,
      position: slot.position,
      startsAt: slot.startsAt.toISOString(),
      minutes: slot.minutes,
      familyId: slot.familyId,
      familyName: familyName ?? null,
      bookedAt: slot.bookedAt?.toISOString() ?? null,
      attended: slot.attended,
    })),
  };
}
