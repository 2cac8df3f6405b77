import { eq, inArray } from "drizzle-orm";
import { eventInvitations, events, families, schools } from "../../../db/schema";
import { hashLinkCode, normalizeLinkCode } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import type { RSVP_ANSWERS } from "../../domain/enums";

export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** What the family's RSVP page shows, from its link code (null: unknown or mistyped). */
export async function loadFamilyEventPage(ctx: SystemContext, code: string) {
  const normalized = normalizeLinkCode(code);
  if (!normalized) return null;
  const hashed = await hashLinkCode(normalized);
  // The plain code matches a row stored before codes were hashed; it is hashed on first use.
  const [row] = await ctx.deps.db
    .select({ invitation: eventInvitations, event: events, family: families, school: schools })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .innerJoin(families, eq(families.id, eventInvitations.familyId))
    .innerJoin(schools, eq(schools.id, events.schoolId))
    .where(inArray(eventInvitations.linkCode, [hashed, normalized]));
  if (!row) return null;
  if (row.invitation.linkCode !== hashed) {
    await ctx.deps.db
      .update(eventInvitations)
      .set({ linkCode: hashed })
      .where(eq(eventInvitations.id, row.invitation.id));
    row.invitation.linkCode = hashed;
  }
  // Answers are useful until the event starts; after that the link only says thank you.
  return { ...row, over: row.event.startsAt <= ctx.deps.clock.now() };
}

/**
 * The family answers on the link. Unlike a text reply (which only fills an empty RSVP), the
 * page lets them change their mind until the event starts — it shows their current answer.
 */
export async function answerEventByLink(ctx: SystemContext, invitationId: string, answer: RsvpAnswer) {
  const now = ctx.deps.clock.now();
  await ctx.deps.db
    .update(eventInvitations)
    .set({ rsvp: answer, respondedAt: now, updatedAt: now })
    .where(eq(eventInvitations.id, invitationId));
}
