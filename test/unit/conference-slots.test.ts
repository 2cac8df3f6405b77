import { describe, expect, it } from "vitest";
import { offeredSlots, parseSlotNumber, slotTimes } from "../../src/domain/conference-slots";
import { classifyKeyword } from "../../src/domain/keywords";

describe("conference slots (PTLT: a 20–30 minute conference per family)", () => {
  it("cuts blocks into slots, earliest first, and names what is wrong", () => {
    const at = (iso: string) => new Date(iso);
    const cut = slotTimes(
      [
        { startsAt: at("2026-11-11T22:00:00Z"), endsAt: at("2026-11-11T22:50:00Z") },
        { startsAt: at("2026-11-10T22:00:00Z"), endsAt: at("2026-11-10T23:00:00Z") },
      ],
      20,
    );
    expect(cut.ok && cut.times.map((t) => t.toISOString().slice(8, 16))).toEqual([
      "10T22:00",
      "10T22:20",
      "10T22:40",
      "11T22:00",
      "11T22:20",
    ]);
    expect(slotTimes([{ startsAt: at("2026-11-10T22:00:00Z"), endsAt: at("2026-11-10T22:10:00Z") }], 20)).toMatchObject(
      {
        ok: false,
        field: "blocks.0.endsAt",
      },
    );
    expect(
      slotTimes(
        [
          { startsAt: at("2026-11-10T22:00:00Z"), endsAt: at("2026-11-10T23:00:00Z") },
          { startsAt: at("2026-11-10T22:30:00Z"), endsAt: at("2026-11-10T23:30:00Z") },
        ],
        20,
      ),
    ).toMatchObject({ ok: false, field: "blocks.1.startsAt", message: "overlaps another block" });
    expect(slotTimes([{ startsAt: at("2026-11-10T00:00:00Z"), endsAt: at("2026-11-11T00:00:00Z") }], 20)).toMatchObject(
      {
        ok: false,
        field: "blocks",
      },
    );
  });

  it("reads a bare slot number in any script, never a word, never beyond the slots", () => {
    expect(parseSlotNumber("4", 12)).toBe(4);
    expect(parseSlotNumber(" #12. ", 12)).toBe(12);
    expect(parseSlotNumber("١٢", 12)).toBe(12); // Arabic-Indic
    expect(parseSlotNumber("۳", 12)).toBe(3); // Persian
    expect(parseSlotNumber("４", 12)).toBe(4); // full-width
    expect(parseSlotNumber("13", 12)).toBeNull();
    expect(parseSlotNumber("0", 12)).toBeNull();
    expect(parseSlotNumber("4 please", 12)).toBeNull();
    // No slot number is an opt-out (or any) keyword.
    for (let n = 0; n <= 99; n++) expect(classifyKeyword(String(n))).toBeNull();
  });

  it("offers three open slots spread over the list and rotated per family", () => {
    const open = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(offeredSlots(open, 0)).toEqual([1, 5, 9]);
    expect(offeredSlots(open, 1)).toEqual([2, 6, 10]);
    expect(offeredSlots(open, 11)).toEqual([4, 8, 12]);
    expect(offeredSlots([4, 9], 5)).toEqual([4, 9]);
  });
});
