import { and, eq, gt, gte, inArray, isNull, lte, notExists } from "drizzle-orm";
import { runRawBatch } from "../../../db/client";
import { chunk, insertRows } from "../../../db/raw-batch";
import {
  auditLog,
  conferenceSlots,
  educators,
  eventInvitations,
  events,
  surveyRecipients,
  surveys,
  visits,
} from "../../../db/schema";
import { hashLinkCode, hmacSha256 } from "../../auth/tokens";
import type { Deps, ServiceContext } from "../../context";
import { offeredSlots, slotTimes } from "../../domain/conference-slots";
import { isNightStart } from "../../domain/event-time";
import { newId } from "../../domain/ids";
import { schoolYearOf } from "../../domain/school-year";
import { ValidationError } from "../../errors";
import { insertsFor, prepareOutboundBulk } from "../../messaging/enqueue-bulk";
import type { ConferencePublish } from "../../schemas/conferences";
import { auditRow } from "../audit";
import { requireRole } from "../auth";
import { audience } from "../events";
import { requireSchoolInScope } from "../queries";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Families per batch: each batch writes whole families (invitation, messages, outbox rows). */
const CHUNK = 100;
const INVITATION_KEYS = ["id", "eventId", "familyId", "linkCode", "createdAt", "updatedAt"] as const;
const SLOT_KEYS = ["id", "eventId", "educatorId", "position", "startsAt", "minutes", "createdAt", "updatedAt"] as const;

/**
 * A family's conference link code (/e/<code>, and /c/<code> for the calendar): derived from the
 * session secret and the invitation, like survey links, so the confirmation and the reminder
 * can carry it again while the database keeps only its hash (event_invitations.link_code).
 */
export async function conferenceLinkCode(deps: Deps, invitationId: string): Promise<string> {
  const bytes = await hmacSha256(deps.config.sessionSecret, `conference-link:${invitationId}`);
  return [...bytes.slice(0, 12)].map((b) => CROCKFORD[b & 31]).join("");
}

/**
 * PTLT: a teacher (or a coordinator, for a teacher) publishes conference slots — e.g. 20-minute
 * blocks over two evenings — and every family of that teacher's class this year is invited in
 * its language and channel, through the outbox like any event invitation. The conference is an
 * event of kind `conference` (so the attendance checklist and the fidelity report see it); its
 * slots are numbered once, earliest first: the number a family texts to book.
 *
 * A family's text lists three open slots by number (spread and rotated per family, so not every
 * family races for the first three) and the link to all of them. A family that has a visit
 * invitation, an RSVP or a survey question waiting for a digit gets the link only: one digit
 * must never mean two things (services/conferences/book-by-text.ts).
 */
