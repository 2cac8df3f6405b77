import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CANCEL_WORDS,
  classifyKeyword,
  isCancelWord,
  KEYWORDS,
  normalizeForKeywords,
  optOutRequest,
} from "../../src/domain/keywords";
import { LANGUAGE_TAGS } from "../../src/domain/languages";
import { languageFromAcceptLanguage } from "../../src/i18n";

describe("classifyKeyword", () => {
  it.each([
    ["STOP", "opt_out"],
    ["stop", "opt_out"],
    ["  Stop!!  ", "opt_out"],
    ["ＳＴＯＰ", "opt_out"], // full-width, NFKC
    ["opt out", "opt_out"],
    ["OPT   OUT.", "opt_out"],
    ["Stop all", "opt_out"],
    ["cancelar", "opt_out"],
    ["dung", "opt_out"], // Vietnamese typed without diacritics
    ["Dừng", "opt_out"],
    ["huy", "opt_out"],
    ["退订", "opt_out"],
    ["الغاء", "opt_out"],
    ["إلغاء", "opt_out"],
    ["стоп", "opt_out"],
    ["수신거부", "opt_out"],
    ["arret", "opt_out"],
    ["START", "opt_in"],
    ["unstop", "opt_in"],
    ["bat dau", "opt_in"],
    ["HELP", "help"],
    ["ayuda?", "help"],
    ["帮助", "help"],
  ])("%j → %s", (text, kind) => {
    expect(classifyKeyword(text)?.kind).toBe(kind);
  });

  it.each(["Please don't stop the reading club", "stop by the office?", "1", "Yes", "Gracias", "", "STOP STOP"])(
    "%j is an ordinary message",
    (text) => {
      expect(classifyKeyword(text)).toBeNull();
    },
  );

  it("has opt-out, opt-in and help words for every language we write in", () => {
    for (const lng of LANGUAGE_TAGS) {
      expect(KEYWORDS[lng], lng).toBeDefined();
      for (const kind of ["opt_out", "opt_in", "help"] as const)
        expect(KEYWORDS[lng]![kind].length, `${lng} ${kind}`).toBeGreaterThan(0);
    }
  });

  it("every word classifies as its own kind (opt-out wins a clash)", () => {
    for (const [lng, kinds] of Object.entries(KEYWORDS)) {
      for (const word of kinds.opt_out) expect(classifyKeyword(word)?.kind, `${lng} ${word}`).toBe("opt_out");
      for (const kind of ["opt_in", "help"] as const) {
        for (const word of kinds[kind])
          expect(["opt_out", kind], `${lng} ${word}`).toContain(classifyKeyword(word)?.kind);
      }
    }
  });

  it("docs/keywords.md lists every keyword", () => {
    const docs = readFileSync(new URL("../../docs/keywords.md", import.meta.url), "utf8");
    for (const kinds of Object.values(KEYWORDS)) {
      for (const word of [...kinds.opt_out, ...kinds.opt_in, ...kinds.help]) expect(docs, word).toContain(word);
    }
  });
});

describe("normalizeForKeywords", () => {
  it("folds case, width, diacritics and surrounding punctuation", () => {
    expect(normalizeForKeywords("  ¡¡ALTO!! ")).toBe("alto");
    expect(normalizeForKeywords("ĐỪNG")).toBe("dung");
    expect(normalizeForKeywords("Arrêt.")).toBe("arret");
  });
});

describe("optOutRequest (flag for review, never acted on automatically)", () => {
  it.each([
    "please stop texting me",
    "No más mensajes por favor",
    "đừng nhắn nữa",
    "Please don't text me anymore",
    "不要再发了",
  ])("%j is flagged", (text) => {
    expect(optOutRequest(text)).toBe(true);
  });
  it.each(["Can we stop by on Tuesday?", "Thanks for the message!", "Lucia loved the book"])("%j is not", (text) => {
    expect(optOutRequest(text)).toBe(false);
  });
});

describe("cancel words", () => {
  it("are all opt-out keywords, so they still opt the number out", () => {
    const optOut = new Set(Object.values(KEYWORDS).flatMap((k) => k.opt_out.map(normalizeForKeywords)));
    for (const word of CANCEL_WORDS) expect(optOut.has(word), word).toBe(true);
    expect(CANCEL_WORDS.size).toBeGreaterThanOrEqual(10);
  });

  it.each(["CANCELAR", "取消", "HỦY", "huy", "취소", "ОТМЕНА", "СКАСУВАТИ", "إلغاء", "لغو", "ANILE", "cancel"])(
    "%s is a cancel word",
    (word) => {
      expect(isCancelWord(classifyKeyword(word)!.keyword)).toBe(true);
    },
  );

  it.each(["STOP", "ALTO", "退订", "توقف", "JOOJI"])("%s is not", (word) => {
    expect(isCancelWord(classifyKeyword(word)!.keyword)).toBe(false);
  });
});

describe("languageFromAcceptLanguage", () => {
  it.each([
    ["es-MX,es;q=0.9,en;q=0.8", "es"],
    ["en;q=0.5, fa-AF;q=0.9", "prs"],
    ["zh-Hant-TW", "zh-Hans"],
    ["fil-PH", "tl"],
    ["de,ru;q=0.3", "ru"],
    ["de", "en"],
    ["*", "en"],
    ["", "en"],
    ["vi;q=0, ko", "ko"],
  ])("%j → %s", (header, lng) => {
    expect(languageFromAcceptLanguage(header)).toBe(lng);
  });
});
