import { and, eq } from "drizzle-orm";
import { conferenceSlots, type events } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { visitIcs } from "../../domain/ics";

/**
 * "Add to calendar" (/c/<code>) for a conference invitation: the family's booked slot as an .ics.
 * Null when the event has no slots (an ordinary event file); 409 before a slot is booked; the
 * link expires when the booked slot starts.
 */
export async function conferenceCalendar(
  ctx: SystemContext,
  input: { event: typeof events.$inferSelect; school: string; familyId: string },
) {
  const { db, clock } = ctx.deps;
  const slots = await db.select().from(conferenceSlots).where(eq(conferenceSlots.eventId, input.event.id)).limit(1);
  if (slots.length === 0) return null;
  const [mine] = await db
    .select()
    .from(conferenceSlots)
    .where(and(eq(conferenceSlots.eventId, input.event.id), eq(conferenceSlots.familyId, input.familyId)));
  if (!mine) return { status: "not_scheduled" as const };
  const now = clock.now();
  if (mine.startsAt <= now) return { status: "expired" as const };
  return {
    status: "ok" as const,
    filename: "conference.ics",
    ics: visitIcs({
      // One entry per booking: a moved booking replaces the old entry in the family's calendar.
      uid: `${input.event.id}-${input.familyId}`,
      start: mine.startsAt,
      durationMinutes: mine.minutes,
      summary: input.event.title,
      description: input.school,
      location: input.event.location ?? input.school,
      now,
    }),
  };
}
