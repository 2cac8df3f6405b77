import { z } from "@hono/zod-openapi";
import { PLAN_CHANNELS, VISIT_LOCATIONS, VISIT_STATUSES } from "../domain/enums";
import { id, languageTag } from "./common";

const isoDateTime = z.iso.datetime({
  offset: true,
  message: "must be an ISO date-time with an offset, e.g. 2026-11-17T16:30:00-06:00",
});

const proposedSlots = z.array(isoDateTime).min(1, "needs 1–3 proposed times").max(3, "needs 1–3 proposed times");

/** New times after the family said none work: they replace the old ones. */
export const VisitNewTimes = z.strictObject({ slots: proposedSlots }).openapi("VisitNewTimes");

export const VisitCreate = z
  .strictObject({
    familyId: id("fam"),
    educatorIds: z.array(id("edu")).openapi({ description: "[lead, partner]" }),
    round: z.union([z.literal(1), z.literal(2)], { message: "must be 1 or 2" }),
    slots: proposedSlots,
    location: z.enum(VISIT_LOCATIONS, { message: "must be home or neutral" }).default("home"),
    interpreterLanguage: languageTag.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .openapi("VisitCreate");
export type VisitCreate = z.infer<typeof VisitCreate>;

export const Visit = z
  .object({
    id: id("vis"),
    familyId: id("fam"),
    status: z.enum(VISIT_STATUSES),
    round: z.number().int(),
    schoolYear: z.string(),
    startsAt: z.string().nullable(),
    location: z.enum(VISIT_LOCATIONS),
    interpreterLanguage: z.string().nullable(),
    slots: z.array(z.object({ id: z.string(), position: z.number().int(), startsAt: z.string(), chosen: z.boolean() })),
    educators: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(["lead", "partner"]),
        attestedAt: z.string().nullable(),
        confirmedAt: z
          .string()
          .nullable()
          .openapi({ description: "HVP: when the partner confirmed the scheduled time" }),
      }),
    ),
    completedAt: z.string().nullable(),
    communicationPlan: z.object({ channel: z.enum(PLAN_CHANNELS), cadenceDays: z.number().int() }).nullable(),
    resourceRequests: z.string().nullable(),
    evaluation: z.record(z.string(), z.string()).nullable(),
    hopesAndDreams: z.string().nullable().optional().openapi({
      description: "Present only for the visiting pair and district admins (signed in); never for API tokens",
    }),
  })
  .openapi("Visit");
export type Visit = z.infer<typeof Visit>;

export const VisitComplete = z
  .strictObject({
    startedAt: isoDateTime,
    durationMinutes: z.number().int().min(1).max(600),
    location: z.enum(VISIT_LOCATIONS, { message: "must be home or neutral" }),
    interpreterUsed: z.boolean().optional(),
    communicationPlan: z.strictObject({
      channel: z.enum(PLAN_CHANNELS, { message: `must be one of ${PLAN_CHANNELS.join(", ")}` }),
      cadenceDays: z.number().int().min(1).max(365).optional(),
    }),
    hopesAndDreams: z.string().trim().max(5000).optional(),
    resourceRequests: z.string().trim().max(2000).optional(),
    evaluation: z.record(z.string(), z.string()).optional().openapi({
      description:
        "The model's post-visit form, question key → answer (PTHV debrief: learned, assumption; HOME WORKS!, required: focus yes|partly|no, engagement very|somewhat|a little, strategy, nextStep)",
    }),
  })
  .openapi("VisitComplete");
export type VisitComplete = z.infer<typeof VisitComplete>;
