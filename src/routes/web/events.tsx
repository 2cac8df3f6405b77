import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { educators } from "../../../db/schema";
import type { AppEnv } from "../../context";
import { LANGUAGE_TAGS } from "../../domain/languages";
import { wallTimeToInstant } from "../../domain/local-time";
import { createEvent } from "../../services/events/create-event";
import { getEvent } from "../../services/events/get-event";
import { eventInvitees, listEvents } from "../../services/events/list-events";
import { markAttendance } from "../../services/events/rsvp";
import { listSchools } from "../../services/list-schools";
import { EventPage, EventsPage } from "../../views/pages/events";
import { kickDispatch } from "../background";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** Coordinators: create events, invite, follow progress and RSVPs, tick attendance. */
export const eventRoutes = new Hono<AppEnv>()
  .use("/events", requireSignedIn)
  .use("/events/*", requireSignedIn)
  .get("/events", async (c) => {
    const ctx = serviceContext(c);
    const school = await schoolOf(c);
    const teachers = await ctx.deps.db
      .select({ id: educators.id, name: educators.name })
      .from(educators)
      .where(and(eq(educators.schoolId, school.id), eq(educators.active, true)));
    return c.html(
      <EventsPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        schoolId={school.id}
        timeZone={school.timezone}
        teachers={teachers}
        list={await listEvents(ctx, school.id)}
      />,
    );
  })
  .post("/events", async (c) => {
    const form = await c.req.parseBody();
    const school = await schoolOf(c);
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const startsAt = wallTimeToInstant(text("startsAt"), school.timezone)?.toISOString() ?? "";
    const event = await createEvent(serviceContext(c), {
      schoolId: school.id,
      kind: text("kind") as "workshop",
      title: text("title"),
      startsAt,
      location: text("location"),
      // Per-language title and place ("title.es", "location.es"); blank ones are dropped.
      translations: Object.fromEntries(
        LANGUAGE_TAGS.filter((l) => l !== "en").map((l) => [
          l,
          { title: text(`title.${l}`) || undefined, location: text(`location.${l}`) || undefined },
        ]),
      ),
      audience: text("audience") === "all" ? { all: true } : { educatorId: text("audience") },
    });
    kickDispatch(c);
    return c.redirect(`/events/${event.id}`, 303);
  })
  .get("/events/:id", async (c) => {
    const ctx = serviceContext(c);
    const event = await getEvent(ctx, c.req.param("id"));
    return c.html(
      <EventPage
        t={translator(c)}
        actor={educatorActor(c)}
        csrfToken={c.get("csrfToken")}
        event={event}
        invitees={await eventInvitees(ctx, event.id)}
      />,
    );
  })
  .post("/events/:id/attendance", async (c) => {
    const ctx = serviceContext(c);
    const event = await getEvent(ctx, c.req.param("id"));
    const form = await c.req.parseBody({ all: true });
    await markAttendance(ctx, event.id, ([] as unknown[]).concat(form.attended ?? []).map(String));
    return c.redirect(`/events/${event.id}`, 303);
  });

async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  return schools.find((s) => s.id === c.req.query("school")) ?? schools[0]!;
}
