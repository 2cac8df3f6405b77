import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { instantToWallTime, wallTimeToInstant } from "../../domain/local-time";
import { PROGRAM_MODELS } from "../../domain/program-models";
import { AppError, fieldsFromZod, ValidationError } from "../../errors";
import { VisitReflection, VisitTimeLog } from "../../schemas/fidelity";
import { logVisitTime, recordReflection } from "../../services/fidelity";
import { requireVisitInScope } from "../../services/queries";
import {
  attestVisit,
  cancelVisit,
  completeVisit,
  confirmVisit,
  joinVisit,
  LEAD_ONLY,
  ownVisitNotes,
  proposeNewTimes,
  recordNoShow,
  saveVisitNotes,
  VISIT_NOTES_MAX,
  visitView,
} from "../../services/visits";
import { NewTimesPage } from "../../views/pages/new-times";
import { type RecordValues, RecordVisitPage } from "../../views/pages/record-visit";
import { VisitNotesPage } from "../../views/pages/visit-notes";
import { kickDispatch } from "../background";
import { educatorActor, httpStatusOf, requireSignedIn, serviceContext, translator } from "../middleware";
import { familyClockToIso, formTimes } from "./form-times";

/** The visit's own actions: record it, confirm as partner, call it off — and a sibling's teacher joins it. */
export const visitRoutes = new Hono<AppEnv>()
  .use("/visits/*", requireSignedIn)
  .get("/visits/:id/record", async (c) => renderRecord(c))
  .get("/visits/:id/notes", async (c) => renderNotes(c))
  .post("/visits/:id/notes", async (c) => {
    const form = await c.req.parseBody();
    const notes = typeof form.notes === "string" ? form.notes : "";
    try {
      const { familyId } = await saveVisitNotes(serviceContext(c), { visitId: c.req.param("id"), notes });
      return c.redirect(`/families/${familyId}?notes=1`, 303);
    } catch (error) {
      if (error instanceof AppError && httpStatusOf(error) < 500)
        return renderNotes(c, notes, { message: error.message, fields: error.fields }, httpStatusOf(error) as 400);
      throw error;
    }
  })
  .post("/visits/:id/record", async (c) => {
    const ctx = serviceContext(c);
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string).trim() : "");
    const channel = text("planChannel");
    const cadence = Number(text("cadenceDays"));
    // Exactly what was typed, untrimmed, so a refusal gives every word back.
    const raw = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
    const values: RecordValues = {
      startedAt: raw("startedAt"),
      durationMinutes: raw("durationMinutes"),
      location: raw("location"),
      interpreterUsed: form.interpreterUsed === "1",
      hopesAndDreams: raw("hopesAndDreams"),
      resourceRequests: raw("resourceRequests"),
      evaluation: Object.fromEntries(
        Object.keys(form)
          .filter((k) => k.startsWith("evaluation."))
          .map((k) => [k.slice("evaluation.".length), raw(k)]),
      ),
      planChannel: channel,
      cadenceDays: raw("cadenceDays"),
    };
    try {
      await completeVisit(ctx, c.req.param("id"), {
        startedAt: wallTimeToInstant(text("startedAt"), educatorActor(c).timeZone)?.toISOString() ?? "",
        durationMinutes: Number(text("durationMinutes")),
        location: text("location") === "neutral" ? "neutral" : "home",
        interpreterUsed: form.interpreterUsed === "1",
        communicationPlan: {
          channel: (["sms", "email", "call", "in_person"].includes(channel) ? channel : "sms") as "sms",
          cadenceDays: Number.isInteger(cadence) && cadence > 0 ? cadence : undefined,
        },
        hopesAndDreams: text("hopesAndDreams") || undefined,
        resourceRequests: text("resourceRequests") || undefined,
        evaluation: Object.fromEntries(
          Object.keys(form)
            .filter((k) => k.startsWith("evaluation."))
            .map((k) => [k.slice("evaluation.".length), text(k)]),
        ),
      });
    } catch (error) {
      // The partner's words are never lost: refused the record, she is offered her own notes with them.
      if (error instanceof AppError && error.subcode === LEAD_ONLY)
        return renderNotes(
          c,
          [values.hopesAndDreams, values.resourceRequests].filter((s) => s.trim()).join("\n\n"),
          { message: translator(c)("notes.leadOnly") },
          403,
        );
      if (error instanceof AppError && httpStatusOf(error) < 500)
        return renderRecord(c, { message: error.message, fields: error.fields }, httpStatusOf(error) as 400, values);
      throw error;
    }
    const visit = await visitView(ctx.deps.db, c.req.param("id"));
    return c.redirect(`/families/${visit.familyId}?recorded=1`, 303);
  })
  .post("/visits/:id/attest", async (c) => {
    const visit = await attestVisit(serviceContext(c), c.req.param("id"));
    return c.redirect(`/families/${visit.familyId}?attested=1`, 303);
  })
  .post("/visits/:id/after", async (c) => {
    // The pair's after-visit form: your own reflection (PTHV) and your minutes (compensation).
    const ctx = serviceContext(c);
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === "string" ? (form[k] as string).trim() : "");
    const visitId = c.req.param("id");
    const { family } = await requireVisitInScope(ctx, visitId);
    if (text("reflection")) {
      const parsed = VisitReflection.safeParse({ reflection: text("reflection") });
      if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error));
      await recordReflection(ctx, visitId, parsed.data.reflection);
    }
    const minutes = ["arrangingMinutes", "conductingMinutes", "debriefingMinutes"].map(text);
    if (minutes.some(Boolean)) {
      // A blank box among filled ones is 0 minutes for that part, not a refused form.
      const parsed = VisitTimeLog.safeParse({
        arrangingMinutes: Number(minutes[0] || 0),
        conductingMinutes: Number(minutes[1] || 0),
        debriefingMinutes: Number(minutes[2] || 0),
      });
      if (!parsed.success) throw new ValidationError(fieldsFromZod(parsed.error));
      await logVisitTime(ctx, visitId, parsed.data);
    }
    return c.redirect(`/families/${family.id}?saved=1`, 303);
  })
  .get("/visits/:id/times", async (c) => renderNewTimes(c, []))
  .post("/visits/:id/times", async (c) => {
    const ctx = serviceContext(c);
    const form = await c.req.parseBody({ all: true });
    const times = formTimes(form);
    const { family } = await requireVisitInScope(ctx, c.req.param("id"));
    // Typed on the family's wall clock, like the invitation form.
    const slots = familyClockToIso(times, family.timezone);
    try {
      await proposeNewTimes(ctx, c.req.param("id"), slots);
    } catch (error) {
      if (error instanceof AppError && (error.code === "invalid_request" || error.code === "conflict"))
        return renderNewTimes(
          c,
          times,
          { message: error.message, fields: error.fields },
          httpStatusOf(error) as 400 | 409,
        );
      throw error;
    }
    kickDispatch(c);
    return c.redirect(`/families/${family.id}?retimed=1`, 303);
  })
  .post("/visits/:id/no-show", async (c) => {
    const visit = await recordNoShow(serviceContext(c), c.req.param("id"));
    return c.redirect(`/families/${visit.familyId}?noshow=1`, 303);
  })
  .post("/visits/:id/confirm", async (c) => {
    const visit = await confirmVisit(serviceContext(c), c.req.param("id"));
    kickDispatch(c); // the lead's email, queued in the staff outbox
    return c.redirect(`/families/${visit.familyId}?confirmed=1`, 303);
  })
  .post("/visits/:id/join", async (c) => {
    const joined = await joinVisit(serviceContext(c), c.req.param("id"));
    kickDispatch(c); // everyone's email, queued in the staff outbox
    return c.redirect(`/families/${joined.familyId}?joined=1`, 303);
  })
  .post("/visits/:id/cancel", async (c) => {
    const visit = await cancelVisit(serviceContext(c), c.req.param("id"));
    kickDispatch(c);
    return c.redirect(`/families/${visit.familyId}?cancelled=1`, 303);
  });

