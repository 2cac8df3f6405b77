import { and, asc, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  auditLog,
  consentEvents,
  educatorNotifications,
  messages,
  messageTranslations,
  outbox,
  surveyAnswers,
  surveyQuestions,
  surveyRecipients,
  visitSlots,
  visits,
} from "../../db/schema";
import type { ServiceContext } from "../../src/context";
import { newId } from "../../src/domain/ids";
import { ANONYMOUS_ANSWER_BODY } from "../../src/domain/surveys";
import { runJob } from "../../src/jobs";
import { listFamilyActivity } from "../../src/services/families/list-family-activity";
import { listInbox } from "../../src/services/inbox/list-inbox";
import { exportFamilyData } from "../../src/services/records/export-family-data";
import { createSurvey } from "../../src/services/surveys/create-survey";
import { exportSurveyAnswers } from "../../src/services/surveys/export-survey";
import { surveyLinkCode } from "../../src/services/surveys/link-code";
import { openSurvey } from "../../src/services/surveys/open-survey";
import { surveyResponseRates } from "../../src/services/surveys/response-rates";
import { surveyResults } from "../../src/services/surveys/survey-results";
import { makeCompletedVisit, makeEducator, makeFamily, makeSchool, sessionCookie } from "../support/factories";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

let t: TestApp;
beforeEach(async () => {
  // Console providers; Twilio's token so the inbound webhook's signatures verify.
  t = await createTestApp({ ...PROVIDER_ENV, SMS_QUIET_HOURS: "off" }); // now: 2026-11-02T15:00Z (09:00 in Chicago)
});
afterEach(() => t.close());

/** An HVP school, its coordinator, and families: visited (es by text, ar by text, en by email) and not visited. */
async function hvpSchool() {
  const school = await makeSchool(t.deps, { name: "Lincoln Park", programModel: "hvp" });
  const coordinator = await makeEducator(t.deps, school.id, { role: "coordinator", name: "Ana Coordinator" });
  const teacher = await makeEducator(t.deps, school.id, { name: "Tom Teacher" });
  const ctx: ServiceContext = {
    deps: t.deps,
    actor: {
      type: "educator",
      educatorId: coordinator.id,
      role: "coordinator",
      schoolId: school.id,
      districtId: school.districtId,
      name: coordinator.name,
      timeZone: school.timezone,
    },
  };
  const visited = async (options: Parameters<typeof makeFamily>[2]) => {
    const f = await makeFamily(t.deps, school.id, { teachers: [teacher.id], ...options });
    await makeCompletedVisit(t.deps, {
      familyId: f.family.id,
      schoolId: school.id,
      educatorIds: [teacher.id, coordinator.id],
      at: "2026-10-01T22:00:00Z",
      cadenceDays: 42,
    });
    return f;
  };
  const es = await visited({ language: "es", displayName: "Familia Ruiz", contact: { phone: "+12175550201" } });
  const ar = await visited({ language: "ar", displayName: "Family Haddad", contact: { phone: "+12175550202" } });
  const en = await visited({
    language: "en",
    channel: "email",
    displayName: "Family Baker",
    contact: { phone: null, email: "baker@example.org" },
  });
  const notVisited = await makeFamily(t.deps, school.id, { language: "es", contact: { phone: "+12175550204" } });
  return { school, coordinator, teacher, ctx, es, ar, en, notVisited };
}

const text = (from: string, body: string) => postInboundSms(t, inboundPayload(from, body));

