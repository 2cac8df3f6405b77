import type { z } from "@hono/zod-openapi";

/**
 * zod issues → `{ "contacts.0.phone": "is not a valid phone number" }`. Unknown keys are named
 * one by one so a typo ("langauge") is obvious.
 */
export function fieldsFromZod(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[[...issue.path, key].join(".")] = "is not a known field";
      continue;
    }
    const name = issue.path.length > 0 ? issue.path.join(".") : "body";
    fields[name] ??= issue.message;
  }
  return fields;
}
