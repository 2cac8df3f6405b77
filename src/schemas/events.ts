import { z } from "@hono/zod-openapi";
import { EVENT_KINDS } from "../domain/enums";
import { LANGUAGE_TAGS } from "../domain/languages";
import { id } from "./common";

export const EventCreate = z
  .strictObject({
    schoolId: id("sch"),
    kind: z.enum(EVENT_KINDS, { message: `must be one of ${EVENT_KINDS.join(", ")}` }),
    title: z.string().trim().min(1, "is required").max(80),
    startsAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time with an offset" }),
    durationMinutes: z.number().int().min(5).max(600).optional(),
    location: z.string().trim().min(1, "is required").max(80),
    translations: z
      .partialRecord(
        z.enum(LANGUAGE_TAGS, { message: "must be a language tag Doorstep writes in (es, vi, zh-Hans, …)" }),
        z.strictObject({
          title: z.string().trim().min(1, "is required").max(80).optional(),
          location: z.string().trim().min(1, "is required").max(80).optional(),
        }),
      )
      .optional()
      .openapi({ description: "Title and place in other languages, by language tag; families read their own" }),
    audience: z
      .union([
        z.strictObject({ all: z.literal(true) }),
        z.strictObject({ educatorId: id("edu") }),
        z.strictObject({ familyIds: z.array(id("fam")).min(1).max(5000) }),
      ])
      .openapi({ description: "Everyone at the school, one educator's class, or chosen households" }),
    confirmNight: z.boolean().optional().openapi({
      description: "Required (true) for an event starting 21:00–07:00 school time: says the time is meant",
    }),
  })
  .openapi("EventCreate");
export type EventCreate = z.infer<typeof EventCreate>;

export const EventSummary = z
  .object({
    id: id("evt"),
    title: z.string(),
    kind: z.enum(EVENT_KINDS),
    startsAt: z.string(),
    invited: z.number().int(),
    progress: z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
    rsvp: z.object({ yes: z.number().int(), no: z.number().int(), maybe: z.number().int(), none: z.number().int() }),
    attended: z.number().int(),
  })
  .openapi("EventSummary");
