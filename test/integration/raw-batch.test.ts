import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runRawBatch } from "../../db/client";
import { insertRows } from "../../db/raw-batch";
import { families } from "../../db/schema";
import { makeSchool } from "../support/factories";
import { createTestApp, type TestApp } from "../support/test-app";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe("insertRows (pre-built SQL for hot inserts)", () => {
  it("stores rows exactly as drizzle does", async () => {
    const school = await makeSchool(t.deps, { name: "Riverside" });
    const at = new Date("2026-11-02T15:00:00Z");
    const base = {
      schoolId: school.id,
      channel: "sms" as const,
      timezone: "America/Chicago",
      createdAt: at,
      updatedAt: at,
    };
    await t.deps.db
      .insert(families)
      .values({ ...base, id: "fam_drizzle", displayName: "O'Brien family", language: "vi" });
    const statement = insertRows(
      families,
      ["id", "schoolId", "displayName", "language", "channel", "timezone", "createdAt", "updatedAt"],
      [
        { ...base, id: "fam_raw_1", displayName: "O'Brien family", language: "vi" },
        { ...base, id: "fam_raw_2", displayName: "O'Brien family", language: "vi" },
      ],
    );
    // Two rows bind eight values each: no value is written into the text.
    expect(statement.args).toHaveLength(16);
    expect(statement.sql).not.toContain("O'Brien");
    await runRawBatch(t.deps.db, [statement]);

    const stored = async (id: string) => {
      const [row] = await t.deps.db.select().from(families).where(eq(families.id, id));
      return { ...row, id: undefined };
    };
    expect(await stored("fam_raw_1")).toEqual(await stored("fam_drizzle"));
    expect(await stored("fam_raw_2")).toEqual(await stored("fam_drizzle"));
  });
});
