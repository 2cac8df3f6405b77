import { describe, expect, it } from "vitest";
import { normalizeForKeywords } from "../../src/domain/keywords";
import { parseRsvp } from "../../src/domain/rsvp";
import { parseSlotReply } from "../../src/domain/slot-reply";

/**
 * Families answer in the digits their language writes: our Dari dates are in Persian digits
 * ("۱۱/۱۷"), Arabic phones often type Arabic-Indic ones. Each must mean what "1" means.
 */
describe("digit answers in every script", () => {
  it("normalises Arabic-Indic, Persian and full-width digits to ASCII", () => {
    expect(normalizeForKeywords("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(normalizeForKeywords("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(normalizeForKeywords("１")).toBe("1");
  });

  it.each([
    ["ar", "٢", 2],
    ["ar", " ١. ", 1],
    ["prs", "۳", 3],
    ["prs", "#۲", 2],
  ])("%s slot answer %j picks time %i", (_lng, text, position) => {
    expect(parseSlotReply(text, 3)).toEqual({ kind: "slot", position });
  });

  it.each([
    ["ar", "٠"],
    ["prs", "۰"],
  ])("%s %j means none of the times work", (_lng, text) => {
    expect(parseSlotReply(text, 3)).toEqual({ kind: "none_work" });
  });

  it("a digit beyond the offered times is not an answer, in any script", () => {
    expect(parseSlotReply("۳", 2)).toBeNull();
    expect(parseSlotReply("٣", 2)).toBeNull();
    expect(parseSlotReply("3", 2)).toBeNull();
  });

  it.each([
    ["ar", "١", "yes"],
    ["ar", "٢", "no"],
    ["ar", "٣", "maybe"],
    ["prs", "۱", "yes"],
    ["prs", "۲", "no"],
    ["prs", "۳!", "maybe"],
  ] as const)("%s RSVP %j is %s", (_lng, text, answer) => {
    expect(parseRsvp(text)).toBe(answer);
  });

  it("other numbers and ordinary text stay ordinary messages", () => {
    expect(parseRsvp("۴")).toBeNull();
    expect(parseRsvp("۱۲")).toBeNull();
    expect(parseSlotReply("ساعت ۴ خوب است", 3)).toBeNull();
  });
});
