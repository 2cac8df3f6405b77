import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { eventInvitations, events } from "../../../db/schema";
import type { SystemContext } from "../../context";
import { parseRsvp } from "../../domain/rsvp";

/** If the family has an unanswered invitation to an upcoming event, a "1"/"yes"/"sí" answers it. */
export async function interpretAsRsvp(ctx: SystemContext, familyId: string, body: string): Promise<boolean> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const [pending] = await db
    .select({ id: eventInvitations.id })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .where(and(eq(eventInvitations.familyId, familyId), isNull(eventInvitations.rsvp), gt(events.startsAt, now)))
    .orderBy(desc(eventInvitations.createdAt))
    .limit(1);
  if (!pending) return false;
  const answer = parseRsvp(body);
  if (!answer) return false;
  await db
    .update(eventInvitations)
    .set({ rsvp: answer, respondedAt: now, updatedAt: now })
    .where(eq(eventInvitations.id, pending.id));
  return true;
}

/** The attendance checklist: who came. */
export async function markAttendance(ctx: SystemContext, eventId: string, attendedFamilyIds: string[]) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const invitations = await db.select().from(eventInvitations).where(eq(eventInvitations.eventId, eventId));
  await db.batch(
    invitations.map((i) =>
      db
        .update(eventInvitations)
        .set({ attended: attendedFamilyIds.includes(i.familyId), updatedAt: now })
        .where(eq(eventInvitations.id, i.id)),
    ) as never,
  );
}
