import { describe, expect, it } from "vitest";
import { translationSkip } from "../../src/domain/translation-need";

describe("which family texts go to a translation engine", () => {
  it("translates words in another language than staff read", () => {
    expect(translationSkip("Thưa cô, tuần sau cháu phải đi khám răng", "vi", "en")).toBeNull();
    expect(translationSkip("¿Podemos cambiar la hora?", "es", "en")).toBeNull();
    expect(translationSkip("شكرا جزيلا", "ar", "en")).toBeNull();
  });

  it("skips texts already in the staff language", () => {
    expect(translationSkip("See you Tuesday", "en", "en")).toBe("same_language");
    expect(translationSkip("See you Tuesday", "en-US", "en")).toBe("same_language");
  });

  it("never translates a keyword, whatever its language", () => {
    expect(translationSkip("AYUDA", "es", "en")).toBe("keyword");
    expect(translationSkip("Stop!", "vi", "en")).toBe("keyword");
  });

  it("leaves digit answers in any script to the answer parsers", () => {
    expect(translationSkip("2", "es", "en")).toBe("digits");
    expect(translationSkip(" ۱ ", "prs", "en")).toBe("digits");
    expect(translationSkip("٢.", "ar", "en")).toBe("digits");
  });

  it("skips emoji and punctuation with no words", () => {
    expect(translationSkip("👍🙏", "vi", "en")).toBe("no_words");
    expect(translationSkip("?!", "so", "en")).toBe("no_words");
    expect(translationSkip("❤️", "ht", "en")).toBe("no_words");
  });
});
