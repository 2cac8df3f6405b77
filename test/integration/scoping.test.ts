import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

/**
 * One scoping rule for every role (src/services/queries/scope.ts): educator → own students'
 * households; coordinator → school; district admin → district. Out of scope is 404.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const schoolA = await makeSchool(t.deps, { name: "A" });
  const schoolB = await makeSchool(t.deps, { name: "B" });
  const teacherA1 = await makeEducator(t.deps, schoolA.id);
  const teacherA2 = await makeEducator(t.deps, schoolA.id);
  const coordinatorA = await makeEducator(t.deps, schoolA.id, { role: "coordinator" });
  const teacherB = await makeEducator(t.deps, schoolB.id);
  const admin = await makeEducator(t.deps, schoolB.id, { role: "district_admin" });
  // Siblings in different classes share one household: both their teachers see it.
  const siblings = await makeFamily(t.deps, schoolA.id, { teachers: [teacherA1.id, teacherA2.id] });
  const onlyA2 = await makeFamily(t.deps, schoolA.id, { teachers: [teacherA2.id] });
  const inB = await makeFamily(t.deps, schoolB.id, { teachers: [teacherB.id] });
  return { schoolA, schoolB, teacherA1, teacherA2, coordinatorA, teacherB, admin, siblings, onlyA2, inB };
}

beforeEach(async () => {
  t = await createTestApp();
  world = await buildWorld();
});
afterEach(() => t.close());

async function visibleFamilyIds(educatorId: string) {
  const res = await t.app.request("/api/v1/families", { headers: { cookie: await sessionCookie(t.deps, educatorId) } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { families: { id: string }[] };
  return body.families.map((f) => f.id).sort();
}

async function getFamilyAs(educatorId: string, familyId: string) {
  const res = await t.app.request(`/api/v1/families/${familyId}`, {
    headers: { cookie: await sessionCookie(t.deps, educatorId) },
  });
  return res.status;
}

describe("family scope", () => {
  it("an educator sees the households of their own students, siblings' households included", async () => {
    expect(await visibleFamilyIds(world.teacherA1.id)).toEqual([world.siblings.family.id]);
    expect(await visibleFamilyIds(world.teacherA2.id)).toEqual(
      [world.siblings.family.id, world.onlyA2.family.id].sort(),
    );
  });

  it("a coordinator sees their whole school and nothing of another", async () => {
    expect(await visibleFamilyIds(world.coordinatorA.id)).toEqual(
      [world.siblings.family.id, world.onlyA2.family.id].sort(),
    );
  });

  it("a district admin sees the district", async () => {
    expect(await visibleFamilyIds(world.admin.id)).toEqual(
      [world.siblings.family.id, world.onlyA2.family.id, world.inB.family.id].sort(),
    );
  });

  it("answers 404 — not 403 — for a family out of scope, and for one that does not exist", async () => {
    expect(await getFamilyAs(world.teacherA1.id, world.onlyA2.family.id)).toBe(404);
    expect(await getFamilyAs(world.coordinatorA.id, world.inB.family.id)).toBe(404);
    expect(await getFamilyAs(world.coordinatorA.id, "fam_doesnotexist")).toBe(404);
    expect(await getFamilyAs(world.coordinatorA.id, world.siblings.family.id)).toBe(200);
  });

  it("a coordinator cannot add a family to another school", async () => {
    const res = await t.app.request("/api/v1/families", {
      method: "POST",
      headers: {
        cookie: await sessionCookie(t.deps, world.coordinatorA.id),
        "content-type": "application/json",
        origin: "http://doorstep.test",
      },
      body: JSON.stringify({
        schoolId: world.schoolB.id,
        language: "es",
        channel: "sms",
        contacts: [{ name: "X", phone: "2175550111" }],
        students: [{ firstName: "Y", grade: "1" }],
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: object } }).error.fields).toEqual({
      schoolId: "is not a school you can add families to",
    });
  });

  it("the family page is 404 for a family of another school", async () => {
    const cookie = await sessionCookie(t.deps, world.coordinatorA.id);
    const own = await t.app.request(`/families/${world.siblings.family.id}`, { headers: { cookie } });
    expect(own.status).toBe(200);
    const other = await t.app.request(`/families/${world.inB.family.id}`, { headers: { cookie } });
    expect(other.status).toBe(404);
    const html = await other.text();
    expect(html).toContain("Page not found");
    expect(html).not.toContain(world.inB.family.displayName);
  });
});
