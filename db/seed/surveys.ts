import { derivedId } from "../../src/domain/ids";
import { SURVEY_PRESETS } from "../../src/domain/surveys";
import type { surveyAnswers, surveyQuestions, surveyRecipients, surveys, visits } from "../schema";
import { addMs, DAY_MS, type SeedContext } from "./context";
import type { DemoFamily } from "./households";
import type { DemoSchool } from "./staff";

export type SurveyRows = {
  surveys: (typeof surveys.$inferInsert)[];
  surveyQuestions: (typeof surveyQuestions.$inferInsert)[];
  surveyRecipients: (typeof surveyRecipients.$inferInsert)[];
  surveyAnswers: (typeof surveyAnswers.$inferInsert)[];
};

/** What families wrote, in their own words (demo lines, not real answers). */
const FREE_TEXT: Record<string, string[]> = {
  en: ["Evening visits work better for us.", "It was great to meet the teacher at home.", "More visits, please!"],
  es: [
    "Las visitas en la tarde son mejores para nosotros.",
    "Mi hija estaba muy feliz de ver a su maestra.",
    "Gracias por venir a nuestra casa.",
  ],
  vi: ["Cảm ơn cô đã đến thăm gia đình.", "Buổi tối thì tiện hơn cho chúng tôi."],
  ar: ["شكرًا على الزيارة، كانت رائعة.", "نفضّل الزيارات بعد الساعة الخامسة."],
  so: ["Booqashadu aad bay u fiicnayd, mahadsanid.", "Fadlan noo soo dira fariimo af Soomaali ah."],
  "zh-Hans": ["谢谢老师来家访，孩子很开心。", "希望下次可以在周末。"],
  prs: ["از بازدید معلم بسیار خوشحال شدیم.", "لطفاً پیام‌ها را به زبان دری بفرستید."],
};

/**
 * The HVP school's end-of-year family survey, open for 9 days, answered by about two thirds
 * of its visited families in their languages (by text and on the link), and the educator
 * survey with a few answers: the survey pages and the fidelity page show real-looking numbers.
 * Runs after every other builder (one PRNG), so it changes none of their rows; its ids are
 * derived (not drawn), as many rows share one instant and `newId` counts within a millisecond.
 */
export function buildSurveys(
  ctx: SeedContext,
  schools: DemoSchool[],
  familyRows: DemoFamily[],
  visitRows: (typeof visits.$inferInsert)[],
  educatorIds: { id: string; schoolId: string }[],
): SurveyRows {
  const rows: SurveyRows = { surveys: [], surveyQuestions: [], surveyRecipients: [], surveyAnswers: [] };
  const school = schools.find((s) => s.programModel === "hvp");
  if (!school) return rows;
  const opensAt = addMs(ctx.now, -9 * DAY_MS);
  const closesAt = addMs(ctx.now, 12 * DAY_MS);
  const visited = new Set(
    visitRows.filter((v) => v.status === "completed" && v.schoolId === school.id).map((v) => v.familyId),
  );
  const audience = familyRows.filter((f) => visited.has(f.id));
  const staff = educatorIds.filter((e) => e.schoolId === school.id);

  for (const [presetKey, people] of [
    ["hvp_family", audience.map((f) => ({ familyId: f.id, language: f.language as string, channel: f.channel }))],
    ["hvp_educator", staff.map((e) => ({ educatorId: e.id, language: "en", channel: null }))],
  ] as const) {
    const preset = SURVEY_PRESETS[presetKey]!;
    const surveyId = derivedId("srv", `demo:${school.id}:${preset.key}`);
    rows.surveys.push({
      id: surveyId,
      schoolId: school.id,
      schoolYear: visitRows.find((v) => v.schoolId === school.id)?.schoolYear ?? "2026-27",
      audience: preset.audience,
      preset: preset.key,
      title: preset.title,
      status: "open",
      anonymous: true,
      opensAt,
      closesAt,
      openedAt: opensAt,
      createdAt: opensAt,
      updatedAt: opensAt,
    });
    const questionIds = preset.questions.map((q, i) => {
      const id = derivedId("srq", `${surveyId}:${i + 1}`);
      rows.surveyQuestions.push({
        id,
        surveyId,
        position: i + 1,
        kind: q.kind,
        prompt: q.prompt,
        choices: q.choices ?? null,
        translations: q.translations,
        createdAt: opensAt,
        updatedAt: opensAt,
      });
      return id;
    });
    for (const person of people) {
      const recipientId = derivedId("srr", `${surveyId}:${"familyId" in person ? person.familyId : person.educatorId}`);
      const answers = ctx.rng.next() < 0.65;
      const at = addMs(opensAt, ctx.rng.int(1, 8 * 24) * 3_600_000);
      rows.surveyRecipients.push({
        id: recipientId,
        surveyId,
        familyId: "familyId" in person ? person.familyId : null,
        educatorId: "educatorId" in person ? person.educatorId : null,
        channel: person.channel,
        smsPosition: null,
        invitedAt: opensAt,
        completedAt: answers ? at : null,
        createdAt: opensAt,
        updatedAt: answers ? at : opensAt,
      });
      if (!answers) continue;
      preset.questions.forEach((q, i) => {
        // Mostly agree, as HVP's own reports find (97% positive); now and then a skip.
        if (ctx.rng.next() < 0.08) return;
        const value =
          q.kind === "scale"
            ? [5, 5, 5, 4, 4, 3][ctx.rng.int(0, 5)]!
            : q.kind === "choice"
              ? ctx.rng.int(1, q.choices!.length)
              : null;
        const bank = FREE_TEXT[person.language] ?? FREE_TEXT.en!;
        if (q.kind === "text" && ctx.rng.next() < 0.4) return;
        rows.surveyAnswers.push({
          id: derivedId("sra", `${recipientId}:${questionIds[i]}`),
          surveyId,
          recipientId,
          questionId: questionIds[i]!,
          value,
          text: q.kind === "text" ? ctx.rng.pick(bank) : null,
          language: FREE_TEXT[person.language] ? person.language : "en",
          createdAt: at,
          updatedAt: at,
        });
      });
    }
  }
  return rows;
}
