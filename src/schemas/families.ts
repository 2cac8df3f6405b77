import { z } from "@hono/zod-openapi";
import { CHANNELS, GRADES, VISIT_STATUSES } from "../domain/enums";
import { emailAddress, id, languageTag, phoneNumber, timeZone } from "./common";

const channel = z.enum(CHANNELS, { message: "must be sms or email" });

export const ContactInput = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(200),
    relationship: z.string().trim().max(60).optional(),
    phone: phoneNumber.optional(),
    email: emailAddress.optional(),
    language: languageTag.optional(),
    channel: channel.optional(),
  })
  .refine((c) => c.phone !== undefined || c.email !== undefined, {
    message: "needs a phone number or an email address",
    path: ["phone"],
  });

export const StudentInput = z.strictObject({
  firstName: z.string().trim().min(1, "is required").max(100),
  lastName: z.string().trim().max(100).optional(),
  grade: z
    .union([z.string(), z.number().int()])
    .transform((g) => String(g).trim().toUpperCase())
    .pipe(z.enum(GRADES, { message: "must be PK, K or 1–12" }))
    .openapi({ type: "string", example: "3" }),
  educatorIds: z.array(id("edu")).max(10).default([]),
});

export const FamilyCreate = z
  .strictObject({
    schoolId: id("sch"),
    displayName: z.string().trim().min(1).max(200).optional(),
    language: languageTag,
    channel,
    timezone: timeZone.optional(),
    contacts: z.array(ContactInput).min(1, "needs at least one contact").max(6),
    students: z.array(StudentInput).min(1, "needs at least one student").max(12),
  })
  .superRefine((family, ctx) => {
    // A preferred channel nobody in the household can receive would be silently useless.
    const reachable = family.contacts.some((c) => (family.channel === "sms" ? c.phone : c.email));
    if (!reachable) {
      ctx.addIssue({
        code: "custom",
        path: ["channel"],
        message: `is ${family.channel} but no contact has ${family.channel === "sms" ? "a phone number" : "an email address"}`,
      });
    }
  })
  .openapi("FamilyCreate");
export type FamilyCreate = z.infer<typeof FamilyCreate>;

export const Contact = z
  .object({
    id: id("con"),
    name: z.string(),
    relationship: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    language: z.string().nullable(),
    channel: z.enum(CHANNELS).nullable(),
    smsOptedOut: z.boolean(),
    emailOptedOut: z.boolean(),
  })
  .openapi("Contact");

export const Student = z
  .object({
    id: id("stu"),
    firstName: z.string(),
    lastInitial: z.string().nullable(),
    grade: z.enum(GRADES),
    educatorIds: z.array(z.string()),
  })
  .openapi("Student");

export const VisitSummary = z
  .object({
    id: id("vis"),
    status: z.enum(VISIT_STATUSES),
    round: z.number().int(),
    schoolYear: z.string(),
    startsAt: z.string().nullable(),
  })
  .openapi("VisitSummary");

export const Family = z
  .object({
    id: id("fam"),
    schoolId: id("sch"),
    displayName: z.string(),
    language: z.string(),
    channel: z.enum(CHANNELS),
    timezone: z.string(),
    active: z.boolean(),
    contacts: z.array(Contact),
    students: z.array(Student),
    latestVisit: VisitSummary.nullable(),
    createdAt: z.string(),
  })
  .openapi("Family");
export type Family = z.infer<typeof Family>;

export const FamilyListQuery = z.object({
  schoolId: id("sch").optional(),
  q: z.string().trim().max(100).optional().openapi({ description: "Household, guardian or child name; phone; email" }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type FamilyListQuery = z.infer<typeof FamilyListQuery>;

export const FamilyList = z
  .object({ families: z.array(Family), nextCursor: z.string().nullable() })
  .openapi("FamilyList");
