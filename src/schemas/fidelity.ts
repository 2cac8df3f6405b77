import { z } from "@hono/zod-openapi";
import { COMMITMENTS, TRAINING_KINDS } from "../domain/enums";
import { id } from "./common";

const localDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-08-20")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)), { message: "is not a real date" });

export const TrainingCreate = z
  .strictObject({
    schoolId: id("sch"),
    kind: z.enum(TRAINING_KINDS, { message: `must be one of ${TRAINING_KINDS.join(", ")}` }),
    title: z.string().trim().min(1, "is required").max(200),
    heldOn: localDay.openapi({ example: "2026-08-20", description: "The day, in the school's calendar" }),
    durationMinutes: z
      .number()
      .int()
      .min(1, "must be at least 1 minute")
      .max(24 * 60),
    educatorIds: z.array(id("edu")).min(1, "name at least one educator who attended"),
  })
  .openapi("TrainingCreate");
export type TrainingCreate = z.infer<typeof TrainingCreate>;

export const Training = z
  .object({
    id: z.string(),
    schoolId: z.string(),
    schoolYear: z.string(),
    kind: z.enum(TRAINING_KINDS),
    title: z.string(),
    heldOn: z.string(),
    durationMinutes: z.number(),
    educatorIds: z.array(z.string()),
  })
  .openapi("Training");
export type Training = z.infer<typeof Training>;

export const CommitmentSet = z
  .strictObject({
    commitment: z.enum(COMMITMENTS, { message: `must be one of ${COMMITMENTS.join(", ")}` }),
  })
  .openapi("CommitmentSet");
export type CommitmentSet = z.infer<typeof CommitmentSet> & { educatorId: string };

export const SiteCoordinatorsSet = z
  .strictObject({ educatorIds: z.array(id("edu")).max(10, "at most 10 site coordinators") })
  .openapi("SiteCoordinatorsSet");

const minutes = z
  .number()
  .int()
  .min(0, "cannot be negative")
  .max(24 * 60, "is over a day");
export const VisitTimeLog = z
  .strictObject({ arrangingMinutes: minutes, conductingMinutes: minutes, debriefingMinutes: minutes })
  .openapi("VisitTimeLog");
export type VisitTimeLog = z.infer<typeof VisitTimeLog>;

export const VisitReflection = z
  .strictObject({ reflection: z.string().trim().min(1, "is required").max(2000, "is over 2,000 characters") })
  .openapi("VisitReflection");

export const PayPeriodQuery = z.object({
  schoolId: id("sch"),
  from: localDay.openapi({ example: "2026-11-01" }),
  to: localDay.openapi({ example: "2026-11-15", description: "Inclusive" }),
});