async function sentTo(familyId: string) {
  return t.deps.db
    .select({
      templateKey: messages.templateKey,
      body: messages.body,
      language: messages.language,
      channel: messages.channel,
    })
    .from(messages)
    .where(and(eq(messages.familyId, familyId), eq(messages.direction, "out")))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

async function answersOf(familyId: string) {
  return t.deps.db
    .select({
      position: surveyQuestions.position,
      value: surveyAnswers.value,
      text: surveyAnswers.text,
      language: surveyAnswers.language,
    })
    .from(surveyAnswers)
    .innerJoin(surveyRecipients, eq(surveyRecipients.id, surveyAnswers.recipientId))
    .innerJoin(surveyQuestions, eq(surveyQuestions.id, surveyAnswers.questionId))
    .where(eq(surveyRecipients.familyId, familyId))
    .orderBy(asc(surveyQuestions.position));
}

describe("HVP end-of-year family survey", () => {
  it("HVP: end-of-year family survey is a required component — response rate measured", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    expect((await surveyResponseRates(w.ctx, { schoolId: w.school.id, schoolYear: "2026-27" }))[0]).toMatchObject({
      preset: "hvp_family",
      status: "draft",
      recipients: 0,
      rate: null,
    });
    await openSurvey(w.ctx, { surveyId: id });

    // Families with a completed visit this year are asked; the family never visited is not.
    const recipients = await t.deps.db.select().from(surveyRecipients).where(eq(surveyRecipients.surveyId, id));
    expect(recipients.map((r) => r.familyId).sort()).toEqual([w.es.family.id, w.ar.family.id, w.en.family.id].sort());
    expect(await sentTo(w.notVisited.family.id)).toEqual([]);

    // The Spanish family gets the invitation (with its link) and then question 1, in Spanish.
    const es = await sentTo(w.es.family.id);
    const byKey = (key: string) => es.find((m) => m.templateKey === key)!.body;
    expect(es.map((m) => m.templateKey).sort()).toEqual(["survey_invitation", "survey_question", "welcome"]);
    expect(byKey("survey_invitation")).toMatch(/http:\/\/doorstep\.test\/s\/[0-9A-Z]{12}/);
    expect(byKey("survey_question")).toContain("(1/5): La visita al hogar fue una buena experiencia para mi hijo(a)");
    expect(byKey("survey_question")).toContain("Responda de 1 (muy en desacuerdo) a 5");
    // The email family gets the link, and no questions by email.
    const en = await sentTo(w.en.family.id);
    expect(en.map((m) => [m.templateKey, m.channel])).toEqual([["survey_invitation", "email"]]);

    await text("+12175550201", "4");
    expect(await answersOf(w.es.family.id)).toEqual([{ position: 1, value: 4, text: null, language: "es" }]);
    expect((await sentTo(w.es.family.id)).filter((m) => m.body.includes("(2/5)"))).toHaveLength(1);

    // Arabic-Indic digits answer as well.
    await text("+12175550202", "٥");
    expect(await answersOf(w.ar.family.id)).toEqual([{ position: 1, value: 5, text: null, language: "ar" }]);

    const [rate] = await surveyResponseRates(w.ctx, { schoolId: w.school.id, schoolYear: "2026-27" });
    expect(rate).toMatchObject({ recipients: 3, responded: 2, status: "open" });
    expect(rate!.rate).toBeCloseTo(2 / 3);

    // The fidelity report measures the required component from the same numbers.
    const report = await t.api("GET", `/reports/fidelity?schoolId=${w.school.id}`);
    expect(report.body.lines).toContainEqual({
      rule: "end-of-year family survey",
      target: "required",
      actual: "2 of 3 responded (67 %)",
      met: true,
    });
    expect(report.body.lines).toContainEqual({
      rule: "end-of-year educator survey",
      target: "required",
      actual: null,
      met: false,
    });
  });

  it("answers one question a text to the end: a choice by its digit, 0 skips, free text is queued for translation, then thanks", async () => {
    const w = await hvpSchool();
    // A named survey: its text answers stay in the thread, so they are translated there too.
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family", anonymous: false });
    await openSurvey(w.ctx, { surveyId: id });
    for (const body of ["5", "0", "4", "1", "Más visitas en la tarde, por favor"]) await text("+12175550201", body);
    expect(await answersOf(w.es.family.id)).toEqual([
      { position: 1, value: 5, text: null, language: "es" },
      { position: 3, value: 4, text: null, language: "es" },
      { position: 4, value: 1, text: null, language: "es" },
      { position: 5, value: null, text: "Más visitas en la tarde, por favor", language: "es" },
    ]);
    const sent = await sentTo(w.es.family.id);
    expect(sent.filter((m) => m.templateKey === "survey_thanks")).toHaveLength(1);
    expect(sent.find((m) => m.body.includes("(4/5)"))!.body).toContain("1) Mensaje de texto");
    const [recipient] = await t.deps.db
      .select()
      .from(surveyRecipients)
      .where(eq(surveyRecipients.familyId, w.es.family.id));
    expect(recipient).toMatchObject({ smsPosition: null });
    expect(recipient!.completedAt).not.toBeNull();
    // The free-text answer's message waits for its staff-language translation, as any family text.
    const [answer] = await t.deps.db
      .select()
      .from(surveyAnswers)
      .where(eq(surveyAnswers.text, "Más visitas en la tarde, por favor"));
    const pending = await t.deps.db
      .select()
      .from(messageTranslations)
      .where(eq(messageTranslations.messageId, answer!.messageId!));
    // (No engine is configured here, so the translate job marks it failed; the request is what counts.)
    expect(pending).toMatchObject([{ direction: "to_staff", sourceLanguage: "es", targetLanguage: "en" }]);
    // Once translated, the results show it beside the original.
    await t.deps.db
      .update(messageTranslations)
      .set({ status: "done", text: "More visits in the afternoon, please" })
      .where(eq(messageTranslations.messageId, answer!.messageId!));
    const results = await surveyResults(w.ctx, id);
    expect(results.questions[4]!.texts).toEqual([
      {
        text: "Más visitas en la tarde, por favor",
        language: "es",
        translation: "More visits in the afternoon, please",
        respondent: "Familia Ruiz",
      },
    ]);
    expect(results.questions[0]!.counts).toEqual([0, 0, 0, 0, 1]);
    expect(results.questions[1]!.answered).toBe(0); // skipped
  });

  it("never collides with opt-out words: STOP during a survey opts out and answers nothing", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    await text("+12175550201", "STOP");
    expect(await answersOf(w.es.family.id)).toEqual([]);
    const consent = await t.deps.db.select().from(consentEvents).where(eq(consentEvents.familyId, w.es.family.id));
    expect(consent.map((c) => c.kind)).toContain("opt_out");
  });

  it("a request to stop typed at a short-text question is not an answer: it goes to opt-out review", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    await t.deps.db
      .update(surveyRecipients)
      .set({ smsPosition: 5 })
      .where(eq(surveyRecipients.familyId, w.es.family.id));
    await text("+12175550201", "no más mensajes por favor");
    expect(await answersOf(w.es.family.id)).toEqual([]);
    const consent = await t.deps.db.select().from(consentEvents).where(eq(consentEvents.familyId, w.es.family.id));
    expect(consent.map((c) => c.kind)).toEqual(["opt_out_review"]);
  });

  it("a digit outside the scale is an ordinary message for the educators, not an answer", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    await text("+12175550201", "7");
    expect(await answersOf(w.es.family.id)).toEqual([]);
    const [r] = await t.deps.db.select().from(surveyRecipients).where(eq(surveyRecipients.familyId, w.es.family.id));
    expect(r!.smsPosition).toBe(1);
  });

  it("a family with a pending visit question gets the survey's first question only after answering it", async () => {
    const w = await hvpSchool();
    // Round 2 is on offer: "1" must choose its time, not rate the visit.
    const visitId = newId("vis");
    const now = t.clock.now();
    await t.deps.db.insert(visits).values({
      id: visitId,
      familyId: w.es.family.id,
      schoolId: w.school.id,
      schoolYear: "2026-27",
      round: 2,
      status: "invited",
      createdAt: now,
      updatedAt: now,
    });
    await t.deps.db.insert(visitSlots).values({
      id: newId("slt"),
      visitId,
      position: 1,
      startsAt: new Date("2026-11-10T23:00:00Z"),
      createdAt: now,
      updatedAt: now,
    });
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    expect((await sentTo(w.es.family.id)).map((m) => m.templateKey).sort()).toEqual(["survey_invitation", "welcome"]);

    await text("+12175550201", "1");
    expect((await t.deps.db.select().from(visits).where(eq(visits.id, visitId)))[0]!.status).toBe("scheduled");
    expect(await answersOf(w.es.family.id)).toEqual([]);

    await runJob({ deps: t.deps }, "surveys", t.clock.now());
    expect((await sentTo(w.es.family.id)).filter((m) => m.body.includes("(1/5)"))).toHaveLength(1);
    await text("+12175550201", "5");
    expect(await answersOf(w.es.family.id)).toEqual([{ position: 1, value: 5, text: null, language: "es" }]);
  });

  it("reminds once, a week after the invitation, through the outbox and its quiet hours", async () => {
    t.close();
    t = await createTestApp(PROVIDER_ENV); // default quiet hours 20:00–08:00
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    await text("+12175550201", "4"); // started, not finished: still reminded
    t.clock.set("2026-11-10T03:30:00Z"); // 21:30 in Chicago: quiet
    await runJob({ deps: t.deps }, "surveys", t.clock.now());
    await runJob({ deps: t.deps }, "surveys", t.clock.now());
    const reminders = await t.deps.db
      .select({
        familyId: messages.familyId,
        channel: messages.channel,
        due: outbox.nextAttemptAt,
        body: messages.body,
      })
      .from(messages)
      .leftJoin(outbox, eq(outbox.messageId, messages.id))
      .where(eq(messages.templateKey, "survey_reminder"));
    expect(reminders.map((r) => r.familyId).sort()).toEqual([w.es.family.id, w.ar.family.id, w.en.family.id].sort());
    const sms = reminders.find((r) => r.familyId === w.es.family.id)!;
    expect(sms.due!.toISOString()).toBe("2026-11-10T14:00:00.000Z"); // 08:00 in Chicago
    // The text family is asked its current question again.
    const again = (await sentTo(w.es.family.id)).filter((m) => m.body.includes("(2/5)"));
    expect(again).toHaveLength(2);
  });
});

