import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messages } from "../../db/schema";
import { dayNumber } from "../../src/domain/cadence";
import { newId } from "../../src/domain/ids";
import { startOfLocalDay } from "../../src/domain/local-days";
import {
  conversationsSince,
  splitByUtcDay,
  touchesInRanges,
  touchesSentByEducator,
} from "../../src/services/cadence/rollup-counts";
import { readOne } from "../../src/services/queries/read-together";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, TEST_NOW, type TestApp } from "../support/test-app";

const DAY = 86_400_000;
const ZONE = "America/Chicago";
const NOW = new Date(TEST_NOW); // 2026-11-02: the week before has the end of daylight saving

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("splitByUtcDay", () => {
  it("splits a range into whole UTC days and the partial ends", () => {
    expect(splitByUtcDay(10 * DAY + 5, 13 * DAY + 7)).toEqual({
      firstDay: 11,
      endDay: 13,
      ends: [
        [10 * DAY + 5, 11 * DAY],
        [13 * DAY, 13 * DAY + 7],
      ],
    });
    expect(splitByUtcDay(10 * DAY, 12 * DAY)).toEqual({ firstDay: 10, endDay: 12, ends: [] });
    expect(splitByUtcDay(10 * DAY + 5, 10 * DAY + 9)).toEqual({
      firstDay: 11,
      endDay: 11,
      ends: [[10 * DAY + 5, 10 * DAY + 9]],
    });
  });
});

describe("counting touches and conversations from the day counters", () => {
  it("gives the same numbers as counting the rows, at local and UTC midnights, across DST", async () => {
    const school = await makeSchool(t.deps, { timezone: ZONE });
    const teachers = [await makeEducator(t.deps, school.id), await makeEducator(t.deps, school.id)];
    const families: { id: string; language: string }[] = [];
    for (let i = 0; i < 3; i++) families.push((await makeFamily(t.deps, school.id)).family);
    const today = dayNumber(NOW, ZONE);
    // Touches a minute either side of every local midnight and every UTC midnight for 30 days.
    const instants: number[] = [];
    for (let d = today - 30; d <= today; d++) {
      const local = startOfLocalDay(d, ZONE);
      instants.push(local - 60_000, local, local + 60_000, d * DAY - 60_000, d * DAY + 60_000);
    }
    const rows = instants.map((at, i) => {
      const fromFamily = i % 3 === 0;
      return {
        id: newId("msg"),
        familyId: families[i % 3]!.id,
        educatorId: fromFamily ? null : teachers[i % 2]!.id,
        direction: fromFamily ? ("in" as const) : ("out" as const),
        kind: "personal" as const,
        channel: "sms" as const,
        language: "en",
        body: "x",
        status: fromFamily ? ("received" as const) : ("delivered" as const),
        conversationId: `cnv_${i}`,
        initiatedBy: fromFamily ? ("family" as const) : ("educator" as const),
        occurredAt: new Date(at),
      };
    });
    for (let i = 0; i < rows.length; i += 50) await t.deps.db.insert(messages).values(rows.slice(i, i + 50));

    const scope = { schoolId: school.id, timeZone: ZONE, now: NOW };
    const bounds = [0, 1, 2, 3, 4].map((w) => startOfLocalDay(today - 27 + w * 7, ZONE));
    const weeks = [0, 1, 2, 3].map((w) => [bounds[w]!, bounds[w + 1]!] as [number, number]);
    const inRange = ([a, b]: [number, number]) =>
      rows.filter((r) => r.occurredAt.getTime() >= a && r.occurredAt.getTime() < b);
    expect(await readOne(t.deps.db, touchesInRanges(scope, bounds))).toEqual(
      weeks.map((range) => ({
        touches: inRange(range).length,
        family: inRange(range).filter((r) => r.direction === "in").length,
      })),
    );

    const [from, to] = [weeks[0]![0], weeks[3]![1]];
    const sent = await readOne(t.deps.db, touchesSentByEducator(scope, from, to));
    for (const teacher of teachers) {
      expect(sent.get(teacher.id)).toBe(inRange([from, to]).filter((r) => r.educatorId === teacher.id).length);
    }

    const since = startOfLocalDay(today - 12, ZONE) + 3_600_000;
    const conversations = await readOne(t.deps.db, conversationsSince(scope, since));
    const recent = rows.filter((r) => r.occurredAt.getTime() >= since);
    expect(conversations.get(school.id)).toEqual({
      total: recent.length,
      family: recent.filter((r) => r.initiatedBy === "family").length,
    });
    // The row-counting path (a filter) agrees with the counters.
    const filtered = { ...scope, language: families[0]!.language };
    expect(await readOne(t.deps.db, touchesInRanges(filtered, bounds))).toEqual(
      await readOne(t.deps.db, touchesInRanges(scope, bounds)),
    );
    // Ranges shorter than a day (two boundaries in one UTC day) are counted from the rows.
    const hours = [0, 1, 2, 3].map((h) => bounds[1]! + h * 3_600_000);
    const hourly = [0, 1, 2].map((h) => inRange([hours[h]!, hours[h + 1]!]));
    expect(await readOne(t.deps.db, touchesInRanges(scope, hours))).toEqual(
      hourly.map((r) => ({ touches: r.length, family: r.filter((m) => m.direction === "in").length })),
    );
  });
});
