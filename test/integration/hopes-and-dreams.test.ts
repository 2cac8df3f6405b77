import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { visits } from "../../db/schema";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const DREAM = "Quiere que Lucía sea doctora";

async function visited() {
  const school = await makeSchool(t.deps);
  const lead = await makeEducator(t.deps, school.id, { name: "Maria Lead" });
  const partner = await makeEducator(t.deps, school.id, { name: "James Partner" });
  // Lucía's art teacher also teaches her, but was not in the home.
  const artTeacher = await makeEducator(t.deps, school.id, { name: "Art Teacher" });
  const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator" });
  const admin = await makeEducator(t.deps, school.id, { role: "district_admin" });
  const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id, artTeacher.id] });
  const visitId = await makeCompletedVisit(t.deps, {
    familyId: family.id,
    schoolId: school.id,
    educatorIds: [lead.id, partner.id],
    at: "2026-10-20T22:00:00Z",
    cadenceDays: 30,
  });
  await t.deps.db
    .update(visits)
    .set({ privateNotes: DREAM, resourceRequests: "Winter coats" })
    .where(eq(visits.id, visitId));
  return { family, visitId, lead, partner, artTeacher, coordinator, admin };
}

describe("hopes and dreams: only the visiting pair and district admins", () => {
  it("the family page shows them to the pair and admins, never to the coordinator or another teacher", async () => {
    const v = await visited();
    const page = async (educatorId: string) =>
      (
        await t.app.request(`/families/${v.family.id}`, {
          headers: { cookie: await sessionCookie(t.deps, educatorId) },
        })
      ).text();
    for (const reader of [v.lead, v.partner, v.admin]) {
      const html = await page(reader.id);
      expect(html).toContain("Lucía sea doctora");
      expect(html).toContain("Only the two of you who visited");
    }
    for (const outsider of [v.coordinator, v.artTeacher]) {
      const html = await page(outsider.id);
      expect(html).not.toContain("doctora");
      expect(html).toContain("Winter coats"); // resource requests are for whoever can help
    }
  });

  it("the API returns them to the pair signed in, and never to an API token", async () => {
    const v = await visited();
    const asLead = await t.app.request(`/api/v1/visits/${v.visitId}`, {
      headers: { cookie: await sessionCookie(t.deps, v.lead.id) },
    });
    expect(await asLead.json()).toMatchObject({ hopesAndDreams: DREAM, resourceRequests: "Winter coats" });
    const asArtTeacher = await t.app.request(`/api/v1/visits/${v.visitId}`, {
      headers: { cookie: await sessionCookie(t.deps, v.artTeacher.id) },
    });
    expect(asArtTeacher.status).toBe(200);
    expect(await asArtTeacher.json()).not.toHaveProperty("hopesAndDreams");
    const asToken = await t.api("GET", `/visits/${v.visitId}`);
    expect(asToken.status).toBe(200);
    expect(asToken.body).not.toHaveProperty("hopesAndDreams");
  });
});
