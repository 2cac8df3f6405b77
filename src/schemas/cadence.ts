import { z } from "@hono/zod-openapi";
import { id, languageTag } from "./common";

export const LoggedContactCreate = z
  .strictObject({
    educatorId: id("edu"),
    kind: z.enum(["call", "in_person"], { message: "must be call or in_person" }),
    at: z.iso.datetime({ offset: true, message: "must be an ISO date-time with an offset" }),
    note: z.string().trim().max(1000).optional(),
  })
  .openapi("LoggedContactCreate");
export type LoggedContactCreate = z.infer<typeof LoggedContactCreate>;

export const CadenceQuery = z.object({
  schoolId: id("sch").optional(),
  educatorId: id("edu").optional(),
  status: z
    .enum(["on_track", "due_soon", "overdue", "no_plan"], { message: "must be on_track, due_soon, overdue or no_plan" })
    .optional(),
  language: languageTag.optional().openapi({ description: "Only families who read this language" }),
  round: z
    .enum(["1", "2"], { message: "must be 1 or 2" })
    .transform((r) => Number(r) as 1 | 2)
    .optional()
    .openapi({ description: "Only families visited in this round (1 fall, 2 spring) of this school year" }),
});

export const CadenceReport = z
  .object({
    asOf: z.string(),
    summary: z.object({
      families: z.number().int(),
      onTrack: z.number().int(),
      dueSoon: z.number().int(),
      overdue: z.number().int(),
      noPlan: z.number().int(),
      familyInitiatedShare: z.number().nullable(),
      medianDaysBetweenTouches: z.number().nullable(),
    }),
    families: z.array(
      z.object({
        familyId: z.string(),
        status: z.enum(["on_track", "due_soon", "overdue", "no_plan"]),
        lastTouchAt: z.string().nullable(),
        nextDueAt: z.string().nullable(),
        cadenceDays: z.number().int().nullable(),
        daysOverdue: z.number().int(),
        conversations: z.number().int(),
        familyInitiatedConversations: z.number().int(),
      }),
    ),
  })
  .openapi("CadenceReport");
