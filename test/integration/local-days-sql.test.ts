import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dayNumber } from "../../src/domain/cadence";
import { dayRuns, localDaySql, startOfLocalDay } from "../../src/domain/local-days";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const DAY = 86_400_000;
const ZONES = ["America/Chicago", "America/New_York", "Pacific/Honolulu", "Asia/Kolkata", "Australia/Lord_Howe"];

describe("local days in SQL (dashboards' time-zone arithmetic) agree with dayNumber", () => {
  for (const zone of ZONES) {
    it(`${zone}: every hour and every day boundary across a year with its DST changes`, async () => {
      const from = dayNumber(new Date("2026-01-01T12:00:00Z"), zone);
      const to = from + 400;
      const runs = dayRuns(from - 1, to + 1, zone);
      // Every 37 minutes for 400 days, plus the instants either side of each local midnight.
      const instants: number[] = [];
      for (let at = from * DAY; at < to * DAY; at += 37 * 60_000) instants.push(at);
      for (let day = from; day < to; day++) {
        const start = startOfLocalDay(day, zone);
        instants.push(start, start - 1);
      }
      const values = instants.map((i) => `(${i})`).join(",");
      const rows = await t.deps.db.all<{ at: number; day: number }>(
        sql.raw(`select column1 as at, ${localDaySql("column1", runs, zone)} as day from (values ${values})`),
      );
      const wrong = rows.filter((r) => r.day !== dayNumber(new Date(r.at), zone));
      expect(wrong.slice(0, 3)).toEqual([]);
      expect(rows).toHaveLength(instants.length);

      for (let day = from; day < to; day++) {
        const start = startOfLocalDay(day, zone);
        expect(dayNumber(new Date(start), zone)).toBe(day);
        expect(dayNumber(new Date(start - 1), zone)).toBe(day - 1);
      }
    });
  }
});
