import { describe, expect, it } from "vitest";
import { protect } from "../../src/domain/protect";

describe("protect", () => {
  it("replaces names, school names, links, emails, phones, dates, times and numbers with numbered tokens", () => {
    const text =
      "Hi! Mai has a visit at Riverside Elementary on 12/3 at 4:30 pm (or 16:30, or 4pm). Read 15 minutes. " +
      "Call (312) 555-0160, write ms.lee@riverside.example.org or see https://riverside.example.org/visits?id=7.";
    const p = protect(text, ["Mai", "Riverside Elementary"]);
    expect(p.text).toBe(
      "Hi! {{0}} has a visit at {{1}} on {{2}} at {{3}} (or {{4}}, or {{5}}). Read {{6}} minutes. " +
        "Call {{7}}, write {{8}} or see {{9}}.",
    );
    expect(p.values).toEqual([
      "Mai",
      "Riverside Elementary",
      "12/3",
      "4:30 pm",
      "16:30",
      "4pm",
      "15",
      "(312) 555-0160",
      "ms.lee@riverside.example.org",
      "https://riverside.example.org/visits?id=7",
    ]);
    expect(p.restore(p.text)).toBe(text);
  });

  it("matches names as written, as whole words: the child Mai, not 'ngày mai' (tomorrow) or 'Maine'", () => {
    const p = protect("Ngày mai Mai đi Maine với Mai.", ["Mai"]);
    expect(p.text).toBe("Ngày mai {{0}} đi Maine với {{0}}.");
    expect(p.values).toEqual(["Mai"]);
  });

  it("prefers the longest name, and ignores blank or one-letter names", () => {
    const p = protect("Ana Lucia and Ana came.", ["Ana", "Ana Lucia", " ", "A"]);
    expect(p.text).toBe("{{0}} and {{1}} came.");
    expect(p.values).toEqual(["Ana Lucia", "Ana"]);
  });

  it("restores what engines do to tokens: spaces, a single brace pair, full-width and Arabic-Indic digits", () => {
    const p = protect("Mai at 4:30 pm, call (312) 555-0160", ["Mai"]);
    expect(p.restore("{{ 0 }} lúc { {1} }, gọi {2}")).toBe("Mai lúc 4:30 pm, gọi (312) 555-0160");
    expect(p.restore("｛｛０｝｝在｛｛１｝｝")).toBe("Mai在4:30 pm");
    expect(p.restore("{{٠}} الساعة {{١}}")).toBe("Mai الساعة 4:30 pm");
    expect(p.restore("{{۲}}")).toBe("(312) 555-0160");
  });

  it("reports tokens the engine dropped and leaves unknown token numbers alone", () => {
    const p = protect("See https://a.example.org at 5", []);
    expect(p.missing("Voir {{0}}")).toEqual(["5"]);
    expect(p.missing("Voir {{0}} à {{1}}")).toEqual([]);
    expect(p.restore("{{7}} {{0}}")).toBe("{{7}} https://a.example.org");
  });

  it("keeps a sentence's punctuation out of a link and protects token-like text already present", () => {
    const p = protect("Go to www.example.org/forms! Code {{1}} stays.", []);
    expect(p.values).toEqual(["www.example.org/forms", "{{1}}"]);
    expect(p.text).toBe("Go to {{0}}! Code {{1}} stays.");
    expect(p.restore(p.text)).toBe("Go to www.example.org/forms! Code {{1}} stays.");
  });

  it("leaves text with nothing to protect unchanged", () => {
    const p = protect("Cảm ơn thầy cô rất nhiều!", []);
    expect(p.text).toBe("Cảm ơn thầy cô rất nhiều!");
    expect(p.values).toEqual([]);
    expect(p.restore("Thank you so much!")).toBe("Thank you so much!");
  });
});
