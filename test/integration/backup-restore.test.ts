import { type SpawnOptions, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { inspectDatabase } from "../../db/backup";
import { libsqlClientOf } from "../../db/client";
import { makeEducator, makeFamily, makeSchool } from "../support/factories";
import { createTestApp, PROVIDER_ENV, type TestApp } from "../support/test-app";
import { inboundPayload, postInboundSms } from "../support/twilio-inbound";

/** Issue 16.9: `npm run backup` / `npm run restore` as an operator runs them, on a live server. */
const dir = mkdtempSync(join(tmpdir(), "doorstep-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let t: TestApp;
afterEach(() => t?.close());

function run(script: string, args: string[], databaseUrl: string) {
  const options: SpawnOptions = { env: { ...process.env, DATABASE_URL: databaseUrl } };
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], options);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (status) => resolve({ status, stdout, stderr })),
  );
}

async function liveApp() {
  t = await createTestApp(PROVIDER_ENV);
  const school = await makeSchool(t.deps);
  const teacher = await makeEducator(t.deps, school.id);
  const phones: string[] = [];
  for (let i = 0; i < 12; i++) {
    const { contact } = await makeFamily(t.deps, school.id, { teachers: [teacher.id] });
    phones.push(contact.phone!);
  }
  return phones;
}

/**
 * Every table's rows in the live database, counted through the app's own connection (a second
 * SQLite library opening the same file in this process would not share its locks).
 */
async function liveCounts(): Promise<Record<string, number>> {
  const client = libsqlClientOf(t.deps.db)!;
  const tables = await client.execute(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    counts[String(name)] = Number((await client.execute(`select count(*) as n from "${name}"`)).rows[0]!.n);
  }
  return counts;
}

describe("backup and restore", () => {
  it("backs up while texts arrive, then restores to the same counts", { timeout: 120_000 }, async () => {
    const phones = await liveApp();
    for (const phone of phones.slice(0, 4)) await postInboundSms(t, inboundPayload(phone, "hola"));
    const before = (await liveCounts()).messages!;

    // Texts keep arriving, through the app's own webhook, for as long as the backup runs.
    const file = join(dir, "during.db");
    let done = false;
    const backup = run("workers/backup.ts", [file], `file:${t.databaseFile}`).finally(() => {
      done = true;
    });
    const statuses: number[] = [];
    for (let i = 0; !done || i < 20; i++) {
      const res = await postInboundSms(t, inboundPayload(phones[i % phones.length]!, `text ${i}`), { settle: false });
      statuses.push(res.status);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result = await backup;
    await t.deps.settle();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(statuses.every((s) => s === 200)).toBe(true);

    const snapshot = inspectDatabase(file);
    expect(snapshot.integrity).toBe("ok");
    expect(JSON.parse(result.stdout).counts).toEqual(snapshot.counts);
    // A snapshot of one moment: some of the texts, all of what came before.
    expect(snapshot.counts.messages).toBeGreaterThanOrEqual(before);
    expect(snapshot.counts.messages).toBeLessThanOrEqual((await liveCounts()).messages!);
    const check = new Database(file);
    expect(check.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    check.close();

    // Restore it where no server runs: exactly the snapshot's rows come back.
    const restoredFile = join(dir, "restored.db");
    const restored = await run("workers/restore.ts", [file], `file:${restoredFile}`);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(inspectDatabase(restoredFile).counts).toEqual(snapshot.counts);

    // Once the texts stop, a backup and its restore hold exactly the live database's rows.
    const after = join(dir, "after.db");
    expect((await run("workers/backup.ts", [after], `file:${t.databaseFile}`)).status).toBe(0);
    const again = await run("workers/restore.ts", [after, "--force"], `file:${restoredFile}`);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).keptAs).toContain("restored.db.before-restore-");
    expect(inspectDatabase(restoredFile).counts).toEqual(await liveCounts());
    expect((await liveCounts()).messages).toBe(before + statuses.length);
  });

  it("refuses to overwrite a database a running server has open, or an existing backup file", {
    timeout: 60_000,
  }, async () => {
    await liveApp();
    const file = join(dir, "refuse.db");
    expect((await run("workers/backup.ts", [file], `file:${t.databaseFile}`)).status).toBe(0);
    const again = await run("workers/backup.ts", [file], `file:${t.databaseFile}`);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists");

    // This test process is the running server: it has the file open.
    const refused = await run("workers/restore.ts", [file], `file:${t.databaseFile}`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`is open in process ${process.pid}`);
    expect(existsSync(`${t.databaseFile}.before-restore-`)).toBe(false);
  });

  it("checks the backup before replacing anything: corrupt, newer migrations, pending ones", {
    timeout: 60_000,
  }, async () => {
    await liveApp();
    const good = join(dir, "good.db");
    expect((await run("workers/backup.ts", [good], `file:${t.databaseFile}`)).status).toBe(0);
    const target = join(dir, "target.db");
    copyFileSync(good, target);
    // Not opened in this process: a libsql handle keeps its file open until garbage-collected,
    // and restore would (rightly) see this process as a server using it.
    const targetBytes = readFileSync(target);

    const corrupt = join(dir, "corrupt.db");
    copyFileSync(good, corrupt);
    const fd = openSync(corrupt, "r+");
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 4096 * 3); // scribble over pages 4–5
    const broken = await run("workers/restore.ts", [corrupt], `file:${target}`);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/integrity_check|cannot be read|malformed/);

    const newer = join(dir, "newer.db");
    copyFileSync(good, newer);
    const db = new Database(newer);
    db.prepare("insert into __drizzle_migrations (hash, created_at) values ('future', 9999999999999)").run();
    db.close();
    const tooNew = await run("workers/restore.ts", [newer], `file:${target}`);
    expect(tooNew.status).toBe(1);
    expect(tooNew.stderr).toContain("migration(s) this code does not know");
    expect(readFileSync(target).equals(targetBytes)).toBe(true); // untouched

    const older = join(dir, "older.db");
    copyFileSync(good, older);
    const db2 = new Database(older);
    db2.exec("delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)");
    db2.close();
    const checked = await run("workers/restore.ts", [older, "--check"], `file:${target}`);
    expect(checked.stderr).toBe("");
    expect(checked.status).toBe(0);
    expect(JSON.parse(checked.stdout).pendingMigrations).toHaveLength(1);
  });
});
