import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { selectionDraws, students, visits } from "../../db/schema";
import { newId } from "../../src/domain/ids";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function schoolWithFamilies(programModel: "pthv" | "hvp" | "homeworks", n = 12) {
  const school = await makeSchool(t.deps, { programModel });
  const made = [];
  for (let i = 0; i < n; i++) made.push(await makeFamily(t.deps, school.id));
  return { school, families: made };
}

describe("who to visit: seeded draws", () => {
  it("the same seed draws the same households; the draw is stored with its criteria", async () => {
    const { school } = await schoolWithFamilies("pthv");
    const first = await t.api("POST", `/schools/${school.id}/draws`, { count: 5, seed: "fall-2026" });
    const second = await t.api("POST", `/schools/${school.id}/draws`, { count: 5, seed: "fall-2026" });
    const other = await t.api("POST", `/schools/${school.id}/draws`, { count: 5, seed: "another" });
    expect(first.status).toBe(201);
    expect(first.body.result).toHaveLength(5);
    expect(second.body.result).toEqual(first.body.result);
    expect(other.body.result).not.toEqual(first.body.result);
    const all = await t.api("POST", `/schools/${school.id}/draws`, { count: null });
    expect(all.body.result).toHaveLength(12);
    expect(await t.deps.db.select().from(selectionDraws)).toHaveLength(4);
  });

  it("PTHV and HVP refuse prioritized selection, naming the rule; HOME WORKS! draws flagged children first", async () => {
    const pthv = await schoolWithFamilies("pthv", 3);
    const refused = await t.api("POST", `/schools/${pthv.school.id}/draws`, {
      count: 2,
      prioritize: ["englishLearner"],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.prioritize).toMatch(
      /never targets students \(englishLearner not allowed\) \(rule pthv.selection\)/,
    );

    const hw = await schoolWithFamilies("homeworks", 10);
    const flagged = hw.families.slice(0, 3);
    for (const f of flagged)
      await t.deps.db
        .update(students)
        .set({ programFlags: { belowGradeLevel: true } })
        .where(eq(students.familyId, f.family.id));
    const draw = await t.api("POST", `/schools/${hw.school.id}/draws`, {
      count: 3,
      prioritize: ["belowGradeLevel"],
      seed: "x",
    });
    expect([...draw.body.result].sort()).toEqual(flagged.map((f) => f.family.id).sort());
  });

  it("HVP leaves out households visited in earlier years", async () => {
    const { school, families } = await schoolWithFamilies("hvp", 4);
    const now = t.clock.now();
    await t.deps.db.insert(visits).values({
      id: newId("vis"),
      familyId: families[0]!.family.id,
      schoolId: school.id,
      schoolYear: "2025-26",
      round: 1,
      status: "completed",
      createdAt: now,
      updatedAt: now,
    });
    const draw = await t.api("POST", `/schools/${school.id}/draws`, { count: null });
    expect(draw.body.result).toHaveLength(3);
    expect(draw.body.result).not.toContain(families[0]!.family.id);
    expect(draw.body.criteria).toMatchObject({ excludeVisitedBefore: true, eligible: 3 });
  });

  it("educators cannot draw (403)", async () => {
    const { school } = await schoolWithFamilies("pthv", 2);
    const teacher = await makeEducator(t.deps, school.id);
    const { sessionCookie } = await import("../support/factories");
    const res = await t.app.request(`/api/v1/schools/${school.id}/draws`, {
      method: "POST",
      headers: { cookie: await sessionCookie(t.deps, teacher.id), "content-type": "application/json" },
      body: JSON.stringify({ count: 1 }),
    });
    expect(res.status).toBe(403);
  });
});

describe("the draws page", () => {
  it("shows a coordinator's draw with household names", async () => {
    const { school, families } = await schoolWithFamilies("pthv", 3);
    const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
    const { sessionCookie } = await import("../support/factories");
    const cookie = `${await sessionCookie(t.deps, coordinator.id)}; doorstep_csrf=x`;
    const drawn = await t.app.request("/draws", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "x", count: "2", seed: "abc" }),
    });
    expect(drawn.status).toBe(303);
    const html = await (await t.app.request(drawn.headers.get("location")!, { headers: { cookie } })).text();
    expect(html).toContain("seed abc");
    expect(families.filter((f) => html.includes(f.family.displayName))).toHaveLength(2);
  });
});
