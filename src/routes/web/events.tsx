import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { LANGUAGE_TAGS } from "../../domain/languages";
import { wallTimeToInstant } from "../../domain/local-time";
import { AppError, fieldsFromZod, ValidationError } from "../../errors";
import { EventCreate } from "../../schemas/events";
import {
  createEvent,
  getEvent,
  listEvents,
  loadEventPage,
  markAttendance,
  NIGHT_REFUSAL,
  previewEvent,
} from "../../services/events";
import { listClassTeachers, listSchools } from "../../services/schools";
import { type EventFormValues, EventPage, EventReviewPage, EventsPage } from "../../views/pages/events";
import { kickDispatch } from "../background";
import { educatorActor, requireSignedIn, serviceContext, translator } from "../middleware";

/** Coordinators: create events, invite, follow progress and RSVPs, tick attendance. */
/**
 * Coordinators: create events, review what will go out, invite, follow progress and RSVPs,
 * tick attendance. Creating is two steps: the form posts to /events/review, which shows who
 * gets what (nothing is written); its Send button posts the same values to /events. A refused
 * step shows the form again with everything typed and the reason beside it.
 */
export const eventRoutes = new Hono<AppEnv>()
  .use("/events", requireSignedIn)
  .use("/events/*", requireSignedIn)
  .get("/events", async (c) => eventsForm(c))
  .post("/events/review", async (c) => {
    const values = await formValues(c);
    const school = await schoolOf(c);
    try {
      const preview = await previewEvent(serviceContext(c), eventInput(values, school));
      return c.html(
        <EventReviewPage
          t={translator(c)}
          actor={educatorActor(c)}
          csrfToken={c.get("csrfToken")}
          schoolId={school.id}
          values={values}
          preview={preview}
        />,
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "invalid_request") throw error;
      return eventsForm(c, values, error, 400);
    }
  })
  .post("/events/edit", async (c) => eventsForm(c, await formValues(c)))
  .post("/events", async (c) => {
    const values = await formValues(c);
    const school = await schoolOf(c);
    const ctx = serviceContext(c);
    try {
      const event = await createEvent(ctx, eventInput(values, school));
      kickDispatch(c);
      return c.redirect(`/events/${event.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "invalid_request") throw error;
      // A night time not confirmed: back to the review, which asks for the tick.
      if (error instanceof ValidationError && error.fields?.confirmNight === NIGHT_REFUSAL.confirmNight) {
        const preview = await previewEvent(ctx, eventInput(values, school));
        return c.html(
          <EventReviewPage
            t={translator(c)}
            actor={educatorActor(c)}
            csrfToken={c.get("csrfToken")}
            schoolId={school.id}
            values={values}
            preview={preview}
            error={{ message: translator(c)("eventReview.nightError") }}
          />,
          400,
        );
      }
      return eventsForm(c, values, error, 400);
    }
  })
  // The event page's live progress (event-progress.js polls it; without JS, reloading shows the same).
  .get("/events/progress.js", (c) =>
    c.body(PROGRESS_JS, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
    }),
  )
  .get("/events/:id/progress", async (c) => {
    const event = await getEvent(serviceContext(c), c.req.param("id"));
    const t = translator(c);
    const done = event.progress.sent + event.progress.failed;
    return c.json(
      {
        invited: event.invited,
        done,
        progress: event.progress,
        rsvp: event.rsvp,
        text: `${t("eventPage.progress", { done, total: event.invited })} · ${t("events.progress", event.progress)}`,
        rsvpText: t("events.rsvp", event.rsvp),
      },
      200,
      { "cache-control": "no-store" },
    );
  })
  .get("/events/:id", async (c) => {
    const page = await loadEventPage(serviceContext(c), c.req.param("id"));
    return c.html(<EventPage t={translator(c)} actor={educatorActor(c)} csrfToken={c.get("csrfToken")} page={page} />);
  })
  .post("/events/:id/attendance", async (c) => {
    const ctx = serviceContext(c);
    const event = await getEvent(ctx, c.req.param("id"));
    const form = await c.req.parseBody({ all: true });
    await markAttendance(ctx, event.id, ([] as unknown[]).concat(form.attended ?? []).map(String));
    return c.redirect(`/events/${event.id}`, 303);
  });

async function eventsForm(c: Context<AppEnv>, values?: EventFormValues, error?: AppError, status: 200 | 400 = 200) {
  const ctx = serviceContext(c);
  const school = await schoolOf(c);
  const teachers = await listClassTeachers(ctx, school.id);
  const t = translator(c);
  return c.html(
    <EventsPage
      t={t}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      schoolId={school.id}
      timeZone={school.timezone}
      teachers={teachers}
      list={await listEvents(ctx, school.id)}
      {...(values ? { values } : {})}
      {...(error ? { error: { message: error.message, fields: readableFields(error) } } : {})}
    />,
    status,
  );
}

/** Field names as the form labels them, not the API's keys. */
const FIELD_LABELS: Record<string, string> = {
  startsAt: "When",
  title: "Title",
  location: "Where",
  kind: "Kind",
  audience: "Invite",
  schoolId: "School",
  confirmNight: "Night-time confirmation",
};

function readableFields(error: AppError): Record<string, string> | undefined {
  if (!(error instanceof ValidationError) || !error.fields) return undefined;
  return Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [FIELD_LABELS[k] ?? k, v]));
}

async function formValues(c: Context<AppEnv>): Promise<EventFormValues> {
  const form = await c.req.parseBody();
  const values: EventFormValues = {};
  for (const [name, value] of Object.entries(form))
    if (typeof value === "string" && name !== "_csrf") values[name] = value.slice(0, 200);
  return values;
}

function eventInput(values: EventFormValues, school: { id: string; timezone: string }): EventCreate {
  const text = (k: string) => values[k] ?? "";
  if (text("startsAt") === "") throw new ValidationError({ startsAt: "is required" });
  const startsAt = wallTimeToInstant(text("startsAt"), school.timezone)?.toISOString();
  if (!startsAt) throw new ValidationError({ startsAt: "is not a date and time" });
  const parsed = EventCreate.safeParse({
    schoolId: school.id,
    kind: text("kind"),
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
    audience: text("audience") === "all" || text("audience") === "" ? { all: true } : { educatorId: text("audience") },
    ...(text("confirmNight") ? { confirmNight: true } : {}),
  });
  if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error));
  return parsed.data;
}

async function schoolOf(c: Context<AppEnv>) {
  const schools = await listSchools(serviceContext(c));
  return schools.find((s) => s.id === c.req.query("school")) ?? schools[0]!;
}

/**
 * Progressive enhancement for the event page: while invitations are waiting, ask for the
 * counts every 3 s and move the bar; stop when none are waiting. Without it, a reload shows
 * the same numbers.
 */
const PROGRESS_JS = `
(function () {
  var box = document.getElementById("event-progress");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var reload = box.querySelector("[data-progress-reload]");
  function tick() {
    fetch(box.getAttribute("data-progress-url"), { headers: { accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        bar.max = Math.max(p.invited, 1);
        bar.value = p.done;
        bar.textContent = p.done + "/" + p.invited;
        text.textContent = p.text + " \u00b7 " + p.rsvpText;
        if (p.progress.queued > 0) setTimeout(tick, 3000);
        else if (reload) reload.hidden = true;
      })
      .catch(function () { setTimeout(tick, 10000); });
  }
  if (reload) setTimeout(tick, 1000);
})();
`;
