import { describe, expect, it } from "vitest";
import { LANGUAGE_TAGS } from "../../src/domain/languages";
import { seededRandom } from "../../src/domain/random";
import { smsSegments, viaCalculator } from "../../src/domain/sms-segments";
import { createI18n } from "../../src/i18n";
import { TEMPLATE_KEYS } from "../../src/messaging/templates/catalog";
import { renderSms } from "../../src/messaging/templates/render";

/** What is billed: the encoding and the number of segments (character counts differ by definition). */
const cost = ({ encoding, segments }: { encoding: string; segments: number }) => ({ encoding, segments });

describe("smsSegments", () => {
  it.each([
    ["a".repeat(160), "GSM-7", 1],
    ["a".repeat(161), "GSM-7", 2],
    ["a".repeat(306), "GSM-7", 2],
    ["a".repeat(307), "GSM-7", 3],
    ["ú".repeat(70), "UCS-2", 1],
    ["ú".repeat(71), "UCS-2", 2],
    ["ú".repeat(201), "UCS-2", 3],
    ["ú".repeat(202), "UCS-2", 4],
    ["€".repeat(80), "GSM-7", 1],
    ["€".repeat(81), "GSM-7", 2],
    ["👋".repeat(40), "UCS-2", 2],
  ])("case %#: %s × %i", (body, encoding, segments) => {
    expect(smsSegments(body)).toMatchObject({ encoding, segments });
  });

  it("agrees with Twilio's calculator on every rendered template and on random text", () => {
    const i18n = createI18n();
    const params = {
      school: "Riverside Elementary",
      sender: "Maria Gonzalez",
      educators: "Ms. Gonzalez & Mr. Carter",
      times: ["2026-11-17T16:30:00-06:00", "2026-11-18T17:45:00-06:00"],
      time: "2026-11-18T17:45:00-06:00",
      link: "https://doorstep.example.org/f/k7Qp2mN9vR4s",
      event: "Family Night",
      place: "the gym",
      body: "See you {soon} ~ 50€!",
    };
    for (const lng of LANGUAGE_TAGS) {
      for (const key of TEMPLATE_KEYS) {
        const { body } = renderSms(i18n, key, lng, params, { timeZone: "America/Chicago" });
        expect(cost(smsSegments(body)), `${lng} ${key}`).toEqual(cost(viaCalculator(body)));
      }
    }
    const alphabet = "abcXYZ 019.,!?ñÑüéàçúíóĐđ漢字ابپ€{}[]~\n👋";
    const random = seededRandom("segments");
    for (let i = 0; i < 500; i++) {
      const length = random.int(1, 420);
      const body = Array.from({ length }, () => [...alphabet][random.int(0, [...alphabet].length - 1)]).join("");
      expect(cost(smsSegments(body)), JSON.stringify(body)).toEqual(cost(viaCalculator(body)));
    }
    // ~1,000 calls of the calculator (~250 µs each idle): past vitest's 5 s default when both
    // cores are busy.
  }, 30_000);
});
