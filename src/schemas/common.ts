import { z } from "@hono/zod-openapi";
import { LANGUAGE_TAGS } from "../domain/languages";
import { normalizePhone } from "../domain/phone";
import { isValidTimeZone } from "../domain/school-year";

/**
 * Field schemas shared by every API body. They are the single source of validation (routes
 * and services parse with them) and of the OpenAPI document.
 */
export const languageTag = z
  .string()
  .refine((v): v is (typeof LANGUAGE_TAGS)[number] => (LANGUAGE_TAGS as string[]).includes(v), {
    message: `is not a supported language; use one of ${LANGUAGE_TAGS.join(", ")}`,
  })
  .openapi({ example: "es", enum: [...LANGUAGE_TAGS] });

export const timeZone = z
  .string()
  .refine(isValidTimeZone, { message: "is not an IANA time zone such as America/Chicago" })
  .openapi({ example: "America/Chicago" });

export const phoneNumber = z
  .string()
  .transform((value, ctx) => {
    const result = normalizePhone(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.reason });
      return z.NEVER;
    }
    return result.e164;
  })
  .openapi({ type: "string", example: "(217) 555-0142", description: "Any common format; stored as E.164" });

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "is not a valid email address" }))
  .openapi({ type: "string", example: "maria.lopez@example.org" });

export const id = (prefix: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ example: `${prefix}_01JD3V9Q8K2M4N6P8R0T2V4X6Z` });

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .openapi({ example: { "contacts.0.phone": "is not a valid phone number" } }),
      requestId: z.string().openapi({
        description: "This request's id, also in the X-Request-Id response header and on the server's log lines",
        example: "5f0c6d2e-8a41-4f7b-9b3e-2d1c0a9e7f64",
      }),
    }),
  })
  .openapi("Error");
