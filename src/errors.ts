/**
 * Errors services throw and the app's one error handler turns into
 * `{"error": {"code", "message", "fields"?}}` with the matching status.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra machine-readable detail for the error body, e.g. the id of a conflicting row. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export class ValidationError extends AppError {
  constructor(fields: Record<string, string>, message = "Some fields are not valid") {
    super(400, "invalid_request", message, fields);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Not found") {
    super(404, "not_found", what);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fields?: Record<string, string>, extra?: Record<string, unknown>) {
    super(409, "conflict", message, fields, extra);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send a valid bearer token") {
    super(401, "unauthorized", message);
  }
}
