import { z } from "@hono/zod-openapi";
import { LANGUAGE_TAGS } from "../domain/languages";
import { id } from "./common";

const iso = z.iso.datetime({ offset: true, message: "must be an ISO date-time with an offset" });

export const ConferencePublish = z
  .strictObject({
    schoolId: id("sch"),
    educatorId: id("edu")
      .optional()
      .openapi({ description: "The teacher whose class is invited (default: the signed-in teacher)" }),
    title: z.string().trim().min(1, "is required").max(80),
    location: z.string().trim().min(1, "is required").max(80).optional(),
    minutes: z
      .number()
      .int("must be a whole number of minutes")
      .min(10, "must be at least 10")
      .max(60, "must be at most 60")
      .openapi({ description: "Length of each slot (PTLT: 20–30 minutes)", example: 20 }),
    blocks: z
      .array(z.strictObject({ startsAt: iso, endsAt: iso }))
      .min(1, "needs at least one block of time")
      .max(10, "has more than 10 blocks")
      .openapi({ description: "Blocks cut into slots, e.g. two evenings 16:00–18:00" }),
    translations: z
      .partialRecord(
        z.enum(LANGUAGE_TAGS, { message: "must be a language tag Doorstep writes in (es, vi, zh-Hans, …)" }),
        z.strictObject({
          title: z.string().trim().min(1, "is required").max(80).optional(),
          location: z.string().trim().min(1, "is required").max(80).optional(),
        }),
      )
      .optional(),
    confirmNight: z.boolean().optional(),
  })
  .openapi("ConferencePublish");
export type ConferencePublish = z.infer<typeof ConferencePublish>;

export const ConferenceSlot = z
  .object({
    id: id("cfs"),
    position: z.number().int(),
    startsAt: z.string(),
    minutes: z.number().int(),
    familyId: z.string().nullable(),
    familyName: z.string().nullable(),
    bookedAt: z.string().nullable(),
    attended: z.boolean().nullable(),
  })
  .openapi("ConferenceSlot");

export const Conference = z
  .object({
    id: id("evt"),
    title: z.string(),
    educatorId: z.string(),
    invited: z.number().int(),
    booked: z.number().int(),
    slots: z.array(ConferenceSlot),
  })
  .openapi("Conference");

export const ConferenceAttendance = z
  .strictObject({
    attendedSlotIds: z.array(id("cfs")).max(60).openapi({ description: "Booked slots whose family came" }),
  })
  .openapi("ConferenceAttendance");
