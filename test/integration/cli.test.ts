import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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
      result: { sessions: 0, loginTokens: 0, rateLimits: 0 },
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
      "committed",
      "contacts",
      "educators",
      "families",
      "schools",
      "students",
    ]);
    expect(preview.students).toMatchObject({ created: 5, updated: 0, unchanged: 0, deactivated: 0 });
    expect(preview.schools).toMatchObject({ created: 1, updated: 1, errors: [] });
    expect((await client.execute("select count(*) as n from students")).rows[0]!.n).toBe(0);
    const commit = run("workers/import.ts", [folder, "--commit"], env);
    expect(commit.stdout).toContain("students   5 new");
    expect((await client.execute("select count(*) as n from students")).rows[0]!.n).toBe(5);
    client.close();
  });
});
