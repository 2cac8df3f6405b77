import { eq } from "drizzle-orm";
import { events } from "../../../db/schema";
import type { ServiceContext } from "../../context";
import { NotFoundError } from "../../errors";
import { requireSchoolInScope } from "../queries";
import { eventSummary } from "./event-summary";

/** An event of a school in the actor's scope (404 otherwise). */
export async function getEvent(ctx: ServiceContext, eventId: string) {
  const [event] = await ctx.deps.db.select({ schoolId: events.schoolId }).from(events).where(eq(events.id, eventId));
  if (!event) throw new NotFoundError("Event not found");
  await requireSchoolInScope(ctx, event.schoolId);
  return eventSummary(ctx.deps.db, eventId);
}
