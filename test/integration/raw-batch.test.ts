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
  it("stores rows exactly as drizzle does, with fixed columns written once as literals", async () => {
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
      ["id", "schoolId", "channel", "timezone", "createdAt", "updatedAt"],
      [
        { ...base, id: "fam_raw_1" },
        { ...base, id: "fam_raw_2" },
      ],
      { fixed: { displayName: "O'Brien family", language: "vi" } },
    );
    // Two rows bind six values each; the fixed ones are in the text, quote doubled.
    expect(statement.args).toHaveLength(12);
    expect(statement.sql).toContain("'O''Brien family'");
    await runRawBatch(t.deps.db, [statement]);

    const stored = async (id: string) => {
      const [row] = await t.deps.db.select().from(families).where(eq(families.id, id));
      return { ...row, id: undefined };
    };
    expect(await stored("fam_raw_1")).toEqual(await stored("fam_drizzle"));
    expect(await stored("fam_raw_2")).toEqual(await stored("fam_drizzle"));
  });

  it("inserts only the rows passing `where`, which reads the values as column1, column2, …", async () => {
    const school = await makeSchool(t.deps, { name: "Riverside" });
    const at = new Date("2026-11-02T15:00:00Z");
    const rows = ["fam_keep", "fam_skip"].map((id) => ({
      id,
      schoolId: school.id,
      displayName: id,
      language: "es",
      channel: "sms" as const,
      timezone: "UTC",
      createdAt: at,
      updatedAt: at,
    }));
    const keys = [
      "id",
      "schoolId",
      "displayName",
      "language",
      "channel",
      "timezone",
      "createdAt",
      "updatedAt",
    ] as const;
    await runRawBatch(t.deps.db, [insertRows(families, keys, rows, { where: "column1 = 'fam_keep'" })]);
    const ids = (await t.deps.db.select({ id: families.id }).from(families)).map((f) => f.id);
    expect(ids).toEqual(["fam_keep"]);
  });
});