describe("the family's survey page", () => {
  async function linkOf(familyId: string, surveyId: string) {
    const [r] = await t.deps.db
      .select()
      .from(surveyRecipients)
      .where(and(eq(surveyRecipients.familyId, familyId), eq(surveyRecipients.surveyId, surveyId)));
    return surveyLinkCode(t.deps, r!.id);
  }

  it("shows the survey in the family's language, right to left for Arabic, with no login; stores only a hash of the code", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    const code = await linkOf(w.ar.family.id, id);
    const stored = await t.deps.db.select({ linkHash: surveyRecipients.linkHash }).from(surveyRecipients);
    expect(stored.some((r) => r.linkHash === code)).toBe(false);
    const response = await t.app.request(`/s/${code.toLowerCase()}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('lang="ar" dir="rtl"');
    expect(html).toContain("كانت الزيارة المنزلية تجربة جيدة لي ولطفلي.");
    expect((await t.app.request("/s/ZZZZZZZZZZZZ")).status).toBe(404);
  });

  it("stores the answers; a bad one is refused naming its question, and nothing is written", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    const questions = await t.deps.db
      .select()
      .from(surveyQuestions)
      .where(eq(surveyQuestions.surveyId, id))
      .orderBy(asc(surveyQuestions.position));
    const code = await linkOf(w.en.family.id, id);
    const post = (form: Record<string, string>) =>
      t.app.request(`/s/${code}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
    const bad = await post({ [`q_${questions[0]!.id}`]: "4", [`q_${questions[3]!.id}`]: "9" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="q-4-error"');
    expect(await answersOf(w.en.family.id)).toEqual([]);
    const ok = await post({
      [`q_${questions[0]!.id}`]: "4",
      [`q_${questions[3]!.id}`]: "3",
      [`q_${questions[4]!.id}`]: "=HYPERLINK(1)",
    });
    expect(ok.status).toBe(200);
    expect(await answersOf(w.en.family.id)).toEqual([
      { position: 1, value: 4, text: null, language: "en" },
      { position: 4, value: 3, text: null, language: "en" },
      { position: 5, value: null, text: "=HYPERLINK(1)", language: "en" },
    ]);
    // A closed survey's page thanks and refuses answers.
    t.clock.advance(30 * 86_400_000);
    await runJob({ deps: t.deps }, "surveys", t.clock.now());
    expect((await post({ [`q_${questions[0]!.id}`]: "1" })).status).toBe(410);
  });
});

describe("results, anonymity and export", () => {
  it("an anonymous survey names no one in results or CSV; the export is audited and defuses formulas", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" });
    await openSurvey(w.ctx, { surveyId: id });
    await text("+12175550201", "5");
    await text("+12175550202", "3");
    const cookie = await sessionCookie(t.deps, w.coordinator.id);
    const page = await (await t.app.request(`/surveys/${id}`, { headers: { cookie } })).text();
    expect(page).toContain("2 of 3");
    expect(page).toContain("<svg");
    expect(page).toContain("<table");
    expect(page).not.toContain("Familia Ruiz");
    const csv = await (await t.app.request(`/surveys/${id}/export.csv`, { headers: { cookie } })).text();
    expect(csv.split("\r\n")[0]).toBe("question,prompt,kind,value,answer,language,translation");
    expect(csv).not.toContain("Ruiz");
    expect(csv.split("\r\n").filter((l) => l.startsWith("1,"))).toHaveLength(2);
    const audits = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "survey.export"));
    expect(audits).toHaveLength(1);
  });

  it("HVP family survey, anonymous to educators: no educator reads an SMS answer in the thread, inbox, search, notifications, exports or translations; the coordinator sees the response rate", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family" }); // anonymous by default
    await openSurvey(w.ctx, { surveyId: id });
    const answer = "Mi hija extraña a su maestra anterior";
    for (const body of ["2", "0", "4", "1", answer]) await text("+12175550201", body);
    expect((await answersOf(w.es.family.id)).at(-1)).toMatchObject({ position: 5, text: answer });

    const teacherCtx: ServiceContext = {
      deps: t.deps,
      actor: {
        ...w.ctx.actor,
        educatorId: w.teacher.id,
        role: "educator",
        name: w.teacher.name,
      } as ServiceContext["actor"],
    };
    const received = await t.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.familyId, w.es.family.id), eq(messages.direction, "in")));
    // Thread (stored rows): all five texts are there, each withheld — even the digits, which the
    // question before them would explain.
    expect(received.map((m) => m.body)).toEqual(Array(5).fill(ANONYMOUS_ANSWER_BODY));
    const activity = await listFamilyActivity(teacherCtx, w.es.family.id);
    expect(JSON.stringify(activity)).not.toContain(answer);
    expect(activity.messages.filter((m) => m.direction === "in").map((m) => m.body)).toEqual(
      Array(5).fill(ANONYMOUS_ANSWER_BODY),
    );
    const teacher = await sessionCookie(t.deps, w.teacher.id);
    const threadPage = await (
      await t.app.request(`/families/${w.es.family.id}`, { headers: { cookie: teacher } })
    ).text();
    expect(threadPage).not.toContain("extraña");
    // Inbox and its search.
    const inbox = await listInbox(teacherCtx);
    expect(inbox.find((r) => r.familyId === w.es.family.id)?.lastBody).toBe(ANONYMOUS_ANSWER_BODY);
    expect(await listInbox(teacherCtx, { q: "maestra anterior" })).toEqual([]);
    const inboxPage = await (await t.app.request("/inbox?q=maestra", { headers: { cookie: teacher } })).text();
    expect(inboxPage).not.toContain("Familia Ruiz");
    // Notifications and translations: none for any answer.
    const ids = received.map((m) => m.id);
    expect(
      await t.deps.db.select().from(educatorNotifications).where(inArray(educatorNotifications.messageId, ids)),
    ).toEqual([]);
    expect(
      await t.deps.db.select().from(messageTranslations).where(inArray(messageTranslations.messageId, ids)),
    ).toEqual([]);
    // Exports: the records CSV and the family's data export hold the placeholder only.
    const coordinator = await sessionCookie(t.deps, w.coordinator.id);
    const records = await (
      await t.app.request(`/records/messages.csv?family=${w.es.family.id}`, { headers: { cookie: coordinator } })
    ).text();
    expect(records).toContain("anonymous survey");
    expect(records).not.toContain("extraña");
    expect(JSON.stringify(await exportFamilyData(w.ctx, w.es.family.id))).not.toContain("extraña");

    // The coordinator still sees who responded, as a rate, and the answer itself, without a name.
    const [rate] = await surveyResponseRates(w.ctx, { schoolId: w.school.id, schoolYear: "2026-27" });
    expect(rate).toMatchObject({ recipients: 3, responded: 1 });
    const results = await surveyResults(w.ctx, id);
    expect(results.questions[4]!.texts).toEqual([
      { text: answer, language: "es", translation: null, respondent: null },
    ]);
    expect(results.questions[0]!.counts).toEqual([0, 1, 0, 0, 0]);
  });

  it("a named survey's SMS answers stay readable in the family's thread", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family", anonymous: false });
    await openSurvey(w.ctx, { surveyId: id });
    await text("+12175550201", "4");
    const [received] = await t.deps.db
      .select()
      .from(messages)
      .where(and(eq(messages.familyId, w.es.family.id), eq(messages.direction, "in")));
    expect(received!.body).toBe("4");
  });

  it("educators cannot read results; a named survey's CSV names each family, formulas defused", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_family", anonymous: false });
    await openSurvey(w.ctx, { surveyId: id });
    await text("+12175550201", "5");
    await t.deps.db
      .update(surveyRecipients)
      .set({ smsPosition: 5 })
      .where(eq(surveyRecipients.familyId, w.es.family.id));
    await text("+12175550201", "=cmd|' /C calc'!A0");
    const teacher = await sessionCookie(t.deps, w.teacher.id);
    expect((await t.app.request(`/surveys/${id}`, { headers: { cookie: teacher } })).status).toBe(403);
    const cookie = await sessionCookie(t.deps, w.coordinator.id);
    const csv = await (await t.app.request(`/surveys/${id}/export.csv`, { headers: { cookie } })).text();
    expect(csv.split("\r\n")[0]).toBe("question,prompt,kind,respondent,value,answer,language,translation");
    expect(csv).toContain("Familia Ruiz");
    expect(csv).toContain("'=cmd");
  });

  it("HVP: end-of-year educator survey is a required component — educators answer signed in, response rate measured", async () => {
    const w = await hvpSchool();
    const { id } = await createSurvey(w.ctx, { schoolId: w.school.id, preset: "hvp_educator" });
    await openSurvey(w.ctx, { surveyId: id });
    const questions = await t.deps.db
      .select()
      .from(surveyQuestions)
      .where(eq(surveyQuestions.surveyId, id))
      .orderBy(asc(surveyQuestions.position));
    const cookie = `${await sessionCookie(t.deps, w.teacher.id)}; doorstep_csrf=x`;
    const form = await (await t.app.request(`/my-surveys/${id}`, { headers: { cookie } })).text();
    expect(form).toContain("Home visits improved my communication");
    const csrf = "x";
    const response = await t.app.request(`/my-surveys/${id}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://doorstep.test" },
      body: new URLSearchParams({ _csrf: csrf, [`q_${questions[0]!.id}`]: "5", [`q_${questions[3]!.id}`]: "3" }),
    });
    expect(response.status).toBe(303);
    const [rate] = await surveyResponseRates(w.ctx, { schoolId: w.school.id, schoolYear: "2026-27" });
    expect(rate).toMatchObject({ audience: "educators", recipients: 2, responded: 1, rate: 0.5 });
    const csv = await exportSurveyAnswers(w.ctx, id);
    expect(csv.rows).toContainEqual([4, questions[3]!.prompt, "choice", 3, "More", "", ""]);
  });
});

describe("the coordinator's survey pages", () => {
  it("creates from the HVP preset, edits a question and its Spanish wording, refuses bad input naming the field, then opens", async () => {
    const w = await hvpSchool();
    const cookie = `${await sessionCookie(t.deps, w.coordinator.id)}; doorstep_csrf=x`;
    const post = (path: string, form: [string, string][]) =>
      t.app.request(path, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams([["_csrf", "x"], ...form]),
      });
    const created = await post(`/surveys?school=${w.school.id}`, [
      ["preset", "hvp_family"],
      ["anonymous", "1"],
    ]);
    expect(created.status).toBe(303);
    const surveyUrl = created.headers.get("location")!;
    const id = surveyUrl.split("/").at(-1)!;
    const draft = await (await t.app.request(surveyUrl, { headers: { cookie } })).text();
    expect(draft).toContain('name="q.0.prompt.es"');
    expect(draft).toContain("La visita al hogar fue una buena experiencia para mi hijo(a)");

    const window: [string, string][] = [
      ["title", "Encuesta de fin de año"],
      ["opensAt", "2026-11-02T08:00"],
      ["closesAt", "2026-11-20T17:00"],
      ["anonymous", "1"],
    ];
    const questions: [string, string][] = [
      ["q.0.kind", "scale"],
      ["q.0.prompt", "The visit helped my child."],
      ["q.0.prompt.es", "La visita ayudó a mi hijo(a)."],
      ["q.1.kind", "choice"],
      ["q.1.prompt", "Best time for visits?"],
      ["q.1.choices", "Afternoon\nEvening"],
      ["q.1.prompt.es", "¿Mejor hora para visitas?"],
      ["q.1.choices.es", "Tarde\nNoche"],
      ["q.2.kind", "text"],
      ["q.2.prompt", ""], // cleared: removed
    ];
    const refused = await post(surveyUrl, [
      ...window.slice(0, 1),
      ["opensAt", "2026-11-20T08:00"],
      ["closesAt", "2026-11-02T17:00"],
      ...questions,
    ]);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("closesAt");
    expect((await post(surveyUrl, [...window, ...questions])).status).toBe(303);
    const saved = await t.deps.db
      .select()
      .from(surveyQuestions)
      .where(eq(surveyQuestions.surveyId, id))
      .orderBy(asc(surveyQuestions.position));
    expect(saved.map((q) => [q.kind, q.prompt, q.choices, q.translations.es])).toEqual([
      ["scale", "The visit helped my child.", null, { prompt: "La visita ayudó a mi hijo(a)." }],
      [
        "choice",
        "Best time for visits?",
        ["Afternoon", "Evening"],
        { prompt: "¿Mejor hora para visitas?", choices: ["Tarde", "Noche"] },
      ],
    ]);

    expect((await post(`${surveyUrl}/open`, [])).status).toBe(303);
    const sent = await sentTo(w.es.family.id);
    expect(sent.find((m) => m.templateKey === "survey_question")!.body).toContain(
      "(1/2): La visita ayudó a mi hijo(a).",
    );
    // Open: the questions are fixed.
    expect((await post(surveyUrl, [...window, ...questions])).status).toBe(409);
  });
});
