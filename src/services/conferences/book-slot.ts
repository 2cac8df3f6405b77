import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { isUniqueViolation } from "../../../db/errors";
import { auditLog, conferenceSlots } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { newId } from "../../domain/ids";

type Slot = typeof conferenceSlots.$inferSelect;
export type BookingOutcome =
  | { outcome: "booked"; slot: Slot; previous: Slot | null }
  | { outcome: "already"; slot: Slot }
  | { outcome: "taken"; held: Slot | null }
  | { outcome: "over" }
  | { outcome: "unknown" };

/**
 * A family takes slot `position` of a conference: first come, one slot per family. Taking is
 * `UPDATE … WHERE family_id IS NULL`, so of two families sending at once only one gets it; the
 * partial unique index (event, family) refuses a second slot for one family. A family that holds
 * a slot reschedules: in one batch (one transaction) the old slot is released, the new one taken
 * if still open, and the old one taken back if the new one was not — so a family never ends up
 * with none. What happened is read afterwards from the rows themselves.
 */
export async function bookSlot(
  ctx: SystemContext,
  input: { eventId: string; familyId: string; position: number; via: "link" | "text" },
): Promise<BookingOutcome> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const slots = await db
    .select()
    .from(conferenceSlots)
    .where(eq(conferenceSlots.eventId, input.eventId))
    .orderBy(asc(conferenceSlots.position));
  const wanted = slots.find((s) => s.position === input.position);
  if (!wanted) return { outcome: "unknown" };
  if (wanted.startsAt <= now) return { outcome: "over" };
  const held = slots.find((s) => s.familyId === input.familyId) ?? null;
  if (held?.id === wanted.id) return { outcome: "already", slot: held };
  if (held && held.startsAt <= now) return { outcome: "over" };

  const take = db
    .update(conferenceSlots)
    .set({ familyId: input.familyId, bookedAt: now, attended: null, updatedAt: now })
    .where(and(eq(conferenceSlots.id, wanted.id), isNull(conferenceSlots.familyId)));
  try {
    if (!held) await take;
    else {
      const mine = and(eq(conferenceSlots.id, held.id), eq(conferenceSlots.familyId, input.familyId));
      await db.batch([
        db.update(conferenceSlots).set({ familyId: null, bookedAt: null, attended: null, updatedAt: now }).where(mine),
        take,
        // Taken back when the new slot went to another family first.
        db
          .update(conferenceSlots)
          .set({ familyId: input.familyId, bookedAt: held.bookedAt, updatedAt: now })
          .where(
            and(
              eq(conferenceSlots.id, held.id),
              isNull(conferenceSlots.familyId),
              sql`not exists (select 1 from ${conferenceSlots} s where s.event_id = ${input.eventId} and s.family_id = ${input.familyId})`,
            ),
          ),
      ]);
    }
  } catch (error) {
    // The family booked another slot a moment ago (a second tab, a text and a tap): one slot
    // per family stands; what they hold now is reported below.
    if (!isUniqueViolation(error, "conference_slots")) throw error;
  }
  const [mineNow] = await db
    .select()
    .from(conferenceSlots)
    .where(and(eq(conferenceSlots.eventId, input.eventId), eq(conferenceSlots.familyId, input.familyId)));
  if (mineNow?.id === wanted.id) {
    // Written like publishing and attendance: the family acted, by link or by text. After the
    // booking (not in its batch): what to record is known only once the race is decided.
    await db.insert(auditLog).values({
      id: newId("aud", now.getTime()),
      actorType: "family",
      actorId: input.familyId,
      action: held ? "conference.reschedule" : "conference.book",
      subjectType: "event",
      subjectId: input.eventId,
      detail: {
        via: input.via,
        slotId: mineNow.id,
        position: mineNow.position,
        ...(held ? { from: held.position } : {}),
      },
      createdAt: now,
    });
    return { outcome: "booked", slot: mineNow, previous: held };
  }
  return { outcome: "taken", held: mineNow ?? null };
}

/** The open slots of a conference that are still ahead, earliest first. */
export async function openSlots(ctx: SystemContext, eventId: string) {
  const now = ctx.deps.clock.now();
  const rows = await ctx.deps.db
    .select()
    .from(conferenceSlots)
    .where(and(eq(conferenceSlots.eventId, eventId), isNull(conferenceSlots.familyId)))
    .orderBy(asc(conferenceSlots.position));
  return rows.filter((s) => s.startsAt > now);
}
