import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors";
import { getEvent } from "../../src/services/events/get-event";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request id", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it("an API error body carries the same id as the X-Request-Id header", async () => {
    const res = await t.api("GET", "/families/no-such-family");
    expect(res.status).toBe(404);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    expect(res.body.error).toMatchObject({ code: "not_found", requestId: id });
  });

  it("keeps a well-formed incoming id and replaces a malformed one", async () => {
    const kept = await t.app.request("/api/v1/families", { headers: { "x-request-id": "edge-42_abc" } });
    expect(kept.status).toBe(401);
    expect(kept.headers.get("x-request-id")).toBe("edge-42_abc");
    expect(((await kept.json()) as { error: { requestId: string } }).error.requestId).toBe("edge-42_abc");

    for (const bad of ["has space", "<script>", "x".repeat(65)]) {
      const res = await t.app.request("/api/v1/families", { headers: { "x-request-id": bad } });
      const id = res.headers.get("x-request-id");
      expect(id).not.toBe(bad);
      expect(id).toMatch(UUID);
    }
  });

  it("the log line of a failing request and its error page carry the request's id", async () => {
    const school = await makeSchool(t.deps);
    const teacher = await makeEducator(t.deps, school.id);
    await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    const cookie = await sessionCookie(t.deps, teacher.id);
    await t.deps.db.run(sql`alter table visits rename to visits_gone`);
    const boom = await t.app.request("/", { headers: { cookie } });
    expect(boom.status).toBe(500);
    const id = boom.headers.get("x-request-id")!;
    expect(id).toMatch(UUID);
    expect(await boom.text()).toContain(`Reference: ${id}`);
    const line = t.logs.find((l) => l.message === "unhandled error");
    expect(line?.fields?.requestId).toBe(id);
  });

  it("two requests get two ids, and a log line outside any request has none", async () => {
    const a = await t.app.request("/no/such/page");
    const b = await t.app.request("/no/such/page");
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
    t.deps.log("info", "outside");
    expect(t.logs.find((l) => l.message === "outside")?.fields).toBeUndefined();
  });

  it("a service refuses with a code and no HTTP status", async () => {
    const error = await getEvent(
      { deps: t.deps, actor: { type: "api_token", role: "district_admin", districtId: null } },
      "nope",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("not_found");
    expect(error).not.toHaveProperty("status");
  });
});
