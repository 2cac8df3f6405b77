import { describe, expect, it } from "vitest";
import { classifyKeyword } from "../../src/domain/keywords";
import { LANGUAGE_TAGS } from "../../src/domain/languages";
import { parseSurveyAnswer, questionIn, SURVEY_PRESETS, surveyProblems } from "../../src/domain/surveys";

const scale = { kind: "scale" as const, choices: null };
const choice = { kind: "choice" as const, choices: ["Text", "Call", "Email"] };
const text = { kind: "text" as const, choices: null };

describe("survey answers by text", () => {
  it("reads a scale digit 1–5, in ASCII, Arabic-Indic or Persian digits, with trailing punctuation", () => {
    expect(parseSurveyAnswer(scale, "4")).toEqual({ skip: false, value: 4, text: null });
    expect(parseSurveyAnswer(scale, " ٤ ")).toEqual({ skip: false, value: 4, text: null });
    expect(parseSurveyAnswer(scale, "۵")).toEqual({ skip: false, value: 5, text: null });
    expect(parseSurveyAnswer(scale, "３.")).toEqual({ skip: false, value: 3, text: null });
  });

  it("refuses what is not an answer, so the text stays an ordinary message", () => {
    for (const body of ["6", "-1", "maybe", "4 or 5", ""]) expect(parseSurveyAnswer(scale, body), body).toBeNull();
    expect(parseSurveyAnswer(choice, "4")).toBeNull();
    expect(parseSurveyAnswer(choice, "3")).toEqual({ skip: false, value: 3, text: null });
  });

  it("0 skips any question; a short-text question takes the words as written", () => {
    expect(parseSurveyAnswer(scale, "0")).toEqual({ skip: true });
    expect(parseSurveyAnswer(text, "٠")).toEqual({ skip: true });
    expect(parseSurveyAnswer(text, "  Más visitas  ")).toEqual({ skip: false, value: null, text: "Más visitas" });
  });
});

describe("HVP presets", () => {
  it("HVP: the end-of-year family survey asks about relationship, communication and the child's learning, in every family language", () => {
    const family = SURVEY_PRESETS.hvp_family!;
    expect(family.audience).toBe("families");
    expect(family.questions.map((q) => q.kind)).toEqual(["scale", "scale", "scale", "choice", "text"]);
    for (const q of family.questions) {
      for (const lang of LANGUAGE_TAGS.filter((l) => l !== "en")) {
        const own = q.translations[lang];
        expect(own?.prompt, `${lang}: ${q.prompt}`).toBeTruthy();
        if (q.choices) expect(own?.choices, `${lang}: ${q.prompt}`).toHaveLength(q.choices.length);
      }
    }
  });

  it("no preset choice is a carrier keyword a family would type (they answer by digit anyway)", () => {
    for (const preset of Object.values(SURVEY_PRESETS))
      for (const q of preset.questions)
        for (const c of [q.choices ?? [], ...Object.values(q.translations).map((t) => t.choices ?? [])].flat())
          expect(classifyKeyword(c), c).toBeNull();
  });

  it("HVP: the end-of-year educator survey exists and passes the same checks a school's edit must", () => {
    const educator = SURVEY_PRESETS.hvp_educator!;
    expect(educator.audience).toBe("educators");
    const window = { opensAt: new Date("2027-05-01"), closesAt: new Date("2027-05-21") };
    expect(surveyProblems({ title: educator.title, ...window, questions: educator.questions })).toEqual([]);
  });

  it("a family reads its language's wording, else English; mismatched choices fall back to English choices", () => {
    const q = { prompt: "Q", choices: ["A", "B"], translations: { es: { prompt: "P", choices: ["x"] } } };
    expect(questionIn(q, "es")).toEqual({ prompt: "P", choices: ["A", "B"] });
    expect(questionIn(q, "vi")).toEqual({ prompt: "Q", choices: ["A", "B"] });
  });

  it("names each bad field of an edited survey", () => {
    const problems = surveyProblems({
      title: " ",
      opensAt: new Date("2027-05-10"),
      closesAt: new Date("2027-05-01"),
      questions: [{ kind: "choice", prompt: "", choices: ["only one"] }],
    });
    expect(problems.map((p) => p.field)).toEqual(["title", "closesAt", "questions.0.prompt", "questions.0.choices"]);
  });
});
