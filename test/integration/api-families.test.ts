import { count } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, families, studentEducators, students } from "../../db/schema";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function rowCounts() {
  const [[f], [c], [s], [a]] = await Promise.all([
    t.deps.db.select({ n: count() }).from(families),
    t.deps.db.select({ n: count() }).from(contacts),
    t.deps.db.select({ n: count() }).from(students),
    t.deps.db.select({ n: count() }).from(studentEducators),
  ]);
  return { families: f!.n, contacts: c!.n, students: s!.n, assignments: a!.n };
}

async function schoolWithTeachers() {
  const school = await makeSchool(t.deps);
  const teacherA = await makeEducator(t.deps, school.id);
  const teacherB = await makeEducator(t.deps, school.id);
  return { school, teacherA, teacherB };
}

describe("POST /api/v1/families", () => {
  it("writes family, contacts and students together and reads them back", async () => {
    const { school, teacherA, teacherB } = await schoolWithTeachers();
    const created = await t.api("POST", "/families", {
      schoolId: school.id,
      language: "vi",
      channel: "sms",
      contacts: [
        { name: "Lan Nguyen", relationship: "mother", phone: "217-555-0150" },
        { name: "Minh Nguyen", email: "Minh@Example.com", language: "en", channel: "email" },
      ],
      students: [
        { firstName: "Bao", lastName: "Nguyen", grade: 3, educatorIds: [teacherA.id] },
        { firstName: "An", lastName: "Nguyen", grade: "k", educatorIds: [teacherB.id] },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: "Nguyen family",
      language: "vi",
      timezone: "America/Chicago",
      latestVisit: null,
    });
    expect(created.body.contacts[0]).toMatchObject({ phone: "+12175550150", smsOptedOut: false });
    expect(created.body.contacts[1]).toMatchObject({ email: "minh@example.com", channel: "email" });
    expect(created.body.students.map((s: { grade: string; lastInitial: string }) => [s.grade, s.lastInitial])).toEqual([
      ["3", "N"],
      ["K", "N"],
    ]);
    expect(created.body.students[1].educatorIds).toEqual([teacherB.id]);

    const read = await t.api("GET", `/families/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("refuses a student assigned to an educator of another school and writes nothing", async () => {
    const { school, teacherA } = await schoolWithTeachers();
    const other = await makeSchool(t.deps);
    const outsider = await makeEducator(t.deps, other.id);
    const res = await t.api("POST", "/families", {
      schoolId: school.id,
      language: "es",
      channel: "sms",
      contacts: [{ name: "Rosa", phone: "2175550151" }],
      students: [
        { firstName: "Luis", grade: "2", educatorIds: [teacherA.id] },
        { firstName: "Eva", grade: "4", educatorIds: [teacherA.id, outsider.id] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ "students.1.educatorIds.1": "is not an educator of this school" });
    expect(await rowCounts()).toEqual({ families: 0, contacts: 0, students: 0, assignments: 0 });
  });

  it("names each bad field: phone, email, language, channel, grade, unknown keys, wrong types", async () => {
    const { school } = await schoolWithTeachers();
    const res = await t.api("POST", "/families", {
      schoolId: school.id,
      language: "klingon",
      channel: "fax",
      timezone: "Nowhere/Land",
      contacts: [
        { name: "A", phone: "555" },
        { name: "B", email: "b@@x" },
        { name: "C" },
        { name: 7, phone: "2175550100", nickname: "x" },
      ],
      students: [{ firstName: "Z", grade: "13", educatorIds: "edu_1" }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({
      language: expect.stringMatching(/not a supported language/),
      channel: "must be sms or email",
      timezone: expect.stringMatching(/IANA/),
      "contacts.0.phone": expect.stringMatching(/phone number/),
      "contacts.1.email": "is not a valid email address",
      "contacts.3.name": expect.any(String),
      "contacts.3.nickname": "is not a known field",
      "students.0.grade": "must be PK, K or 1–12",
      "students.0.educatorIds": expect.any(String),
    });
    expect(await rowCounts()).toEqual({ families: 0, contacts: 0, students: 0, assignments: 0 });
  });

  it("requires a contact reachable on the family's channel", async () => {
    const { school } = await schoolWithTeachers();
    const res = await t.api("POST", "/families", {
      schoolId: school.id,
      language: "so",
      channel: "sms",
      contacts: [{ name: "Hodan", email: "hodan@example.org" }],
      students: [{ firstName: "Ayaan", grade: "1" }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ channel: "is sms but no contact has a phone number" });
  });

  it("requires at least one contact and one student", async () => {
    const { school } = await schoolWithTeachers();
    const res = await t.api("POST", "/families", {
      schoolId: school.id,
      language: "ar",
      channel: "email",
      contacts: [],
      students: [],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({
      contacts: "needs at least one contact",
      students: "needs at least one student",
    });
  });
});

describe("GET /api/v1/families", () => {
  it("pages through families by household name with a cursor", async () => {
    const school = await makeSchool(t.deps);
    for (const name of ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]) {
      await makeFamily(t.deps, school.id, { displayName: `${name} family` });
    }
    const first = await t.api("GET", `/families?limit=2&schoolId=${school.id}`);
    expect(first.status).toBe(200);
    expect(first.body.families.map((f: { displayName: string }) => f.displayName)).toEqual([
      "Alpha family",
      "Bravo family",
    ]);
    const second = await t.api("GET", `/families?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.families.map((f: { displayName: string }) => f.displayName)).toEqual([
      "Charlie family",
      "Delta family",
    ]);
    const third = await t.api("GET", `/families?limit=2&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect(third.body.families.map((f: { displayName: string }) => f.displayName)).toEqual(["Echo family"]);
    expect(third.body.nextCursor).toBeNull();
  });

  it("searches by household, guardian, child name or phone", async () => {
    const school = await makeSchool(t.deps);
    const { family, contact, students: kids } = await makeFamily(t.deps, school.id, { displayName: "Hassan family" });
    await makeFamily(t.deps, school.id, { displayName: "Other family" });
    for (const q of ["hassan", contact.name, kids[0]!.firstName, contact.phone!.slice(-4)]) {
      const res = await t.api("GET", `/families?q=${encodeURIComponent(q)}`);
      expect(res.body.families.map((f: { id: string }) => f.id)).toEqual([family.id]);
    }
    const wildcard = await t.api("GET", "/families?q=%25");
    expect(wildcard.body.families).toEqual([]);
  });

  it("refuses a forged cursor and an out-of-range limit, naming the field", async () => {
    const bad = await t.api("GET", "/families?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ cursor: "is not a cursor this API returned" });
    const limit = await t.api("GET", "/families?limit=1000");
    expect(limit.status).toBe(400);
    expect(Object.keys(limit.body.error.fields)).toEqual(["limit"]);
  });
});

describe("OpenAPI", () => {
  it("documents every endpoint from the same zod schemas", async () => {
    const res = await t.app.request("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: object;
      components: { schemas: { FamilyCreate: { required: string[] } } };
    };
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/audit",
      "/cadence",
      "/conferences",
      "/conferences/{id}",
      "/conferences/{id}/attendance",
      "/educators",
      "/educators/{id}/commitment",
      "/events",
      "/events/{id}",
      "/families",
      "/families/{id}",
      "/families/{id}/data",
      "/families/{id}/deletion",
      "/families/{id}/logged-contacts",
      "/families/{id}/messages",
      "/imports",
      "/messages",
      "/records/messages",
      "/reports/compensation",
      "/reports/fidelity",
      "/schools",
      "/schools/{id}/draws",
      "/schools/{id}/site-coordinators",
      "/settings/retention",
      "/trainings",
      "/visits",
      "/visits/{id}",
      "/visits/{id}/attest",
      "/visits/{id}/cancel",
      "/visits/{id}/complete",
      "/visits/{id}/confirm",
      "/visits/{id}/no-show",
      "/visits/{id}/reflection",
      "/visits/{id}/slots",
      "/visits/{id}/time",
    ]);
    expect(doc.components.schemas.FamilyCreate.required).toEqual(
      expect.arrayContaining(["schoolId", "language", "channel"]),
    );
    const docs = await t.app.request("/api/v1/docs");
    expect(await docs.text()).toContain("/families/{id}");
  });
});
