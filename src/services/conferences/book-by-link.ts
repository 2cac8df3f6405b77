import { and, asc, eq } from "drizzle-orm";
import { conferenceSlots } from "../../../db/schema";
import type { SystemContext } from "../../context";
import type { loadFamilyEventPage } from "../events";
import { type BookingOutcome, bookSlot } from "./book-slot";
import { confirmBooking } from "./confirm-booking";

type Page = NonNullable<Awaited<ReturnType<typeof loadFamilyEventPage>>>;

/**
 * What the family's /e/ page shows for a slotted conference: every slot (open ones to tap), the
 * family's own. Null: this event has no published slots (an ordinary RSVP page).
 */
export async function loadConferencePage(ctx: SystemContext, page: Page) {
  const slots = await ctx.deps.db
    .select()
    .from(conferenceSlots)
    .where(eq(conferenceSlots.eventId, page.event.id))
    .orderBy(asc(conferenceSlots.position));
  if (slots.length === 0) return null;
  const now = ctx.deps.clock.now();
  const mine = slots.find((s) => s.familyId === page.family.id) ?? null;
  return {
    mine,
    open: slots.filter((s) => s.familyId === null && s.startsAt > now),
    minutes: slots[0]!.minutes,
    // Booking and changing end when the family's own slot (or, unbooked, the last slot) starts.
    over: mine ? mine.startsAt <= now : slots.every((s) => s.startsAt <= now),
  };
}

/**
 * The family taps a time on the page: booked, or moved from their old slot, and confirmed to the
 * household (text or email, in their language). "taken": another family was first.
 */
export async function bookByLink(ctx: SystemContext, page: Page, slotId: string): Promise<BookingOutcome> {
  const { db } = ctx.deps;
  const [slot] = await db
    .select()
    .from(conferenceSlots)
    .where(and(eq(conferenceSlots.id, slotId), eq(conferenceSlots.eventId, page.event.id)));
  if (!slot) return { outcome: "unknown" };
  const result = await bookSlot(ctx, {
    eventId: page.event.id,
    familyId: page.family.id,
    position: slot.position,
    via: "link",
  });
  if (result.outcome === "booked") {
    const statements = await confirmBooking(ctx.deps, {
      invitationId: page.invitation.id,
      familyId: page.family.id,
      event: page.event,
      slot: result.slot,
      key: `link:${result.slot.bookedAt!.getTime()}`,
    });
    if (statements.length > 0) await db.batch(statements as never);
  }
  return result;
}
