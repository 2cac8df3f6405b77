import { describe, expect, it } from "vitest";
import { constantTimeEqual, sha256 } from "../../src/auth/tokens";
import { newId } from "../../src/domain/ids";
import { isLanguageTag, LANGUAGE_TAGS, textDirection } from "../../src/domain/languages";
import { isFictionalUsNumber, normalizePhone } from "../../src/domain/phone";
import { seededRandom } from "../../src/domain/random";
import { isValidTimeZone, schoolYearOf } from "../../src/domain/school-year";

describe("normalizePhone", () => {
  it.each([
    ["(217) 555-0142", "+12175550142"],
    ["217.555.0199", "+12175550199"],
    ["+1 312 555 0100", "+13125550100"],
    ["+52 55 1234 5678", "+525512345678"],
    ["  +1-415-867-5309 ", "+14158675309"],
  ])("%s → %s", (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each(["", "12", "abc", "+1 000 000 0000", "555-1234-5678-9999"])("refuses %j", (input) => {
    expect(normalizePhone(input).ok).toBe(false);
  });

  it("recognizes the fictional 555-01xx range used by the demo", () => {
    expect(isFictionalUsNumber("+12175550142")).toBe(true);
    expect(isFictionalUsNumber("+12175551234")).toBe(false);
  });
});

describe("schoolYearOf", () => {
  it("turns over on July 1 in the school's zone, not in UTC", () => {
    // 2026-07-01 03:00 UTC is still June 30 in Chicago.
    expect(schoolYearOf(new Date("2026-07-01T03:00:00Z"), "America/Chicago")).toBe("2025-26");
    expect(schoolYearOf(new Date("2026-07-01T03:00:00Z"), "UTC")).toBe("2026-27");
    expect(schoolYearOf(new Date("2026-11-22T12:00:00Z"), "America/Chicago")).toBe("2026-27");
    expect(schoolYearOf(new Date("2027-02-01T12:00:00Z"), "America/Chicago")).toBe("2026-27");
    expect(schoolYearOf(new Date("2099-09-01T12:00:00Z"), "UTC")).toBe("2099-00");
  });

  it("validates IANA zones", () => {
    expect(isValidTimeZone("America/Chicago")).toBe(true);
    expect(isValidTimeZone("Mars/Base")).toBe(false);
  });
});

describe("newId", () => {
  it("is prefixed, 26 chars after the prefix, and sorts in creation order", () => {
    const ids = Array.from({ length: 200 }, () => newId("fam"));
    for (const id of ids) expect(id).toMatch(/^fam_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is reproducible from a seeded random source", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect(newId("msg", 1_700_000_000_000, a.next)).toBe(newId("msg", 1_700_000_000_000, b.next));
  });
});

describe("seededRandom", () => {
  it("repeats for the same seed and differs for another", () => {
    const take = (seed: string) => {
      const r = seededRandom(seed);
      return Array.from({ length: 5 }, () => r.int(1, 100));
    };
    expect(take("x")).toEqual(take("x"));
    expect(take("x")).not.toEqual(take("y"));
  });
});

describe("languages", () => {
  it("has the 15 supported languages with RTL for Arabic and Dari", () => {
    expect(LANGUAGE_TAGS).toHaveLength(15);
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("prs")).toBe("rtl");
    expect(textDirection("es")).toBe("ltr");
    expect(isLanguageTag("zh-Hans")).toBe(true);
    expect(isLanguageTag("toString")).toBe(false);
  });
});

describe("tokens", () => {
  it("hashes deterministically and compares in constant time", async () => {
    expect(await sha256("abc")).toBe(await sha256("abc"));
    expect(await sha256("abc")).not.toBe(await sha256("abd"));
    expect(constantTimeEqual("same", "same")).toBe(true);
    expect(constantTimeEqual("same", "sama")).toBe(false);
    expect(constantTimeEqual("short", "longer")).toBe(false);
  });
});

describe("program-model fidelity rules (issue 21)", () => {
  it("PTHV 'educators are trained … 3-hour introductory training', HOME WORKS! 'two mandatory trainings': one violation per untrained educator", async () => {
    const { checkPairTraining } = await import("../../src/domain/program-models");
    const trained = { educatorId: "a", name: "Ana", ever: 1, thisYear: 1 };
    const never = { educatorId: "b", name: "Ben", ever: 0, thisYear: 0 };
    expect(checkPairTraining("pthv", [trained, never])).toEqual([
      {
        rule: "pthv.training",
        field: "educatorIds.1",
        message: "Ben has no introductory training on record; educators are trained before visiting",
      },
    ]);
    expect(checkPairTraining("pthv", [trained, { ...never, ever: 1 }])).toEqual([]);
    // Two a year: one this year is not enough, however many were taken before.
    expect(checkPairTraining("homeworks", [{ ...trained, ever: 5, thisYear: 1 }])[0]!.message).toBe(
      "Ana has 1 of the 2 mandatory trainings this school year required before visiting",
    );
    expect(checkPairTraining("homeworks", [{ ...trained, ever: 2, thisYear: 2 }])).toEqual([]);
  });

  it("PTHV counts staff who support or agreed; HOME WORKS! counts classroom teachers who agreed", async () => {
    const { commitmentShare } = await import("../../src/domain/program-models");
    const staff = [
      { role: "educator", commitment: "agreed" as const },
      { role: "educator", commitment: "supports" as const },
      { role: "educator", commitment: null },
      { role: "coordinator", commitment: "agreed" as const },
      { role: "district_admin", commitment: "agreed" as const },
    ];
    expect(commitmentShare("pthv", staff)).toEqual({ counted: 4, committed: 3, share: 0.75 });
    expect(commitmentShare("homeworks", staff)).toEqual({ counted: 3, committed: 1, share: 1 / 3 });
    expect(commitmentShare("hvp", staff)).toBeNull();
    expect(commitmentShare("pthv", [])).toEqual({ counted: 0, committed: 0, share: null });
  });
});
