import { describe, expect, it } from "vitest";
import { digitGroups } from "../../src/domain/digit-groups";

describe("digitGroups", () => {
  it("writes whole numbers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 80, 999, 1000, 1600, 12_345, 999_999, 1_000_000, -1, -1600, -1_234_567, 2 ** 53 - 1])
      expect(digitGroups(n)).toBe(n.toLocaleString("en-US"));
  });

  it("hands fractions and unsafe integers to Intl", () => {
    expect(digitGroups(1234.5)).toBe("1,234.5");
    expect(digitGroups(2 ** 60)).toBe((2 ** 60).toLocaleString("en-US"));
  });
});
