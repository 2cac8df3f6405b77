import { describe, expect, it } from "vitest";
import { hashLinkCode, hashLinkCodesNow, randomCode } from "../../src/auth/tokens";

describe("hashLinkCodesNow", () => {
  it("stores what hashLinkCode stores, so a family's link opens its invitation", async () => {
    const codes = Array.from({ length: 50 }, () => randomCode());
    const expected = await Promise.all(codes.map((code) => hashLinkCode(code)));
    expect(hashLinkCodesNow(codes)).toEqual(expected);
  });

  it("gives different codes different hashes", () => {
    const [a, b] = hashLinkCodesNow(["ABCDEFGHJKMN", "ABCDEFGHJKMP"]);
    expect(a).not.toEqual(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
