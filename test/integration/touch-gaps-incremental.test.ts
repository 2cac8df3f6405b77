import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { families, messages, schools } from "../../db/schema";
import { dayNumber } from "../../src/domain/cadence";
import { newId } from "../../src/domain/ids";
import { startOfLocalDay } from "../../src/domain/local-days";
import { computeTouchGaps, medianOfHistogram, touchGaps } from "../../src/services/cadence/cadence-summary";
import { readOne } from "../../src/services/queries/read-together";
import { makeFamily, makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const DAY = 86_400_000;
/** Deterministic "random" numbers, so a failure reproduces. */
let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const sorted = (h: [number, number][] | undefined) => [...(h ?? [])].sort((a, b) => a[0] - b[0]);

async function touch(familyId: string, at: number, over: Partial<typeof messages.$inferInsert> = {}) {
  const id = newId("msg");
  const kinds = ["personal", "personal", "logged_call"] as const;
  const incoming = rand(3) === 0;
  await t.deps.db.insert(messages).values({
    id,
    familyId,
    direction: incoming ? "in" : "out",
    kind: kinds[rand(3)]!,
    channel: "sms",
    language: "es",
    body: "x",
    status: incoming ? "received" : "delivered",
    occurredAt: new Date(at),
    createdAt: new Date(at),
    updatedAt: new Date(at),
    ...over,
  });
  return id;
}

describe("touch-gap histogram kept incrementally", () => {
  it("equals the computation from scratch, day after day, through every kind of change", {
    timeout: 120_000,
  }, async () => {
    const zones = ["America/Chicago", "America/Chicago", "Australia/Lord_Howe", "Asia/Kolkata"];
    const made: Awaited<ReturnType<typeof makeSchool>>[] = [];
    for (const timezone of zones) made.push(await makeSchool(t.deps, { timezone }));
    const fams: { id: string; schoolId: string; zone: string }[] = [];
    for (const [i, school] of made.entries())
      for (let k = 0; k < 8; k++) {
        const { family } = await makeFamily(t.deps, school.id);
        fams.push({ id: family.id, schoolId: school.id, zone: zones[i]! });
      }
    let now = new Date("2026-11-02T15:00:00Z").getTime();
    const messageIds: string[] = [];
    // A year and more of history: some touches a minute either side of local midnights.
    for (const f of fams)
      for (let k = 0; k < 25; k++) {
        const day = dayNumber(new Date(now), f.zone) - rand(420);
        const start = startOfLocalDay(day, f.zone);
        const at = rand(4) === 0 ? start + (rand(2) ? 60_000 : -60_000) : start + rand(DAY);
        messageIds.push(await touch(f.id, at));
      }
    // Not touches: a broadcast and a queued text.
    await touch(fams[0]!.id, now - 3 * DAY, { kind: "broadcast" });
    const queued = await touch(fams[1]!.id, now - 2 * DAY, { direction: "out", kind: "personal", status: "queued" });

    const zoneList = [...new Set(zones)];
    const check = async (label: string) => {
      for (const timeZone of zoneList) {
        const scope = { timeZone, now: new Date(now) };
        const kept = await touchGaps(t.deps.db, scope);
        const scratch = await readOne(t.deps.db, computeTouchGaps(scope));
        for (const school of made.filter((s) => s.timezone === timeZone)) {
          const a = sorted(kept.get(school.id));
          const b = sorted(scratch.get(school.id));
          expect(a, `${label}: ${school.timezone} ${school.id}`).toEqual(b);
          expect(medianOfHistogram(a)).toBe(medianOfHistogram(b));
        }
      }
    };
    await check("first build");
    await check("warm, nothing changed");
    const gapsBefore = (await t.deps.db.all<{ n: number }>(sql`select count(*) as n from touch_gap_counts`))[0]!.n;
    expect(gapsBefore).toBeGreaterThan(0);

    for (let step = 0; step < 12; step++) {
      // During the day: touches now, one backdated, a status change making a text a touch,
      // a deleted message, a family leaving and coming back, a family moving school.
      for (let k = 0; k < 6; k++) messageIds.push(await touch(fams[rand(fams.length)]!.id, now - rand(DAY / 2)));
      const f = fams[rand(fams.length)]!;
      messageIds.push(await touch(f.id, now - (1 + rand(300)) * DAY));
      if (step === 1) await t.deps.db.update(messages).set({ status: "sent" }).where(eq(messages.id, queued));
      await t.deps.db.delete(messages).where(eq(messages.id, messageIds.splice(rand(messageIds.length), 1)[0]!));
      if (step === 2) await t.deps.db.update(families).set({ active: false }).where(eq(families.id, fams[3]!.id));
      if (step === 5) await t.deps.db.update(families).set({ active: true }).where(eq(families.id, fams[3]!.id));
      if (step === 4) {
        const mover = fams[2]!;
        await t.deps.db.update(families).set({ schoolId: made[1]!.id }).where(eq(families.id, mover.id));
        mover.schoolId = made[1]!.id;
      }
      if (step === 7) {
        // Across the end of DST in Chicago (2026-11-01) the day is 25 hours; and a write a
        // minute before local midnight.
        const f2 = fams[5]!;
        const day = dayNumber(new Date(now), f2.zone);
        messageIds.push(await touch(f2.id, startOfLocalDay(day, f2.zone) - 60_000));
      }
      // The first view of the next day (sometimes several days later).
      now += (step === 6 ? 9 : 1) * DAY + rand(DAY / 4);
      await check(`step ${step}`);
    }
    // A month without views, then more than a year.
    now += 40 * DAY;
    await check("40 days later");
    now += 400 * DAY;
    await check("400 days later");
    // The clock set back: rebuilt for the earlier day.
    now -= 430 * DAY;
    await check("clock set back");
    // A school's zone changes: its days are counted again in the new zone.
    await t.deps.db.update(schools).set({ timezone: "Asia/Kolkata" }).where(eq(schools.id, made[1]!.id));
    made[1]!.timezone = "Asia/Kolkata";
    await check("zone changed");
  });

  it("two first views of the day with the same stored state apply the day once", { timeout: 60_000 }, async () => {
    const school = await makeSchool(t.deps, { timezone: "America/Chicago" });
    const { family } = await makeFamily(t.deps, school.id);
    const now = new Date("2026-11-02T15:00:00Z").getTime();
    for (let k = 1; k <= 20; k++) await touch(family.id, now - k * 3 * DAY);
    const scope = { schoolId: school.id, timeZone: school.timezone, now: new Date(now - DAY) };
    await touchGaps(t.deps.db, scope);
    await touch(family.id, now - DAY - 3600_000);
    const next = { ...scope, now: new Date(now) };
    const [a, b] = await Promise.all([touchGaps(t.deps.db, next), touchGaps(t.deps.db, next)]);
    const scratch = sorted((await readOne(t.deps.db, computeTouchGaps(next))).get(school.id));
    expect(sorted(a.get(school.id))).toEqual(scratch);
    expect(sorted(b.get(school.id))).toEqual(scratch);
    expect(sorted((await touchGaps(t.deps.db, next)).get(school.id))).toEqual(scratch);
  });
});
