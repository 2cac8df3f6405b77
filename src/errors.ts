import type { z } from "zod";

/**
 * Errors services throw, with no HTTP in them: a `code` from a small closed list, a message in
 * plain words and, for bad input, `fields` (field → what is wrong with it). The edge turns a
 * code into an HTTP status in one place (`HTTP_STATUS` in src/routes/middleware.ts) and the
 * error into `{"error": {"code", "message", "fields"?, …, "requestId"}}` or an error page.
 */
export const ERROR_CODES = [
  /** The input breaks a rule; `fields` names each field. */
  "invalid_request",
  /** Nobody is signed in, or the credential is not valid. */
  "unauthorized",
  /** Signed in, but this actor may not do this. */
  "forbidden",
  /** No such thing — or the actor may not know it exists. */
  "not_found",
  /** The thing is in a state that refuses this (already sent, already open, changed meanwhile). */
  "conflict",
  /** The input is bigger than a limit. */
  "too_large",
  /** This client asked too often; try later. */
  "rate_limited",
  /** A resource we depend on cannot answer now (database busy, translation engine down). */
  "unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorOptions = {
  fields?: Record<string, string> | undefined;
  /**
   * A finer machine-readable reason within `code` that clients already rely on ("csrf",
   * "lead_only", "translation_unavailable"): it is the body's `code` when given.
   */
  subcode?: string;
  /** Extra machine-readable detail for the error body, e.g. the id of a conflicting row. */
  extra?: Record<string, unknown>;
};

export class AppError extends Error {
  readonly fields: Record<string, string> | undefined;
  readonly subcode: string | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.name = "AppError";
    this.fields = options.fields;
    this.subcode = options.subcode;
    this.extra = options.extra;
  }
}

export class ValidationError extends AppError {
  constructor(fields: Record<string, string>, message = "Some fields are not valid") {
    super("invalid_request", message, { fields });
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Not found") {
    super("not_found", what);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields?: Record<string, string>, extra?: Record<string, unknown>) {
    super("conflict", message, { fields, ...(extra ? { extra } : {}) });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send a valid bearer token") {
    super("unauthorized", message);
  }
}

/**
 * zod issues → `{ "contacts.0.phone": "is not a valid phone number" }`. Unknown keys are named
 * one by one so a typo ("langauge") is obvious. Here, not in routes: services validate too.
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
