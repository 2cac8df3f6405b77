import { count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { educators, schools } from "../../db/schema";
import { makeEducator, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("POST /api/v1/schools", () => {
  it("creates a school in the deployment's district and lists it", async () => {
    const created = await t.api("POST", "/schools", {
      name: "Riverside",
      timezone: "America/Chicago",
      programModel: "hvp",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Riverside",
      programModel: "hvp",
      defaultLanguage: "en",
      defaultChannel: "sms",
    });
    expect(created.body.id).toMatch(/^sch_/);

    const second = await t.api("POST", "/schools", {
      name: "Lincoln",
      timezone: "America/Denver",
      programModel: "pthv",
    });
    expect(second.body.districtId).toBe(created.body.districtId);

    const list = await t.api("GET", "/schools");
    expect(list.status).toBe(200);
    expect(list.body.schools.map((s: { name: string }) => s.name)).toEqual(["Lincoln", "Riverside"]);
  });

  it("names every bad field and writes nothing", async () => {
    const res = await t.api("POST", "/schools", {
      name: "",
      timezone: "Mars/Olympus",
      programModel: "other",
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["extra", "name", "programModel", "timezone"]);
    expect(res.body.error.fields.timezone).toMatch(/IANA/);
    const [row] = await t.deps.db.select({ n: count() }).from(schools);
    expect(row?.n).toBe(0);
  });

  it("refuses malformed JSON with 400", async () => {
    const res = await t.api("POST", "/schools", "{ not json");
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/JSON/i);
  });

  it("answers 401 without credentials and with a wrong bearer token", async () => {
    expect((await t.api("GET", "/schools", undefined, null)).status).toBe(401);
    const wrong = await t.api("GET", "/schools", undefined, "wrong-token");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
  });

  it("lets only district admins add schools (403 for a coordinator's session)", async () => {
    const school = await makeSchool(t.deps);
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const res = await t.app.request("/api/v1/schools", {
      method: "POST",
      headers: { cookie: await sessionCookie(t.deps, coordinator.id), "content-type": "application/json" },
      body: JSON.stringify({ name: "X", timezone: "UTC", programModel: "pthv" }),
    });
    expect(res.status).toBe(403);
  });
});

describe("POST /api/v1/educators", () => {
  it("creates an educator with a lower-cased email and a normalized phone", async () => {
    const school = await makeSchool(t.deps);
    const res = await t.api("POST", "/educators", {
      schoolId: school.id,
      name: "Ana Ruiz",
      email: "  Ana.Ruiz@School.Example.org ",
      phone: "(217) 555-0142",
      role: "coordinator",
      languages: ["en", "es"],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: "ana.ruiz@school.example.org",
      phone: "+12175550142",
      role: "coordinator",
    });
  });

  it("answers 409 for an email already in use, naming the field", async () => {
    const school = await makeSchool(t.deps);
    const body = { schoolId: school.id, name: "A", email: "dup@example.org", role: "educator" };
    expect((await t.api("POST", "/educators", body)).status).toBe(201);
    const again = await t.api("POST", "/educators", { ...body, email: "DUP@example.org" });
    expect(again.status).toBe(409);
    expect(again.body.error.fields).toEqual({ email: "is already in use" });
  });

  it("refuses an invalid email, phone, language and role", async () => {
    const school = await makeSchool(t.deps);
    const res = await t.api("POST", "/educators", {
      schoolId: school.id,
      name: "B",
      email: "not-an-email",
      phone: "12",
      role: "principal",
      languages: ["en", "xx"],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({
      email: "is not a valid email address",
      phone: "is not a phone number",
      "languages.1": expect.stringMatching(/not a supported language/),
      role: expect.stringMatching(/educator, coordinator, district_admin/),
    });
    const [row] = await t.deps.db.select({ n: count() }).from(educators);
    expect(row?.n).toBe(0);
  });

  it("does not let a coordinator add staff to another school", async () => {
    const a = await makeSchool(t.deps);
    const b = await makeSchool(t.deps);
    const coordinator = await makeEducator(t.deps, a.id, { role: "coordinator" });
    const res = await t.app.request("/api/v1/educators", {
      method: "POST",
      headers: {
        cookie: await sessionCookie(t.deps, coordinator.id),
        "content-type": "application/json",
        origin: "http://doorstep.test",
      },
      body: JSON.stringify({ schoolId: b.id, name: "X", email: "x@example.org", role: "educator" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: object } }).error.fields).toEqual({
      schoolId: "is not a school you can add educators to",
    });
  });
});
