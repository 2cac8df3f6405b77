import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SPREADSHEET_HEADERS } from "../../src/domain/roster/spreadsheet";

/** The entry points as an operator runs them: real processes, real exit codes. */
const dir = mkdtempSync(join(tmpdir(), "doorstep-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("start-up", () => {
  it("refuses to start with a bad environment, naming each variable", () => {
    const result = run("workers/node.ts", [], {
      APP_ENV: "development",
      PORT: "eighty",
      SMS_QUIET_HOURS: "late",
      DATABASE_URL: `file:${join(dir, "never.db")}`,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("SMS_QUIET_HOURS");
  });

  it("refuses production without provider credentials", () => {
    const result = run("workers/node.ts", [], { APP_ENV: "production", DATABASE_URL: `file:${join(dir, "prod.db")}` });
    expect(result.status).toBe(1);
    for (const name of ["TWILIO_ACCOUNT_SID", "SENDGRID_API_KEY", "SESSION_SECRET"])
      expect(result.stderr).toContain(name);
  });
});

describe("npm run job", () => {
  it("runs one job once at the given --now and prints its result", () => {
    const result = run("workers/job.ts", ["retention", "--now", "2026-11-02T09:00:00Z"], {
      APP_ENV: "test",
      DATABASE_URL: `file:${join(dir, "job.db")}`,
    });
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout.slice(result.stdout.indexOf("{\n")));
    expect(printed).toEqual({
      job: "retention",
      now: "2026-11-02T09:00:00.000Z",
      result: {
        sessions: 0,
        loginTokens: 0,
        messagesErased: 0,
        hopesAndDreamsErased: 0,
        translationCacheDeleted: 0,
        auditDeleted: 0,
        oidcAttempts: 0,
        rateLimits: 0,
      },
    });
  });

  it("names the jobs when given an unknown one", () => {
    const result = run("workers/job.ts", ["nope"], { APP_ENV: "test", DATABASE_URL: `file:${join(dir, "job.db")}` });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("retention");
  });
});

describe("npm run import", () => {
  it("dry-runs a OneRoster folder as JSON per kind, then commits; a school new to Doorstep is created", async () => {
    const dbUrl = `file:${join(dir, "import.db")}`;
    const env = { APP_ENV: "test", DATABASE_URL: dbUrl };
    const folder = new URL("../fixtures/oneroster", import.meta.url).pathname;
    const { createClient } = await import("@libsql/client");
    const migrate = run("workers/migrate.ts", [], env);
    expect(migrate.status).toBe(0);
    const client = createClient({ url: dbUrl });
    await client.execute(
      "insert into districts (id, name, timezone, created_at, updated_at) values ('dst_1', 'D', 'America/Chicago', 0, 0)",
    );
    await client.execute(
      "insert into schools (id, district_id, name, timezone, program_model, created_at, updated_at) values ('sch_rv', 'dst_1', 'Riverside Elementary', 'America/Chicago', 'pthv', 0, 0)",
    );
    const dry = run("workers/import.ts", [folder, "--json"], env);
    expect(dry.status).toBe(0);
    const preview = JSON.parse(dry.stdout.slice(dry.stdout.indexOf("{")));
    expect(Object.keys(preview).sort()).toEqual([
      "acceptanceNeeded",
      "committed",
      "contacts",
      "deactivations",
      "districtCreated",
      "educators",
      "families",
      "notImported",
      "schools",
      "students",
    ]);
    expect(preview.students).toMatchObject({ created: 4, updated: 0, unchanged: 0, deactivated: 0 });
    expect(preview.schools).toMatchObject({ created: 1, updated: 1, errors: [] });
    expect(preview.notImported).toBe(4);
    expect((await client.execute("select count(*) as n from students")).rows[0]!.n).toBe(0);
    const commit = run("workers/import.ts", [folder, "--commit", "--accept-errors"], env);
    expect(commit.status).toBe(0);
    expect(commit.stdout).toContain("students   4 new");
    expect(commit.stdout).toContain("*** 4 rows not imported ***");
    expect((await client.execute("select count(*) as n from students")).rows[0]!.n).toBe(4);
    client.close();
  }, 90_000);

  it("refuses to apply with rows not imported unless --accept-errors, listing each with file and line", async () => {
    const env = { APP_ENV: "test", DATABASE_URL: `file:${join(dir, "refuse.db")}` };
    const sheet = join(dir, "broken.csv");
    writeFileSync(
      sheet,
      [
        SPREADSHEET_HEADERS.join(","),
        ",NoId,Kid,3,,X Y,,3125550112,,,,,,,,,",
        "S9003,Bad,Phone,3,,P Q,,12345,,,,,,,,,",
        "S9004,Bad,Grade,14,,R S,,3125550114,,,,,,,,,",
        "S9005,Good,Kid,2,,T U,,3125550115,,,,,,,,,",
      ].join("\n"),
    );
    const folder = new URL("../fixtures/oneroster", import.meta.url).pathname;
    // A new deployment: the district comes from orgs.csv, so the spreadsheet has a school to go to.
    const setup = run(
      "workers/import.ts",
      [folder, "--commit", "--accept-errors", "--timezone", "America/Chicago"],
      env,
    );
    expect(setup.status).toBe(0);
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: env.DATABASE_URL });
    const riverside = (await client.execute("select id from schools where name = 'Riverside Elementary'")).rows[0]!
      .id as string;
    const students = async () => (await client.execute("select count(*) as n from students")).rows[0]!.n;
    const before = await students();
    const refused = run("workers/import.ts", [sheet, "--school", riverside, "--commit"], env);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("*** 3 rows not imported ***");
    for (const line of [
      "spreadsheet.csv:2  student_id is required",
      'spreadsheet.csv:3  guardian1_phone "12345" is not a phone number',
      'spreadsheet.csv:4  grade "14" is not PK, K or 1–12',
    ])
      expect(refused.stdout).toContain(line);
    expect(refused.stdout).toContain("add --accept-errors");
    expect(await students()).toBe(before);
    const accepted = run("workers/import.ts", [sheet, "--school", riverside, "--commit", "--accept-errors"], env);
    expect(accepted.status).toBe(0);
    expect(await students()).toBe(Number(before) + 1);
    client.close();
  }, 90_000);
});

