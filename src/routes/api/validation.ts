import type { z } from "@hono/zod-openapi";
import { fieldsFromZod, ValidationError } from "../../errors";

// Moved to src/errors.ts (services use it too); re-exported for the routes that import it from here.
export { fieldsFromZod };

/** The defaultHook of every API router: invalid input → 400 naming each field. */
export function rejectInvalid(result: { success: boolean; error?: z.ZodError; target?: string }) {
  if (!result.success && result.error) {
    throw new ValidationError(fieldsFromZod(result.error), `The ${result.target ?? "request"} is not valid`);
  }
}
