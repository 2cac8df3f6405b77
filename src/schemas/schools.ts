import { z } from "@hono/zod-openapi";
import { CHANNELS, PROGRAM_MODEL_KEYS } from "../domain/enums";
import { id, languageTag, timeZone } from "./common";

export const SchoolCreate = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(200),
    timezone: timeZone,
    programModel: z.enum(PROGRAM_MODEL_KEYS, { message: `must be one of ${PROGRAM_MODEL_KEYS.join(", ")}` }),
    defaultLanguage: languageTag.default("en"),
    defaultChannel: z.enum(CHANNELS, { message: "must be sms or email" }).default("sms"),
  })
  .openapi("SchoolCreate");
export type SchoolCreate = z.infer<typeof SchoolCreate>;

export const School = z
  .object({
    id: id("sch"),
    districtId: id("dst"),
    name: z.string(),
    timezone: z.string(),
    programModel: z.enum(PROGRAM_MODEL_KEYS),
    defaultLanguage: z.string(),
    defaultChannel: z.enum(CHANNELS),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("School");
export type School = z.infer<typeof School>;
