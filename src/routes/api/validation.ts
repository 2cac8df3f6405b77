import type { z } from "@hono/zod-openapi";
import { fieldsFromZod, ValidationError } from "../../errors";

/** The defaultHook of every API router: invalid input → 400 naming each field. */
export function rejectInvalid(result: { success: boolean; error?: z.ZodError; target?: string }) {
  if (!result.success && result.error) {
    throw new ValidationError(fieldsFromZod(result.error), `The ${result.target ?? "request"} is not valid`);
  }
}
