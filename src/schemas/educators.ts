import { z } from "@hono/zod-openapi";
import { EDUCATOR_ROLES, NOTIFY_MODES } from "../domain/enums";
import { emailAddress, id, languageTag, phoneNumber } from "./common";

export const EducatorCreate = z
  .strictObject({
    schoolId: id("sch"),
    name: z.string().trim().min(1, "is required").max(200),
    email: emailAddress,
    phone: phoneNumber.optional(),
    role: z.enum(EDUCATOR_ROLES, { message: `must be one of ${EDUCATOR_ROLES.join(", ")}` }),
    languages: z.array(languageTag).max(15).default([]),
    notifyMode: z
      .enum(NOTIFY_MODES, { message: "must be immediate or digest" })
      .default("immediate")
      .openapi({ description: "How the educator hears that a family wrote: an email at once, or a daily digest" }),
  })
  .openapi("EducatorCreate");
export type EducatorCreate = z.infer<typeof EducatorCreate>;

export const Educator = z
  .object({
    id: id("edu"),
    schoolId: id("sch"),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    role: z.enum(EDUCATOR_ROLES),
    languages: z.array(z.string()),
    active: z.boolean(),
  })
  .openapi("Educator");
export type Educator = z.infer<typeof Educator>;
