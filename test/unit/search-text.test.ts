import { describe, expect, it } from "vitest";
import { FOLDS, foldSearch, phoneDigits } from "../../src/domain/search-text";

describe("search folding", () => {
  it("takes accents and ASCII case off Latin and Vietnamese names, and leaves other scripts alone", () => {
    expect(foldSearch("García")).toBe("garcia");
    expect(foldSearch("NGUYỄN Thị Trần")).toBe("nguyen thi tran");
    expect(foldSearch("Łukasz Øre Đức Şahin")).toBe("lukasz ore duc sahin");
    expect(foldSearch("Дмитрий 日本 محمد")).toBe("Дмитрий 日本 محمد");
    // Every letter of the table folds to a single plain ASCII letter.
    for (const [ch, plain] of FOLDS) {
      expect(plain, ch).toMatch(/^[a-z]$/);
      expect(foldSearch(ch)).toBe(plain);
    }
  });

  it("reads a phone number however it is typed, and nothing else", () => {
    for (const typed of ["(217) 555-0142", "217.555.0142", "+1 217 555 0142", "1-217-555-0142", "2175550142"])
      expect(phoneDigits(typed), typed).toBe("2175550142");
    expect(phoneDigits("555-0142")).toBe("5550142");
    expect(phoneDigits("Garcia")).toBeNull();
    expect(phoneDigits("Room 12")).toBeNull();
    expect(phoneDigits("12")).toBeNull(); // too short to mean a number: "12" is a name search
  });
});
