import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { mockSendGrid, mockTwilio } from "../support/provider-mocks";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inviteToVisit } from "../support/visits";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp(PROVIDER_ENV, { realProviders: true }); // now: 2026-11-02T15:00Z
});
afterEach(() => t.close());

async function invited(programModel: "homeworks" | "pthv" | "hvp") {
  mockTwilio();
  mockSendGrid();
  const school = await makeSchool(t.deps, { programModel });
  const lead = await makeEducator(t.deps, school.id);
  const partner = await makeEducator(t.deps, school.id);
  const otherTeacher = await makeEducator(t.deps, school.id);
  const { family } = await makeFamily(t.deps, school.id, { teachers: [lead.id, partner.id, otherTeacher.id] });
  const visitId = await inviteToVisit(t, family.id, [lead.id, partner.id]);
  return { school, lead, otherTeacher, visitId: visitId };
}

const record = (visitId: string, evaluation?: Record<string, string>) =>
  t.api("POST", `/visits/${visitId}/complete`, {
    startedAt: "2026-11-01T22:00:00Z",
    durationMinutes: 45,
    location: "home",
    communicationPlan: { channel: "sms" },
    ...(evaluation ? { evaluation } : {}),
  });

const FULL = { focus: "yes", engagement: "very", strategy: "Reading logs at bedtime", nextStep: "Library card" };

describe("the post-visit evaluation", () => {
  it("HOME WORKS! requires its evaluation form: each missing or wrong answer is named, nothing is saved", async () => {
    const v = await invited("homeworks");
    const missing = await record(v.visitId);
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(
      ["evaluation.engagement", "evaluation.focus", "evaluation.nextStep", "evaluation.strategy"].sort(),
    );
    const wrong = await record(v.visitId, { ...FULL, focus: "mostly", mood: "good" });
    expect(wrong.body.error.fields).toEqual({
      "evaluation.focus": "must be one of yes, partly, no (rule homeworks.evaluation)",
      "evaluation.mood": "is not a question on the Home Visit Evaluation Form (rule homeworks.evaluation)",
    });
    expect((await t.api("GET", `/visits/${v.visitId}`)).body.status).toBe("invited");

    const ok = await record(v.visitId, FULL);
    expect(ok.status).toBe(200);
    expect(ok.body.evaluation).toEqual(FULL);
    const fidelity = await t.api("GET", `/reports/fidelity?schoolId=${v.school.id}`);
    expect(fidelity.body.lines).toContainEqual({
      rule: "Home Visit Evaluation Form after each visit",
      target: "100%",
      actual: "1 of 1",
      met: true,
    });
    // The child's other teacher does not read it; the lead does.
    const asOther = await t.app.request(`/api/v1/visits/${v.visitId}`, {
      headers: { cookie: await sessionCookie(t.deps, v.otherTeacher.id) },
    });
    expect(((await asOther.json()) as { evaluation: unknown }).evaluation).toBeNull();
    const asLead = await t.app.request(`/api/v1/visits/${v.visitId}`, {
      headers: { cookie: await sessionCookie(t.deps, v.lead.id) },
    });
    expect(((await asLead.json()) as { evaluation: unknown }).evaluation).toEqual(FULL);
  });

  it("the record form shows the model's form; PTHV's debrief is optional; HVP has none", async () => {
    const hw = await invited("homeworks");
    const cookie = await sessionCookie(t.deps, hw.lead.id);
    const form = await (await t.app.request(`/visits/${hw.visitId}/record`, { headers: { cookie } })).text();
    expect(form).toContain("Home Visit Evaluation Form");
    expect(form).toContain('name="evaluation.focus"');

    const pthv = await invited("pthv");
    expect((await record(pthv.visitId)).status).toBe(200);
    const hvp = await invited("hvp");
    const refused = await record(hvp.visitId, { learned: "a lot" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.evaluation).toMatch(/has no evaluation form/);
  });
});