describe("npm run import on a fresh deployment (DEMO_SEED=0, nothing set up)", () => {
  it("creates the district and its schools from orgs.csv with --model and --timezone", async () => {
    const dbUrl = `file:${join(dir, "fresh.db")}`;
    const env = { APP_ENV: "development", DEMO_SEED: "0", DATABASE_URL: dbUrl };
    const folder = new URL("../fixtures/oneroster", import.meta.url).pathname;
    const noZone = run("workers/import.ts", [folder, "--commit"], env);
    expect(noZone.status).toBe(1);
    expect(noZone.stderr).toContain("timezone: is required to create the district");

    const refused = run(
      "workers/import.ts",
      [folder, "--commit", "--model", "hvp", "--timezone", "America/Chicago"],
      env,
    );
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("NOT APPLIED");
    expect(refused.stdout).toContain("*** 4 rows not imported ***");
    expect(refused.stdout).toContain("users.csv:11  p-rosa: email");
    expect(refused.stdout).not.toContain("is not a Doorstep school you can import for");

    const done = run(
      "workers/import.ts",
      [folder, "--commit", "--accept-errors", "--model", "hvp", "--timezone", "America/Chicago"],
      env,
    );
    expect(done.status).toBe(0);
    expect(done.stdout).toContain("district   Cedar Valley Unified (America/Chicago) new");
    expect(done.stdout).toContain("schools    2 new");
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: dbUrl });
    const rows = (await client.execute("select name, timezone, program_model from schools order by name")).rows;
    expect(rows.map((r) => [r.name, r.timezone, r.program_model])).toEqual([
      ["Lincoln Park Elementary", "America/Chicago", "hvp"],
      ["Riverside Elementary", "America/Chicago", "hvp"],
    ]);
    expect((await client.execute("select count(*) as n from students")).rows[0]!.n).toBe(4);
    client.close();
  }, 90_000);
});
