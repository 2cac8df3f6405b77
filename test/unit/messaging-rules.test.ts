import { describe, expect, it } from "vitest";
import { MAX_SEND_ATTEMPTS, retryDelayMs } from "../../src/domain/backoff";
import {
  classifyTwilioError,
  fromSendGridEvent,
  fromTwilioStatus,
  shouldApplyStatus,
} from "../../src/domain/delivery-status";
import { localMinuteOfDay, nextAllowedSendTime } from "../../src/domain/quiet-hours";
import { type RecipientContact, resolveRecipient } from "../../src/domain/resolve-recipient";

const QUIET = { startMinute: 20 * 60, endMinute: 8 * 60 };

describe("quiet hours", () => {
  it("allows daytime sends as they are", () => {
    const noon = new Date("2026-11-02T18:00:00Z"); // 12:00 in Chicago
    expect(nextAllowedSendTime(noon, "America/Chicago", QUIET)).toBe(noon);
  });

  it("holds a night send until 08:00 in the family's zone, across midnight", () => {
    expect(nextAllowedSendTime(new Date("2026-11-03T03:30:00Z"), "America/Chicago", QUIET).toISOString()).toBe(
      "2026-11-03T14:00:00.000Z",
    );
    expect(nextAllowedSendTime(new Date("2026-11-03T09:00:00Z"), "America/Chicago", QUIET).toISOString()).toBe(
      "2026-11-03T14:00:00.000Z",
    );
    // Same instant, a family in Honolulu: 17:30 there, so it goes now.
    const instant = new Date("2026-11-03T03:30:00Z");
    expect(nextAllowedSendTime(instant, "Pacific/Honolulu", QUIET)).toBe(instant);
  });

  it("is daylight-saving safe: the night clocks fall back still ends at 08:00 local", () => {
    // 2026-11-01 02:00 CDT → 01:00 CST. 22:00 CDT on Oct 31 is 03:00Z Nov 1.
    const end = nextAllowedSendTime(new Date("2026-11-01T03:00:00Z"), "America/Chicago", QUIET);
    expect(end.toISOString()).toBe("2026-11-01T14:00:00.000Z"); // 08:00 CST
    expect(localMinuteOfDay(end, "America/Chicago")).toBe(8 * 60);
    // Spring forward: 22:00 CST on 2027-03-13 → 08:00 CDT on 03-14 = 13:00Z.
    const spring = nextAllowedSendTime(new Date("2027-03-14T04:00:00Z"), "America/Chicago", QUIET);
    expect(spring.toISOString()).toBe("2027-03-14T13:00:00.000Z");
  });

  it("'off' never holds", () => {
    const night = new Date("2026-11-03T08:00:00Z");
    expect(nextAllowedSendTime(night, "America/Chicago", null)).toBe(night);
  });
});

describe("retry delays", () => {
  it("grow exponentially from 30 s, stay within [half, full] of the step, cap at an hour", () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(3, () => 0.5)).toBe(90_000);
    expect(retryDelayMs(20, () => 1)).toBe(3_600_000);
    expect(MAX_SEND_ATTEMPTS).toBe(6);
  });
});

describe("status ranks", () => {
  it.each([
    ["sent", "delivered", true],
    ["delivered", "sent", false],
    ["delivered", "read", true],
    ["failed", "sent", false],
    ["unknown", "sent", true],
    ["queued", "queued", false],
    ["received", "delivered", false],
  ] as const)("%s → %s applies: %s", (from, to, applies) => {
    expect(shouldApplyStatus(from, to)).toBe(applies);
  });

  it("maps provider words and error codes", () => {
    expect(fromTwilioStatus("accepted")).toBe("sent");
    expect(fromTwilioStatus("undelivered")).toBe("undelivered");
    expect(fromTwilioStatus("canceled")).toBeNull();
    expect(fromSendGridEvent("deferred")).toBeNull();
    expect(fromSendGridEvent("bounce")).toBe("failed");
    expect(["21610", "21211", "30003", "30007", "12345"].map(classifyTwilioError)).toEqual([
      "opted_out",
      "unreachable",
      "handset_unreachable",
      "sender_blocked",
      "other",
    ]);
  });
});

describe("resolveRecipient", () => {
  const contact = (over: Partial<RecipientContact>): RecipientContact => ({
    id: "con_1",
    phone: "+12175550100",
    email: "a@example.org",
    language: null,
    channel: null,
    smsOptedOutAt: null,
    emailOptedOutAt: null,
    smsUnreachableAt: null,
    emailUnreachableAt: null,
    active: true,
    ...over,
  });
  const base = {
    family: { language: "vi", channel: "sms" as const },
    school: { defaultLanguage: "en", defaultChannel: "email" as const },
  };

  it("contact preference beats family beats school, for channel and language", () => {
    expect(resolveRecipient({ ...base, contacts: [contact({})] })).toMatchObject({ channel: "sms", language: "vi" });
    expect(resolveRecipient({ ...base, contacts: [contact({ channel: "email", language: "en" })] })).toMatchObject({
      channel: "email",
      language: "en",
    });
  });

  it("a contact reachable on the preferred channel beats the first contact's fallback", () => {
    const emailOnly = contact({ id: "con_a", phone: null });
    const phone = contact({ id: "con_b", email: null });
    expect(resolveRecipient({ ...base, contacts: [emailOnly, phone] })).toMatchObject({
      contactId: "con_b",
      channel: "sms",
      fellBack: false,
    });
  });

  it("falls back to the other channel when opted out or unreachable", () => {
    expect(resolveRecipient({ ...base, contacts: [contact({ smsOptedOutAt: new Date() })] })).toMatchObject({
      channel: "email",
      fellBack: true,
    });
    expect(resolveRecipient({ ...base, contacts: [contact({})], excludeChannel: "sms" })).toMatchObject({
      channel: "email",
    });
  });

  it("explains why nobody can be reached", () => {
    const result = resolveRecipient({
      ...base,
      contacts: [contact({ smsUnreachableAt: new Date(), emailOptedOutAt: new Date() })],
    });
    expect(result).toEqual({
      ok: false,
      reason: "sms: phone unreachable; email: unsubscribed from email",
      language: "vi",
      contactId: "con_1",
    });
    expect(resolveRecipient({ ...base, contacts: [contact({ active: false })] })).toMatchObject({
      ok: false,
      reason: "no active contact",
    });
  });
});

import { instantToWallTime, wallTimeToInstant } from "../../src/domain/local-time";

describe("wall time in the family's zone", () => {
  it("turns a typed local time into the right instant, across daylight saving", () => {
    expect(wallTimeToInstant("2026-11-10T16:30", "America/Chicago")?.toISOString()).toBe("2026-11-10T22:30:00.000Z");
    expect(wallTimeToInstant("2026-10-20T16:30", "America/Chicago")?.toISOString()).toBe("2026-10-20T21:30:00.000Z");
    expect(wallTimeToInstant("2026-11-10T16:30", "Asia/Kabul")?.toISOString()).toBe("2026-11-10T12:00:00.000Z");
    expect(wallTimeToInstant("tomorrow", "UTC")).toBeNull();
    expect(instantToWallTime(new Date("2026-11-10T22:30:00Z"), "America/Chicago")).toBe("2026-11-10T16:30");
  });
});
