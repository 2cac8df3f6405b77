import { describe, expect, it } from "vitest";
import {
  isWithinOfficeHours,
  nextOfficeHoursStart,
  type OfficeHours,
  officeHoursFromForm,
} from "../../src/domain/office-hours";

const weekdays: OfficeHours = {
  timeZone: "America/Chicago",
  days: { "1": { start: 480, end: 960 }, "2": { start: 480, end: 960 }, "5": { start: 600, end: 720 } },
};

describe("office hours", () => {
  it("reads the educator's wall clock: in at 08:00, out at 16:00, closed on days off", () => {
    expect(isWithinOfficeHours(weekdays, new Date("2026-11-02T14:00:00Z"))).toBe(true); // Mon 08:00 CST
    expect(isWithinOfficeHours(weekdays, new Date("2026-11-02T13:59:00Z"))).toBe(false);
    expect(isWithinOfficeHours(weekdays, new Date("2026-11-02T22:00:00Z"))).toBe(false); // Mon 16:00
    expect(isWithinOfficeHours(weekdays, new Date("2026-11-04T15:00:00Z"))).toBe(false); // Wed: off
  });

  it("finds the next start: later today, tomorrow, after a weekend, or now when inside", () => {
    const next = (at: string) => nextOfficeHoursStart(weekdays, new Date(at))?.toISOString();
    expect(next("2026-11-02T12:00:00Z")).toBe("2026-11-02T14:00:00.000Z"); // Mon 06:00 → 08:00
    expect(next("2026-11-03T01:00:00Z")).toBe("2026-11-03T14:00:00.000Z"); // Mon 19:00 → Tue 08:00
    expect(next("2026-11-03T23:00:00Z")).toBe("2026-11-06T16:00:00.000Z"); // Tue 17:00 → Fri 10:00
    expect(next("2026-11-06T19:00:00Z")).toBe("2026-11-09T14:00:00.000Z"); // Fri 13:00 → Mon 08:00
    expect(next("2026-11-02T15:00:00Z")).toBe("2026-11-02T15:00:00.000Z"); // inside: now
    expect(nextOfficeHoursStart({ timeZone: "America/Chicago", days: {} }, new Date())).toBeNull();
  });

  it("keeps 08:00 local across the change back from daylight saving time", () => {
    // Fri Oct 30 (CDT, UTC−5) evening → Mon Nov 2 08:00 is CST (UTC−6).
    expect(nextOfficeHoursStart(weekdays, new Date("2026-10-31T00:00:00Z"))?.toISOString()).toBe(
      "2026-11-02T14:00:00.000Z",
    );
  });

  it("names each bad field in a teacher's words, and no day ticked means no hours", () => {
    expect(officeHoursFromForm({ day1: "on", start1: "9", end1: "16:00" }, "America/Chicago")).toEqual({
      ok: false,
      fields: { start1: "Enter a start time such as 08:00" },
    });
    expect(officeHoursFromForm({ day2: "on", start2: "16:00", end2: "08:00" }, "America/Chicago")).toEqual({
      ok: false,
      fields: { end2: "The end must be after the start" },
    });
    expect(officeHoursFromForm({ start1: "08:00", end1: "16:00" }, "America/Chicago")).toEqual({
      ok: true,
      hours: null,
    });
  });
});