async function renderRecord(
  c: Context<AppEnv>,
  error?: { message: string; fields?: Record<string, string> | undefined },
  status: 200 | 400 | 403 | 409 = 200,
  values?: RecordValues,
) {
  const ctx = serviceContext(c);
  const { visit, family, school } = await requireVisitInScope(ctx, c.req.param("id")!);
  const model = PROGRAM_MODELS[school.programModel];
  const schoolCadence = typeof school.settings.cadenceDays === "number" ? school.settings.cadenceDays : null;
  const actor = educatorActor(c);
  return c.html(
    <RecordVisitPage
      t={translator(c)}
      actor={actor}
      csrfToken={c.get("csrfToken")}
      familyName={family.displayName}
      visit={await visitView(ctx.deps.db, visit.id, ctx.actor)}
      model={model}
      defaultCadence={schoolCadence ?? model.cadenceDays ?? 30}
      startedLocal={instantToWallTime(visit.startsAt ?? ctx.deps.clock.now(), actor.timeZone)}
      values={values}
      error={error}
    />,
    status,
  );
}

async function renderNotes(
  c: Context<AppEnv>,
  typed?: string,
  error?: { message: string; fields?: Record<string, string> | undefined },
  status: 200 | 400 | 403 | 409 = 200,
) {
  const ctx = serviceContext(c);
  const { visit, family } = await requireVisitInScope(ctx, c.req.param("id")!);
  return c.html(
    <VisitNotesPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      visitId={visit.id}
      family={family}
      notes={typed ?? (await ownVisitNotes(ctx, visit.id))}
      maxLength={VISIT_NOTES_MAX}
      error={error}
    />,
    status,
  );
}

async function renderNewTimes(
  c: Context<AppEnv>,
  values: string[],
  error?: { message: string; fields?: Record<string, string> | undefined },
  status: 200 | 400 | 409 = 200,
) {
  const ctx = serviceContext(c);
  const { visit, family } = await requireVisitInScope(ctx, c.req.param("id")!);
  const view = await visitView(ctx.deps.db, visit.id, ctx.actor);
  const previous = view.slots.map((s) => instantToWallTime(new Date(s.startsAt), family.timezone).replace("T", " "));
  return c.html(
    <NewTimesPage
      t={translator(c)}
      actor={educatorActor(c)}
      csrfToken={c.get("csrfToken")}
      visitId={visit.id}
      family={family}
      previous={previous}
      values={values}
      error={error}
    />,
    status,
  );
}
