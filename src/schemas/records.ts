import { z } from "@hono/zod-openapi";
import { RETENTION_LIMITS } from "../domain/retention";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO date-time with an offset" });

export const RecordsQuery = z
  .object({
    familyId: z.string().optional(),
    educatorId: z.string().optional().openapi({ description: "A teacher: their class this school year" }),
    schoolId: z.string().optional(),
    from: instant.optional().openapi({ description: "Inclusive start" }),
    to: instant.optional().openapi({ description: "Exclusive end" }),
  })
  .openapi("RecordsQuery");

export const FamilyDeletion = z
  .object({
    confirmName: z.string().min(1).openapi({ description: "The family's name exactly as stored, to confirm" }),
  })
  .openapi("FamilyDeletion");

export const FamilyDeletionResult = z
  .object({
    familyId: z.string(),
    messages: z.number().int(),
    contacts: z.number().int(),
    students: z.number().int(),
    visits: z.number().int(),
  })
  .openapi("FamilyDeletionResult");

export const FamilyDataExport = z
  .object({
    format: z.literal("doorstep.family-data/1"),
    exportedAt: z.string(),
    school: z.object({ name: z.string(), timezone: z.string() }).nullable(),
    household: z.record(z.string(), z.unknown()),
    contacts: z.array(z.record(z.string(), z.unknown())),
    students: z.array(z.record(z.string(), z.unknown())),
    visits: z.array(z.record(z.string(), z.unknown())),
    messages: z.array(z.record(z.string(), z.unknown())),
    consentEvents: z.array(z.record(z.string(), z.unknown())),
    eventInvitations: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("FamilyDataExport", { description: "Everything Doorstep holds about one household (docs/privacy.md)" });

export const AuditQuery = z
  .object({
    actorId: z.string().optional(),
    familyId: z.string().optional(),
    action: z.string().optional().openapi({ description: "Exact, or a prefix ending in '.' (e.g. export.)" }),
    from: instant.optional(),
    to: instant.optional(),
    after: z.string().optional().openapi({ description: "The `next` cursor of the previous page" }),
  })
  .openapi("AuditQuery");

export const AuditPage = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        actorType: z.string(),
        actorId: z.string().nullable(),
        actorName: z.string().nullable(),
        action: z.string(),
        subjectType: z.string().nullable(),
        subjectId: z.string().nullable(),
        subjectName: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    next: z.string().nullable(),
  })
  .openapi("AuditPage");

const whole = (name: keyof typeof RETENTION_LIMITS) =>
  z.number().int().min(RETENTION_LIMITS[name].min).max(RETENTION_LIMITS[name].max);

export const RetentionScheduleSchema = z
  .object({
    messageYears: whole("messageYears"),
    hopesAndDreams: z.enum(["end_of_school_year", "keep"]),
    translationCacheDays: whole("translationCacheDays"),
    auditYears: whole("auditYears"),
  })
  .openapi("RetentionSchedule");
