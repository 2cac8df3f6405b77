import { eq, inArray, or } from "drizzle-orm";
import { eventInvitations, events, schools, visits } from "../../../db/schema";
import { hashLinkCode, normalizeLinkCode } from "../../auth/tokens";
import type { SystemContext } from "../../context";
import { visitIcs } from "../../domain/ics";
import { conferenceCalendar } from "../conferences";

export type CalendarFile =
  | { status: "ok"; filename: string; ics: string }
  | { status: "not_found" }
  | { status: "expired" }
  | { status: "not_scheduled" };

/**
 * The "add to calendar" file behind a family's link code (/c/<code>): the scheduled visit, or
 * the event they were invited to. No login — the code is the key, as on /f/ and /e/ — and it
 * expires with the code: a visit's when its link does, an event's when the event starts.
 * SMS families tap it and their phone offers to add the entry (the email carries the same file).
 */
export async function calendarFile(ctx: SystemContext, code: string): Promise<CalendarFile> {
  const normalized = normalizeLinkCode(code);
  if (!normalized) return { status: "not_found" };
  // Codes are stored hashed (auth/tokens.ts); a code from before hashing is matched as written.
  const hashed = await hashLinkCode(normalized);
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [visit] = await db
    .select({ visit: visits, school: schools.name })
    .from(visits)
    .innerJoin(schools, eq(schools.id, visits.schoolId))
    .where(or(inArray(visits.linkCode, [hashed, normalized]), eq(visits.calendarCode, hashed)));
  if (visit) {
    if (!visit.visit.linkExpiresAt || visit.visit.linkExpiresAt < now) return { status: "expired" };
    if (visit.visit.status !== "scheduled" || !visit.visit.startsAt) return { status: "not_scheduled" };
    return {
      status: "ok",
      filename: "home-visit.ics",
      ics: visitIcs({
        uid: visit.visit.id,
        start: visit.visit.startsAt,
        durationMinutes: visit.visit.durationMinutes ?? 45,
        summary: `${visit.school} home visit`,
        description: visit.school,
        location: "",
        now,
      }),
    };
  }
  const [invitation] = await db
    .select({ event: events, school: schools.name, invitationFamilyId: eventInvitations.familyId })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .innerJoin(schools, eq(schools.id, events.schoolId))
    .where(inArray(eventInvitations.linkCode, [hashed, normalized]));
  if (!invitation) return { status: "not_found" };
  // A conference with slots: the family's booked slot, not the whole evening.
  const conference = await conferenceCalendar(ctx, { ...invitation, familyId: invitation.invitationFamilyId });
  if (conference) return conference;
  if (invitation.event.startsAt <= now) return { status: "expired" };
  return {
    status: "ok",
    filename: "school-event.ics",
    ics: visitIcs({
      uid: invitation.event.id,
      start: invitation.event.startsAt,
      durationMinutes: invitation.event.durationMinutes ?? 90,
      summary: invitation.event.title,
      description: invitation.school,
      location: invitation.event.location ?? invitation.school,
      now,
    }),
  };
}
