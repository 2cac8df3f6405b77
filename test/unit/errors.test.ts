import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, fieldsFromZod, ValidationError } from "../../src/errors";
import { HTTP_STATUS, httpStatusOf } from "../../src/routes/middleware";
import { SendMessageInput } from "../../src/schemas/messages";

describe("error codes at the edge", () => {
  // The statuses the API promised before codes replaced them (docs/api, the OpenAPI document).
  const expected = {
    invalid_request: 400,
    unauthorized: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    too_large: 413,
    rate_limited: 429,
    unavailable: 503,
  } as const;

  it.each(ERROR_CODES)("%s maps to its HTTP status", (code) => {
    expect(httpStatusOf(new AppError(code, "x"))).toBe(expected[code]);
  });

  it("every code has a status and no status has a stray code", () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it("an error knows its code and fields, never a status", () => {
    const error = new ValidationError({ body: "is required" });
    expect(error.code).toBe("invalid_request");
    expect(error.fields).toEqual({ body: "is required" });
    expect("status" in error).toBe(false);
  });

  it("fieldsFromZod names each bad field, unknown keys one by one", () => {
    const parsed = SendMessageInput.safeParse({ langauge: "es" });
    expect(parsed.success).toBe(false);
    const fields = fieldsFromZod(parsed.error!);
    expect(fields.langauge).toBe("is not a known field");
  });
});
