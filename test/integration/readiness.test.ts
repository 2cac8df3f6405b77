import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { libsqlClientOf } from "../../db/client";
import { heartbeats } from "../../db/schema";
import { type ForeignLock, holdWriteLock } from "../support/foreign-lock";
import { createTestApp, TEST_NOW, type TestApp } from "../support/test-app";

/** Issue 16.5: a database that cannot take a write must not look healthy. */
let t: TestApp | undefined;
let lock: ForeignLock | undefined;
afterEach(async () => {
  await lock?.release();
  lock = undefined;
  t?.close();
  t = undefined;
});

describe("/readyz", () => {
  it("answers 200 after writing its heartbeat row; /healthz stays plain liveness", async () => {
    t = await createTestApp();
    const res = await t.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ ok: true, checkedAt: TEST_NOW });
    const [row] = await t.deps.db.select().from(heartbeats).where(eq(heartbeats.id, "readyz"));
    expect(row!.beatAt.toISOString()).toBe(TEST_NOW);
    expect((await t.app.request("/healthz")).status).toBe(200);
  });

  it("answers 503 'read_only' when the database refuses writes, while /healthz still says 200", async () => {
    t = await createTestApp();
    await t.app.request("/readyz"); // settle the pool: one idle connection
    // Tests run as root, and root writes through chmod 0444, and the libsql client refuses
    // `?mode=ro` in its URL; so the connection itself is made read-only (PRAGMA query_only),
    // which refuses writes with the same SQLITE_READONLY a read-only file gives. The real
    // read-only file is tested below, with the server run as an unprivileged user.
    await libsqlClientOf(t.deps.db)!.execute("PRAGMA query_only = ON");
    const res = await t.app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, reason: "read_only" });
    expect((await t.app.request("/healthz")).status).toBe(200);
    expect(t.logs.some((l) => l.message === "readiness check failed" && l.fields?.reason === "read_only")).toBe(true);
  });

  it("answers 503 'busy' while another process holds the write lock past the retry budget, 200 right after", async () => {
    t = await createTestApp({}, { busyBudgetMs: 200 });
    lock = await holdWriteLock(t.databaseFile);
    const res = await t.app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, reason: "busy" });
    expect((await t.app.request("/healthz")).status).toBe(200);
    await lock.release();
    expect((await t.app.request("/readyz")).status).toBe(200);
  });
});

describe("start-up on a read-only database file", () => {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-readonly-"));
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });

  // As root, chmod 0444 does not stop writes, so the processes run as `nobody` when the tests
  // run as root: for them the file really is read-only, as for a server whose volume or
  // permissions are wrong. (Run as an ordinary user, chmod alone does it.)
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  // `nobody` must reach the checkout to run it: a clone inside a private temporary folder (mode
  // 0700, as `mktemp -d` makes) would stop it at the door. Give "others" the right to pass
  // through each such folder above the checkout for these tests, and put the modes back after.
  const restore: [string, number][] = [];
  beforeAll(() => {
    if (asUser.uid === undefined) return;
    for (let d = process.cwd(); d !== dirname(d); d = dirname(d)) {
      const mode = statSync(d).mode & 0o7777;
      if ((mode & 0o001) === 0) {
        restore.push([d, mode]);
        chmodSync(d, mode | 0o001);
      }
    }
  });
  afterAll(() => {
    for (const [d, mode] of restore.splice(0)) chmodSync(d, mode);
    rmSync(dir, { recursive: true, force: true });
  });

  function start(script: string, args: string[], file: string) {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      ...asUser,
      cwd: process.cwd(),
      env: {
        ...process.env,
        HOME: dir,
        APP_ENV: "test",
        PORT: "0",
        DEMO_SEED: "0",
        DATABASE_URL: `file:${file}`,
        ADMIN_API_TOKEN: "readonly-test-admin-token-0123456789abcdef",
        PUBLIC_BASE_URL: "http://doorstep.test",
      },
    });
    children.push(child);
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr!.on("data", (chunk) => {
      output += chunk;
    });
    return {
      exited: new Promise<{ code: number | null; output: string }>((resolve) =>
        child.on("exit", (code) => resolve({ code, output })),
      ),
      saw: (text: string) =>
        new Promise<void>((resolve, reject) => {
          const check = () => output.includes(text) && resolve();
          child.stdout!.on("data", check);
          child.stderr!.on("data", check);
          child.on("exit", () => reject(new Error(`exited before "${text}":\n${output}`)));
        }),
    };
  }

  async function migratedFile(name: string) {
    const app = await createTestApp();
    const file = join(dir, name);
    await app.deps.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    copyFileSync(app.databaseFile, file);
    app.close();
    // Owned by the user who runs the processes, folder too: only the file's mode says read-only.
    if (asUser.uid !== undefined) for (const path of [dir, file]) chownSync(path, asUser.uid, asUser.gid);
    return file;
  }

  it("the server refuses it with a clear message (exit 1); on a writable copy it starts", {
    timeout: 90_000,
  }, async () => {
    const readOnly = await migratedFile("read-only.db");
    chmodSync(readOnly, 0o444);
    const refused = await start("workers/node.ts", [], readOnly).exited;
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Doorstep cannot start.");
    expect(refused.output).toContain(`The database ${readOnly} is read-only`);
    expect(refused.output).toContain("attempt to write a readonly database");
    expect(refused.output).not.toContain("is listening");

    // The control: the same start-up, the same user, a file it may write.
    const writable = await migratedFile("writable.db");
    const server = start("workers/node.ts", [], writable);
    await server.saw("is listening");
  });

  it("a job refuses it too, before doing any work", { timeout: 60_000 }, async () => {
    const readOnly = await migratedFile("job-read-only.db");
    chmodSync(readOnly, 0o444);
    const refused = await start("workers/job.ts", ["retention"], readOnly).exited;
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("The job cannot run.");
    expect(refused.output).toContain("is read-only");
  });
});
