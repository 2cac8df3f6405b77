import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeRecordsSchool, makeRichFamily } from "../support/records-world";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../support/test-app";

/** The records API (issue 22) with the admin token: export, access, deletion, audit, retention; all in the OpenAPI document. */
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("records API", () => {
  it("exports, answers an access request, deletes on confirmation and shows it in the audit log", async () => {
    const w = await makeRecordsSchool(t.deps);
    const rich = await makeRichFamily(t.deps, w.school.id, w.teacher.id, {
      family: "Kowalski",
      guardian: "Agnieszka Kowalski",
      child: "Zofia",
      phone: "+12175552468",
      email: "agnieszka@mailhost.example",
    });
    const csv = await t.app.request(`/api/v1/records/messages?schoolId=${w.school.id}&from=2026-09-01T00:00:00Z`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("x-export-rows")).toBe("2");
    expect(await csv.text()).toContain("Agnieszka");

    const badRange = await t.api("GET", "/records/messages?from=yesterday");
    expect(badRange.status).toBe(400);
    expect(badRange.body.error.fields).toHaveProperty("from");

    const data = await t.api("GET", `/families/${rich.family.id}/data`);
    expect(data.status).toBe(200);
    expect(data.body.contacts[0].email).toBe("agnieszka@mailhost.example");

    const wrong = await t.api("POST", `/families/${rich.family.id}/deletion`, { confirmName: "Kowalsky" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toHaveProperty("confirmName");
    const missing = await t.api("POST", `/families/${rich.family.id}/deletion`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toHaveProperty("confirmName");

    const deleted = await t.api("POST", `/families/${rich.family.id}/deletion`, { confirmName: "Kowalski" });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ familyId: rich.family.id, messages: 3, contacts: 1, students: 1, visits: 1 });
    const after = await t.api("GET", `/families/${rich.family.id}/data`);
    expect(JSON.stringify(after.body)).not.toMatch(/Kowalski|Agnieszka|Zofia|2468|mailhost/);

    const audit = await t.api("GET", `/audit?familyId=${rich.family.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      "family.export_data",
      "family.delete",
      "family.export_data",
    ]);
    expect(audit.body.entries[1]).toMatchObject({ actorType: "api_token", subjectName: "Deleted family" });
  });

  it("reads and sets the retention schedule, naming a bad field", async () => {
    await makeRecordsSchool(t.deps);
    expect((await t.api("GET", "/settings/retention")).body).toEqual({
      messageYears: 5,
      hopesAndDreams: "end_of_school_year",
      translationCacheDays: 90,
      auditYears: 7,
    });
    const bad = await t.api("PUT", "/settings/retention", {
      messageYears: 50,
      hopesAndDreams: "keep",
      translationCacheDays: 30,
      auditYears: 7,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("messageYears");
    const schedule = { messageYears: 3, hopesAndDreams: "keep", translationCacheDays: 30, auditYears: 7 };
    expect((await t.api("PUT", "/settings/retention", schedule)).body).toEqual(schedule);
    expect((await t.api("GET", "/settings/retention")).body).toEqual(schedule);
  });

  it("documents every records route in the OpenAPI document", async () => {
    const doc = (await t.api("GET", "/openapi.json", undefined, null)).body;
    for (const path of [
      "/records/messages",
      "/families/{id}/data",
      "/families/{id}/deletion",
      "/audit",
      "/settings/retention",
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths["/settings/retention"]).toHaveProperty("put");
  });
});
