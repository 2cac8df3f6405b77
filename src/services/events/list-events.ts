import { asc, desc, eq } from "drizzle-orm";
import { eventInvitations, events, families } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { requireRole } from "../auth";
import { requireSchoolInScope } from "../queries";
import { eventSummary } from "./event-summary";

export async function listEvents(ctx: ServiceContext, schoolId: string) {
  requireRole(ctx.actor, ["coordinator", "district_admin"], "see events");
  await requireSchoolInScope(ctx, schoolId);
  const rows = await ctx.deps.db
    .select({ id: events.id })
    .from(events)
    .where(eq(events.schoolId, schoolId))
    .orderBy(desc(events.startsAt));
  return Promise.all(rows.map((r) => eventSummary(ctx.deps.db, r.id)));
}

/** The attendance checklist: every invited household with its answer. */
export async function eventInvitees(ctx: ServiceContext, eventId: string) {
  return ctx.deps.db
    .select({
      familyId: families.id,
      name: families.displayName,
      rsvp: eventInvitations.rsvp,
      attended: eventInvitations.attended,
    })
    .from(eventInvitations)
    .innerJoin(families, eq(families.id, eventInvitations.familyId))
    .where(eq(eventInvitations.eventId, eventId))
    .orderBy(asc(families.displayName));
}