export async function publishConference(ctx: ServiceContext, input: ConferencePublish) {
  requireRole(ctx.actor, ["educator", "coordinator", "district_admin"], "publish conference slots");
  const school = await requireSchoolInScope(ctx, input.schoolId).catch(() => {
    throw new ValidationError({ schoolId: "is not a school you can publish conferences for" });
  });
  const educatorId = input.educatorId ?? (ctx.actor.type === "educator" ? ctx.actor.educatorId : null);
  if (!educatorId) throw new ValidationError({ educatorId: "is required: whose class is invited" });
  // A teacher publishes for their own class; coordinators and district admins for any teacher.
  if (ctx.actor.type === "educator" && ctx.actor.role === "educator" && ctx.actor.educatorId !== educatorId)
    throw new ValidationError({ educatorId: "must be you: a teacher publishes slots for their own class" });
  const { db, clock, config } = ctx.deps;
  const [teacher] = await db
    .select({ id: educators.id })
    .from(educators)
    .where(and(eq(educators.id, educatorId), eq(educators.schoolId, school.id)));
  if (!teacher) throw new ValidationError({ educatorId: "is not an educator of this school" });

  const now = clock.now();
  const blocks = input.blocks.map((b) => ({ startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) }));
  const cut = slotTimes(blocks, input.minutes);
  if (!cut.ok) throw new ValidationError({ [cut.field]: cut.message });
  const times = cut.times;
  if (times[0]! <= now) throw new ValidationError({ "blocks.0.startsAt": "is in the past" });
  const night = times.find((t) => isNightStart(t, school.timezone));
  if (night && input.confirmNight !== true)
    throw new ValidationError({
      blocks: "has a slot at night (between 9 PM and 7 AM school time): confirm the times are right",
      confirmNight: "must be true to publish slots at night",
    });
  const familyIds = await audience(ctx, school.id, school.timezone, { educatorId });
  if (familyIds.length === 0) throw new ValidationError({ educatorId: "has no families in their class this year" });

  const eventId = newId("evt", now.getTime());
  const slots = times.map((startsAt, i) => ({
    id: newId("cfs", now.getTime()),
    eventId,
    educatorId,
    position: i + 1,
    startsAt,
    minutes: input.minutes,
    createdAt: now,
    updatedAt: now,
  }));
  const location = input.location ?? school.name;
  await db.batch([
    db.insert(events).values({
      id: eventId,
      schoolId: school.id,
      schoolYear: schoolYearOf(times[0]!, school.timezone),
      kind: "conference",
      title: input.title,
      startsAt: times[0]!,
      durationMinutes: input.minutes,
      location,
      translations: input.translations ?? {},
      createdAt: now,
      updatedAt: now,
    }),
    db.insert(auditLog).values(
      auditRow(ctx.actor, now, {
        action: "conference.publish",
        subjectType: "event",
        subjectId: eventId,
        detail: { slots: slots.length, invited: familyIds.length, educatorId },
      }),
    ),
  ]);
  await runRawBatch(
    db,
    chunk(slots, 10).map((part) => insertRows(conferenceSlots, SLOT_KEYS, part)),
  );

  const busy = await familiesWithDigitQuestion(ctx.deps, familyIds, now);
  const invitations = familyIds.map((familyId) => ({
    id: newId("inv", now.getTime()),
    eventId,
    familyId,
    createdAt: now,
    updatedAt: now,
  }));
  const codes = await Promise.all(invitations.map((i) => conferenceLinkCode(ctx.deps, i.id)));
  const sender = ctx.actor.type === "educator" ? ctx.actor.educatorId : null;
  const { rows } = await prepareOutboundBulk(
    ctx.deps,
    invitations.map(({ familyId }, i) => {
      const listed = busy.has(familyId) ? [] : offeredSlots(slots, i);
      return {
        familyId,
        educatorId: sender,
        templateKey: "conference_invitation" as const,
        params: {
          event: input.title,
          place: location,
          link: `${config.publicBaseUrl}/e/${codes[i]}`,
          times: listed.map((s) => s.startsAt.toISOString()),
          positions: listed.map((s) => s.position),
          ...(input.translations && Object.keys(input.translations).length > 0
            ? { translations: input.translations }
            : {}),
        },
        eventId,
        idempotencyKey: `conference:${eventId}:${familyId}:invitation`,
      };
    }),
  );
  const stored = await Promise.all(
    invitations.map(async (invitation, i) => ({ ...invitation, linkCode: await hashLinkCode(codes[i]!) })),
  );
  for (let i = 0; i < stored.length; i += CHUNK) {
    await runRawBatch(db, [
      ...chunk(stored.slice(i, i + CHUNK), 15).map((part) =>
        insertRows(eventInvitations, INVITATION_KEYS, part, { tail: "on conflict do nothing" }),
      ),
      ...insertsFor(ctx.deps, rows.slice(i, i + CHUNK)),
    ]);
  }
  return { eventId, slots: slots.length, invited: familyIds.length, linkOnly: busy.size };
}

/**
 * Families for whom a digit already means something: a visit invitation waiting for a time,
 * an unanswered RSVP to an upcoming event (not a slotted conference: those are not RSVPs), or
 * a survey question asked by text. Their invitation lists no numbers, only the link.
 */
export async function familiesWithDigitQuestion(deps: Deps, familyIds: string[], now: Date): Promise<Set<string>> {
  const { db } = deps;
  const busy = new Set<string>();
  for (const ids of chunk(familyIds, 90)) {
    const visitRows = await db
      .select({ familyId: visits.familyId })
      .from(visits)
      .where(and(inArray(visits.familyId, ids), eq(visits.status, "invited")));
    const rsvpRows = await db
      .select({ familyId: eventInvitations.familyId })
      .from(eventInvitations)
      .innerJoin(events, eq(events.id, eventInvitations.eventId))
      .where(
        and(
          inArray(eventInvitations.familyId, ids),
          isNull(eventInvitations.rsvp),
          gt(events.startsAt, now),
          notExists(
            db.select({ id: conferenceSlots.id }).from(conferenceSlots).where(eq(conferenceSlots.eventId, events.id)),
          ),
        ),
      );
    const surveyRows = await db
      .select({ familyId: surveyRecipients.familyId })
      .from(surveyRecipients)
      .innerJoin(surveys, eq(surveys.id, surveyRecipients.surveyId))
      .where(
        and(
          inArray(surveyRecipients.familyId, ids),
          gte(surveyRecipients.smsPosition, 1),
          eq(surveys.status, "open"),
          lte(surveys.opensAt, now),
          gt(surveys.closesAt, now),
        ),
      );
    for (const r of [...visitRows, ...rsvpRows, ...surveyRows]) if (r.familyId) busy.add(r.familyId);
  }
  return busy;
}
