import { and, asc, eq } from "drizzle-orm";
import { eventInvitations, events, families, messages, schools } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireSchoolInScope } from "../queries";
import { eventSummary } from "./event-summary";

/** Where an invitation stands for one household, in the words the event page uses. */
export type InvitationSendState = "waiting" | "sent" | "delivered" | "failed" | "not_sent";

const STATE_OF: Record<string, InvitationSendState> = {
  queued: "waiting",
  sending: "waiting",
  unknown: "waiting",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  failed: "failed",
  undelivered: "failed",
  dead_letter: "failed",
  undeliverable: "not_sent",
};

/**
 * The coordinator's event page: when and where (in the school's zone), the counts, and every
 * invited household with its language, channel, send state and RSVP — so "who has not heard
 * from us" and "who is coming" are both one look.
 */
export async function loadEventPage(ctx: ServiceContext, eventId: string) {
  const { db } = ctx.deps;
  const [row] = await db
    .select({ event: events, timeZone: schools.timezone, schoolName: schools.name })
    .from(events)
    .innerJoin(schools, eq(schools.id, events.schoolId))
    .where(eq(events.id, eventId));
  if (!row) throw new NotFoundError("Event not found");
  await requireSchoolInScope(ctx, row.event.schoolId);
  const invitees = await db
    .select({
      familyId: families.id,
      name: families.displayName,
      rsvp: eventInvitations.rsvp,
      respondedAt: eventInvitations.respondedAt,
      attended: eventInvitations.attended,
      channel: messages.channel,
      language: messages.language,
      status: messages.status,
      statusReason: messages.statusReason,
    })
    .from(eventInvitations)
    .innerJoin(families, eq(families.id, eventInvitations.familyId))
    .leftJoin(
      messages,
      and(
        eq(messages.eventId, eventInvitations.eventId),
        eq(messages.familyId, eventInvitations.familyId),
        eq(messages.templateKey, "event_invitation"),
      ),
    )
    .where(eq(eventInvitations.eventId, eventId))
    .orderBy(asc(families.displayName));
  return {
    summary: await eventSummary(db, eventId),
    location: row.event.location,
    durationMinutes: row.event.durationMinutes,
    timeZone: row.timeZone,
    schoolName: row.schoolName,
    invitees: invitees.map((i) => ({
      ...i,
      sendState: (i.status ? STATE_OF[i.status] : undefined) ?? ("waiting" as InvitationSendState),
    })),
  };
}
